"""Day One's JSON export: its ``Journal.json``, or the export ZIP that holds it.

Each entry's ``creationDate`` (UTC) is shown in its ``timeZone``; the title
is the text's first line (a heading's words), the body the rest. What Day One
adds to the Markdown it writes is taken off: the backslashes it puts before
punctuation (``Hello\\.``, ``\\(``, ``\\-``) are removed where they change
nothing. A photo, video, audio recording or PDF (``![](dayone-moment://…)``)
whose file the export ZIP holds (``photos/``, ``videos/``, ``audios/``,
``pdfs/``, each file named by its MD5) is attached to the entry, a photo
shown where it was (``![photo-1.jpeg](attachment:photo-1.jpeg)``) and any
other file named there; one whose file is not there (a ``Journal.json`` on
its own) becomes a readable note, "(a photo was here)". The title is never
such a link or an escaped string.

Kept: when it was last changed (``modifiedDate``), the star (the tag
"starred"), tags, and the place and weather, written
as a small block at the end of the text (``Location: …``, ``Weather: …``);
:class:`ImportNotes` counts each, so the summary says what was kept and what
was not. A time zone this computer does not know shows the entry in local
time (the moment is unchanged), with a warning naming the entry.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from therapy_journal.services.dates import BadDate, check_in_range, in_range, shown_value
from therapy_journal.services.importers.common import (
    BLANK_LINES,
    MAX_ZONE_CHARS,
    ImportFormatError,
    ImportNotes,
    checked_entry,
    entries_in,
    exported_entries,
    fits_a_title,
    tags_of,
    text_field,
    title_from_heading,
)
from therapy_journal.services.journal import InvalidEntry
from therapy_journal.services.zips import ZIP_ERRORS, file_zip_index
from therapy_journal.store.attachments import CHUNK_BYTES
from therapy_journal.store.models import ImportedFile, NewEntry

WHAT = "Day One JSON export"
# An export ZIP holds the journals' JSON files and their media; more entries
# in its index than this is not an export (zipfile would build them all first).
MAX_ZIP_MEMBERS = 200_000
MAX_ZIP_INDEX_BYTES = 64 * 1024 * 1024

KEPT_LOCATION = "with their place kept at the end of the text"
KEPT_WEATHER = "with their weather kept at the end of the text"
KEPT_STAR = "starred, tagged 'starred'"
MEDIA_KEPT = "with their photos, videos, audio or PDFs attached"
MEDIA_NOT_KEPT = (
    "with photos, videos, audio or PDFs that were not imported (a note marks where each was)"
)

_MEDIA = re.compile(
    r"!\[[^\]\n]*\]\(dayone-moment:/{1,2}(?P<kind>[A-Za-z]+/)?(?P<id>[^)\s/]*)[^)\s]*\)"
)
QUOTED_LINK = "![{name}]({url})"
_MEDIA_NOTES = {
    "video/": "(a video was here)",
    "audio/": "(an audio recording was here)",
    "pdfAttachment/": "(a PDF was here)",
    "sketch/": "(a drawing was here)",
}
_PHOTO_NOTE = "(a photo was here)"
# Day One puts a backslash before punctuation that needs none. Taken off,
# except before what would then start Markdown structure or emphasis.
_ESCAPED = re.compile(r"\\([.\-()!?+=:;,'\"/&%$@~{}|^#>])")
_LINE_START_ESCAPE = re.compile(r"^([ \t]*(?:\d+)?)\\([.\-+#>)])", re.MULTILINE)
_KEEP = "\ue010"  # a private-use mark for a backslash that must stay


def read_dayone_json(path: Path, notes: ImportNotes | None = None) -> Iterator[NewEntry]:
    """Entries from a Day One export: its ``Journal.json``, or the export's ZIP
    (whose photos and other files come with their entries)."""
    notes = notes if notes is not None else ImportNotes()
    if path.is_file() and _starts_a_zip(path):
        return _zip_entries(path, notes)
    counter = iter(range(1, 1 << 62))

    def convert(record: dict[str, Any]) -> NewEntry:
        return _dayone_entry(record, next(counter), notes)

    return exported_entries(path, WHAT, convert, "dayone-json")


def _starts_a_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False  # exported_entries says why


def _zip_entries(path: Path, notes: ImportNotes) -> Iterator[NewEntry]:
    """The entries of every journal's JSON file in a Day One export ZIP, with
    the files of their media attached."""
    counter = iter(range(1, 1 << 62))
    try:
        with path.open("rb") as raw:
            index = file_zip_index(raw)
            if index is None or index.entries > MAX_ZIP_MEMBERS or index.size > MAX_ZIP_INDEX_BYTES:
                raise ImportFormatError(
                    f"{path.name} is a damaged ZIP archive, or not a Day One export."
                )
            with zipfile.ZipFile(raw) as archive:
                journals = [
                    name
                    for name in archive.namelist()
                    if len(PurePosixPath(name).parts) <= 2
                    and name.lower().endswith(".json")
                    and not PurePosixPath(name).name.startswith(".")
                ]
                if not journals:
                    raise ImportFormatError(
                        f"{path.name} holds no journal (.json file); is it a Day One export?"
                    )
                files = _media_files(archive)

                def convert(record: dict[str, Any]) -> NewEntry:
                    return _dayone_entry(record, next(counter), notes, _Media(archive, files))

                for name in sorted(journals):
                    with archive.open(name) as member:
                        yield from entries_in(member, Path(name), WHAT, convert, "dayone-json")
    except ImportFormatError:
        raise
    except ZIP_ERRORS as error:
        raise ImportFormatError(
            f"{path.name} is a damaged ZIP archive ({type(error).__name__})."
        ) from None


def _dayone_entry(
    record: dict[str, Any], number: int, notes: ImportNotes, media: _Media | None = None
) -> NewEntry:
    created = record.get("creationDate")
    if not isinstance(created, str):
        raise InvalidEntry("'creationDate' must be a date and time like 2024-01-31T09:15:00Z.")
    found = media.of(record) if media is not None else {}
    text, left = _media_to_notes(text_field(record, "text"), found)
    if left:
        notes.count(MEDIA_NOT_KEPT)
    if found:
        notes.count(MEDIA_KEPT)
    title, body = _dayone_title_and_body(text)
    body = _unescaped(body)
    extra = _place_and_weather(record, notes)
    if extra:
        body = f"{body.rstrip()}\n\n---\n\n{extra}" if body.strip() else extra
    tags = tags_of(record)
    if record.get("starred") is True:
        notes.count(KEPT_STAR)
    moment = check_in_range(_utc_moment(created))
    entry = checked_entry(
        title=title,
        body=body,
        tags=tags,
        created=_in_zone(moment, record.get("timeZone"), number, record, notes),
    )
    attached = tuple(file for _, file in found.values())
    return replace(entry, updated=_modified(record, entry.created), attachments=attached)


def _modified(record: dict[str, Any], created: datetime) -> datetime | None:
    """When Day One last saw the entry changed (``modifiedDate``), in the entry's
    own offset; None (the time of the import) when it has none that makes sense."""
    text = record.get("modifiedDate")
    if not isinstance(text, str):
        return None
    try:
        moment = _utc_moment(text)
    except BadDate:
        return None
    if moment < created or not in_range(moment):
        return None
    return moment.astimezone(created.tzinfo)


def _media_to_notes(
    text: str, attached: dict[str, tuple[str, ImportedFile]] | None = None
) -> tuple[str, int]:
    """``text`` with each Day One media link whose file is ``attached`` (by its
    identifier: kind and file) pointing at the attachment, each other one
    replaced by a note; and how many were left as notes."""
    attached = attached or {}
    left = 0

    def note(found: re.Match[str]) -> str:
        nonlocal left
        kept = attached.get(found["id"] or "")
        if kept is not None:
            kind, file = kept
            link = QUOTED_LINK.format(name=file.name, url=_attachment_url(file.name))
            return link if kind == "photos" else f"(attached: {file.name})"
        left += 1
        return _MEDIA_NOTES.get(found["kind"] or "", _PHOTO_NOTE)

    return _MEDIA.sub(note, text), left


def _attachment_url(name: str) -> str:
    return "attachment:" + quote(name)


# -- the export ZIP's media -------------------------------------------------------------------

# The lists in an entry's record, and the ZIP folder their files are in.
_MEDIA_LISTS = {
    "photos": "photos",
    "videos": "videos",
    "audios": "audios",
    "pdfAttachments": "pdfs",
}
_SINGULAR = {"photos": "photo", "videos": "video", "audios": "audio", "pdfs": "pdf"}
_MD5 = re.compile(r"[0-9a-fA-F]{32}")


def _media_files(archive: zipfile.ZipFile) -> dict[tuple[str, str], zipfile.ZipInfo]:
    """The export's media files by (folder, MD5 in lower case)."""
    found: dict[tuple[str, str], zipfile.ZipInfo] = {}
    for info in archive.infolist():
        parts = PurePosixPath(info.filename).parts
        if info.is_dir() or len(parts) != 2 or parts[0] not in _SINGULAR:
            continue
        stem = PurePosixPath(parts[1]).stem
        if _MD5.fullmatch(stem):
            found[(parts[0], stem.lower())] = info
    return found


