"""Text from standard input, bounded: an entry's body or a template's."""

from __future__ import annotations

from therapy_journal.cli.common import Context, Failure
from therapy_journal.services.journal import MAX_BODY_BYTES, InvalidEntry


def read_body(ctx: Context) -> str:
    """The entry text from standard input: at most :data:`MAX_BODY_BYTES`.

    Only one byte more than the limit is ever read, so an endless stream
    (``yes | therapy-journal add``) is refused at once, in bounded memory; the
    writer gets a broken pipe when this process ends.
    """
    if ctx.stdin.isatty():
        ctx.say("Write your entry; finish with Ctrl-D on a new line.")
    wanted = MAX_BODY_BYTES + 1
    if hasattr(ctx.stdin, "buffer"):
        data = ctx.stdin.buffer.read(wanted)
    else:  # a text stream given by a caller: characters, each at least one byte
        data = ctx.stdin.read(wanted).encode("utf-8", "surrogateescape")
    if len(data) > MAX_BODY_BYTES:
        raise InvalidEntry(
            f"The entry text on standard input is over {MAX_BODY_BYTES // (1024 * 1024)} MB, "
            "the most an entry can hold; nothing was saved."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Failure("The entry text on standard input is not UTF-8; nothing was saved.") from None
