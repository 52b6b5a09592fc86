"""Encrypted bundles: what goes in, how it is locked, and every way opening one
can fail, which must always be a BundleError with a plain sentence and never
leave anything on disk."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519
from xkcdpass import xkcd_password

from tests.helpers.vaults import files_containing, make_vault
from therapy_journal.services.assessments import AssessmentService
from therapy_journal.services.bundles import (
    FORMAT_VERSION,
    INCLUDABLE,
    MAX_SCRYPT_WORK_FACTOR,
    BundleContents,
    BundleDamaged,
    BundleError,
    BundleFile,
    BundleWrongKey,
    OpenedBundle,
    Selection,
    ShareService,
    decrypt,
    encrypt_to_recipients,
    encrypt_with_passphrase,
    extract,
    fingerprint,
    gather,
    generate_passphrase,
    open_bundle,
    pack,
    read_bundle,
    scrypt_work_factor,
    to_new_entries,
    write_bundle,
)
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.profile import Profile, ProfileService
from therapy_journal.services.prompts import PromptService
from therapy_journal.store.vault import Vault

VECTORS = Path(__file__).resolve().parents[3].parent / "shared" / "vectors" / "age"
SECRET_WORDS = "my-secret-sentence-xyzzy"
MiB = 1024 * 1024


# -- helpers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def key() -> tuple[str, str]:
    """(secret, public) of an age X25519 key pair."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


@pytest.fixture(scope="module")
def other_key() -> tuple[str, str]:
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, 30).astimezone()


def add(journal: JournalService, day: int, title: str, **fields: Any) -> int:
    return journal.add(make_entry(title=title, created=at(day), **fields))


@pytest.fixture
def three(journal: JournalService) -> list[int]:
    """Three entries on March 1st, 2nd and 3rd, the first and last tagged 'work'."""
    return [
        add(journal, 1, "Monday", body="First day.\n\nSecond paragraph.", mood=4, tags=["work"]),
        add(journal, 2, "Tuesday", body="Rest.", mood=None, tags=["home"]),
        add(journal, 3, "Wednesday", body=f"Back at it. {SECRET_WORDS}", mood=7, tags=["work"]),
    ]


def contents_of(files: dict[str, bytes], *, entries: int = 0) -> BundleContents:
    """Valid bundle contents around ``files``, without a vault."""
    manifest = {
        "format_version": FORMAT_VERSION,
        "app": "Therapy Journal",
        "app_version": "test",
        "created": "2026-03-04T10:00:00-05:00",
        "included": {"entries": entries, "profile": False, "goals": False, "assessments": False},
        "selection": {},
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in files.items()
        },
    }
    bundle_files = tuple(BundleFile(name, data) for name, data in files.items())
    return BundleContents(bundle_files, manifest, ())


ENTRY_FILE = (
    b'---\ndate: "2026-03-01T09:30:00-05:00"\ntitle: "Hello"\nmood: 5\ntags: ["a"]\n---\n\nBody'
)


def small_zip() -> bytes:
    return pack(
        contents_of({"report.html": b"<p>hi</p>", "entries/0001-x.md": ENTRY_FILE}, entries=1)
    )


def crafted_zip(
    members: list[tuple[zipfile.ZipInfo | str, bytes]],
    *,
    listed: dict[str, bytes] | None = None,
    manifest: bytes | None = None,
) -> bytes:
    """A ZIP with a valid manifest listing ``listed`` (default: every member),
    then the members exactly as given."""
    if manifest is None:
        names = {(m.filename if isinstance(m, zipfile.ZipInfo) else m): d for m, d in members}
        manifest = contents_of(names if listed is None else listed).file("manifest.json")
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we want
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", manifest)
            for member, data in members:
                archive.writestr(member, data)
    return buffer.getvalue()


def set_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size a ZIP's headers claim for member ``name``."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_len_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        start = 0
        while (start := out.find(signature, start)) >= 0:
            (length,) = struct.unpack_from("<H", out, start + name_len_at)
            if out[start + name_at : start + name_at + length] == encoded:
                struct.pack_into("<I", out, start + size_at, size)
            start += 4
    return bytes(out)


def age_file(zip_bytes: bytes, public: str) -> bytes:
    return bytes(pyrage.encrypt(zip_bytes, [x25519.Recipient.from_str(public)]))


def header_end(encrypted: bytes) -> int:
    """Index just past the age header (the MAC line)."""
    mac = encrypted.index(b"\n--- ")
    return encrypted.index(b"\n", mac + 1) + 1


def opens_nothing(path: Path, folder: Path, **keys: Any) -> BundleDamaged:
    """Opening ``path`` fails as damaged, and ``folder`` stays empty."""
    with pytest.raises(BundleDamaged) as caught:
        extract(open_bundle(path, **keys), folder)
    assert not folder.exists() or not any(folder.iterdir())
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message
    return caught.value


# -- gathering and selection ---------------------------------------------------------------


def entry_titles(contents: BundleContents) -> list[str]:
    opened = read_bundle(pack(contents))
    return [entry.title for entry in opened.entries]