class _Media:
    """An entry's media files in an open export ZIP."""

    def __init__(
        self, archive: zipfile.ZipFile, files: dict[tuple[str, str], zipfile.ZipInfo]
    ) -> None:
        self.archive = archive
        self.files = files

    def of(self, record: dict[str, Any]) -> dict[str, tuple[str, ImportedFile]]:
        """The entry's media whose files the ZIP holds, by identifier: (folder, file)."""
        found: dict[str, tuple[str, ImportedFile]] = {}
        for key, folder in _MEDIA_LISTS.items():
            items = record.get(key)
            if not isinstance(items, list):
                continue
            for item in items:
                if not isinstance(item, dict):
                    continue
                md5, identifier = item.get("md5"), item.get("identifier")
                info = self.files.get((folder, md5.lower())) if isinstance(md5, str) else None
                if info is None or not isinstance(identifier, str):
                    continue
                suffix = PurePosixPath(info.filename).suffix.lower()
                count = 1 + sum(1 for kind, _ in found.values() if kind == folder)
                name = f"{_SINGULAR[folder]}-{count}{suffix}"
                found[identifier] = (folder, ImportedFile(name, "", self._reader(info)))
        return found

    def _reader(self, info: zipfile.ZipInfo) -> Callable[[], Iterator[bytes]]:
        def read() -> Iterator[bytes]:
            with self.archive.open(info) as member:
                while piece := member.read(CHUNK_BYTES):
                    yield piece

        return read


