"""Sharing from one unlocked vault: making bundles and logging them, receiving
keys, and importing a received bundle's entries.

A bundle's files are gathered in memory, then zipped and encrypted as they
are written (:mod:`bundle_file`), so it never exists in plaintext on disk.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path

from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.dates import now_local
from therapy_journal.services.destination import BadDestination, check_destination, exists
from therapy_journal.services.journal import ImportSummary, JournalService
from therapy_journal.services.journals import JournalsService
from therapy_journal.services.sharing import receiving_keys
from therapy_journal.services.sharing.age import recipient_keys
from therapy_journal.services.sharing.bundle_file import check_form, write_sealed
from therapy_journal.services.sharing.contents import BundleContents, gather
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.pack import zip_chunks
from therapy_journal.services.sharing.pages import pages_present
from therapy_journal.services.sharing.received import (
    OpenedBundle,
    attach_imported,
    journal_names,
    to_new_entries,
)
from therapy_journal.services.sharing.receiving_keys import ReceivingKey
from therapy_journal.services.sharing.selection import (
    CANCELLED,
    Chosen,
    Selection,
    chosen_entries,
)
from therapy_journal.services.sharing.share_log import ShareRecord, record_share, share_history
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)


def _check_method(recipients: Sequence[str], passphrase: str | None) -> None:
    """Exactly one of keys or a passphrase, and a mistyped key fails before any work."""
    if recipients and passphrase is not None:
        raise BundleError("Encrypt the bundle either to keys or with a passphrase, not both.")
    if not recipients and passphrase is None:
        raise BundleError("Give a key or a passphrase to encrypt the bundle with.")
    if recipients:
        recipient_keys(recipients)
    elif passphrase is not None and not passphrase.strip():
        raise BundleError("The passphrase is empty; choose or generate one.")


def _zipped(progress: Callable[[int, int], bool | None] | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise BundleError(CANCELLED)


class ShareService:
    """Sharing from one unlocked vault: making bundles, their log, receiving keys."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = now_local) -> None:
        self.vault = vault
        self.clock = clock

    def export(
        self,
        selection: Selection,
        path: Path,
        *,
        recipients: Sequence[str] = (),
        passphrase: str | None = None,
        recipient_label: str = "",
        render_pdf: Callable[[str], bytes] | None = None,
        progress: Callable[[int, int], bool | None] | None = None,
        form: str = "age",
        contact_id: int | None = None,
        replace: bool = True,
    ) -> ShareRecord:
        """Gather, zip, encrypt and write a bundle to ``path``, and log it.

        Exactly one of ``recipients`` (age public keys) or ``passphrase`` is
        given; ``form`` is "age" (an age file) or "html" (a shared page).
        ``contact_id`` is the contact it is for, logged under their name;
        without ``replace`` an existing file at ``path`` is refused. Where it
        goes and who it is for are checked before any work.
        """
        _check_method(recipients, passphrase)
        check_form(form)
        self.check_path(path, replace=replace)
        self._person(contact_id)
        contents = self.gather(selection, render_pdf=render_pdf, progress=progress)
        return self.save(
            contents,
            path,
            recipients=recipients,
            passphrase=passphrase,
            recipient_label=recipient_label,
            form=form,
            contact_id=contact_id,
            replace=replace,
        )

    def check_path(self, path: Path, *, replace: bool = True) -> None:
        """Refuse (:class:`BadDestination`) a place the bundle cannot be written:
        see :func:`check_destination`; without ``replace``, an existing file too."""
        check_destination(path, self.vault.folder, what="bundle")
        if not replace and exists(path):
            raise BadDestination(f"{path} exists; nothing was written over it.")

    def _person(self, contact_id: int | None) -> Contact | None:
        """The contact a bundle is for (:class:`ContactNotFound` if there is none)."""
        if contact_id is None:
            return None
        return ContactService(self.vault, self.clock).get(contact_id)

    def gather(
        self,
        selection: Selection,
        *,
        render_pdf: Callable[[str], bytes] | None = None,
        progress: Callable[[int, int], bool | None] | None = None,
    ) -> BundleContents:
        """What a bundle of ``selection`` holds, in memory (the preview shows it)."""
        return gather(
            self.vault, selection, clock=self.clock, render_pdf=render_pdf, progress=progress
        )

    def chosen(self, selection: Selection, limit: int = 200) -> Chosen:
        """How many entries ``selection`` shares, the first ``limit`` of them, and
        which of the pages it asks for have something in them (empty ones are left out)."""
        found = chosen_entries(self.vault, selection, limit)
        return dataclasses.replace(found, pages=pages_present(self.vault, selection.include))

    def save(
        self,
        contents: BundleContents,
        path: Path,
        *,
        recipients: Sequence[str] = (),
        passphrase: str | None = None,
        recipient_label: str = "",
        form: str = "age",
        contact_id: int | None = None,
        replace: bool = True,
        progress: Callable[[int, int], bool | None] | None = None,
    ) -> ShareRecord:
        """Zip, encrypt and write ``contents`` to ``path`` in ``form``, and log
        it: the very contents a preview showed. With ``contact_id`` the log
        names that contact (their name as it is now, and the contact).
        ``progress(done, total)`` is called after each file zipped; returning
        False cancels with a :class:`BundleError` and writes nothing."""
        _check_method(recipients, passphrase)
        check_form(form)
        self.check_path(path, replace=replace)
        person = self._person(contact_id)
        label = person.label if person is not None else recipient_label.strip()
        if passphrase is not None:
            method, who = "passphrase", label
        else:
            keys = list(dict.fromkeys(r.strip() for r in recipients if r.strip()))
            method, who = "key", label or ", ".join(keys)
        if not replace and exists(path):  # it appeared while the bundle was being made
            raise BadDestination(f"{path} exists now; nothing was written over it.")
        digest = write_sealed(
            path,
            zip_chunks(contents, partial(_zipped, progress)),
            recipients=recipients,
            passphrase=passphrase,
            form=form,
        )
        items = {
            **contents.manifest["included"],
            "selection": contents.manifest["selection"],
            "entry_ids": list(contents.entry_ids),
            "files": len(contents.names()),
            "form": form,
        }
        record = record_share(
            self.vault,
            at=self.clock(),
            recipient=who,
            method=method,
            items=items,
            fingerprint=digest,
            file_name=path.name,
            contact_id=contact_id,
        )
        log.info("shared bundle %d by %s (%d entries)", record.id, method, len(contents.entry_ids))
        return record

    def history(self) -> list[ShareRecord]:
        """Every bundle made, newest first."""
        return share_history(self.vault)

    def create_receiving_key(self) -> str:
        """A new key pair for receiving bundles; the secret half stays in the
        (encrypted) vault. Returns the public key to give out (age1…)."""
        return receiving_keys.create_receiving_key(self.vault, self.clock())

    def receiving_key(self) -> str | None:
        """The newest public receiving key, or None before one is made."""
        return receiving_keys.newest_receiving_key(self.vault)

    def receiving_keys(self) -> list[ReceivingKey]:
        """The public receiving keys with when each was made, newest first."""
        return receiving_keys.receiving_keys(self.vault)

    def receiving_identities(self) -> list[str]:
        """The secret receiving keys (AGE-SECRET-KEY-1…), newest first. Never log them."""
        return receiving_keys.receiving_identities(self.vault)

    def import_entries(self, opened: OpenedBundle) -> ImportSummary:
        """Add the bundle's entries to the journal; ones already there are skipped."""
        with self.vault.db.transaction():  # the journals it needs are made only with it
            journals = JournalsService(self.vault).ensure_all(journal_names(opened))
            summary = JournalService(self.vault, self.clock).import_entries(
                to_new_entries(opened, journals)
            )
            summary.attachments = attach_imported(self.vault, opened, summary.imported_ids)
        return summary
