"""age encryption and decryption: round trips, wrong keys, damaged files, the public
age test vectors, and fuzzing; every failure is a BundleError with a plain sentence."""

from __future__ import annotations

import hashlib
import os
import zlib
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519

from tests.helpers.bundles import (
    CUT,
    EDITS,
    header_end,
    mutate,
    only_bundle_errors,
    small_zip,
)
from therapy_journal.services.sharing.age import (
    decrypt,
    encrypt_to_recipients,
)
from therapy_journal.services.sharing.age_header import MAX_SCRYPT_WORK_FACTOR, scrypt_work_factor
from therapy_journal.services.sharing.errors import BundleDamaged, BundleError, BundleWrongKey
from therapy_journal.services.sharing.received import read_bundle

VECTORS = Path(__file__).resolve().parents[4].parent / "shared" / "vectors" / "age"


# -- round trips ---------------------------------------------------------------------------


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