def test_all_entries_are_shared_oldest_first_and_the_trash_is_not(
    vault: Vault, journal: JournalService, three: list[int]
) -> None:
    journal.move_to_trash(add(journal, 4, "Thrown away"))
    contents = gather(vault, Selection(all_entries=True))
    assert entry_titles(contents) == ["Monday", "Tuesday", "Wednesday"]
    assert contents.entry_ids == tuple(three)
    assert contents.manifest["included"] == {
        "entries": 3,
        "profile": False,
        "goals": False,
        "assessments": False,
    }


def test_entries_chosen_by_id(vault: Vault, three: list[int]) -> None:
    contents = gather(vault, Selection(entry_ids=(three[2], three[0])))
    assert entry_titles(contents) == ["Monday", "Wednesday"]
    assert contents.manifest["selection"]["ids"] == 2


def test_entries_chosen_by_tag(vault: Vault, three: list[int]) -> None:
    assert entry_titles(gather(vault, Selection(tag="#Work"))) == ["Monday", "Wednesday"]


def test_a_date_range_includes_since_and_excludes_until(vault: Vault, three: list[int]) -> None:
    contents = gather(vault, Selection(since=at(2, 0), until=at(3, 9)))
    assert entry_titles(contents) == ["Tuesday"]


def test_ids_with_a_tag_keep_the_ids_that_have_it(vault: Vault, three: list[int]) -> None:
    contents = gather(vault, Selection(entry_ids=(three[0], three[1]), tag="work"))
    assert entry_titles(contents) == ["Monday"]


@pytest.mark.parametrize(
    ("selection", "says"),
    [
        (Selection(), "Choose what to share"),
        (Selection(include=frozenset({"diary"})), "cannot be included"),
        (Selection(tag="nothing-has-this"), "nothing to share"),
        (Selection(entry_ids=(999,)), "There is no entry 999"),
    ],
)
def test_a_selection_that_shares_nothing_is_refused(
    vault: Vault, three: list[int], selection: Selection, says: str
) -> None:
    with pytest.raises(BundleError, match=says):
        gather(vault, selection)


def test_an_entry_in_the_trash_is_not_shared_by_id(
    vault: Vault, journal: JournalService, three: list[int]
) -> None:
    journal.move_to_trash(three[1])
    with pytest.raises(BundleError, match="in the trash"):
        gather(vault, Selection(entry_ids=(three[1],)))


def test_pages_alone_can_be_shared(vault: Vault) -> None:
    GoalService(vault).create("Find a therapist", "I want support", date(2026, 4, 1), ["Call"])
    ProfileService(vault).save(Profile(hopes="Sleep better"))
    AssessmentService(vault).record("phq9", [1] * 9, when=at(2))
    contents = gather(vault, Selection(include=frozenset(INCLUDABLE)))
    assert contents.entry_ids == ()
    assert contents.names() == [
        "manifest.json",
        "report.html",
        "profile.md",
        "goals.md",
        "assessments.md",
    ]
    goals = contents.file("goals.md").decode()
    assert "## Find a therapist" in goals
    assert "- **Status:** Active" in goals
    assert "- **Due:** 2026-04-01" in goals
    assert "- [ ] Call" in goals
    assessments = contents.file("assessments.md").decode()
    assert "This is a self-check, not a diagnosis" in assessments
    assert "2026-03-02 PHQ-9:** 9 of 27" in assessments
    assert "Sleep better" in contents.file("profile.md").decode()
    report = contents.file("report.html").decode()
    assert "Find a therapist" in report and "PHQ-9" in report and "Sleep better" in report


def test_a_ticked_step_is_a_ticked_checkbox(vault: Vault) -> None:
    goals = GoalService(vault)
    goal = goals.create("Reach out", steps=["Find three names", "Email one"])
    goals.set_step_done(goal.steps[0].id, True)
    text = gather(vault, Selection(include=frozenset({"goals"}))).file("goals.md").decode()
    assert "- [x] Find three names" in text and "- [ ] Email one" in text


# -- the files inside ----------------------------------------------------------------------


