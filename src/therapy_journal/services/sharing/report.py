"""The printable report of a choice of entries and pages: gathered from the
vault once, then written as HTML (:mod:`.report_page`) into a bundle, or on
its own by the ``report`` command and the app's Print and Save as PDF.

What it holds is what is really there: pages that were asked for but are
empty are left out, and :attr:`Report.included` says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from therapy_journal.services.assessments import AssessmentService
from therapy_journal.services.dates import now_local
from therapy_journal.services.destination import check_destination
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.layout import INCLUDABLE
from therapy_journal.services.sharing.overview import Overview, make_overview
from therapy_journal.services.sharing.pages import SharedEntry, chosen_pages, pages_present
from therapy_journal.services.sharing.report_page import render_report
from therapy_journal.services.sharing.selection import Selection, load_entries, selected_ids
from therapy_journal.store.atomic import write_atomic
from therapy_journal.store.vault import Vault

# What a report file on its own is written as, by its name's ending.
REPORT_FORMS = {".pdf": "pdf", ".html": "html", ".htm": "html"}
NOT_ENCRYPTED = (
    "The report is NOT encrypted: anyone who can open {path} can read it. "
    "It is readable by you only; delete it when you no longer need it."
)


@dataclass(frozen=True)
class Report:
    created: datetime
    entries: tuple[SharedEntry, ...]
    pages: tuple[tuple[str, str], ...]  # (name, Markdown) of the pages with something in
    overview: Overview
    html: str

    @property
    def included(self) -> dict[str, Any]:
        """What it holds, as a bundle's manifest says it: the number of entries,
        and for each page whether it is there."""
        shown = {name for name, _ in self.pages}
        return {"entries": len(self.entries), **{name: name in shown for name in INCLUDABLE}}


def build_report(
    vault: Vault,
    selection: Selection,
    *,
    clock: Callable[[], datetime] = now_local,
    progress: Callable[[int, int], bool | None] | None = None,
) -> Report:
    """The report of ``selection``. ``progress(done, total)`` is called after
    each entry read; returning False cancels with a :class:`BundleError`."""
    selection.check()
    ids = selected_ids(vault, selection)
    entries = load_entries(vault, ids, progress)
    present = pages_present(vault, selection.include)
    pages = chosen_pages(vault, present)
    if not entries and not pages:
        raise BundleError(
            "No entries match that choice and the pages chosen have nothing in them yet, "
            "so there is nothing to share."
        )
    results = AssessmentService(vault).results() if "assessments" in present else []
    overview = make_overview([item.entry for item in entries], results)
    created = clock()
    html = render_report(created, overview, pages, entries)
    return Report(created, tuple(entries), tuple(pages), overview, html)


def report_form(path: Path) -> str | None:
    """ "pdf" or "html" by the file's name, or None for another ending."""
    return REPORT_FORMS.get(path.suffix.lower())


def write_report(path: Path, data: bytes, vault_folder: Path) -> None:
    """Write a report file on its own: not inside the vault folder, readable
    by its owner only whatever the umask, and whole or not at all (written
    beside it, then renamed). :class:`BadDestination` or ``StorageError``
    say why it could not be."""
    check_destination(path, vault_folder, what="report")
    write_atomic(path, data, mode=0o600, what="report")
