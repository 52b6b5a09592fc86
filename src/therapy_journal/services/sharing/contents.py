"""A bundle before it is zipped: its files, in memory, gathered from the vault."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import Any

from therapy_journal.services.attachments import AttachmentService
from therapy_journal.services.dates import now_local
from therapy_journal.services.sharing.entry_files import entry_file_name, entry_markdown
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.layout import (
    ATTACHMENTS_DIR,
    MANIFEST,
    MAX_MANIFEST_BYTES,
    MAX_TOTAL_BYTES,
    REPORT_HTML,
    REPORT_PDF,
)
from therapy_journal.services.sharing.manifest import make_manifest, manifest_bytes
from therapy_journal.services.sharing.pages import SharedEntry
from therapy_journal.services.sharing.report import build_report
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BundleFile:
    name: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class BundleContents:
    """A bundle before it is zipped: the files and the manifest that lists them.

    ``files`` holds every file but the manifest; :meth:`names` and
    :meth:`file` cover the manifest too, in the order :func:`pack` writes them.
    """

    files: tuple[BundleFile, ...]
    manifest: dict[str, Any]
    entry_ids: tuple[int, ...]

    def names(self) -> list[str]:
        return [MANIFEST, *(f.name for f in self.files)]

    def file(self, name: str) -> bytes:
        if name == MANIFEST:
            return manifest_bytes(self.manifest)
        for item in self.files:
            if item.name == name:
                return item.data
        raise KeyError(name)


def gather(
    vault: Vault,
    selection: Selection,
    *,
    clock: Callable[[], datetime] = now_local,
    render_pdf: Callable[[str], bytes] | None = None,
    progress: Callable[[int, int], bool | None] | None = None,
) -> BundleContents:
    """Everything ``selection`` asks for, as the files of a bundle, in memory.

    ``progress(done, total)`` is called after each entry; returning False
    cancels with a :class:`BundleError`. ``render_pdf`` turns the report's HTML
    into PDF bytes for ``report.pdf``. Pages asked for but empty are left out,
    and the manifest says only what is there.
    """
    report = build_report(vault, selection, clock=clock, progress=progress)
    created, included, pages, entries = (
        report.created,
        report.included,
        report.pages,
        report.entries,
    )
    # The PDF first: while it is drawn, nothing more than the report is held.
    pdf = bytes(render_pdf(report.html)) if render_pdf is not None else None
    files = [BundleFile(REPORT_HTML, report.html.encode("utf-8"))]
    if pdf is not None:
        files.append(BundleFile(REPORT_PDF, pdf))
    files += [BundleFile(f"{name}.md", text.encode("utf-8")) for name, text in pages]
    files += [
        BundleFile(entry_file_name(number, item.entry), entry_markdown(item))
        for number, item in enumerate(entries, start=1)
    ]
    attached = sum(a.size for item in entries for a in item.attachments)
    if sum(len(f.data) for f in files) + attached > MAX_TOTAL_BYTES - MAX_MANIFEST_BYTES:
        limit = (MAX_TOTAL_BYTES - MAX_MANIFEST_BYTES) // (1024 * 1024)
        raise BundleError(
            f"The chosen entries are too large for one bundle (over {limit} MiB); "
            "choose a tag or a range of dates."
        )
    listed = _attachments(vault, entries, files)
    manifest = make_manifest(
        created, included, selection.describe(), [(f.name, f.data) for f in files], listed
    )
    # The journals the entries come from, by name, so the person who opens it
    # sees them (and importing keeps each entry in its journal).
    manifest["journals"] = sorted({item.journal for item in entries if item.journal})
    log.info("gathered a bundle of %d entries and %d pages", len(entries), len(pages))
    return BundleContents(tuple(files), manifest, tuple(item.entry.id for item in entries))


_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}")


def attachment_member(number: int, index: int, name: str) -> str:
    """An attachment's file in a bundle: plain, and numbered by its entry's
    number in the bundle (its real name is in the manifest)."""
    suffix = PurePath(name).suffix
    return f"{ATTACHMENTS_DIR}{number:04d}-{index:02d}{suffix if _SUFFIX.fullmatch(suffix) else ''}"


def _attachments(
    vault: Vault, entries: Sequence[SharedEntry], files: list[BundleFile]
) -> list[dict[str, str]]:
    """Add the entries' attachments to ``files``; what the manifest says of them."""
    service = AttachmentService(vault)
    listed: list[dict[str, str]] = []
    for number, item in enumerate(entries, start=1):
        for index, attachment in enumerate(item.attachments, start=1):
            member = attachment_member(number, index, attachment.name)
            files.append(BundleFile(member, service.read(attachment.id)))
            listed.append(
                {
                    "entry": entry_file_name(number, item.entry),
                    "name": attachment.name,
                    "type": attachment.mime,
                    "file": member,
                }
            )
    return listed
