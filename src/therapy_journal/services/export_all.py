"""Exporting everything in the vault to plain files, so nothing is locked in.

Two formats, each into a folder that must be new or empty:

- ``markdown``: ``entries/`` with one Markdown file per entry, with the same
  front matter as a bundle's entries (so the ``markdown`` importer reads them
  back as the same entries), plus ``profile.md``, ``goals.md``,
  ``assessments.md`` and ``contacts.vcf`` for what the vault holds of those.
Each entry's attachments are written beside it, as they were attached: in
Markdown in a folder named like the entry's file (``entries/0001-….md`` and
``entries/0001-…/photo.jpg``), in JSON under ``attachments/<entry id>/``,
each named in the entry's ``attachments`` list with its type, size, SHA-256
and file.

- ``json``: one ``journal.json`` with the profile, goals, self-assessments,
  contacts (with their stages and logged calls), milestones, the person's own
  prompts and the hidden ones, the share log and outreach check-ins, then the
  entries, one per line, with their exact times. ``import --from
  therapy-journal-json`` reads all of it back (:mod:`importers.own_export`).

Entries in the trash are left out. The files are NOT encrypted; they are made
readable by their owner only (files 0o600, folders 0o700, whatever the umask).
Everything is written into a hidden staging folder first and moved into place
at the end, so a failure or a cancel leaves no half-written export behind.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from therapy_journal import APP_DISPLAY_NAME, __version__
from therapy_journal.services import leftovers
from therapy_journal.services.assessments import AssessmentService, Result
from therapy_journal.services.attachments import (
    ATTACHMENTS_FOLDER,
    AttachmentService,
    attachment_record,
)
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.dates import now_local
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService
from therapy_journal.services.profile import ProfileService
from therapy_journal.services.sharing.entry_files import entry_file_name, entry_markdown
from therapy_journal.services.sharing.pages import (
    PAGES,
    SharedEntry,
    chosen_pages,
    pages_present,
)
from therapy_journal.services.sharing.selection import shared_entries
from therapy_journal.services.vcard import contacts_to_vcard
from therapy_journal.store.atomic import (
    describe_os_error,
    fsync_folder,
    temp_name_for,
    unfinished,
)
from therapy_journal.store.attachments import Attachment
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
    result = write_markdown(
        folder,
        _entries(vault, progress),
        lambda: page_files(vault),
        record_in=vault.folder,
        attachments=AttachmentService(vault),
    )
    log.info("exported %d entries and %d pages as Markdown", result.entries, len(result.pages))
    return result


def export_json(vault: Vault, folder: Path, progress: ExportProgress | None = None) -> ExportResult:
    """Everything in one ``journal.json`` in ``folder``; the entries come last, one a line."""
    header = {**json_head(), **{name: read() for name, read in json_sections(vault).items()}}
    result = write_json(
        folder,
        header,
        _entries(vault, progress),
        record_in=vault.folder,
        attachments=AttachmentService(vault),
    )
    log.info("exported %d entries as JSON", result.entries)
    return result


# -- the writers, for an export and for salvage ---------------------------------------------


def write_markdown(
    folder: Path,
    entries: Iterable[SharedEntry],
    pages: Callable[[], list[tuple[str, bytes]]],
    *,
    record_in: Path | None,
    also: dict[str, bytes] | None = None,
    salvage: bool = False,
    attachments: AttachmentService | None = None,
) -> ExportResult:
    """``entries`` as ``entries/NNNN-date-title.md`` (with their ``attachments``
    in ``entries/NNNN-date-title/``) and then the files
    ``pages()`` gives (name, contents), into ``folder`` as a whole or not at
    all; ``also`` are files that are not pages (a salvage report).
    ``record_in`` is the vault folder, where the work in progress is noted."""
    written: list[str] = []
    files = _Attached(attachments)
    with _staging(folder, record_in, salvage=salvage) as stage:
        count = 0
        prefix = f"{stage}{os.sep}"  # names joined as text: 100,000 Paths cost 0.6 s
        for count, item in enumerate(entries, start=1):
            name = entry_file_name(count, item.entry)
            if count == 1:
                _make_folder((stage / name).parent)
            _write_file(prefix + name, entry_markdown(item))
            if files.wants(item.entry.id):
                files.write(item.entry.id, (stage / name).with_suffix(""))
        for name, data in pages():
            written.append(name)
            _write_file(stage / name, data)
        for name, data in (also or {}).items():
            _write_file(stage / name, data)
    extra = len(also or {}) + files.count
    return ExportResult(folder, "markdown", count, tuple(written), count + len(written) + extra)


def write_json(
    folder: Path,
    header: dict[str, Any],
    entries: Iterable[SharedEntry],
    *,
    record_in: Path | None,
    also: dict[str, bytes] | None = None,
    salvage: bool = False,
    attachments: AttachmentService | None = None,
) -> ExportResult:
    """``header``, then ``entries`` one a line, as ``journal.json`` in ``folder``,
    with their ``attachments`` in ``attachments/<entry id>/``."""
    files = _Attached(attachments)
    with _staging(folder, record_in, salvage=salvage) as stage:
        fd = _create(stage / JSON_FILE)

        def entry_json(item: SharedEntry) -> dict[str, Any]:
            if not files.wants(item.entry.id):
                return _entry_json(item)
            written = files.write(item.entry.id, stage / ATTACHMENTS_FOLDER / str(item.entry.id))
            listed = [
                attachment_record(a) | {"file": f"{ATTACHMENTS_FOLDER}/{item.entry.id}/{a.name}"}
                for a in written
            ]
            return _entry_json(item) | ({"attachments": listed} if listed else {})

        with os.fdopen(fd, "w", encoding="utf-8") as out:
            count = _write_document(out.write, header, (entry_json(item) for item in entries))
        for name, data in (also or {}).items():
            _write_file(stage / name, data)
    return ExportResult(folder, "json", count, (JSON_FILE,), 1 + len(also or {}) + files.count)


class _Attached:
    """Writes entries' attachments into an export, each entry's in a folder of its own."""

    def __init__(self, service: AttachmentService | None) -> None:
        self.service = service
        self.count = 0
        self._with_some: set[int] | None = None

    def wants(self, entry_id: int) -> bool:
        """Whether the entry has attachments to write (asked before making its
        folder's path: 100,000 Paths cost a second)."""
        if self.service is None:
            return False
        if self._with_some is None:  # one query, not one per entry
            self._with_some = self.service.entries_with_attachments()
        return entry_id in self._with_some

    def write(self, entry_id: int, folder: Path) -> list[Attachment]:
        if self.service is None or not self.wants(entry_id):
            return []
        items = self.service.of_entry(entry_id)
        folder.parent.mkdir(mode=0o700, exist_ok=True)
        folder.parent.chmod(0o700)
        _make_folder(folder)
        for attachment in items:
            with os.fdopen(_create(folder / attachment.name), "wb") as out:
                for chunk in self.service.chunks(attachment.id):
                    out.write(chunk)
            self.count += 1
        return items


PAGE_NAMES = (*PAGES, "contacts")


def page_files(vault: Vault, names: Iterable[str] = PAGE_NAMES) -> list[tuple[str, bytes]]:
    """The Markdown pages (``profile.md``, ``goals.md``, ``assessments.md``)
    among ``names`` that are not empty, and ``contacts.vcf`` if there are contacts."""
    wanted = frozenset(names)
    files = [
        (f"{name}.md", text.encode("utf-8"))
        for name, text in chosen_pages(vault, pages_present(vault, wanted))
    ]
    if "contacts" in wanted:
        contacts = ContactService(vault).contacts()
        if contacts:
            files.append((CONTACTS_FILE, contacts_to_vcard(contacts).encode("utf-8")))
    return files


def json_head() -> dict[str, Any]:
    return {
        "app": APP_DISPLAY_NAME,
        "app_version": __version__,
        "format_version": FORMAT_VERSION,
        "exported": now_local().isoformat(timespec="seconds"),
    }


def json_sections(vault: Vault) -> dict[str, Callable[[], Any]]:
    """How to read each part of ``journal.json`` besides the entries."""
    return {
        "profile": lambda: asdict(ProfileService(vault).current()),
        "goals": lambda: [asdict(goal) for goal in GoalService(vault).goals()],
        "assessments": lambda: [_result_json(r) for r in AssessmentService(vault).results()],
        "contacts": lambda: _contacts_json(vault),
        "milestones": lambda: _rows(
            vault, "milestones", "kind, subject, happened, detail, celebrated"
        ),
        "prompts": lambda: _rows(
            vault, "user_prompts", "id, category, text, tags, created, updated"
        ),
        "hidden_prompts": lambda: _rows(vault, "hidden_prompts", "prompt_id, hidden"),
        "journals": lambda: _rows(vault, "journals", "name"),
        "shares": lambda: _rows(
            vault, "shares", "at, recipient, method, items, fingerprint, file_name, contact_id"
        ),
        "outreach": lambda: _rows(
            vault, "outreach_checkins", "contact_id, moment, at, anxiety, note"
        ),
    }


def _rows(vault: Vault, table: str, columns: str) -> list[dict[str, Any]]:
    """Every row of ``table`` as ``{column: value}``, by its first column."""
    names = [name.strip() for name in columns.split(",")]
    return [
        dict(zip(names, row, strict=True))
        for row in vault.db.query(f"SELECT {columns} FROM {table} ORDER BY 1")
    ]


# -- what is exported ------------------------------------------------------------------------


def _entries(vault: Vault, progress: ExportProgress | None) -> Iterator[SharedEntry]:
    """Every entry outside the trash, oldest first, reporting progress as it goes."""
    ids = list(JournalService(vault).ids())[::-1]  # ids() is newest first
    for done, item in enumerate(shared_entries(vault, ids), start=1):
        yield item
        due = done % PROGRESS_EVERY == 0 or done == len(ids)
        if progress is not None and due and progress(done, len(ids)) is False:
            raise ExportError("The export was canceled; nothing was written.")


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
        "journal": item.journal,
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


# ``json.dumps(entry, ensure_ascii=False)`` without making an encoder per entry.
_ENTRY_JSON = json.JSONEncoder(ensure_ascii=False).encode


def _write_document(
    write: Callable[[str], object], header: dict[str, Any], entries: Iterator[dict[str, Any]]
) -> int:
    """``header`` and an "entries" list as one JSON object, the entries streamed
    one a line (a whole journal need not fit in memory). Returns the entry count."""
    text = json.dumps(header, indent=2, ensure_ascii=False, default=_plain)
    write(text[: -len("\n}")] + ',\n  "entries": [')
    count = 0
    for count, entry in enumerate(entries, start=1):
        write(("\n    " if count == 1 else ",\n    ") + _ENTRY_JSON(entry))
    write("\n  ]\n}\n" if count else "]\n}\n")
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
def _staging(folder: Path, record_in: Path | None, *, salvage: bool = False) -> Iterator[Path]:
    """A hidden folder to write the export into, moved into ``folder`` when the
    block ends well and removed when it does not.

    A new ``folder`` is the staging folder renamed, in one step. An existing
    empty one (perhaps a mount point) gets the staging folder inside it, on the
    same disk, and its few top-level files and folders are moved up at the end.
    For as long as this runs, a marker in the vault folder ``record_in`` says
    where these unencrypted files are, so that a run killed halfway has them
    removed by the next one (:mod:`leftovers`).
    """
    folder = Path(os.path.abspath(folder))
    exists = _check_target(folder)
    stage = temp_name_for(folder / "export" if exists else folder)
    moved: list[Path] = []
    # Registered until the clean-up below is done, so that a lock replacing the
    # process meanwhile knows the folder is still there; noted in the vault
    # folder, so that the next run removes it if this one is killed.
    with unfinished(stage), _pending(record_in, stage, folder, salvage) as marker:
        try:
            _make_folder(stage)
            yield stage
            os.sync()  # the files' contents reach the disk before they appear in place
            if exists:
                children = sorted(stage.iterdir())
                if marker is not None:
                    marker.update(moved=[child.name for child in children])
                for child in children:
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


@contextmanager
def _pending(
    record_in: Path | None, stage: Path, target: Path, salvage: bool
) -> Iterator[leftovers.Marker | None]:
    if record_in is None:
        yield None
        return
    with leftovers.pending(
        record_in, "export", stage=str(stage), target=str(target), salvage=salvage
    ) as marker:
        yield marker


def _make_folder(path: Path) -> None:
    path.mkdir(mode=0o700)
    path.chmod(0o700)  # mkdir's mode is cut by the umask


def _create(path: Path | str) -> int:
    """A new file readable by its owner only, whatever the umask; its descriptor."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    os.fchmod(fd, 0o600)
    return fd


def _write_file(path: Path | str, data: bytes) -> None:
    """``data`` as a new file: plain system calls, no file object (100,000 of them
    cost a second in an export of every entry)."""
    fd = _create(path)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not remove part of an unfinished export: %s", describe_os_error(error))
