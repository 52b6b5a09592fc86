"""Exporting everything in the vault to plain files, so nothing is locked in.

Two formats, each into a folder that must be new or empty:

- ``markdown``: ``entries/`` with one Markdown file per entry, with the same
  front matter as a bundle's entries (so the ``markdown`` importer reads them
  back as the same entries), plus ``profile.md``, ``goals.md``,
  ``assessments.md`` and ``contacts.vcf`` for what the vault holds of those.
- ``json``: one ``journal.json`` with the profile, goals, self-assessments and
  contacts, then the entries, one per line.

Entries in the trash are left out. The files are NOT encrypted; they are made
readable by their owner only (files 0o600, folders 0o700, whatever the umask).
Everything is written into a hidden staging folder first and moved into place
at the end, so a failure or a cancel leaves no half-written export behind.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from therapy_journal import APP_DISPLAY_NAME, __version__
from therapy_journal.services.assessments import AssessmentService, Result
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.dates import now_local
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService
from therapy_journal.services.profile import ProfileService
from therapy_journal.services.sharing.entry_files import entry_file_name, entry_markdown
from therapy_journal.services.sharing.pages import PAGES, SharedEntry, chosen_pages
from therapy_journal.services.sharing.selection import shared_entries
from therapy_journal.services.vcard import contacts_to_vcard
from therapy_journal.store.atomic import describe_os_error, fsync_folder, unfinished
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

FORMATS = ("markdown", "json")
JSON_FILE = "journal.json"
CONTACTS_FILE = "contacts.vcf"
FORMAT_VERSION = 1
PROGRESS_EVERY = 100
NOT_ENCRYPTED = (
    "These files are not encrypted: anyone who can read the folder can read your journal."
)

# Called with (entries written, entries in all); returning False cancels.
ExportProgress = Callable[[int, int], bool | None]


class ExportError(Exception):
    """The export could not be made; nothing was left in the folder. One plain sentence."""


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the folder, how many entries, and the other files."""

    folder: Path
    format: str
    entries: int
    pages: tuple[str, ...]  # the files besides the entry files, e.g. "profile.md"
    files: int  # every file written


def export_markdown(
    vault: Vault, folder: Path, progress: ExportProgress | None = None
) -> ExportResult:
    """One Markdown file per entry (oldest first), and the other pages, into ``folder``."""
    pages: list[str] = []
    with _staging(folder) as stage:
        count = 0
        for count, item in enumerate(_entries(vault, progress), start=1):
            target = stage / entry_file_name(count, item.entry)
            if count == 1:
                _make_folder(target.parent)
            _write_file(target, entry_markdown(item))
        for name, text in chosen_pages(vault, _pages_present(vault)):
            pages.append(f"{name}.md")
            _write_file(stage / pages[-1], text.encode("utf-8"))
        contacts = ContactService(vault).contacts()
        if contacts:
            pages.append(CONTACTS_FILE)
            _write_file(stage / CONTACTS_FILE, contacts_to_vcard(contacts).encode("utf-8"))
    log.info("exported %d entries and %d pages as Markdown", count, len(pages))
    return ExportResult(folder, "markdown", count, tuple(pages), count + len(pages))


