"""How the command line shows entries: for people, and as JSON for programs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from therapy_journal.services.bundles import INCLUDABLE, BundleEntry, OpenedBundle, ShareRecord
from therapy_journal.store.models import MARK_END, MARK_START, Entry, EntrySummary, SearchHit

BOLD, RESET = "\033[1m", "\033[0m"


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def entry_json(entry: Entry) -> dict[str, Any]:
    """The public JSON shape of an entry. Fields are only ever added, never renamed."""
    return {
        "id": entry.id,
        "created": iso(entry.created),
        "updated": iso(entry.updated),
        "title": entry.title,
        "body": entry.body,
        "mood": entry.mood,
        "tags": list(entry.tags),
        "prompt_id": entry.prompt_id,
        "in_trash": entry.in_trash,
    }


def render_snippet(snippet: str, *, bold: bool) -> str:
    start, end = (BOLD, RESET) if bold else ("**", "**")
    return " ".join(snippet.replace(MARK_START, start).replace(MARK_END, end).split())


def write_json(out: TextIO, value: Any) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


def local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def summary_line(entry: EntrySummary | Entry) -> str:
    parts = [f"{entry.id:>6}", local_time(entry.created)]
    parts.append(f"mood {entry.mood:>2}" if entry.mood is not None else " " * 7)
    parts.append(entry.title or "(untitled)")
    if entry.tags:
        parts.append(" ".join(f"#{tag}" for tag in entry.tags))
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
    out.write(f"{entry.title or '(untitled)'}\n")
    facts = [local_time(entry.created)]
    if entry.mood is not None:
        facts.append(f"mood {entry.mood}")
    if entry.tags:
        facts.append(" ".join(f"#{tag}" for tag in entry.tags))
    facts.append(f"entry {entry.id}")
    if (entry.updated - entry.created).total_seconds() >= 60:
        facts.append(f"edited {local_time(entry.updated)}")
    out.write(" · ".join(facts) + "\n")
    if entry.in_trash:
        out.write(f"(in the trash; 'therapy-journal restore {entry.id}' brings it back)\n")
    out.write("\n" + entry.body + ("" if entry.body.endswith("\n") else "\n"))


# --- bundles ------------------------------------------------------------------------

_PAGES = {"profile": "the profile", "goals": "goals", "assessments": "self-assessments"}


def _holds(included: dict[str, Any]) -> str:
    """'2 entries, the profile and goals' from a manifest's ``included``."""
    count = included.get("entries", 0)
    parts = [f"{count:,} entr{'y' if count == 1 else 'ies'}"]
    parts += [_PAGES[name] for name in INCLUDABLE if included.get(name)]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def fingerprint_groups(fingerprint: str) -> str:
    """The fingerprint in groups of four, easier to compare aloud."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def share_json(record: ShareRecord, path: Path) -> dict[str, Any]:
    """The public JSON of a written bundle. Fields are only ever added, never renamed."""
    return {
        "id": record.id,
        "at": iso(record.at),
        "file": str(path),
        "recipient": record.recipient,
        "method": record.method,
        "items": record.items,
        "fingerprint": record.fingerprint,
    }


def write_share(out: TextIO, record: ShareRecord, path: Path) -> None:
    to = "a passphrase" if record.method == "passphrase" else record.recipient
    out.write(f"Wrote {path}, encrypted to {to}.\n")
    out.write(f"It holds {_holds(record.items)}.\n")
    out.write(f"Fingerprint (SHA-256): {fingerprint_groups(record.fingerprint)}\n")


def bundle_entry_json(entry: BundleEntry) -> dict[str, Any]:
    return {
        "date": iso(entry.created),
        "title": entry.title,
        "mood": entry.mood,
        "tags": list(entry.tags),
    }


def bundle_json(opened: OpenedBundle) -> dict[str, Any]:
    """What a bundle holds (no entry text): its summary, with the entries listed."""
    return {**opened.summary(), "entries": [bundle_entry_json(e) for e in opened.entries]}


def _when(text: object) -> str:
    try:
        return local_time(datetime.fromisoformat(str(text)))
    except ValueError:
        return str(text)


def write_bundle(out: TextIO, opened: OpenedBundle) -> None:
    summary = opened.summary()
    made_by = " ".join(str(part) for part in (summary["app"], summary["app_version"]) if part)
    out.write(
        f"Bundle format {summary['format_version']}, made {_when(summary['created'])}"
        + (f" by {made_by}" if made_by else "")
        + ".\n"
    )
    out.write(f"It holds {_holds(summary['included'])}.\n")
    for entry in opened.entries:
        parts = [local_time(entry.created)]
        parts.append(f"mood {entry.mood:>2}" if entry.mood is not None else " " * 7)
        parts.append(entry.title or "(untitled)")
        if entry.tags:
            parts.append(" ".join(f"#{tag}" for tag in entry.tags))
        out.write("  " + "  ".join(parts) + "\n")
