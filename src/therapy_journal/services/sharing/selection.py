"""Choosing what a bundle shares: which entries (by hand, tag, dates or all) and
which pages, and reading those entries with the prompts they answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from therapy_journal.services.attachments import AttachmentService
from therapy_journal.services.dates import RANGE_HINT, in_range, local_minute
from therapy_journal.services.journal import InvalidEntry, JournalService, date_filter
from therapy_journal.services.journals import JournalNotFound, JournalsService
from therapy_journal.services.prompts import PromptService
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.layout import INCLUDABLE, MAX_ENTRIES
from therapy_journal.services.sharing.pages import SharedEntry
from therapy_journal.store.models import EntrySummary
from therapy_journal.store.vault import Vault

CANCELLED = "The export was canceled; nothing was written."


@dataclass(frozen=True)
class Selection:
    """What goes into a bundle.

    Entries come from ``all_entries`` or a ``tag``/``since``/``until`` filter
    (``until`` exclusive, as :func:`date_filter` reads it), from ``entry_ids``,
    or from both, which keeps the listed ids that match the filter. ``journals``
    (names) keeps only the entries of those journals; given alone, it shares
    all their entries. Entries in the trash are never shared. ``include``
    names the other pages (:data:`INCLUDABLE`).
    """

    entry_ids: tuple[int, ...] = ()
    tag: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    all_entries: bool = False
    include: frozenset[str] = frozenset()
    journals: tuple[str, ...] = ()

    @property
    def uses_filter(self) -> bool:
        return (
            self.all_entries
            or bool(self.tag)
            or self.since is not None
            or self.until is not None
            or bool(self.journals)
        )

    def describe(self) -> dict[str, Any]:
        """The selection for the manifest and the share log: no entry text."""
        return {
            "all_entries": self.all_entries,
            "tag": self.tag or None,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "ids": len(self.entry_ids),
            "journals": list(self.journals),
        }

    def check(self) -> None:
        """Refuse a selection that names an unknown page or shares nothing."""
        unknown = sorted(self.include - set(INCLUDABLE))
        if unknown:
            raise BundleError(
                f"'{unknown[0]}' cannot be included; choose from {', '.join(INCLUDABLE)}."
            )
        if not self.uses_filter and not self.entry_ids and not self.include:
            raise BundleError(
                "Choose what to share: entries (all, by tag, by dates or by number), "
                "or the profile, goals or self-assessments."
            )


def selected_ids(vault: Vault, selection: Selection) -> list[int]:
    """The ids of the entries ``selection`` shares; at most :data:`MAX_ENTRIES`."""
    ids = _matching_ids(vault, selection)
    if not ids and not selection.include:
        raise BundleError("No entries match that choice, so there is nothing to share.")
    if len(ids) > MAX_ENTRIES:
        raise BundleError(
            f"A bundle can hold at most {MAX_ENTRIES:,} entries and {len(ids):,} were chosen; "
            "choose a tag or a range of dates."
        )
    return ids


@dataclass(frozen=True)
class Chosen:
    """The entries a selection shares, as step 1 of the wizard lists them."""

    count: int
    shown: list[EntrySummary]  # the first ones, in the order they will be shared
    pages: frozenset[str] = frozenset()  # the pages asked for that are not empty


def chosen_entries(vault: Vault, selection: Selection, limit: int) -> Chosen:
    """How many entries ``selection`` shares and the first ``limit`` of them
    (titles and dates only); a choice that cannot be shared raises BundleError."""
    ids = _matching_ids(vault, selection)
    return Chosen(len(ids), JournalService(vault).summaries(ids[:limit]))


def _matching_ids(vault: Vault, selection: Selection) -> list[int]:
    journal = JournalService(vault)
    if selection.uses_filter:
        try:
            flt = date_filter(
                tag=selection.tag,
                since=selection.since,
                until=selection.until,
                journal_ids=journal_ids(vault, selection.journals),
            )
        except (InvalidEntry, JournalNotFound) as error:
            raise BundleError(str(error)) from None
        matching = list(journal.ids(flt))
        if not selection.entry_ids:
            return matching
        wanted = set(selection.entry_ids)
        return [i for i in matching if i in wanted]
    ids = list(dict.fromkeys(selection.entry_ids))
    found = {entry.id: entry for entry in journal.get_many(ids)}
    for entry_id in ids:
        if entry_id not in found:
            raise BundleError(f"There is no entry {entry_id}.")
        if found[entry_id].in_trash:
            raise BundleError(f"Entry {entry_id} is in the trash; restore it to share it.")
    return ids


def journal_ids(vault: Vault, names: Sequence[str]) -> frozenset[int] | None:
    """The ids of the journals called ``names``; None (every journal) for none."""
    return JournalsService(vault).ids(names) if names else None


def shared_entries(vault: Vault, ids: Sequence[int]) -> Iterator[SharedEntry]:
    """The entries of ``ids`` in that order, each with the text of the prompt it
    answers and its journal's name, read 500 at a time (so a whole journal
    need not fit in memory)."""
    journal = JournalService(vault)
    names = JournalsService(vault).names()
    prompts = PromptService(vault)
    attachments = AttachmentService(vault)
    prompt_texts: dict[str, str | None] = {}
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        attached = attachments.of_entries(batch)
        for entry in journal.get_many(batch):
            prompt = None
            if entry.prompt_id:
                if entry.prompt_id not in prompt_texts:
                    found = prompts.get(entry.prompt_id)
                    prompt_texts[entry.prompt_id] = found.text if found else None
                prompt = prompt_texts[entry.prompt_id]
            yield SharedEntry(
                entry,
                prompt,
                names.get(entry.journal_id or 0, ""),
                tuple(attached.get(entry.id, ())),
            )


def load_entries(
    vault: Vault, ids: Sequence[int], progress: Callable[[int, int], bool | None] | None
) -> list[SharedEntry]:
    """The entries, oldest first, with the text of the prompt each answers.

    ``progress(done, total)`` is called after each entry; returning False
    cancels with a :class:`BundleError`.
    """
    loaded: list[SharedEntry] = []
    for item in shared_entries(vault, ids):
        if not in_range(item.entry.created):
            # Stored by an old version or another tool: a bundle holding it could
            # not be opened, since opening refuses dates outside the range.
            raise BundleError(
                f"Entry {item.entry.id} is dated {local_minute(item.entry.created)}, outside "
                f"the dates the journal keeps ({RANGE_HINT}); give it a date in that range "
                "before sharing it."
            )
        loaded.append(item)
        if progress is not None and progress(len(loaded), len(ids)) is False:
            raise BundleError(CANCELLED)
    loaded.sort(key=lambda item: (item.entry.created, item.entry.id))
    return loaded
