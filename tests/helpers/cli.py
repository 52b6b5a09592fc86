"""Running the real command line: in-process (fast) or as a real process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from therapy_journal.cli.main import run


@dataclass
class Result:
    code: int
    out: str
    err: str


class _Stdin(io.TextIOWrapper):
    def isatty(self) -> bool:
        return False


def cli(*args: str, stdin: str | bytes = b"") -> Result:
    """Run a command in this process with given stdin; capture stdout and stderr."""
    raw = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), stdin=_Stdin(io.BytesIO(raw), encoding="utf-8"), stdout=out, stderr=err)
    return Result(code, out.getvalue(), err.getvalue())


def cli_env(vault: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment for a CLI subprocess: this test's HOME, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THERAPY_JOURNAL_")}
    if vault is not None:
        env["THERAPY_JOURNAL_VAULT"] = str(vault)
    env.update(extra)
    return env


def cli_process(
    *args: str,
    vault: Path | None = None,
    stdin: str | bytes = b"",
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m therapy_journal ARGS`` as a real process, without a terminal."""
    raw = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "therapy_journal", *args],
        input=raw,
        capture_output=True,
        env=env or cli_env(vault),
        timeout=timeout,
        check=False,
        start_new_session=True,  # no controlling terminal: prompts must fail clearly
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    )
