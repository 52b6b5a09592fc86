"""This app's own ``export-all --format json`` (``journal.json``), read back whole.

The entries come back with their exact times (offset and microseconds), tags,
mood, prompt link and last-changed time; everything else the export holds
comes back too: the profile, goals and their steps, self-assessments, contacts
with their stages and logged calls, milestones, the person's own prompts and
the hidden ones, the share log and outreach check-ins.

Reading it twice, or into a vault that already holds some of it, adds nothing
twice: entries are matched by time, title and text as every importer does,
the rest by what identifies it (a goal by title and creation time, a contact
by kind and name, a share by its file's fingerprint...). Ids are the new
vault's own; links between things (an entry's own prompt, a contact's
referrer, a share's or check-in's contact, a goal's milestones) follow them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from therapy_journal.services import json_stream
from therapy_journal.services.attachments import ATTACHMENTS_FOLDER
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.dates import as_local, check_in_range, shown_value
from therapy_journal.services.importers.common import (
    MAX_RECORD_CHARS,
    ImportFormatError,
    checked_entry,
    exported_entries,
    not_json,
    text_field,
)
from therapy_journal.services.journal import (
    ImportSummary,
    InvalidEntry,
    JournalService,
    Progress,
)
from therapy_journal.services.journals import JournalsService
from therapy_journal.services.profile import Profile, ProfileService
from therapy_journal.services.prompts import USER_PREFIX
from therapy_journal.store.atomic import describe_os_error
from therapy_journal.store.attachments import CHUNK_BYTES
from therapy_journal.store.db import Database
from therapy_journal.store.entries import utc_micros
from therapy_journal.store.models import ImportedFile, NewEntry
from therapy_journal.store.vault import Vault

WHAT = "journal.json of this app's export"
_GOAL_KEYS = ("title", "why", "due", "status", "template", "created", "updated", "finished")


@dataclass
class RestoreSummary:
    """What an import of the app's own export added, by kind."""

    entries: ImportSummary
    added: dict[str, int] = field(default_factory=dict)  # "goals": 2, ...


def read_own_export(
    path: Path,
    prompt_ids: dict[str, str] | None = None,
    journal_ids: Callable[[str], int | None] | None = None,
) -> Iterator[NewEntry]:
    """The entries of ``journal.json``; ``prompt_ids`` maps the export's own
    prompt ids to this vault's, ``journal_ids`` a journal's name to the id of
    this vault's journal of that name (None: the first journal)."""
    folder = path if path.is_dir() else path.parent
    return exported_entries(
        path,
        WHAT,
        lambda record: _entry(record, prompt_ids or {}, journal_ids or (lambda _: None), folder),
        "therapy-journal-json",
    )


def _moment(record: dict[str, Any], key: str) -> datetime:
    value = record.get(key)
    try:
        if not isinstance(value, str) or len(value) > 64:
            raise ValueError(value)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidEntry(
            f"'{key}' is not a date and time like 2024-01-31T09:15:00+01:00 "
            f"('{shown_value(str(value))}')."
        ) from None
    return as_local(check_in_range(moment)) if moment.tzinfo is None else check_in_range(moment)


def _entry(
    record: dict[str, Any],
    prompt_ids: dict[str, str],
    journal_ids: Callable[[str], int | None],
    folder: Path,
) -> NewEntry:
    tags = record.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise InvalidEntry("'tags' must be a list of strings.")
    prompt_id = record.get("prompt_id")
    if prompt_id is not None and not isinstance(prompt_id, str):
        raise InvalidEntry("'prompt_id' must be text.")
    entry = checked_entry(
        title=text_field(record, "title"),
        body=text_field(record, "body"),
        tags=tags,
        mood=record.get("mood"),
        created=_moment(record, "created"),
    )
    updated = _moment(record, "updated") if record.get("updated") is not None else None
    if prompt_id is not None:
        prompt_id = prompt_ids.get(prompt_id, prompt_id)
    journal = record.get("journal")
    journal_id = journal_ids(journal) if isinstance(journal, str) and journal else None
    files = _attachments(record, folder)
    return replace(
        entry, prompt_id=prompt_id, updated=updated, journal_id=journal_id, attachments=files
    )


def _attachments(record: dict[str, Any], folder: Path) -> tuple[ImportedFile, ...]:
    """The files export-all wrote beside the entry (``attachments/<id>/``), each
    only from inside that folder."""
    listed = record.get("attachments", [])
    if not isinstance(listed, list):
        raise InvalidEntry("'attachments' must be a list.")
    inside = (folder / ATTACHMENTS_FOLDER).resolve()
    found: list[ImportedFile] = []
    for item in listed:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(key), str) for key in ("name", "type", "file")
        ):
            raise InvalidEntry("each attachment needs a 'name', a 'type' and a 'file'.")
        path = (folder / item["file"]).resolve()
        if not path.is_relative_to(inside) or not path.is_file():
            raise InvalidEntry(
                f"the attachment '{shown_value(item['file'])}' is not a file in the export's "
                f"{ATTACHMENTS_FOLDER} folder."
            )
        found.append(ImportedFile(item["name"], item["type"], _reader(path)))
    return tuple(found)


