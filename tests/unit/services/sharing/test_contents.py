"""Gathering a bundle's files in memory, with the report as PDF when a renderer is given."""

from __future__ import annotations

from therapy_journal.services.sharing.contents import gather
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.store.vault import Vault


def test_a_pdf_renderer_gets_the_report_and_adds_a_pdf(vault: Vault, three: list[int]) -> None:
    seen: list[str] = []

    def render(page: str) -> bytes:
        seen.append(page)
        return b"%PDF-1.7 test"

    contents = gather(vault, Selection(all_entries=True), render_pdf=render)
    assert seen == [contents.file("report.html").decode()]
    assert contents.file("report.pdf") == b"%PDF-1.7 test"
    assert "report.pdf" in contents.manifest["files"]