def test_the_manifest_comes_first_and_lists_every_other_file_with_its_hash(
    vault: Vault, three: list[int]
) -> None:
    contents = gather(vault, Selection(all_entries=True, include=frozenset({"goals"})))
    packed = pack(contents)
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        assert names[0] == "manifest.json"
        assert set(manifest["files"]) == set(names[1:])
        for name in names[1:]:
            data = archive.read(name)
            assert manifest["files"][name] == {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["app"] == "Therapy Journal"
    assert datetime.fromisoformat(manifest["created"]).utcoffset() is not None
    assert SECRET_WORDS not in json.dumps(manifest)
    assert pack(contents) == packed  # deterministic


def test_entry_files_have_front_matter_and_safe_names(
    vault: Vault, journal: JournalService
) -> None:
    prompt = PromptService(vault).prompts()[0]
    title = 'Ünïcode "quoted" ../../etc/passwd \\ back: slash\ufeff\x7f'
    journal.add(
        make_entry(
            title=title,
            body="---\nnot: front matter\n---\n",
            mood=3,
            tags=["a", "b-c"],
            created=at(5),
            prompt_id=prompt.id,
        )
    )
    contents = gather(vault, Selection(all_entries=True))
    (name,) = [n for n in contents.names() if n.startswith("entries/")]
    assert re.fullmatch(r"entries/0001-2026-03-05-[a-z0-9-]+\.md", name)
    assert ".." not in name
    text = contents.file(name).decode()
    head, _, body = text.partition("\n---\n\n")
    assert body == "---\nnot: front matter\n---\n"
    lines = head.split("\n")
    assert lines[0] == "---"
    values = {line.split(": ", 1)[0]: json.loads(line.split(": ", 1)[1]) for line in lines[1:]}
    assert values["title"] == " ".join(title.split())
    assert values["mood"] == 3 and values["tags"] == ["a", "b-c"]
    assert values["prompt"] == prompt.text
    assert datetime.fromisoformat(values["date"]) == at(5)
    assert "\ufeff" not in head and "\x7f" not in head  # not allowed raw in YAML
    assert "\\ufeff" in head and "\\u007f" in head
    (entry,) = read_bundle(pack(contents)).entries
    assert entry.prompt == prompt.text and entry.title == values["title"]


def test_the_report_escapes_everything_and_loads_nothing(
    vault: Vault, journal: JournalService
) -> None:
    journal.add(
        make_entry(
            title="<script>alert('title')</script>",
            body='<script>alert("body")</script>\n<img src="http://example.com/x.png">',
            tags=["<b>"],
            created=at(1),
        )
    )
    report = gather(vault, Selection(all_entries=True)).file("report.html").decode()
    assert "<script" not in report.lower()
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in report
    assert "&lt;img src=&quot;http://example.com/x.png&quot;&gt;" in report
    assert "<img" not in report and "<link" not in report and "url(" not in report
    assert (
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    ) in report


def test_a_pdf_renderer_gets_the_report_and_adds_a_pdf(vault: Vault, three: list[int]) -> None:
    seen: list[str] = []

    def render(page: str) -> bytes:
        seen.append(page)
        return b"%PDF-1.7 test"

    contents = gather(vault, Selection(all_entries=True), render_pdf=render)
    assert seen == [contents.file("report.html").decode()]
    assert contents.file("report.pdf") == b"%PDF-1.7 test"
    assert "report.pdf" in contents.manifest["files"]


def test_progress_counts_each_entry_and_can_cancel(vault: Vault, three: list[int]) -> None:
    calls: list[tuple[int, int]] = []
    gather(vault, Selection(all_entries=True), progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(BundleError, match="cancelled; nothing was written"):
        gather(vault, Selection(all_entries=True), progress=lambda d, t: d < 2)


def test_a_passphrase_is_six_words_from_the_eff_long_list() -> None:
    path = Path(xkcd_password.locate_wordfile("eff-long"))
    eff = set(path.read_text(encoding="utf-8").split())
    assert len(eff) == 7776
    first, second = generate_passphrase(), generate_passphrase()
    assert first != second
    for phrase in (first, second):
        words = phrase.split("-")
        assert len(words) == 6
        assert set(words) <= eff
    assert len(generate_passphrase(8).split("-")) == 8


# -- round trips ---------------------------------------------------------------------------


def test_a_bundle_to_a_key_round_trips(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    secret, public = key
    contents = gather(vault, Selection(all_entries=True))
    encrypted = encrypt_to_recipients(pack(contents), [public])
    assert encrypted.startswith(b"age-encryption.org/v1\n-> X25519 ")
    assert scrypt_work_factor(encrypted) is None
    path = tmp_path / "out" / "for-therapist.age"
    path.parent.mkdir()
    digest = write_bundle(path, encrypted)
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest() == fingerprint(encrypted)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert files_containing(path.parent, [SECRET_WORDS, "Wednesday"]) == []

    opened = open_bundle(path, identities=[secret])
    entries = JournalService(vault).get_many(three)
    assert [(e.created, e.title, e.body, e.mood, e.tags) for e in opened.entries] == [
        (e.created, e.title, e.body, e.mood, e.tags) for e in entries
    ]
    summary = opened.summary()
    assert summary["entries"] == 3 and summary["format_version"] == FORMAT_VERSION
    assert summary["files"][0] == {
        "name": "manifest.json",
        "size": len(contents.file("manifest.json")),
    }


def test_a_bundle_to_several_keys_opens_with_each(
    key: tuple[str, str], other_key: tuple[str, str]
) -> None:
    encrypted = encrypt_to_recipients(small_zip(), [key[1], other_key[1], key[1]])
    assert encrypted.count(b"-> X25519 ") == 2
    for secret in (key[0], other_key[0]):
        assert decrypt(encrypted, identities=[secret]) == small_zip()


def test_an_identity_file_with_comments_is_accepted(key: tuple[str, str]) -> None:
    encrypted = encrypt_to_recipients(small_zip(), [key[1]])
    identity_file = f"# created: 2026-03-01\n# public key: {key[1]}\n{key[0]}\n"
    assert decrypt(encrypted, identities=[identity_file]) == small_zip()


@pytest.mark.parametrize(
    ("recipient", "says"),
    [
        ("age1notakey", "is not an age public key"),
        (
            "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ",
            "secret key",
        ),
        ("   ", "at least one"),
    ],
)
def test_a_bad_recipient_is_a_plain_error(recipient: str, says: str) -> None:
    with pytest.raises(BundleError, match=says) as caught:
        encrypt_to_recipients(b"data", [recipient])
    assert "AGE-SECRET-KEY-1QQQ" not in str(caught.value)


@pytest.fixture(scope="module")
def by_passphrase() -> tuple[bytes, str]:
    """A small bundle locked with a passphrase (age's own work factor: seconds)."""
    phrase = generate_passphrase()
    return encrypt_with_passphrase(small_zip(), phrase), phrase


@pytest.mark.slow
def test_a_bundle_with_a_passphrase_round_trips(by_passphrase: tuple[bytes, str]) -> None:
    encrypted, phrase = by_passphrase
    factor = scrypt_work_factor(encrypted)
    assert factor is not None and factor <= MAX_SCRYPT_WORK_FACTOR
    assert read_bundle(decrypt(encrypted, passphrase=phrase)).entries[0].title == "Hello"


@pytest.mark.slow
def test_a_wrong_passphrase_is_a_wrong_key(by_passphrase: tuple[bytes, str]) -> None:
    encrypted, _ = by_passphrase
    with pytest.raises(BundleWrongKey, match="passphrase does not open"):
        decrypt(encrypted, passphrase="not-the-right-words")


@pytest.mark.slow
def test_a_changed_byte_in_a_passphrase_bundles_payload_is_damage(
    by_passphrase: tuple[bytes, str],
) -> None:
    encrypted, phrase = by_passphrase
    changed = bytearray(encrypted)
    changed[-5] ^= 0x01
    with pytest.raises(BundleDamaged):
        decrypt(bytes(changed), passphrase=phrase)


def test_a_passphrase_bundle_without_a_passphrase_asks_for_one(
    by_passphrase: tuple[bytes, str], key: tuple[str, str]
) -> None:
    with pytest.raises(BundleWrongKey, match="locked with a passphrase"):
        decrypt(by_passphrase[0], identities=[key[0]])


# -- wrong keys and damaged files ----------------------------------------------------------


@pytest.fixture(scope="module")
def to_key(key: tuple[str, str]) -> bytes:
    return age_file(small_zip(), key[1])


def test_another_key_is_a_wrong_key(to_key: bytes, other_key: tuple[str, str]) -> None:
    with pytest.raises(BundleWrongKey, match="made for a different key"):
        decrypt(to_key, identities=[other_key[0]])


def test_no_key_or_a_passphrase_for_a_key_bundle_is_a_wrong_key(to_key: bytes) -> None:
    with pytest.raises(BundleWrongKey, match="locked to a key;"):
        decrypt(to_key)
    with pytest.raises(BundleWrongKey, match="not a passphrase"):
        decrypt(to_key, passphrase="anything")


def test_a_malformed_secret_key_is_a_plain_error_that_does_not_repeat_it(to_key: bytes) -> None:
    with pytest.raises(BundleError, match="Key 1 is not an age secret key") as caught:
        decrypt(to_key, identities=["AGE-SECRET-KEY-1NOTREALLYAKEY"])
    assert type(caught.value) is BundleError
    assert "NOTREALLY" not in str(caught.value)


def flipped(data: bytes, where: int) -> bytes:
    changed = bytearray(data)
    changed[where] ^= 0x04
    return bytes(changed)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("version", BundleDamaged),
        ("stanza arrow", BundleDamaged),
        ("stanza type", (BundleWrongKey, BundleDamaged)),  # an unknown type matches no key
        ("share", (BundleWrongKey, BundleDamaged)),  # another share: no key matches
        ("wrapped key", (BundleWrongKey, BundleDamaged)),
        ("mac", BundleDamaged),
        ("nonce", BundleDamaged),
        ("payload start", BundleDamaged),
        ("middle", BundleDamaged),
        ("end", BundleDamaged),
    ],
)
def test_one_changed_byte_is_never_a_generic_error(
    to_key: bytes, key: tuple[str, str], where: str, expected: Any
) -> None:
    stanza = to_key.index(b"-> X25519 ")
    body = to_key.index(b"\n", stanza) + 1
    mac = to_key.index(b"\n--- ") + 6
    payload = header_end(to_key)
    position = {
        "version": 5,
        "stanza arrow": stanza,
        "stanza type": stanza + 4,
        "share": stanza + 14,
        "wrapped key": body + 10,
        "mac": mac + 10,
        "nonce": payload + 3,
        "payload start": payload + 17,
        "middle": (payload + len(to_key)) // 2,
        "end": len(to_key) - 1,
    }[where]
    with pytest.raises(expected):
        read_bundle(decrypt(flipped(to_key, position), identities=[key[0]]))


@pytest.mark.parametrize("keep", [1, 10, 30, 80, "header", "header+10", "all-but-one"])
def test_a_truncated_file_is_damaged(to_key: bytes, key: tuple[str, str], keep: Any) -> None:
    length = {
        "header": header_end(to_key),
        "header+10": header_end(to_key) + 10,
        "all-but-one": len(to_key) - 1,
    }.get(keep, keep)
    with pytest.raises(BundleDamaged):
        decrypt(to_key[:length], identities=[key[0]])


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (os.urandom(4096), "not age-encrypted"),
        (small_zip(), "unencrypted ZIP"),
        (b"age-encryption.org/v2\n-> X25519 abc\n--- abc\n", "not age-encrypted"),
        (
            b"-----BEGIN AGE ENCRYPTED FILE-----\n!!!!\n-----END AGE ENCRYPTED FILE-----\n",
            "armored",
        ),
    ],
)
def test_a_file_that_is_not_age_is_damaged(data: bytes, says: str, key: tuple[str, str]) -> None:
    with pytest.raises(BundleDamaged, match=says):
        decrypt(data, identities=[key[0]])


