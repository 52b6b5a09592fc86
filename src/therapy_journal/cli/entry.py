"""The ``therapy-journal`` program's entry point, kept light.

``--version`` is answered here, before the command line's modules (and the
vault's, which every command needs) are imported: it costs Python's own start
and nothing more. Everything else goes to :func:`therapy_journal.cli.main.main`.
"""

from __future__ import annotations

import sys


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        from therapy_journal import __version__  # noqa: PLC0415

        sys.stdout.write(f"therapy-journal {__version__}\n")
        return 0
    from therapy_journal.cli.main import main as run  # noqa: PLC0415

    return run()
