"""How the command line shows entries: for people, and as JSON for programs."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TextIO

from therapy_journal.services.attachments import size_text
from therapy_journal.services.dates import entry_minute, local_minute, offset_note
from therapy_journal.store.attachments import Attachment
from therapy_journal.store.models import MARK_END, MARK_START, Entry, EntrySummary, SearchHit

BOLD, RESET = "\033[1m", "\033[0m"

# Terminal control characters in text the journal holds (an imported entry may
# carry escape sequences) are shown as symbols, never sent to the terminal:
# C0 controls as their control pictures (ESC as U+241B), DEL as U+2421, C1
# controls as U+FFFD. Tabs stay; line breaks stay where a body is printed.
_CONTROLS = (
    {code: 0x2400 + code for code in range(0x20)}
    | {0x7F: 0x2421}
    | {code: 0xFFFD for code in range(0x80, 0xA0)}
)
_CONTROLS.pop(ord("\t"))
_CONTROLS_IN_BODY = {code: shown for code, shown in _CONTROLS.items() if code != ord("\n")}


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` safe to print on a terminal; ``lines`` keeps its line breaks."""
    return text.translate(_CONTROLS_IN_BODY if lines else _CONTROLS)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def entry_json(entry: Entry, journals: Mapping[int, str]) -> dict[str, Any]:
    """The public JSON shape of an entry (``journals``: each journal's name by
    id). Fields are only ever added, never renamed."""
    return {
        "id": entry.id,
        # As stored, to the microsecond: fed back to ``import --from jsonl``,
        # the entry is recognised and not added twice.
        "created": entry.created.isoformat(),
        "updated": entry.updated.isoformat(),
        "title": entry.title,
        "body": entry.body,
        "mood": entry.mood,
        "tags": list(entry.tags),
        "prompt_id": entry.prompt_id,
        "in_trash": entry.in_trash,
        "journal": journals.get(entry.journal_id or 0, ""),
    }


def render_snippet(snippet: str, *, bold: bool) -> str:
    start, end = (BOLD, RESET) if bold else ("**", "**")
    shown = printable(" ".join(snippet.split()))
    return shown.replace(MARK_START, start).replace(MARK_END, end)


def write_json(out: TextIO, value: Any) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


def local_time(moment: datetime) -> str:
    """A moment in local time, to the minute; a stored date outside the range
    the journal keeps is shown too."""
    return local_minute(moment)


def entry_time(moment: datetime) -> str:
    """An entry's date, to the minute, in the entry's own time: the time and
    UTC offset it was written in (services.dates.entry_minute), as the app shows it."""
    return entry_minute(moment)


def summary_line(entry: EntrySummary | Entry) -> str:
    parts = [f"{entry.id:>6}", entry_time(entry.created)]
    parts.append(f"mood {entry.mood:>2}" if entry.mood is not None else " " * 7)
    parts.append(printable(entry.title) or "(untitled)")
    if entry.tags:
        parts.append(printable(" ".join(f"#{tag}" for tag in entry.tags)))
    return "  ".join(parts)


def write_summaries(out: TextIO, entries: Sequence[EntrySummary | Entry], empty: str) -> None:
    if not entries:
        out.write(empty + "\n")
    for entry in entries:
        out.write(summary_line(entry) + "\n")


def write_hits(out: TextIO, hits: Sequence[SearchHit], *, bold: bool) -> None:
    if not hits:
        out.write("No entries match.\n")
    for hit in hits:
        out.write(summary_line(hit.entry) + "\n")
        out.write(f"        {render_snippet(hit.snippet, bold=bold)}\n")


def write_entry(out: TextIO, entry: Entry) -> None:
    out.write(f"{printable(entry.title) or '(untitled)'}\n")
    note = offset_note(entry.created)
    facts = [f"{entry_time(entry.created)} {note}" if note else entry_time(entry.created)]
    if entry.mood is not None:
        facts.append(f"mood {entry.mood}")
    if entry.tags:
        facts.append(printable(" ".join(f"#{tag}" for tag in entry.tags)))
    facts.append(f"entry {entry.id}")
    if (entry.updated - entry.created).total_seconds() >= 60:
        facts.append(f"edited {entry_time(entry.updated)}")
    out.write(" · ".join(facts) + "\n")
    if entry.in_trash:
        out.write(f"(in the trash; 'therapy-journal restore {entry.id}' brings it back)\n")
    body = printable(entry.body, lines=True)
    out.write("\n" + body + ("" if body.endswith("\n") else "\n"))


def attachment_line(attachment: Attachment) -> str:
    """An attachment on one line: its name, type and size."""
    return f"{printable(attachment.name)}  ({attachment.mime}, {size_text(attachment.size)})"