def _unescaped(text: str) -> str:
    """Day One's needless backslashes taken off (see :data:`_ESCAPED`)."""
    kept = _LINE_START_ESCAPE.sub(lambda found: f"{found[1]}{_KEEP}{found[2]}", text)
    return _ESCAPED.sub(r"\1", kept).replace(_KEEP, "\\")


def _words(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _place_and_weather(record: dict[str, Any], notes: ImportNotes) -> str:
    """The entry's place and weather as ``Location: …`` and ``Weather: …`` lines."""
    lines = []
    location = record.get("location")
    if isinstance(location, dict):
        names = [
            _words(location.get(key))
            for key in ("placeName", "localityName", "administrativeArea", "country")
        ]
        place = ", ".join(dict.fromkeys(name for name in names if name))
        latitude, longitude = location.get("latitude"), location.get("longitude")
        if isinstance(latitude, int | float) and isinstance(longitude, int | float):
            place = f"{place} ({latitude:.5f}, {longitude:.5f})".strip()
        if place:
            lines.append(f"Location: {place}")
            notes.count(KEPT_LOCATION)
    weather = record.get("weather")
    if isinstance(weather, dict):
        parts = [_words(weather.get("conditionsDescription"))]
        celsius = weather.get("temperatureCelsius")
        if isinstance(celsius, int | float) and not isinstance(celsius, bool):
            parts.append(f"{celsius:.0f} °C")
        shown = ", ".join(part for part in parts if part)
        if shown:
            lines.append(f"Weather: {shown}")
            notes.count(KEPT_WEATHER)
    return "\n".join(f"{line}  " if n < len(lines) - 1 else line for n, line in enumerate(lines))


def _utc_moment(text: str) -> datetime:
    try:
        if len(text) > 64:
            raise ValueError(text)
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(
            f"'{shown_value(text)}' is not a date and time like 2024-01-31T09:15:00Z."
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


# What an IANA time zone name is made of: Europe/London, America/Argentina/Salta,
# Etc/GMT+5, UTC. Anything else (a path, a 5,000-character name) is refused here,
# before zoneinfo looks for a file of that name.
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*")


def _in_zone(
    moment: datetime, zone: object, number: int, record: dict[str, Any], notes: ImportNotes
) -> datetime:
    """``moment`` (in range) in the time zone Day One recorded, else in local time."""
    if zone is None or zone == "":
        return moment.astimezone()
    if not isinstance(zone, str) or len(zone) > MAX_ZONE_CHARS or not _ZONE_NAME.fullmatch(zone):
        raise InvalidEntry("'timeZone' must be a time zone name like Europe/London.")
    try:
        return moment.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # The moment itself is exact; only how it is shown falls back.
        uuid = record.get("uuid")
        named = f" ({shown_value(uuid)})" if isinstance(uuid, str) else ""
        notes.warnings.append(
            f"Entry {number}{named}: the time zone '{zone}' is not known on this computer, "
            "so it is shown in local time (the moment is kept)."
        )
        return moment.astimezone()


def _dayone_title_and_body(text: str) -> tuple[str, str]:
    """Day One's title is the first line that is not a media note: a heading's
    words, or the line itself, without Markdown escapes."""
    text = BLANK_LINES.sub("", text)
    first, _, rest = text.partition("\n")
    if first.strip() in (_PHOTO_NOTE, *_MEDIA_NOTES.values()):
        # A photo first: the title is the line after it, the photo's note stays first.
        title, body = _dayone_title_and_body(rest)
        return title, f"{first.strip()}\n\n{body}" if body else first.strip()
    heading = title_from_heading(first)
    title = heading if heading is not None else _unescaped_title(first.strip())
    if not fits_a_title(title):
        return "", text
    return title, BLANK_LINES.sub("", rest)


def _unescaped_title(text: str) -> str:
    """A title is plain text: every Markdown escape is taken off."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