def test_an_armored_bundle_opens(key: tuple[str, str]) -> None:
    armored = pyrage.encrypt(small_zip(), [x25519.Recipient.from_str(key[1])], armored=True)
    assert armored.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert decrypt(b"\n  " + armored, identities=[key[0]]) == small_zip()


def scrypt_header(factor: str, *, armored: bool = False) -> bytes:
    data = (
        b"age-encryption.org/v1\n"
        b"-> scrypt rF0/NwblUHHTpgQgRpe5CQ " + factor.encode() + b"\n"
        b"qW9eVsT0NVb/Vswtw8kPIxUnaYmm9Px1dYmq2+4+qZA\n"
        b"--- 38TpQMxQRRNMfmYYpBX6DDrPx4/QY5UmJnhPyVoX/cw\n" + bytes(range(64))
    )
    if not armored:
        return data
    encoded = base64.b64encode(data)
    lines = b"\n".join(encoded[i : i + 64] for i in range(0, len(encoded), 64))
    return b"-----BEGIN AGE ENCRYPTED FILE-----\n" + lines + b"\n-----END AGE ENCRYPTED FILE-----\n"


@pytest.mark.parametrize("armored", [False, True])
@pytest.mark.parametrize("factor", [21, 23, 64, 10**30])
def test_too_much_passphrase_work_is_refused_before_any_is_done(factor: int, armored: bool) -> None:
    crafted = scrypt_header(str(factor), armored=armored)
    assert scrypt_work_factor(crafted) == factor
    with pytest.raises(BundleDamaged, match="far more passphrase work"):
        decrypt(crafted, passphrase="password")