def _reader(path: Path) -> Callable[[], Iterator[bytes]]:
    def read() -> Iterator[bytes]:
        with path.open("rb") as handle:
            while piece := handle.read(CHUNK_BYTES):
                yield piece

    return read


def read_sections(path: Path) -> dict[str, Any]:
    """Everything in ``journal.json`` but its entries; refuses what is not one."""
    try:
        with path.open("rb") as handle:
            sections = json_stream.other_members(handle, "entries", max_item_chars=MAX_RECORD_CHARS)
    except FileNotFoundError:
        raise ImportFormatError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ImportFormatError(f"{path} is a folder; give its journal.json.") from None
    except json_stream.NotJson as error:
        raise ImportFormatError(not_json(path, error)) from None
    except json_stream.JsonStreamError:
        raise ImportFormatError(
            f"{path.name} is not a {WHAT}: it should be a JSON object with a list of 'entries'."
        ) from None
    except OSError as error:
        raise ImportFormatError(f"Could not read {path}: {describe_os_error(error)}.") from None
    if "format_version" not in sections or "app" not in sections:
        raise ImportFormatError(
            f"{path.name} is not a {WHAT} (it has no 'app' and 'format_version'); "
            "choose the format of the program that wrote it."
        )
    return sections


def restore(vault: Vault, path: Path, progress: Progress | None = None) -> RestoreSummary:
    """Everything in the export at ``path`` into ``vault``, in one transaction:
    all of it, or (on an error) nothing."""
    sections = read_sections(path)
    db = vault.db
    with db.transaction():
        added: dict[str, int] = {}
        try:
            prompt_ids = _Sections(vault, db, sections, added).restore()
        except (KeyError, TypeError, ValueError) as error:
            raise ImportFormatError(
                f"{path.name}: a part besides the entries cannot be read ({type(error).__name__}: "
                f"{shown_value(str(error))})."
            ) from None
        journals = _JournalsByName(vault)
        for item in sections.get("journals") or []:  # empty journals come back too
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                journals(item["name"])
        entries = JournalService(vault).import_entries(
            read_own_export(path, prompt_ids, journals), progress
        )
    return RestoreSummary(entries, {kind: count for kind, count in added.items() if count})


class _JournalsByName:
    """A journal's id by its name in an export, made in the vault when missing
    (inside the restore's transaction, so only with the entries)."""

    def __init__(self, vault: Vault) -> None:
        self.service = JournalsService(vault)
        self.ids: dict[str, int | None] = {}

    def __call__(self, name: str) -> int | None:
        if name not in self.ids:
            self.ids[name] = self.service.ensure_all([name]).get(name)
        return self.ids[name]


