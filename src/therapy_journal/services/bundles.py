"""Encrypted bundles a therapist can open: what is shared, and how it is read back.

A bundle is a standard age file (age-encryption.org/v1) whose plaintext is a
ZIP: a manifest, one Markdown file per entry, optional profile, goals and
self-assessment pages, and a self-contained printable ``report.html`` (plus
``report.pdf`` when a renderer is given). It is built, zipped and encrypted in
memory and written in one atomic step, so it never exists in plaintext on disk.
(The pages made for reading, and the report, come from :mod:`bundle_pages`.)
It is encrypted either to age public keys (``age1…``) or with a passphrase.

Opening checks everything before anything is extracted: the age header first
(a passphrase file that asks for more scrypt work than
:data:`MAX_SCRYPT_WORK_FACTOR` is refused before any key derivation runs),
then the decryption itself (done by pyrage, never by hand), then every member
of the ZIP (names, kinds, sizes read with a hard cap, the manifest's hashes,
each entry's front matter). Each failure is a :class:`BundleError` with one
plain sentence: :class:`BundleWrongKey` when no key or passphrase given opens
the file, :class:`BundleDamaged` for anything else wrong with it.

Every share is logged in the vault (to whom, how, what, the file's SHA-256
fingerprint; never the passphrase), and the vault can hold receiving keys for
bundles sent to it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import logging
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage import x25519
from xkcdpass import xkcd_password

from therapy_journal import APP_DISPLAY_NAME, __version__
from therapy_journal.services.bundle_pages import PAGES, SharedEntry, chosen_pages, render_report
from therapy_journal.services.dates import now_local
from therapy_journal.services.journal import (
    ImportSummary,
    InvalidEntry,
    JournalService,
    date_filter,
    make_entry,
)
from therapy_journal.services.prompts import PromptService
from therapy_journal.services.zips import ZIP_ERRORS
from therapy_journal.store.atomic import describe_os_error, write_atomic
from therapy_journal.store.errors import StorageError
from therapy_journal.store.models import Entry, NewEntry
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MAX_SCRYPT_WORK_FACTOR = 20  # log2(N): 2**20 * 1 KiB = 1 GiB of memory to unlock
INCLUDABLE = PAGES

MANIFEST = "manifest.json"
ENTRIES_DIR = "entries/"
REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # declared uncompressed size of all members
MAX_ENTRIES = MAX_MEMBERS - 16  # room for the manifest, the reports and the pages
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_ZIP_BYTES = MAX_TOTAL_BYTES + 32 * 1024 * 1024  # stored members plus ZIP overhead
MAX_BUNDLE_BYTES = MAX_ZIP_BYTES * 3 // 2  # room for age's ASCII armor (4/3)
# A member that inflates more than this from over RATIO_FLOOR bytes is a zip
# bomb. pack() stores (does not compress) any member of its own that would.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024

PASSPHRASE_WORDS = 6
ENCRYPT_TRIES = 3  # for age to pick a scrypt work factor this app will open
_CANCELLED = "The export was cancelled; nothing was written."


class BundleError(Exception):
    """A bundle could not be made or opened; the message is one plain sentence."""


class BundleWrongKey(BundleError):
    """No key or passphrase given opens the bundle."""


class BundleDamaged(BundleError):
    """The file is not a bundle, or is damaged, truncated or tampered with."""


# -- what is shared ------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What goes into a bundle.

    Entries come from ``all_entries`` or a ``tag``/``since``/``until`` filter
    (``until`` exclusive, as :func:`date_filter` reads it), from ``entry_ids``,
    or from both, which keeps the listed ids that match the filter. Entries in
    the trash are never shared. ``include`` names the other pages
    (:data:`INCLUDABLE`).
    """

    entry_ids: tuple[int, ...] = ()
    tag: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    all_entries: bool = False
    include: frozenset[str] = frozenset()

    @property
    def uses_filter(self) -> bool:
        return (
            self.all_entries or bool(self.tag) or self.since is not None or self.until is not None
        )

    def describe(self) -> dict[str, Any]:
        """The selection for the manifest and the share log: no entry text."""
        return {
            "all_entries": self.all_entries,
            "tag": self.tag or None,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "ids": len(self.entry_ids),
        }


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
            return _manifest_bytes(self.manifest)
        for item in self.files:
            if item.name == name:
                return item.data
        raise KeyError(name)


