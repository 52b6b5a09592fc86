"""Day One exports (issue 18): escapes taken off, media replaced by a note, the
export ZIP accepted, place, weather and star kept and counted, entries alike but
for their UUIDs both imported, an unknown time zone named in a warning."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from therapy_journal.services.attachments import AttachmentService
from therapy_journal.services.importers import ImportFormatError, ImportNotes, read
from therapy_journal.services.importers.dayone import (
    KEPT_LOCATION,
    KEPT_STAR,
    KEPT_WEATHER,
    MEDIA_KEPT,
    MEDIA_NOT_KEPT,
)
from therapy_journal.services.journal import JournalService

JOURNAL = Path(__file__).parents[2] / "fixtures" / "imports" / "dayone" / "Journal.json"


def test_titles_and_bodies_lose_day_ones_escapes_and_media_links() -> None:
    bondi, walk, *_ = read("dayone-json", JOURNAL)
    assert bondi.title == "Bondi at dusk. Finally (again)"
    assert bondi.body.startswith(
        "(a photo was here)\n\nSwam for an hour. Felt calm - really calm!\n\n"
        "1\\. not a list\n\\- not a bullet either\n\n---\n\n"
    )
    assert "dayone-moment" not in bondi.body
    assert walk.title == "Morning walk"
    assert walk.body == "(a video was here)\n\nThe river was high."


def test_place_weather_and_star_are_kept_and_counted() -> None:
    notes = ImportNotes()
    bondi, *_ = read("dayone-json", JOURNAL, notes)
    assert bondi.body.endswith(
        "Location: Bondi Beach, Sydney, NSW, Australia (-33.89150, 151.27670)  \n"
        "Weather: Partly Cloudy, 22 °C"
    )
    assert bondi.tags == ("beach", "gratitude", "starred")
    assert bondi.created.strftime("%Y-%m-%d %H:%M") == "2023-01-14 22:48"
    assert notes.counts == {
        MEDIA_NOT_KEPT: 2,
        KEPT_LOCATION: 1,
        KEPT_WEATHER: 1,
        KEPT_STAR: 1,
    }


def test_an_unknown_time_zone_warning_names_the_entry() -> None:
    notes = ImportNotes()
    list(read("dayone-json", JOURNAL, notes))
    assert notes.warnings == [
        "Entry 5 (0123456789ABCDEF0123456789ABCDEF): the time zone 'Mars/Olympus_Mons' is "
        "not known on this computer, so it is shown in local time (the moment is kept)."
    ]


def test_entries_alike_but_for_their_uuids_are_all_imported_once(
    journal: JournalService,
) -> None:
    first = journal.import_entries(read("dayone-json", JOURNAL), alike_are_distinct=True)
    assert (first.imported, first.skipped_duplicates) == (5, 0)
    again = journal.import_entries(read("dayone-json", JOURNAL), alike_are_distinct=True)
    assert (again.imported, again.skipped_duplicates) == (0, 5)


def test_the_export_zip_imports_like_its_journal_json(tmp_path: Path) -> None:
    archive = tmp_path / "Export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(JOURNAL, "Journal.json")
        out.writestr("photos/ffffffffffffffffffffffffffffffff.jpeg", b"\xff\xd8\xff")  # no entry's
    from_zip = list(read("dayone-json", archive))
    assert from_zip == list(read("dayone-json", JOURNAL))


PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(200))


def test_the_export_zips_photos_and_files_come_with_their_entries(
    journal: JournalService, tmp_path: Path
) -> None:
    archive = tmp_path / "Export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(JOURNAL, "Journal.json")
        out.writestr("photos/0F1E2D3C4B5A69788796A5B4C3D2E1F0.jpeg", PHOTO)
    notes = ImportNotes()
    summary = journal.import_entries(read("dayone-json", archive, notes), alike_are_distinct=True)
    assert (summary.imported, summary.attachments) == (5, 1)
    bondi = journal.get_many(summary.imported_ids)[0]
    assert bondi.body.startswith("![photo-1.jpeg](attachment:photo-1.jpeg)\n\nSwam for an hour.")
    service = AttachmentService(journal.vault)
    (photo,) = service.of_entry(bondi.id)
    assert (photo.name, photo.mime, service.read(photo.id)) == ("photo-1.jpeg", "image/jpeg", PHOTO)
    assert notes.counts[MEDIA_KEPT] == 1
    assert notes.counts[MEDIA_NOT_KEPT] == 1  # the walk's video is not in the ZIP


def test_a_zip_without_a_journal_says_so(tmp_path: Path) -> None:
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("photos/a.jpeg", b"\xff\xd8\xff")
    with pytest.raises(ImportFormatError, match="holds no journal"):
        list(read("dayone-json", archive))


def test_the_last_change_is_day_ones_own() -> None:
    bondi, walk, *_ = read("dayone-json", JOURNAL)
    assert bondi.updated is not None
    assert bondi.updated.isoformat() == "2023-01-14T23:02:11+11:00"
    assert walk.updated is None  # none in the file: the time of the import
