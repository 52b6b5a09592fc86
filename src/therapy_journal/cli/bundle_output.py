"""How the command line shows bundles: one written (a share) and one opened."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from therapy_journal.cli.output import entry_time, iso, local_time, printable
from therapy_journal.services.attachments import size_text
from therapy_journal.services.sharing.entry_files import BundleEntry
from therapy_journal.services.sharing.layout import INCLUDABLE
from therapy_journal.services.sharing.received import OpenedBundle
from therapy_journal.services.sharing.share_log import ShareRecord

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
        "form": record.items.get("form", "age"),
        "contact_id": record.contact_id,
    }


def share_log_json(record: ShareRecord) -> dict[str, Any]:
    """One line of the share log as ``shares --json`` prints it: the fields of
    ``export --json``, with the file's name as it was written (``file_name``;
    the log keeps no folder)."""
    shown = share_json(record, Path(record.file_name))
    del shown["file"]
    return {**shown, "file_name": record.file_name}


def _to_whom(record: ShareRecord) -> str:
    """'a passphrase, for Dr. Rivera', 'Dr. Rivera's age key', 'age1…'."""
    who = printable(record.recipient)
    if record.method == "passphrase":
        return f"a passphrase, for {who}" if who else "a passphrase"
    return f"the age key of {who}" if record.contact_id is not None else who


def write_share(out: TextIO, record: ShareRecord, path: Path) -> None:
    to = _to_whom(record)
    if record.items.get("form") == "html":
        out.write(f"Wrote {path}, a page any browser opens, encrypted to {to}.\n")
    else:
        out.write(f"Wrote {path}, encrypted to {to}.\n")
    out.write(f"It holds {_holds(record.items)}.\n")
    out.write(f"Fingerprint (SHA-256): {fingerprint_groups(record.fingerprint)}\n")
    if record.items.get("form") == "html":
        how = "the passphrase" if record.method == "passphrase" else "their age secret key"
        out.write(
            f"They open it with a double click and {how}; it works offline, "
            "and holds the .age file too.\n"
        )


def write_share_log(out: TextIO, records: list[ShareRecord]) -> None:
    """``shares``: one line per bundle, newest first, then its fingerprint."""
    if not records:
        out.write("Nothing shared yet.\n")
    for record in records:
        form = "a page" if record.items.get("form") == "html" else "an age file"
        out.write(
            f"{record.id:>6}  {local_time(record.at)}  {printable(record.file_name)}, {form} "
            f"encrypted to {_to_whom(record)}, holding {_holds(record.items)}\n"
        )
        out.write(f"        {fingerprint_groups(record.fingerprint)}\n")


def bundle_entry_json(
    entry: BundleEntry, attachments: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """An entry of a received bundle, in full: the fields of ``show --json``
    (``id`` is null: the entry is not in this vault; ``updated`` is null: a
    bundle does not carry it; ``prompt_id`` is null: prompt ids differ between
    vaults, so ``prompt`` carries the prompt's text; ``journal`` is null when
    the bundle does not say, from before journals), with ``date`` (the same
    as ``created``) kept from earlier versions and ``file``, its name in the
    bundle."""
    return {
        "id": None,
        "created": iso(entry.created),
        "updated": None,
        "title": entry.title,
        "body": entry.body,
        "mood": entry.mood,
        "tags": list(entry.tags),
        "prompt_id": None,
        "in_trash": False,
        "journal": entry.journal,
        "attachments": attachments or [],
        "date": iso(entry.created),
        "prompt": entry.prompt,
        "file": entry.path,
    }


def bundle_json(opened: OpenedBundle) -> dict[str, Any]:
    """What a bundle holds: its summary, with every entry in full."""
    attached: dict[str, list[dict[str, Any]]] = {}
    for item in opened.attachments:
        data = opened.files[item["file"]]
        attached.setdefault(item["entry"], []).append(
            {
                "name": item["name"],
                "type": item["type"],
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    return {
        **opened.summary(),
        "entries": [bundle_entry_json(e, attached.get(e.path)) for e in opened.entries],
    }


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
    if summary["journals"]:
        names = ", ".join(printable(name) for name in summary["journals"])
        out.write(f"Its entries come from the journals: {names}.\n")
    for entry in opened.entries:
        parts = [entry_time(entry.created)]
        parts.append(f"mood {entry.mood:>2}" if entry.mood is not None else " " * 7)
        parts.append(printable(entry.title) or "(untitled)")
        if entry.tags:
            parts.append(printable(" ".join(f"#{tag}" for tag in entry.tags)))
        out.write("  " + "  ".join(parts) + "\n")
        for item in opened.attachments:
            if item["entry"] == entry.path:
                size = size_text(len(opened.files[item["file"]]))
                out.write(f"    attached: {printable(item['name'])} ({size})\n")