def _manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# -- gathering -----------------------------------------------------------------------------


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
    into PDF bytes for ``report.pdf``.
    """
    unknown = sorted(selection.include - set(INCLUDABLE))
    if unknown:
        raise BundleError(
            f"'{unknown[0]}' cannot be included; choose from {', '.join(INCLUDABLE)}."
        )
    if not selection.uses_filter and not selection.entry_ids and not selection.include:
        raise BundleError(
            "Choose what to share: entries (all, by tag, by dates or by number), "
            "or the profile, goals or self-assessments."
        )
    ids = _selected_ids(vault, selection)
    if not ids and not selection.include:
        raise BundleError("No entries match that choice, so there is nothing to share.")
    if len(ids) > MAX_ENTRIES:
        raise BundleError(
            f"A bundle can hold at most {MAX_ENTRIES:,} entries and {len(ids):,} were chosen; "
            "choose a tag or a range of dates."
        )

    entries = _load_entries(vault, ids, progress)
    pages = chosen_pages(vault, selection.include)
    created = clock()
    included = {
        "entries": len(entries),
        **{name: name in selection.include for name in INCLUDABLE},
    }
    report = render_report(created, included, pages, entries).encode("utf-8")
    files = [BundleFile(REPORT_HTML, report)]
    if render_pdf is not None:
        files.append(BundleFile(REPORT_PDF, bytes(render_pdf(report.decode("utf-8")))))
    files += [BundleFile(f"{name}.md", text.encode("utf-8")) for name, text in pages]
    files += [
        BundleFile(entry_file_name(number, item.entry), entry_markdown(item))
        for number, item in enumerate(entries, start=1)
    ]
    if sum(len(f.data) for f in files) > MAX_TOTAL_BYTES - MAX_MANIFEST_BYTES:
        limit = (MAX_TOTAL_BYTES - MAX_MANIFEST_BYTES) // (1024 * 1024)
        raise BundleError(
            f"The chosen entries are too large for one bundle (over {limit} MiB); "
            "choose a tag or a range of dates."
        )
    manifest: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "app": APP_DISPLAY_NAME,
        "app_version": __version__,
        "created": created.isoformat(timespec="seconds"),
        "included": included,
        "selection": selection.describe(),
        "files": {
            f.name: {"sha256": hashlib.sha256(f.data).hexdigest(), "size": len(f.data)}
            for f in files
        },
    }
    log.info("gathered a bundle of %d entries and %d pages", len(entries), len(pages))
    return BundleContents(tuple(files), manifest, tuple(item.entry.id for item in entries))


def _selected_ids(vault: Vault, selection: Selection) -> list[int]:
    journal = JournalService(vault)
    if selection.uses_filter:
        try:
            flt = date_filter(tag=selection.tag, since=selection.since, until=selection.until)
        except InvalidEntry as error:
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


def shared_entries(vault: Vault, ids: Sequence[int]) -> Iterator[SharedEntry]:
    """The entries of ``ids`` in that order, each with the text of the prompt it
    answers, read 500 at a time (so a whole journal need not fit in memory)."""
    journal = JournalService(vault)
    prompts = PromptService(vault)
    prompt_texts: dict[str, str | None] = {}
    for start in range(0, len(ids), 500):
        for entry in journal.get_many(ids[start : start + 500]):
            prompt = None
            if entry.prompt_id:
                if entry.prompt_id not in prompt_texts:
                    found = prompts.get(entry.prompt_id)
                    prompt_texts[entry.prompt_id] = found.text if found else None
                prompt = prompt_texts[entry.prompt_id]
            yield SharedEntry(entry, prompt)


def _load_entries(
    vault: Vault, ids: Sequence[int], progress: Callable[[int, int], bool | None] | None
) -> list[SharedEntry]:
    """The entries, oldest first, with the text of the prompt each answers."""
    loaded: list[SharedEntry] = []
    for item in shared_entries(vault, ids):
        loaded.append(item)
        if progress is not None and progress(len(loaded), len(ids)) is False:
            raise BundleError(_CANCELLED)
    loaded.sort(key=lambda item: (item.entry.created, item.entry.id))
    return loaded


# -- entry files ---------------------------------------------------------------------------

# Characters a YAML reader could take as a line break or refuses in a stream;
# JSON already escapes the C0 controls, quotes and backslashes.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _quoted(value: object) -> str:
    """A front-matter value: JSON, which is also valid YAML (flow style)."""
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def slug(title: str, limit: int = 40) -> str:
    """An ASCII file-name part from a title: letters, digits and dashes only."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return text[:limit].rstrip("-") or "entry"


def entry_file_name(number: int, entry: Entry) -> str:
    return f"{ENTRIES_DIR}{number:04d}-{entry.created.date().isoformat()}-{slug(entry.title)}.md"


def entry_markdown(item: SharedEntry) -> bytes:
    """Front matter between ``---`` lines, a blank line, then the body as written."""
    entry = item.entry
    lines = [
        "---",
        f"date: {_quoted(entry.created.isoformat())}",
        f"title: {_quoted(entry.title)}",
        f"mood: {_quoted(entry.mood)}",
        f"tags: {_quoted(list(entry.tags))}",
    ]
    if item.prompt is not None:
        lines.append(f"prompt: {_quoted(item.prompt)}")
    lines += ["---", "", entry.body]
    return "\n".join(lines).encode("utf-8")