class _Sections:
    """Writing the parts of an export other than the entries."""

    def __init__(self, vault: Vault, db: Database, sections: dict[str, Any], added: dict[str, int]):
        self.vault, self.db, self.sections, self.added = vault, db, sections, added
        self.contact_ids: dict[int, int] = {}
        self.goal_ids: dict[int, int] = {}

    def _list(self, name: str) -> list[dict[str, Any]]:
        items = self.sections.get(name) or []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise TypeError(f"'{name}' is not a list of objects")
        return items

    def _count(self, name: str, added: bool) -> None:
        self.added[name] = self.added.get(name, 0) + int(added)

    def _exists(self, sql: str, params: tuple[Any, ...]) -> bool:
        return self.db.query_one(sql, params) is not None

    def restore(self) -> dict[str, str]:
        self._profile()
        prompt_ids = self._prompts()
        self._goals()
        self._assessments()
        self._contacts()
        self._milestones()
        self._shares()
        self._outreach()
        return prompt_ids

    def _profile(self) -> None:
        data = self.sections.get("profile")
        if isinstance(data, dict):
            saved = ProfileService(self.vault).save(Profile.from_dict(data))
            self._count("profile", saved is not None)

    def _prompts(self) -> dict[str, str]:
        ids: dict[str, str] = {}
        for row in self._list("prompts"):
            found = self.db.query_one(
                "SELECT id FROM user_prompts WHERE category = ? AND text = ?",
                (row["category"], row["text"]),
            )
            if found is None:
                cursor = self.db.execute(
                    "INSERT INTO user_prompts (category, text, tags, created, updated) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (row["category"], row["text"], row["tags"], row["created"], row["updated"]),
                )
                new_id = int(cursor.lastrowid)
            else:
                new_id = int(found[0])
            self._count("prompts", found is None)
            ids[f"{USER_PREFIX}{row['id']}"] = f"{USER_PREFIX}{new_id}"
        for row in self._list("hidden_prompts"):
            prompt_id = ids.get(row["prompt_id"], row["prompt_id"])
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO hidden_prompts (prompt_id, hidden) VALUES (?, ?)",
                (prompt_id, row["hidden"]),
            )
            self._count("hidden prompts", bool(cursor.rowcount))
        return ids

    def _goals(self) -> None:
        for goal in self._list("goals"):
            found = self.db.query_one(
                "SELECT id FROM goals WHERE title = ? AND created = ?",
                (goal["title"], goal["created"]),
            )
            self._count("goals", found is None)
            if found is not None:
                self.goal_ids[int(goal["id"])] = int(found[0])
                continue
            cursor = self.db.execute(
                "INSERT INTO goals (title, why, due, status, template, created, updated, finished) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                tuple(goal[key] for key in _GOAL_KEYS),
            )
            goal_id = int(cursor.lastrowid)
            self.goal_ids[int(goal["id"])] = goal_id
            for position, step in enumerate(goal.get("steps") or []):
                self.db.execute(
                    "INSERT INTO goal_steps (goal_id, position, text, done) VALUES (?, ?, ?, ?)",
                    (goal_id, position, step["text"], step["done"]),
                )

    def _assessments(self) -> None:
        for result in self._list("assessments"):
            taken = datetime.fromisoformat(result["taken"])
            found = self._exists(
                "SELECT 1 FROM assessments WHERE instrument = ? AND taken = ?",
                (result["instrument"], result["taken"]),
            )
            self._count("assessments", not found)
            if not found:
                answers = json.dumps({"items": result["answers"], "closing": result["closing"]})
                self.db.execute(
                    "INSERT INTO assessments (instrument, taken, taken_utc, answers, score) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        result["instrument"],
                        result["taken"],
                        utc_micros(taken),
                        answers,
                        result["score"],
                    ),
                )

    def _contacts(self) -> None:
        pending_referrers: list[tuple[int, int]] = []
        for data in self._list("contacts"):
            old_id = int(data["id"])
            contact = Contact.from_dict(data)
            found = self.db.query_one(
                "SELECT id FROM contacts WHERE kind = ? AND name = ?", (contact.kind, contact.name)
            )
            self._count("contacts", found is None)
            if found is not None:
                self.contact_ids[old_id] = int(found[0])
                continue
            stages = data.get("stages") or []
            created = stages[0]["at"] if stages else datetime.now().astimezone().isoformat()
            cursor = self.db.execute(
                "INSERT INTO contacts (kind, name, stage, follow_up, referred_by, created, "
                "updated, data) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)",
                (
                    contact.kind,
                    contact.name,
                    contact.stage or None,
                    contact.follow_up.isoformat() if contact.follow_up else None,
                    created,
                    created,
                    json.dumps(contact.to_data(), ensure_ascii=False, sort_keys=True, default=str),
                ),
            )
            new_id = int(cursor.lastrowid)
            self.contact_ids[old_id] = new_id
            if contact.referred_by is not None:
                pending_referrers.append((new_id, contact.referred_by))
            for move in stages:
                self.db.execute(
                    "INSERT INTO contact_stages (contact_id, stage, at, reason) "
                    "VALUES (?, ?, ?, ?)",
                    (new_id, move["stage"], move["at"], move["reason"]),
                )
            for item in data.get("interactions") or []:
                self.db.execute(
                    "INSERT INTO interactions (contact_id, kind, at, notes) VALUES (?, ?, ?, ?)",
                    (new_id, item["kind"], item["at"], item["notes"]),
                )
        for contact_id, referrer in pending_referrers:
            if referrer in self.contact_ids:
                self.db.execute(
                    "UPDATE contacts SET referred_by = ? WHERE id = ?",
                    (self.contact_ids[referrer], contact_id),
                )

    def _contact(self, old_id: object) -> int | None:
        return self.contact_ids.get(old_id) if isinstance(old_id, int) else None

    def _milestones(self) -> None:
        for row in self._list("milestones"):
            subject = str(row["subject"])
            if subject.isdigit() and int(subject) in self.goal_ids:
                subject = str(self.goal_ids[int(subject)])
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO milestones (kind, subject, happened, detail, celebrated) "
                "VALUES (?, ?, ?, ?, ?)",
                (row["kind"], subject, row["happened"], row["detail"], row["celebrated"]),
            )
            self._count("milestones", bool(cursor.rowcount))

    def _shares(self) -> None:
        for row in self._list("shares"):
            found = self._exists(
                "SELECT 1 FROM shares WHERE fingerprint = ? AND at = ?",
                (row["fingerprint"], row["at"]),
            )
            self._count("shares", not found)
            if not found:
                self.db.execute(
                    "INSERT INTO shares (at, recipient, method, items, fingerprint, file_name, "
                    "contact_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        row["at"],
                        row["recipient"],
                        row["method"],
                        row["items"],
                        row["fingerprint"],
                        row["file_name"],
                        self._contact(row["contact_id"]),
                    ),
                )

    def _outreach(self) -> None:
        for row in self._list("outreach"):
            found = self._exists(
                "SELECT 1 FROM outreach_checkins WHERE at = ? AND moment = ?",
                (row["at"], row["moment"]),
            )
            self._count("outreach check-ins", not found)
            if not found:
                self.db.execute(
                    "INSERT INTO outreach_checkins (contact_id, moment, at, anxiety, note) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        self._contact(row["contact_id"]),
                        row["moment"],
                        row["at"],
                        row["anxiety"],
                        row["note"],
                    ),
                )
