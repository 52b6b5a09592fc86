"""Exporting everything to Markdown or JSON: complete, private, read back as the
same entries, and never half-written."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.helpers.vaults import make_vault
from therapy_journal.services import export_all
from therapy_journal.services.assessments import AssessmentService
from therapy_journal.services.attachments import AttachmentService
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.export_all import ExportError, export_json, export_markdown
from therapy_journal.services.goals import GoalService
from therapy_journal.services.importers import ImportFormatError, own_export, read
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.profile import Profile, ProfileService
from therapy_journal.services.prompts import PromptService
from therapy_journal.store.models import Entry
from therapy_journal.store.vault import Vault

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def filled(vault: Vault, journal: JournalService) -> Vault:
    """A vault with entries of every kind (one in the trash) and every other page."""
    prompt = PromptService(vault).add("self_care", "What would a good first session feel like?")
    journal.add(
        make_entry(
            title="Café: first call",
            body="I called Dr. Lee 🌱\n\n---\n\nShe has a waitlist.\n",
            mood=4,
            tags=["search", "first steps"],
            created=datetime(2024, 1, 31, 9, 15, 30, 250_000, tzinfo=NEW_YORK),
        )
    )
    journal.add(
        make_entry(
            body="\nStarts with a blank line, no title, no mood",
            created=datetime(2024, 7, 4, 21, 40, tzinfo=ZoneInfo("Asia/Tokyo")),
            prompt_id=prompt.id,
        )
    )
    journal.add(make_entry(title='Quotes "and" \\ slashes\u2028', body="# heading in body"))
    trashed = journal.add(make_entry(title="thrown away", body="gone"))
    journal.move_to_trash(trashed)
    ProfileService(vault).save(Profile(hopes="Sleep better"))
    GoalService(vault).create("Find a therapist", "support", date(2026, 4, 1), ["Call three"])
    AssessmentService(vault).record("phq9", [1] * 9)
    ContactService(vault).add(Contact(kind="therapist", name="Dr. Ana Lee", phone="555-0100"))
    return vault


def content(entry: Entry) -> tuple[Any, ...]:
    return (entry.created, entry.title, entry.body, entry.mood, entry.tags)


def live_entries(journal: JournalService) -> list[Entry]:
    return journal.get_many(list(journal.ids()))


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A umask that would make files world-readable, to show the modes do not depend on it."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def modes(folder: Path) -> dict[str, int]:
    return {
        str(path.relative_to(folder)): stat.S_IMODE(path.stat().st_mode)
        for path in [folder, *folder.rglob("*")]
    }


def leftovers(parent: Path) -> list[str]:
    return sorted(path.name for path in parent.iterdir() if path.name.endswith(".tmp"))


def test_markdown_export_writes_every_live_entry_and_page_readable_by_the_owner_only(
    filled: Vault, tmp_path: Path, loose_umask: None
) -> None:
    out = tmp_path / "export"
    result = export_markdown(filled, out)
    assert (result.entries, result.format) == (3, "markdown")
    assert result.pages == ("profile.md", "goals.md", "assessments.md", "contacts.vcf")
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert len(names) == result.files == 7
    assert names[:3] == [
        "assessments.md",
        "contacts.vcf",
        "entries/0001-2024-01-31-cafe-first-call.md",
    ]
    assert "Find a therapist" in (out / "goals.md").read_text()
    assert "Sleep better" in (out / "profile.md").read_text()
    assert "Dr. Ana Lee" in (out / "contacts.vcf").read_text()
    assert all("thrown away" not in (out / name).read_text() for name in names)
    second = (out / names[3]).read_text(encoding="utf-8")
    assert 'prompt: "What would a good first session feel like?"' in second
    found = modes(out)
    assert found.pop(".") == 0o700 and found.pop("entries") == 0o700
    assert set(found.values()) == {0o600}
    assert leftovers(tmp_path) == []


def test_the_markdown_export_reads_back_as_the_same_entries(filled: Vault, tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_markdown(filled, out)
    other = make_vault(tmp_path / "other").vault
    try:
        again = JournalService(other)
        summary = again.import_entries(read("markdown", out))
        assert summary.imported == 3
        assert sorted(map(content, live_entries(again))) == sorted(
            map(content, live_entries(JournalService(filled)))
        )
    finally:
        other.lock()
    # And into the vault it came from, it adds nothing.
    repeat = JournalService(filled).import_entries(read("markdown", out))
    assert (repeat.imported, repeat.skipped_duplicates) == (0, 3)


def test_json_export_holds_every_entry_and_the_other_pages_as_plain_json(
    filled: Vault, tmp_path: Path, loose_umask: None
) -> None:
    out = tmp_path / "export"
    result = export_json(filled, out)
    assert (result.entries, result.pages, result.files) == (3, ("journal.json",), 1)
    document = json.loads((out / "journal.json").read_text(encoding="utf-8"))
    journal = JournalService(filled)
    expected = sorted(live_entries(journal), key=lambda e: (e.created, e.id))
    assert [e["id"] for e in document["entries"]] == [e.id for e in expected]
    for exported, entry in zip(document["entries"], expected, strict=True):
        assert datetime.fromisoformat(exported["created"]) == entry.created
        assert datetime.fromisoformat(exported["updated"]) == entry.updated
        assert (exported["title"], exported["body"], exported["mood"]) == (
            entry.title,
            entry.body,
            entry.mood,
        )
        assert (tuple(exported["tags"]), exported["prompt_id"]) == (entry.tags, entry.prompt_id)
    assert document["profile"]["hopes"] == "Sleep better"
    assert document["goals"][0]["title"] == "Find a therapist"
    assert document["goals"][0]["due"] == "2026-04-01"
    assert document["goals"][0]["steps"][0]["text"] == "Call three"
    assert document["assessments"][0] | {"taken": None} == {
        "id": 1,
        "instrument": "phq9",
        "name": "PHQ-9",
        "taken": None,
        "answers": [1] * 9,
        "closing": None,
        "score": 9,
        "max_score": 27,
        "band": document["assessments"][0]["band"],
    }
    assert document["contacts"][0]["name"] == "Dr. Ana Lee"
    assert document["contacts"][0]["stages"][0]["stage"] == "identified"
    assert modes(out) == {".": 0o700, "journal.json": 0o600}


def test_an_empty_vault_exports_an_empty_list(vault: Vault, tmp_path: Path) -> None:
    result = export_json(vault, tmp_path / "export")
    document = json.loads((tmp_path / "export" / "journal.json").read_text())
    assert (result.entries, document["entries"], document["goals"]) == (0, [], [])
    assert export_markdown(vault, tmp_path / "md").files == 0


@pytest.mark.parametrize("export", [export_markdown, export_json])
def test_an_existing_empty_folder_is_used_and_a_full_one_refused(
    filled: Vault, tmp_path: Path, export: Any
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o755)
    assert export(filled, empty).entries == 3
    assert stat.S_IMODE(empty.stat().st_mode) == 0o700
    assert not [p for p in empty.iterdir() if p.name.startswith(".")]

    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.txt").write_text("keep me")
    with pytest.raises(ExportError, match="is not an empty folder"):
        export(filled, full)
    assert [p.name for p in full.iterdir()] == ["mine.txt"]
    with pytest.raises(ExportError, match="is not an empty folder"):
        export(filled, full / "mine.txt")
    with pytest.raises(ExportError, match="There is no folder"):
        export(filled, tmp_path / "absent" / "export")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("export", [export_markdown, export_json])
def test_a_cancelled_export_leaves_nothing(
    filled: Vault, tmp_path: Path, export: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_all, "PROGRESS_EVERY", 1)
    seen: list[tuple[int, int]] = []

    def cancel_after_two(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 2

    with pytest.raises(ExportError, match="canceled; nothing was written"):
        export(filled, tmp_path / "export", cancel_after_two)
    assert seen == [(1, 3), (2, 3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault"]


def test_a_write_failure_halfway_leaves_nothing(
    filled: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = export_all._write_file
    calls: list[Path] = []

    def failing_write(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(export_all, "_write_file", failing_write)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ExportError, match=r"the disk is full\. Nothing was left there\."):
        export_markdown(filled, empty)
    assert list(empty.iterdir()) == []
    calls.clear()
    with pytest.raises(ExportError, match="the disk is full"):
        export_markdown(filled, tmp_path / "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "vault"]


def _with_attachments(vault: Vault) -> tuple[int, bytes]:
    journal = JournalService(vault)
    first = journal.ids()[-1]  # the oldest entry
    photo = b"\xff\xd8\xff" + os.urandom(3000)
    service = AttachmentService(vault)
    service.add_bytes(first, "beach.jpg", photo)
    service.add_bytes(first, "letter.pdf", b"%PDF-1.4 letter")
    return first, photo


def test_markdown_export_writes_attachments_beside_their_entry(
    filled: Vault, tmp_path: Path, loose_umask: None
) -> None:
    _first, photo = _with_attachments(filled)
    out = tmp_path / "export"
    result = export_markdown(filled, out)
    beside = out / "entries" / "0001-2024-01-31-cafe-first-call"
    assert (beside / "beach.jpg").read_bytes() == photo
    assert (beside / "letter.pdf").read_bytes() == b"%PDF-1.4 letter"
    assert result.files == 9
    assert stat.S_IMODE(beside.stat().st_mode) == 0o700
    assert stat.S_IMODE((beside / "beach.jpg").stat().st_mode) == 0o600
    other = make_vault(tmp_path / "other").vault  # the entries still read back
    try:
        assert JournalService(other).import_entries(read("markdown", out)).imported == 3
    finally:
        other.lock()


def test_json_export_names_each_attachment_and_writes_its_file(
    filled: Vault, tmp_path: Path
) -> None:
    first, photo = _with_attachments(filled)
    out = tmp_path / "export"
    export_json(filled, out)
    lines = (out / "journal.json").read_text(encoding="utf-8")
    document = json.loads(lines)
    (entry,) = [e for e in document["entries"] if e["id"] == first]
    assert entry["attachments"][0] == {
        "name": "beach.jpg",
        "type": "image/jpeg",
        "size": len(photo),
        "sha256": hashlib.sha256(photo).hexdigest(),
        "file": f"attachments/{first}/beach.jpg",
    }
    assert (out / entry["attachments"][0]["file"]).read_bytes() == photo
    assert all("attachments" not in e for e in document["entries"] if e["id"] != first)


def test_the_json_export_reads_back_with_its_attachments(filled: Vault, tmp_path: Path) -> None:
    _first, photo = _with_attachments(filled)
    out = tmp_path / "export"
    export_json(filled, out)
    other = make_vault(tmp_path / "other").vault
    try:
        restored = own_export.restore(other, out / "journal.json")
        assert restored.entries.attachments == 2
        service = AttachmentService(other)
        got = {
            a.name: service.read(a.id)
            for entry_id in restored.entries.imported_ids
            for a in service.of_entry(entry_id)
        }
        assert got == {"beach.jpg": photo, "letter.pdf": b"%PDF-1.4 letter"}
    finally:
        other.lock()


def test_an_exported_attachment_outside_its_folder_is_refused(
    filled: Vault, tmp_path: Path
) -> None:
    first, _photo = _with_attachments(filled)
    out = tmp_path / "export"
    export_json(filled, out)
    (tmp_path / "secret.txt").write_text("not for import")
    document = (out / "journal.json").read_text(encoding="utf-8")
    document = document.replace(f'"attachments/{first}/beach.jpg"', '"../secret.txt"')
    (out / "journal.json").write_text(document, encoding="utf-8")
    other = make_vault(tmp_path / "other").vault
    try:
        with pytest.raises(ImportFormatError, match="is not a file in the export's attachments"):
            own_export.restore(other, out / "journal.json")
        assert other.db.scalar("SELECT count(*) FROM attachments") == 0
    finally:
        other.lock()