# -- zipping and encrypting ----------------------------------------------------------------


def _zip_time(manifest: dict[str, Any]) -> tuple[int, int, int, int, int, int]:
    try:
        moment = datetime.fromisoformat(str(manifest.get("created")))
    except ValueError:
        moment = datetime(1980, 1, 1)
    if moment.year < 1980:
        moment = datetime(1980, 1, 1)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def pack(contents: BundleContents) -> bytes:
    """The bundle as ZIP bytes: the manifest first, then the files in order.

    The same contents always give the same bytes (fixed times, modes and
    order). A file that would compress more than :data:`MAX_RATIO` times is
    stored instead, so no bundle of ours looks like a zip bomb to a reader.
    """
    when = _zip_time(contents.manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in contents.names():
            data = contents.file(name)
            compressed = zipfile.ZIP_DEFLATED
            if len(data) > RATIO_FLOOR:
                packed = len(zlib.compress(data, 6))
                if len(data) > MAX_RATIO * max(packed, 1):
                    compressed = zipfile.ZIP_STORED
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = compressed
            info.create_system = 3  # Unix, so the mode below is read
            info.external_attr = (stat.S_IFREG | 0o600) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _recipients(recipients: Sequence[str]) -> list[Any]:
    keys: list[Any] = []
    for text in dict.fromkeys(r.strip() for r in recipients if r.strip()):
        if text.upper().startswith("AGE-SECRET-KEY-"):
            raise BundleError(
                "That is a secret key; give the public key instead, which starts with age1."
            )
        try:
            keys.append(x25519.Recipient.from_str(text))
        except Exception:  # pyrage.RecipientError, or anything else it dislikes
            shown = text if len(text) <= 70 else text[:67] + "…"
            raise BundleError(f"'{shown}' is not an age public key (age1…).") from None
    if not keys:
        raise BundleError("Give at least one age public key (age1…) to encrypt the bundle to.")
    return keys


def encrypt_to_recipients(data: bytes, recipients: Sequence[str]) -> bytes:
    """``data`` as an age file that any of the ``age1…`` public keys opens."""
    keys = _recipients(recipients)
    try:
        return bytes(pyrage.encrypt(data, keys))
    except pyrage.EncryptError as error:
        raise BundleError(f"The bundle could not be encrypted ({error}).") from error


def encrypt_with_passphrase(data: bytes, passphrase: str) -> bytes:
    """``data`` as an age file that ``passphrase`` opens (age's scrypt recipient).

    age picks the scrypt work factor by timing this computer (about a second
    of work; 19 or 20 on a modest laptop). A factor above
    :data:`MAX_SCRYPT_WORK_FACTOR` would make a file this app refuses to open,
    so it is never returned: the timing is noisy, so age gets a few tries.
    """
    _check_passphrase(passphrase)
    if not passphrase.strip():
        raise BundleError("The passphrase is empty; choose or generate one.")
    factor: int | None = None
    for _ in range(ENCRYPT_TRIES):
        try:
            encrypted = bytes(age_passphrase.encrypt(data, passphrase))
        except pyrage.EncryptError as error:
            raise BundleError(f"The bundle could not be encrypted ({error}).") from error
        factor = scrypt_work_factor(encrypted)
        if factor is None or factor <= MAX_SCRYPT_WORK_FACTOR:
            return encrypted
        log.warning("age chose scrypt work factor %d; trying again", factor)
    raise BundleError(
        f"age chose more passphrase work ({factor}) than bundles may ask for "
        f"({MAX_SCRYPT_WORK_FACTOR}); share with a key instead."
    )


def _check_passphrase(passphrase: str) -> None:
    try:
        passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise BundleError("The passphrase holds characters that cannot be used.") from None


@cache
def _eff_words() -> tuple[str, ...]:
    # The EFF long list without its four hyphenated words (drop-down, felt-tip,
    # t-shirt, yo-yo): words are joined by "-" and must split back apart.
    words = xkcd_password.generate_wordlist(
        wordfile="eff-long", min_length=1, max_length=32, valid_chars="[a-z]"
    )
    return tuple(sorted(words))


def eff_words() -> frozenset[str]:
    """The words :func:`generate_passphrase` draws from (7,772 of them)."""
    return frozenset(_eff_words())


def generate_passphrase(words: int = PASSPHRASE_WORDS) -> str:
    """Words to read aloud, from the EFF long list, joined by ``-``.

    Each word adds about 12.9 bits; six give about 77 bits. xkcdpass draws
    them with :class:`random.SystemRandom`.
    """
    if words < 1:
        raise ValueError("a passphrase needs at least one word")
    return str(
        xkcd_password.generate_xkcdpassword(list(_eff_words()), numwords=words, delimiter="-")
    )


def fingerprint(encrypted: bytes) -> str:
    """The SHA-256 of the encrypted file, in hex: what to compare when it arrives."""
    return hashlib.sha256(encrypted).hexdigest()


def write_bundle(path: Path, encrypted: bytes) -> str:
    """Write the encrypted bundle atomically, readable by its owner only; return
    its fingerprint."""
    if not encrypted.startswith(b"age-encryption.org/v1\n"):
        raise BundleError("Only an encrypted bundle can be written.")
    try:
        write_atomic(path, encrypted, mode=0o600, what="bundle")
    except StorageError as error:
        raise BundleError(str(error)) from error
    return fingerprint(encrypted)


# -- reading the age header ----------------------------------------------------------------

_AGE_MAGIC = b"age-encryption.org/v1\n"
_ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
_ARMOR_END = b"-----END AGE ENCRYPTED FILE-----"
_SCRYPT_STANZA = re.compile(rb"-> scrypt ([A-Za-z0-9+/]{22}) ([1-9][0-9]*)")


@dataclass(frozen=True)
class _Header:
    stanza_types: tuple[bytes, ...]
    work_factor: int | None
    armored: bool


def _binary_age(data: bytes) -> tuple[bytes, bool]:
    """The binary age file (de-armored just to read its header), and whether
    ``data`` was armored."""
    if data.startswith(_AGE_MAGIC):
        return data, False
    stripped = data.lstrip()
    if stripped.startswith(_ARMOR_BEGIN):
        text = stripped[len(_ARMOR_BEGIN) :]
        end = text.find(_ARMOR_END)
        encoded = b"".join((text if end < 0 else text[:end]).split())
        try:
            decoded = base64.b64decode(encoded[: len(encoded) // 4 * 4], validate=True)
        except (binascii.Error, ValueError):
            raise BundleDamaged("The armored bundle is damaged and cannot be read.") from None
        if not decoded.startswith(_AGE_MAGIC):
            raise BundleDamaged("The armored file is not an age-encrypted bundle.")
        return decoded, True
    if not data:
        raise BundleDamaged("The file is empty, so it is not a bundle.")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise BundleDamaged("This is an unencrypted ZIP archive, not an encrypted bundle.")
    raise BundleDamaged("This file is not a bundle: it is not age-encrypted.")


def _read_header(data: bytes) -> _Header:
    """Just enough of the age header to know how it is locked, checked before
    any key derivation runs. The full parse is pyrage's."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleDamaged("The file is far larger than any bundle can be.")
    binary, armored = _binary_age(data)
    types: list[bytes] = []
    factor: int | None = None
    position = len(_AGE_MAGIC)
    while True:
        end = binary.find(b"\n", position)
        if end < 0:
            raise BundleDamaged("The bundle is incomplete: the file ends inside its header.")
        line = binary[position:end]
        position = end + 1
        if line.startswith(b"---"):
            break
        if not line.startswith(b"->"):
            continue  # a stanza's body line
        words = line[2:].split()
        types.append(words[0] if words else b"")
        if words[:1] == [b"scrypt"]:
            found = _SCRYPT_STANZA.fullmatch(line)
            if found is None:
                raise BundleDamaged("The bundle's passphrase header is malformed.")
            factor = int(found[2])
    if factor is not None and len(types) != 1:
        raise BundleDamaged("The bundle's header mixes a passphrase with other locks.")
    return _Header(tuple(types), factor, armored)


def scrypt_work_factor(data: bytes) -> int | None:
    """The scrypt work factor (log2 N) a passphrase bundle asks for, from its
    header; None for a bundle encrypted to keys. Runs no key derivation.

    A malformed header raises :class:`BundleDamaged`; a factor above the limit
    is returned as it is (:func:`decrypt` refuses it).
    """
    return _read_header(data).work_factor


# -- decrypting ----------------------------------------------------------------------------

_NO_MATCH = "No matching keys found"  # no identity opens a stanza (or a tag fails)
_SCRYPT_FAILED = "Decryption failed"  # the passphrase does not unwrap the file key


def _identities(texts: Iterable[str]) -> list[Any]:
    """age X25519 identities from strings; each may be a whole identity file."""
    keys: list[Any] = []
    for number, text in enumerate(texts, start=1):
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.upper().startswith("AGE-SECRET-KEY-PQ-"):
                raise BundleError(
                    "Post-quantum age keys are not supported yet; use an X25519 key "
                    "(AGE-SECRET-KEY-1…)."
                )
            try:
                keys.append(x25519.Identity.from_str(line))
            except Exception:  # pyrage.IdentityError; the key itself is never shown
                raise BundleError(
                    f"Key {number} is not an age secret key (they start with AGE-SECRET-KEY-1)."
                ) from None
    return keys


def _is_pyrage_panic(error: BaseException) -> bool:
    # A Rust panic inside pyrage arrives as pyo3's PanicException, which
    # derives from BaseException; a hostile file must not crash the app.
    return type(error).__name__ == "PanicException"


def _run_decrypt(run: Callable[[], bytes], *, by_passphrase: bool) -> bytes:
    try:
        return bytes(run())
    except pyrage.DecryptError as error:
        raise _decrypt_failure(str(error).strip(), by_passphrase=by_passphrase) from error
    except Exception as error:  # anything else pyrage raises is about the file
        raise BundleDamaged("The bundle is damaged and cannot be opened.") from error
    except BaseException as error:
        if _is_pyrage_panic(error):
            raise BundleDamaged("The bundle is damaged and cannot be opened.") from error
        raise


# pyrage's other messages, by a word they contain, and what they mean for a person.
_DAMAGE = (
    ("truncated", "The bundle is incomplete; the file was probably cut short."),
    ("fill whole buffer", "The bundle is incomplete; the file was probably cut short."),
    ("mac", "The bundle's header was changed or damaged, so it cannot be trusted."),
    ("armor", "The armored bundle is damaged and cannot be read."),
    ("decodeerror", "The armored bundle is damaged and cannot be read."),
    ("header", "The bundle's header is damaged and cannot be read."),
    ("unknown age format", "The bundle's header is damaged and cannot be read."),
)


def _decrypt_failure(message: str, *, by_passphrase: bool) -> BundleError:
    """Sort pyrage's messages: no key or passphrase matched, or the file is bad."""
    if message == _SCRYPT_FAILED or (message == _NO_MATCH and by_passphrase):
        return BundleWrongKey("That passphrase does not open this bundle.")
    if message == _NO_MATCH:
        return BundleWrongKey(
            "None of the keys given opens this bundle; it was made for a different key."
        )
    lowered = message.lower()
    for word, meaning in _DAMAGE:
        if word in lowered:
            return BundleDamaged(meaning)
    return BundleDamaged("The bundle is damaged: its contents fail the integrity check.")


def decrypt(data: bytes, *, identities: Sequence[str] = (), passphrase: str | None = None) -> bytes:
    """The plaintext of an age file, with a secret key or a passphrase.

    The header is checked first: a passphrase file asking for more than
    :data:`MAX_SCRYPT_WORK_FACTOR` is refused before any key derivation.
    """
    header = _read_header(data)
    payload = data.strip() if header.armored else data
    if header.work_factor is not None:
        if header.work_factor > MAX_SCRYPT_WORK_FACTOR:
            raise BundleDamaged(
                f"The bundle asks for far more passphrase work than bundles use "
                f"(scrypt factor {header.work_factor}, at most {MAX_SCRYPT_WORK_FACTOR}), "
                "so it was not opened."
            )
        if passphrase is None:
            raise BundleWrongKey("This bundle is locked with a passphrase; give it to open it.")
        _check_passphrase(passphrase)
        secret = passphrase
        return _run_decrypt(lambda: age_passphrase.decrypt(payload, secret), by_passphrase=True)
    keys = _identities(identities)
    if not keys:
        raise BundleWrongKey(
            "This bundle is locked to a key"
            + (", not a passphrase" if passphrase is not None else "")
            + "; give the matching secret key to open it."
        )
    return _run_decrypt(lambda: pyrage.decrypt(payload, keys), by_passphrase=False)


# -- reading the ZIP -----------------------------------------------------------------------

_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_ENTRY_NAME = re.compile(r"entries/[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.md")


def check_member_name(name: str) -> None:
    """Refuse a ZIP member name that could land outside the folder or be unclear."""
    if not name:
        raise BundleDamaged("The bundle holds a file without a name.")
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        raise BundleDamaged("The bundle holds a file with an absolute path.")
    if "\\" in name:
        raise BundleDamaged("The bundle holds a file name with a backslash.")
    parts = name.split("/")
    if ".." in parts:
        raise BundleDamaged("The bundle holds a file that points outside its folder (..).")
    if len(parts) > 2 or (len(parts) == 2 and parts[0] != "entries") or name == "entries":
        raise BundleDamaged("The bundle holds a folder other than entries/.")
    if not all(_PART.fullmatch(part) for part in parts):
        raise BundleDamaged("The bundle holds a file with an unusual name.")
    if name.startswith(ENTRIES_DIR) and not _ENTRY_NAME.fullmatch(name):
        raise BundleDamaged("The bundle's entries/ folder holds something other than entries.")


def _check_members(infos: Sequence[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise BundleDamaged(f"The bundle holds more than {MAX_MEMBERS:,} files.")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name != info.orig_filename:
            raise BundleDamaged("The bundle holds a file name with a hidden part.")
        key = name.casefold()
        if key in seen:
            raise BundleDamaged("The bundle holds two files with the same name.")
        seen.add(key)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise BundleDamaged("The bundle holds a symbolic link.")
        if info.is_dir():
            if name != ENTRIES_DIR or info.file_size:
                raise BundleDamaged("The bundle holds a folder other than entries/.")
            continue
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: the writer gave no file type
            raise BundleDamaged("The bundle holds something that is not a plain file.")
        check_member_name(name)
        if info.flag_bits & 0x1:
            raise BundleDamaged("The bundle holds a file with ZIP encryption.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleDamaged("The bundle holds a file compressed in an unexpected way.")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BundleDamaged("The bundle unpacks to more than 256 MiB, so it was not opened.")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BundleDamaged("The bundle holds a zip bomb, so it was not opened.")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, never more than its header declares (already capped)."""
    with archive.open(info) as member:
        data = member.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise BundleDamaged("A file in the bundle is not the size its header says.")
    return data


def _check_manifest(files: dict[str, bytes]) -> dict[str, Any]:
    raw = files.get(MANIFEST)
    if raw is None:
        raise BundleDamaged("The bundle has no manifest, so it is not a Therapy Journal bundle.")
    if len(raw) > MAX_MANIFEST_BYTES:
        raise BundleDamaged("The bundle's manifest is far too large.")
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleDamaged("The bundle's manifest cannot be read.") from None
    if not isinstance(manifest, dict):
        raise BundleDamaged("The bundle's manifest cannot be read.")
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise BundleDamaged("The bundle's manifest has no valid format version.")
    if version > FORMAT_VERSION:
        raise BundleDamaged(
            f"The bundle was made by a newer version of Therapy Journal (format {version}); "
            "update the app to open it."
        )
    _check_manifest_fields(manifest)
    listed: dict[str, Any] = manifest["files"]
    present = [name for name in files if name != MANIFEST]
    for name in present:
        if name not in listed:
            raise BundleDamaged(f"The bundle holds {name}, which its manifest does not list.")
    for name, facts in listed.items():
        if name not in files or name == MANIFEST:
            raise BundleDamaged(f"The bundle is missing {name}, which its manifest lists.")
        data = files[name]
        if facts["size"] != len(data) or facts["sha256"] != hashlib.sha256(data).hexdigest():
            raise BundleDamaged(f"{name} in the bundle was changed after the bundle was made.")
    return manifest


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _check_manifest_fields(manifest: dict[str, Any]) -> None:
    created = manifest.get("created")
    included = manifest.get("included")
    listed = manifest.get("files")
    try:
        datetime.fromisoformat(created if isinstance(created, str) else "")
    except ValueError:
        raise BundleDamaged("The bundle's manifest has no valid date.") from None
    if (
        not isinstance(included, dict)
        or type(included.get("entries")) is not int
        or included["entries"] < 0
        or not all(type(included.get(name, False)) is bool for name in INCLUDABLE)
    ):
        raise BundleDamaged("The bundle's manifest does not say what it includes.")
    if not isinstance(listed, dict) or not all(
        isinstance(facts, dict)
        and isinstance(facts.get("sha256"), str)
        and _SHA256.fullmatch(facts["sha256"])
        and type(facts.get("size")) is int
        for facts in listed.values()
    ):
        raise BundleDamaged("The bundle's manifest does not list its files properly.")


@dataclass(frozen=True)
class BundleEntry:
    """One journal entry read from a bundle."""

    path: str
    created: datetime
    title: str
    mood: int | None
    tags: tuple[str, ...]
    prompt: str | None
    body: str


_FRONT_KEY = re.compile(r"[a-z_]+")


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ValueError("front matter not closed")
    rest = text[end + 5 :]
    if not rest.startswith("\n"):
        raise ValueError("no blank line after the front matter")
    values: dict[str, Any] = {}
    for line in text[4:end].split("\n"):
        key, colon, value = line.partition(":")
        if not colon or not _FRONT_KEY.fullmatch(key) or key in values:
            raise ValueError("a front-matter line is not 'key: value'")
        values[key] = json.loads(value)
    return values, rest[1:]


def parse_entry_file(path: str, data: bytes) -> BundleEntry:
    """An entry file of a bundle; :class:`BundleDamaged` if it cannot be read."""
    try:
        values, body = _front_matter(data.decode("utf-8"))
        created = datetime.fromisoformat(values["date"])
        title, mood, tags = values["title"], values.get("mood"), values.get("tags", [])
        prompt = values.get("prompt")
        if (
            created.tzinfo is None
            or not isinstance(title, str)
            or not (mood is None or type(mood) is int)
            or not isinstance(tags, list)
            or not all(isinstance(tag, str) for tag in tags)
            or not (prompt is None or isinstance(prompt, str))
        ):
            raise ValueError("a front-matter value has the wrong type")
        checked = make_entry(title=title, body=body, mood=mood, tags=tags, created=created)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError, InvalidEntry):
        raise BundleDamaged(f"The entry {path} in the bundle cannot be read.") from None
    return BundleEntry(
        path=path,
        created=checked.created,
        title=checked.title,
        mood=checked.mood,
        tags=checked.tags,
        prompt=prompt,
        body=checked.body,
    )


@dataclass(frozen=True)
class OpenedBundle:
    """A decrypted bundle that passed every check, still only in memory."""

    manifest: dict[str, Any]
    files: dict[str, bytes] = field(repr=False)
    entries: tuple[BundleEntry, ...]

    def summary(self) -> dict[str, Any]:
        """What the bundle holds, for people and for ``--json``: no entry text."""
        return {
            "format_version": self.manifest.get("format_version"),
            "app": self.manifest.get("app"),
            "app_version": self.manifest.get("app_version"),
            "created": self.manifest.get("created"),
            "included": self.manifest.get("included"),
            "files": [{"name": name, "size": len(data)} for name, data in self.files.items()],
            "entries": len(self.entries),
        }


def read_bundle(zip_bytes: bytes) -> OpenedBundle:
    """Check a decrypted bundle's ZIP through and through, in memory."""
    if len(zip_bytes) > MAX_ZIP_BYTES:
        raise BundleDamaged("The bundle is far larger than any bundle can be.")
    if not zip_bytes.startswith(b"PK"):
        raise BundleDamaged("The bundle does not hold a ZIP archive.")
    try:
        with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
            infos = archive.infolist()
            _check_members(infos)
            files = {
                info.filename: _read_member(archive, info) for info in infos if not info.is_dir()
            }
    except BundleError:
        raise
    except ZIP_ERRORS as error:
        raise BundleDamaged("The bundle's ZIP archive is damaged.") from error
    manifest = _check_manifest(files)
    entries = tuple(
        parse_entry_file(name, files[name])
        for name in sorted(files)
        if name.startswith(ENTRIES_DIR)
    )
    if len(entries) != manifest["included"]["entries"]:
        raise BundleDamaged("The bundle holds a different number of entries than it says.")
    return OpenedBundle(manifest, files, entries)


def open_bundle(
    path: Path, *, identities: Sequence[str] = (), passphrase: str | None = None
) -> OpenedBundle:
    """Read, decrypt and check the bundle at ``path``; nothing is written."""
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise BundleDamaged(f"{path.name} is far larger than any bundle can be.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"There is no file {path}.") from None
    except OSError as error:
        raise BundleError(f"Could not read {path}: {describe_os_error(error)}.") from error
    return read_bundle(decrypt(data, identities=identities, passphrase=passphrase))


def extract(opened: OpenedBundle, folder: Path) -> list[Path]:
    """Write a checked bundle's files into ``folder``, which must be new or empty.

    Files are readable by their owner only (0o600), folders 0o700. If writing
    fails, what was written is removed again.
    """
    try:
        occupied = folder.exists() and (not folder.is_dir() or any(folder.iterdir()))
    except OSError as error:
        raise BundleError(f"Could not look into {folder}: {describe_os_error(error)}.") from error
    if occupied:
        raise BundleError(f"{folder} is not an empty folder; choose a new or empty one.")
    for name in opened.files:
        check_member_name(name)
    made_folder = not folder.exists()
    written: list[Path] = []
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for name, data in opened.files.items():
            target = folder / name
            if target.parent != folder and not target.parent.exists():
                target.parent.mkdir(mode=0o700)
                target.parent.chmod(0o700)
                written.append(target.parent)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            written.append(target)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
    except OSError as error:
        _remove_quietly(written, folder if made_folder else None)
        raise BundleError(
            f"Could not extract the bundle into {folder}: {describe_os_error(error)}. "
            "Nothing was left there."
        ) from error
    log.info("extracted %d files from a bundle", len(opened.files))
    return [path for path in written if path.is_file()]


def _remove_quietly(paths: list[Path], folder: Path | None) -> None:
    for path in [*reversed(paths), *([folder] if folder else [])]:
        try:
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove %s after a failed extract: %s", path, error)


def to_new_entries(opened: OpenedBundle) -> list[NewEntry]:
    """The bundle's entries, ready for :meth:`JournalService.import_entries`.

    The prompt link is not kept: prompt ids differ between vaults.
    """
    return [
        make_entry(
            title=entry.title,
            body=entry.body,
            mood=entry.mood,
            tags=entry.tags,
            created=entry.created,
        )
        for entry in opened.entries
    ]


# -- the share log and receiving keys -------------------------------------------------------


@dataclass(frozen=True)
class ShareRecord:
    """One bundle that was made: when, for whom, how, what, and its fingerprint."""

    id: int
    at: datetime
    recipient: str
    method: str  # "key" or "passphrase"
    items: dict[str, Any]
    fingerprint: str
    file_name: str


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
    ) -> ShareRecord:
        """Gather, zip, encrypt and write a bundle to ``path``, and log it.

        Exactly one of ``recipients`` (age public keys) or ``passphrase`` is given.
        """
        _check_method(recipients, passphrase)
        contents = self.gather(selection, render_pdf=render_pdf, progress=progress)
        return self.save(
            contents,
            path,
            recipients=recipients,
            passphrase=passphrase,
            recipient_label=recipient_label,
        )

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

    def save(
        self,
        contents: BundleContents,
        path: Path,
        *,
        recipients: Sequence[str] = (),
        passphrase: str | None = None,
        recipient_label: str = "",
    ) -> ShareRecord:
        """Zip, encrypt and write ``contents`` to ``path``, and log it: the very
        contents a preview showed."""
        _check_method(recipients, passphrase)
        data = pack(contents)
        if passphrase is not None:
            encrypted = encrypt_with_passphrase(data, passphrase)
            method, who = "passphrase", recipient_label.strip()
        else:
            encrypted = encrypt_to_recipients(data, recipients)
            keys = list(dict.fromkeys(r.strip() for r in recipients if r.strip()))
            method, who = "key", recipient_label.strip() or ", ".join(keys)
        digest = write_bundle(path, encrypted)
        items = {
            **contents.manifest["included"],
            "selection": contents.manifest["selection"],
            "entry_ids": list(contents.entry_ids),
            "files": len(contents.names()),
        }
        at = self.clock()
        with self.vault.db.transaction():
            cursor = self.vault.db.execute(
                "INSERT INTO shares (at, recipient, method, items, fingerprint, file_name) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (at.isoformat(), who, method, json.dumps(items), digest, path.name),
            )
        record_id = int(cursor.lastrowid)
        log.info("shared bundle %d by %s (%d entries)", record_id, method, len(contents.entry_ids))
        return ShareRecord(record_id, at, who, method, items, digest, path.name)

    def history(self) -> list[ShareRecord]:
        """Every bundle made, newest first."""
        return [
            ShareRecord(
                int(row[0]),
                datetime.fromisoformat(str(row[1])),
                str(row[2]),
                str(row[3]),
                _items(str(row[4])),
                str(row[5]),
                str(row[6]),
            )
            for row in self.vault.db.query(
                "SELECT id, at, recipient, method, items, fingerprint, file_name "
                "FROM shares ORDER BY id DESC"
            )
        ]

    def create_receiving_key(self) -> str:
        """A new key pair for receiving bundles; the secret half stays in the
        (encrypted) vault. Returns the public key to give out (age1…)."""
        identity = x25519.Identity.generate()
        public = str(identity.to_public())
        with self.vault.db.transaction():
            self.vault.db.execute(
                "INSERT INTO receiving_keys (created, identity, recipient) VALUES (?, ?, ?)",
                (self.clock().isoformat(), str(identity), public),
            )
        log.info("created a receiving key")
        return public

    def receiving_key(self) -> str | None:
        """The newest public receiving key, or None before one is made."""
        row = self.vault.db.query_one(
            "SELECT recipient FROM receiving_keys ORDER BY id DESC LIMIT 1"
        )
        return None if row is None else str(row[0])

    def receiving_identities(self) -> list[str]:
        """The secret receiving keys (AGE-SECRET-KEY-1…), newest first. Never log them."""
        return [
            str(row[0])
            for row in self.vault.db.query("SELECT identity FROM receiving_keys ORDER BY id DESC")
        ]

    def import_entries(self, opened: OpenedBundle) -> ImportSummary:
        """Add the bundle's entries to the journal; ones already there are skipped."""
        return JournalService(self.vault, self.clock).import_entries(to_new_entries(opened))


def _check_method(recipients: Sequence[str], passphrase: str | None) -> None:
    """Exactly one of keys or a passphrase, and a mistyped key fails before any work."""
    if recipients and passphrase is not None:
        raise BundleError("Encrypt the bundle either to keys or with a passphrase, not both.")
    if not recipients and passphrase is None:
        raise BundleError("Give a key or a passphrase to encrypt the bundle with.")
    if recipients:
        _recipients(recipients)
    elif passphrase is not None and not passphrase.strip():
        raise BundleError("The passphrase is empty; choose or generate one.")


def _items(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