@pytest.mark.parametrize("factor", ["023", "+20", "0x14", "-1", "", "20 extra", "twenty"])
def test_a_malformed_scrypt_stanza_is_damaged(factor: str) -> None:
    with pytest.raises(BundleDamaged, match="passphrase header is malformed"):
        scrypt_work_factor(scrypt_header(factor))
    with pytest.raises(BundleDamaged):
        decrypt(scrypt_header(factor), passphrase="password")


def test_scrypt_beside_another_lock_is_damaged() -> None:
    crafted = scrypt_header("18").replace(
        b"--- ", b"-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nAAAA\n--- "
    )
    with pytest.raises(BundleDamaged, match="mixes a passphrase"):
        decrypt(crafted, passphrase="password")


# -- hostile archives inside valid age files -----------------------------------------------


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def zeros_zip(name: str, mebibytes: int) -> bytes:
    """A ZIP whose member ``name`` is that many MiB of zeros, written streaming."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", contents_of({}).file("manifest.json"))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = bytes(MiB)
            for _ in range(mebibytes):
                member.write(chunk)
    return buffer.getvalue()


def manifest_with(**changes: Any) -> dict[str, Any]:
    """A valid manifest listing a.md (b"1"), with ``changes`` made to it."""
    return {**contents_of({"a.md": b"1"}).manifest, **changes}


def hostile_zips() -> Iterator[tuple[str, Callable[[], bytes], str]]:
    """(case, how to build it, what the error says)."""
    yield "parent", lambda: crafted_zip([("../evil", b"x")]), r"outside its folder"
    yield "deep parent", lambda: crafted_zip([("entries/../../evil", b"x")]), r"outside|folder"
    yield "absolute", lambda: crafted_zip([("/abs", b"x")]), r"absolute path"
    yield "drive", lambda: crafted_zip([("C:\\x", b"x")]), r"absolute path"
    yield "unc", lambda: crafted_zip([("\\\\server\\x", b"x")]), r"absolute path"
    yield "backslash", lambda: crafted_zip([("entries\\x.md", b"x")]), r"backslash"
    yield "symlink", lambda: crafted_zip([(symlink("link.md"), b"/etc/passwd")]), r"symbolic"
    yield "duplicate", lambda: crafted_zip([("a.md", b"1"), ("a.md", b"2")]), r"same name"
    yield "case duplicate", lambda: crafted_zip([("a.md", b"1"), ("A.md", b"2")]), r"same name"
    yield "other folder", lambda: crafted_zip([("notes/x.md", b"x")]), r"other than entries"
    yield "folder entry", lambda: crafted_zip([("notes/", b"")]), r"other than entries"
    yield "bomb", lambda: zeros_zip("big.md", 300), r"more than 256 MiB"
    yield "ratio", lambda: zeros_zip("big.md", 20), r"zip bomb"
    yield (
        "claims huge",
        lambda: set_declared_size(crafted_zip([("a.md", b"x" * 100)]), "a.md", 2**31),
        r"more than 256 MiB|zip bomb",
    )
    yield (
        "claims small",
        lambda: set_declared_size(crafted_zip([("a.md", b"x" * 100_000)]), "a.md", 10),
        r"damaged|size",
    )
    yield (
        "hash mismatch",
        lambda: crafted_zip([("a.md", b"changed")], listed={"a.md": b"original"}),
        r"was changed after",
    )
    yield (
        "not listed",
        lambda: crafted_zip([("a.md", b"1"), ("extra.md", b"2")], listed={"a.md": b"1"}),
        r"does not list",
    )
    yield (
        "listed but missing",
        lambda: crafted_zip([("a.md", b"1")], listed={"a.md": b"1", "b.md": b"2"}),
        r"is missing b\.md",
    )
    yield (
        "manifest missing",
        lambda: crafted_zip([("a.md", b"1")], manifest=b"").replace(
            b"manifest.json", b"manifest.jsom"
        ),
        r"no manifest",
    )
    yield "manifest not json", lambda: crafted_zip([], manifest=b"{not json"), r"cannot be read"
    yield "manifest a list", lambda: crafted_zip([], manifest=b"[]"), r"cannot be read"
    yield (
        "manifest too deep",
        lambda: crafted_zip([], manifest=b"[" * 100_000 + b"]" * 100_000),
        r"cannot be read",
    )
    yield (
        "newer format",
        lambda: crafted_zip([], manifest=json.dumps(manifest_with(format_version=2)).encode()),
        r"newer version",
    )
    yield (
        "bad hash field",
        lambda: crafted_zip(
            [("a.md", b"1")],
            manifest=json.dumps(manifest_with(files={"a.md": {"sha256": "x"}})).encode(),
        ),
        r"list its files",
    )
    yield (
        "broken front matter",
        lambda: crafted_zip([("entries/0001-x.md", b"no front matter")]),
        r"entry entries/0001-x\.md .* cannot be read",
    )
    yield (
        "mood out of range",
        lambda: crafted_zip([("entries/0001-x.md", ENTRY_FILE.replace(b"mood: 5", b"mood: 11"))]),
        r"cannot be read",
    )
    yield (
        "naive date",
        lambda: crafted_zip([("entries/0001-x.md", ENTRY_FILE.replace(b"-05:00", b""))]),
        r"cannot be read",
    )
    yield "not a zip", lambda: b"PK but not really a zip", r"ZIP archive is damaged"
    yield "no zip at all", lambda: b"hello", r"does not hold a ZIP"
    yield (
        "too many files",
        lambda: crafted_zip([(f"f{n}.md", b"") for n in range(10_001)]),
        r"more than 10,000 files",
    )


HOSTILE = list(hostile_zips())


@pytest.mark.parametrize(("build", "says"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_a_hostile_archive_in_a_valid_age_file_is_refused_and_nothing_is_extracted(
    build: Callable[[], bytes], says: str, key: tuple[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "hostile.age"
    path.write_bytes(age_file(build(), key[1]))
    error = opens_nothing(path, tmp_path / "out", identities=[key[0]])
    assert re.search(says, str(error)), str(error)


def test_an_entry_count_that_differs_from_the_manifest_is_damaged() -> None:
    files = {"entries/0001-x.md": ENTRY_FILE}
    with pytest.raises(BundleDamaged, match="different number of entries"):
        read_bundle(pack(contents_of(files, entries=2)))


# -- fuzzing -------------------------------------------------------------------------------


def only_bundle_errors(run: Callable[[], Any]) -> None:
    try:
        run()
    except BundleError as error:
        assert str(error).strip()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096))
def test_random_bytes_never_break_read_bundle(data: bytes) -> None:
    only_bundle_errors(lambda: read_bundle(data))
    only_bundle_errors(lambda: read_bundle(b"PK\x03\x04" + data))


def mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    changed = bytearray(data)
    for where, value in edits:
        changed[where % len(changed)] = value
    return bytes(changed[:cut] if cut is not None else changed)


EDITS = st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8)
CUT = st.none() | st.integers(min_value=0, max_value=4000)


@settings(max_examples=200, deadline=None)
@given(edits=EDITS, cut=CUT)
def test_a_mutated_archive_never_breaks_read_bundle(edits: list[tuple[int, int]], cut: Any) -> None:
    only_bundle_errors(lambda: read_bundle(mutate(small_zip(), edits, cut)))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS, cut=CUT, data=st.binary(max_size=64))
def test_a_mutated_age_file_never_breaks_decrypt_and_read(
    to_key: bytes, key: tuple[str, str], edits: list[tuple[int, int]], cut: Any, data: bytes
) -> None:
    mutated = mutate(to_key, edits, cut)
    only_bundle_errors(lambda: read_bundle(decrypt(mutated, identities=[key[0]])))
    only_bundle_errors(lambda: read_bundle(decrypt(mutated + data, identities=[key[0]])))
    only_bundle_errors(lambda: scrypt_work_factor(data + mutated))


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=600)
    | st.text(max_size=600).map(lambda text: ("---\n" + text).encode())
    | st.text(max_size=200).map(lambda text: ENTRY_FILE.replace(b'"Hello"', text.encode()))
)
def test_any_entry_file_is_read_or_refused_plainly(text: bytes) -> None:
    contents = contents_of({"entries/0001-x.md": text}, entries=1)
    only_bundle_errors(lambda: read_bundle(pack(contents)))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
MANIFEST_KEYS = st.sampled_from(["format_version", "created", "included", "files"])


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(MANIFEST_KEYS | st.text(max_size=5), JSON, max_size=5))
def test_any_manifest_is_read_or_refused_plainly(changes: dict[str, Any]) -> None:
    archive = crafted_zip([("a.md", b"1")], manifest=json.dumps(manifest_with(**changes)).encode())
    only_bundle_errors(lambda: read_bundle(archive))


# -- the public age test vectors -----------------------------------------------------------


def vector_files() -> list[Path]:
    if not VECTORS.is_dir():
        return []
    return sorted(p for p in VECTORS.iterdir() if p.is_file() and p.name != "README.md")


def read_vector(path: Path) -> tuple[dict[str, str], bytes]:
    head, _, body = path.read_bytes().partition(b"\n\n")
    fields = dict(line.split(": ", 1) for line in head.decode().splitlines())
    if fields.get("compressed") == "zlib":
        body = zlib.decompress(body)
    return fields, body


@pytest.mark.skipif(not VECTORS.is_dir(), reason=f"the age test vectors are not at {VECTORS}")
@pytest.mark.parametrize("path", vector_files(), ids=lambda p: p.name)
def test_age_vectors_map_to_wrong_key_or_damaged(path: Path) -> None:
    fields, body = read_vector(path)
    identities = [fields["identity"]] if "identity" in fields else []
    expect = fields["expect"]
    if fields.get("identity", "").startswith("AGE-SECRET-KEY-PQ-"):
        # pyrage has no post-quantum (ML-KEM) identities: a plain, clear refusal.
        with pytest.raises(BundleError, match="Post-quantum"):
            decrypt(body, identities=identities, passphrase=fields.get("passphrase"))
        return
    if expect == "success":
        plain = decrypt(body, identities=identities, passphrase=fields.get("passphrase"))
        assert hashlib.sha256(plain).hexdigest() == fields["payload"]
        with pytest.raises(BundleDamaged):  # the vectors hold no bundle
            read_bundle(plain)
        return
    wanted = BundleWrongKey if expect == "no match" else BundleDamaged
    with pytest.raises(wanted):
        read_bundle(decrypt(body, identities=identities, passphrase=fields.get("passphrase")))


def test_the_vectors_are_all_there_when_present() -> None:
    if not VECTORS.is_dir():
        pytest.skip(f"the age test vectors are not at {VECTORS}")
    assert len(vector_files()) == 143


# -- extracting ----------------------------------------------------------------------------


def test_extract_writes_private_files_into_a_new_folder(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    encrypted = encrypt_to_recipients(pack(gather(vault, Selection(all_entries=True))), [key[1]])
    opened = read_bundle(decrypt(encrypted, identities=[key[0]]))
    folder = tmp_path / "from-bundle"
    written = extract(opened, folder)
    assert sorted(str(p.relative_to(folder)) for p in written) == sorted(opened.files)
    for path in written:
        assert path.read_bytes() == opened.files[str(path.relative_to(folder))]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "entries").stat().st_mode) == 0o700
    with pytest.raises(BundleError, match="not an empty folder"):
        extract(opened, folder)


def test_extract_refuses_a_name_that_would_escape(tmp_path: Path) -> None:
    opened = OpenedBundle(manifest={}, files={"../escape.md": b"x"}, entries=())
    with pytest.raises(BundleDamaged):
        extract(opened, tmp_path / "out")
    assert not (tmp_path / "escape.md").exists() and not (tmp_path / "out").exists()


def test_bundle_entries_become_new_entries(vault: Vault, three: list[int]) -> None:
    opened = read_bundle(pack(gather(vault, Selection(entry_ids=(three[0],)))))
    (entry,) = to_new_entries(opened)
    assert (entry.title, entry.mood, entry.tags, entry.created) == ("Monday", 4, ("work",), at(1))


# -- sharing from a vault ------------------------------------------------------------------


def test_export_writes_one_private_file_and_logs_it(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    shares = ShareService(vault, clock=lambda: at(10))
    out = tmp_path / "outbox"
    out.mkdir()
    record = shares.export(
        Selection(tag="work", include=frozenset({"goals"})),
        out / "bundle.age",
        recipients=[key[1]],
        recipient_label="Dr. Rivera",
    )
    data = (out / "bundle.age").read_bytes()
    assert record.fingerprint == hashlib.sha256(data).hexdigest()
    assert (record.recipient, record.method, record.file_name) == (
        "Dr. Rivera",
        "key",
        "bundle.age",
    )
    assert record.at == at(10)
    assert record.items["entries"] == 2 and record.items["goals"] is True
    assert record.items["entry_ids"] == [three[0], three[2]]
    assert shares.history() == [record]
    assert [p.name for p in out.iterdir()] == ["bundle.age"]
    assert stat.S_IMODE((out / "bundle.age").stat().st_mode) == 0o600
    assert files_containing(out, [SECRET_WORDS, "Wednesday", "Monday"]) == []
    assert open_bundle(out / "bundle.age", identities=[key[0]]).summary()["entries"] == 2


def test_history_is_newest_first(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    shares = ShareService(vault)
    first = shares.export(Selection(entry_ids=(three[0],)), tmp_path / "1.age", recipients=[key[1]])
    second = shares.export(Selection(all_entries=True), tmp_path / "2.age", recipients=[key[1]])
    assert [r.id for r in shares.history()] == [second.id, first.id]
    assert second.recipient == key[1]  # no label: the key itself


@pytest.mark.parametrize(
    ("keys", "says"),
    [
        ({}, "Give a key or a passphrase"),
        ({"recipients": ["age1x"], "passphrase": "words"}, "not both"),
        ({"recipients": ["age1notakey"]}, "not an age public key"),
        ({"passphrase": "  "}, "passphrase is empty"),
    ],
)
def test_export_needs_exactly_one_good_lock_and_writes_nothing_otherwise(
    vault: Vault, three: list[int], tmp_path: Path, keys: dict[str, Any], says: str
) -> None:
    with pytest.raises(BundleError, match=says):
        ShareService(vault).export(Selection(all_entries=True), tmp_path / "b.age", **keys)
    assert not (tmp_path / "b.age").exists()
    assert ShareService(vault).history() == []


def test_a_cancelled_export_writes_and_logs_nothing(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    with pytest.raises(BundleError, match="cancelled"):
        ShareService(vault).export(
            Selection(all_entries=True),
            tmp_path / "b.age",
            recipients=[key[1]],
            progress=lambda done, total: False,
        )
    assert list(tmp_path.iterdir()) == [tmp_path / "vault"]
    assert ShareService(vault).history() == []


def test_an_export_to_a_missing_folder_is_a_plain_error(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    with pytest.raises(BundleError, match="Could not write the bundle"):
        ShareService(vault).export(
            Selection(all_entries=True), tmp_path / "nowhere" / "b.age", recipients=[key[1]]
        )
    assert ShareService(vault).history() == []


@pytest.mark.slow
def test_export_with_a_passphrase_never_stores_it(
    vault: Vault, three: list[int], tmp_path: Path
) -> None:
    phrase = generate_passphrase()
    record = ShareService(vault).export(
        Selection(all_entries=True), tmp_path / "b.age", passphrase=phrase
    )
    data = (tmp_path / "b.age").read_bytes()
    assert record.method == "passphrase" and record.recipient == ""
    assert scrypt_work_factor(data) is not None
    assert phrase not in repr(ShareService(vault).history())
    assert fingerprint(data) == record.fingerprint


def test_receiving_keys_are_made_kept_and_open_bundles(vault: Vault, three: list[int]) -> None:
    shares = ShareService(vault)
    assert shares.receiving_key() is None and shares.receiving_identities() == []
    first = shares.create_receiving_key()
    second = shares.create_receiving_key()
    assert first.startswith("age1") and second.startswith("age1") and first != second
    assert shares.receiving_key() == second
    identities = shares.receiving_identities()
    assert len(identities) == 2
    assert all(i.startswith("AGE-SECRET-KEY-1") for i in identities)
    assert str(x25519.Identity.from_str(identities[0]).to_public()) == second
    for public in (first, second):
        bundle = encrypt_to_recipients(pack(gather(vault, Selection(all_entries=True))), [public])
        assert len(read_bundle(decrypt(bundle, identities=identities)).entries) == 3


def test_importing_a_bundle_adds_its_entries_once(
    vault: Vault, three: list[int], tmp_path: Path
) -> None:
    other = make_vault(tmp_path / "other")
    try:
        receiver = ShareService(other.vault)
        public = receiver.create_receiving_key()
        path = tmp_path / "b.age"
        ShareService(vault).export(Selection(all_entries=True), path, recipients=[public])
        opened = open_bundle(path, identities=receiver.receiving_identities())
        first = receiver.import_entries(opened)
        assert (first.imported, first.skipped_duplicates) == (3, 0)
        again = receiver.import_entries(opened)
        assert (again.imported, again.skipped_duplicates) == (0, 3)
        imported = JournalService(other.vault).get_many(first.imported_ids)
        originals = JournalService(vault).get_many(three)
        assert [(e.created, e.title, e.body, e.mood, e.tags) for e in imported] == [
            (e.created, e.title, e.body, e.mood, e.tags) for e in originals
        ]
    finally:
        other.vault.lock()


def test_opening_a_missing_file_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="There is no file"):
        open_bundle(tmp_path / "missing.age", passphrase="x")


def test_the_selection_is_described_without_text() -> None:
    selection = Selection(entry_ids=(1, 2), tag="work", since=at(1), until=at(2) + timedelta(1))
    described = selection.describe()
    assert described["ids"] == 2 and described["tag"] == "work"
    assert replace(selection, all_entries=True).describe()["all_entries"] is True