def export_json(vault: Vault, folder: Path, progress: ExportProgress | None = None) -> ExportResult:
    """Everything in one ``journal.json`` in ``folder``; the entries come last, one a line."""
    header = {
        "app": APP_DISPLAY_NAME,
        "app_version": __version__,
        "format_version": FORMAT_VERSION,
        "exported": now_local().isoformat(timespec="seconds"),
        "profile": asdict(ProfileService(vault).current()),
        "goals": [asdict(goal) for goal in GoalService(vault).goals()],
        "assessments": [_result_json(result) for result in AssessmentService(vault).results()],
        "contacts": _contacts_json(vault),
    }
    with _staging(folder) as stage:
        fd = _create(stage / JSON_FILE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            count = _write_document(
                out, header, (_entry_json(i) for i in _entries(vault, progress))
            )
    log.info("exported %d entries as JSON", count)
    return ExportResult(folder, "json", count, (JSON_FILE,), 1)


# -- what is exported ------------------------------------------------------------------------


def _entries(vault: Vault, progress: ExportProgress | None) -> Iterator[SharedEntry]:
    """Every entry outside the trash, oldest first, reporting progress as it goes."""
    ids = list(JournalService(vault).ids())[::-1]  # ids() is newest first
    for done, item in enumerate(shared_entries(vault, ids), start=1):
        yield item
        due = done % PROGRESS_EVERY == 0 or done == len(ids)
        if progress is not None and due and progress(done, len(ids)) is False:
            raise ExportError("The export was cancelled; nothing was written.")


def _pages_present(vault: Vault) -> frozenset[str]:
    """The pages that would not be empty."""
    present = {
        "profile": not ProfileService(vault).current().is_empty,
        "goals": bool(GoalService(vault).goals()),
        "assessments": bool(AssessmentService(vault).results()),
    }
    return frozenset(name for name in PAGES if present[name])


def _entry_json(item: SharedEntry) -> dict[str, Any]:
    entry = item.entry
    return {
        "id": entry.id,
        "created": entry.created.isoformat(),
        "updated": entry.updated.isoformat(),
        "title": entry.title,
        "body": entry.body,
        "mood": entry.mood,
        "tags": list(entry.tags),
        "prompt_id": entry.prompt_id,
        "prompt": item.prompt,
    }


def _result_json(result: Result) -> dict[str, Any]:
    return {
        "id": result.id,
        "instrument": result.instrument.id,
        "name": result.instrument.name,
        "taken": result.taken,
        "answers": list(result.answers),
        "closing": result.closing,
        "score": result.score,
        "max_score": result.instrument.max_score,
        "band": result.band.label,
    }


def _contacts_json(vault: Vault) -> list[dict[str, Any]]:
    service = ContactService(vault)
    contacts = []
    for contact in service.contacts():
        assert contact.id is not None  # stored contacts have ids
        contacts.append(
            {
                **asdict(contact),
                "stages": [asdict(move) for move in service.history(contact.id)],
                "interactions": [asdict(item) for item in service.interactions(contact.id)],
            }
        )
    return contacts


def _plain(value: object) -> str:
    """``json.dumps``' fallback: dates and times as ISO-8601."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be exported as JSON")


def _write_document(out: TextIO, header: dict[str, Any], entries: Iterator[dict[str, Any]]) -> int:
    """``header`` and an "entries" list as one JSON object, the entries streamed
    one a line (a whole journal need not fit in memory). Returns the entry count."""
    text = json.dumps(header, indent=2, ensure_ascii=False, default=_plain)
    out.write(text[: -len("\n}")] + ',\n  "entries": [')
    count = 0
    for count, entry in enumerate(entries, start=1):
        out.write(("\n    " if count == 1 else ",\n    ") + json.dumps(entry, ensure_ascii=False))
    out.write("\n  ]\n}\n" if count else "]\n}\n")
    return count


# -- writing ---------------------------------------------------------------------------------


def _check_target(folder: Path) -> bool:
    """Whether ``folder`` exists (then it is an empty folder); else refuse."""
    try:
        if not folder.exists():
            if not folder.parent.is_dir():
                raise ExportError(f"There is no folder {folder.parent} to make {folder.name} in.")
            return False
        if not folder.is_dir() or any(folder.iterdir()):
            raise ExportError(f"{folder} is not an empty folder; choose a new or empty one.")
        folder.chmod(0o700)
    except OSError as error:
        raise ExportError(f"Could not use {folder}: {describe_os_error(error)}.") from error
    return True


@contextmanager
def _staging(folder: Path) -> Iterator[Path]:
    """A hidden folder to write the export into, moved into ``folder`` when the
    block ends well and removed when it does not.

    A new ``folder`` is the staging folder renamed, in one step. An existing
    empty one (perhaps a mount point) gets the staging folder inside it, on the
    same disk, and its few top-level files and folders are moved up at the end.
    """
    folder = Path(os.path.abspath(folder))
    exists = _check_target(folder)
    token = secrets.token_hex(6)
    if exists:
        stage = folder / f".export-{token}.tmp"
    else:
        stage = folder.with_name(f".{folder.name}.{token}.tmp")
    moved: list[Path] = []
    # Registered until the clean-up below is done, so that a lock replacing the
    # process meanwhile knows the folder is still there.
    with unfinished(stage):
        try:
            _make_folder(stage)
            yield stage
            os.sync()  # the files' contents reach the disk before they appear in place
            if exists:
                for child in sorted(stage.iterdir()):
                    moved.append(child.rename(folder / child.name))
                stage.rmdir()
            else:
                stage.rename(folder)
            fsync_folder(folder.parent)
        except BaseException as error:
            for path in [stage, *moved]:
                _remove_quietly(path)
            if isinstance(error, OSError):
                raise ExportError(
                    f"Could not export to {folder}: {describe_os_error(error)}. "
                    "Nothing was left there."
                ) from error
            raise


def _make_folder(path: Path) -> None:
    path.mkdir(mode=0o700)
    path.chmod(0o700)  # mkdir's mode is cut by the umask


def _create(path: Path) -> int:
    """A new file readable by its owner only, whatever the umask; its descriptor."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    os.fchmod(fd, 0o600)
    return fd


def _write_file(path: Path, data: bytes) -> None:
    with os.fdopen(_create(path), "wb") as out:
        out.write(data)


def _remove_quietly(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not remove part of an unfinished export: %s", describe_os_error(error))
