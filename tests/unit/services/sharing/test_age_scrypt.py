"""Passphrase age files at a chosen scrypt work factor, and age's armor: what
this module writes opens with pyrage (rage) and with the reference age tool."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pyrage
import pytest
from pyrage import passphrase as age_passphrase

from tests.helpers.age_tool import age_on_a_terminal
from tests.helpers.bundles import small_zip
from therapy_journal.services.sharing.age import decrypt
from therapy_journal.services.sharing.age_header import (
    MAX_SCRYPT_WORK_FACTOR,
    read_header,
    scrypt_work_factor,
)
from therapy_journal.services.sharing.age_scrypt import (
    ARMOR_BEGIN,
    ARMOR_END,
    armor,
    encrypt_with_passphrase,
    stream_with_passphrase,
)
from therapy_journal.services.sharing.errors import BundleWrongKey

PHRASE = "tulip-anchor-river-stone-lamp-cloud-quiet"
FACTOR = 10  # cheap in tests; the page's own factor is tested where it is chosen


@pytest.mark.parametrize("size", [0, 1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 200_000])
def test_rage_opens_what_it_writes_at_every_chunk_boundary(size: int) -> None:
    data = os.urandom(size)
    sealed = encrypt_with_passphrase(data, PHRASE, FACTOR)
    assert bytes(age_passphrase.decrypt(sealed, PHRASE)) == data
    assert bytes(age_passphrase.decrypt(armor(sealed), PHRASE)) == data


def test_the_header_asks_for_the_chosen_work_factor_and_nothing_else() -> None:
    sealed = encrypt_with_passphrase(b"x", PHRASE, 12)
    assert scrypt_work_factor(sealed) == 12
    assert read_header(sealed).stanza_types == (b"scrypt",)


def test_a_unicode_passphrase_opens_it_and_another_does_not() -> None:
    phrase = "Gruß aus Köln, 東京"
    sealed = encrypt_with_passphrase(small_zip(), phrase, FACTOR)
    assert decrypt(sealed, passphrase=phrase) == small_zip()
    with pytest.raises(BundleWrongKey, match="passphrase does not open"):
        decrypt(sealed, passphrase=phrase + " ")


def test_each_file_has_its_own_salt_file_key_and_nonce() -> None:
    first = encrypt_with_passphrase(b"same", PHRASE, FACTOR)
    second = encrypt_with_passphrase(b"same", PHRASE, FACTOR)
    assert first.split(b"\n")[1] != second.split(b"\n")[1]  # the scrypt stanza and salt
    assert first[-40:] != second[-40:]


def test_a_changed_byte_anywhere_is_refused() -> None:
    sealed = bytearray(encrypt_with_passphrase(b"a journal entry" * 100, PHRASE, FACTOR))
    for at in (len(b"age-encryption.org/v1\n-> scrypt "), len(sealed) // 2, len(sealed) - 1):
        damaged = bytearray(sealed)
        damaged[at] ^= 1
        with pytest.raises(pyrage.DecryptError):
            age_passphrase.decrypt(bytes(damaged), PHRASE)


@pytest.mark.parametrize("factor", [0, 9, MAX_SCRYPT_WORK_FACTOR + 1])
def test_a_work_factor_out_of_range_is_refused(factor: int) -> None:
    with pytest.raises(ValueError, match="work factor"):
        encrypt_with_passphrase(b"x", PHRASE, factor)


def test_armor_is_ages_64_column_padded_base64() -> None:
    armored = armor(os.urandom(1000))
    lines = armored.decode("ascii").split("\n")
    assert lines[0] == ARMOR_BEGIN.decode() and lines[-2] == ARMOR_END.decode()
    assert lines[-1] == ""
    body = lines[1:-2]
    assert all(len(line) == 64 for line in body[:-1])
    assert 0 < len(body[-1]) <= 64 and len(body[-1]) % 4 == 0


@pytest.mark.skipif(shutil.which("age") is None, reason="the reference age tool is not installed")
def test_the_reference_age_tool_opens_the_armored_file(tmp_path: Path) -> None:
    data = small_zip()
    path = tmp_path / "bundle.age"
    path.write_bytes(armor(encrypt_with_passphrase(data, PHRASE, FACTOR)))
    out = tmp_path / "bundle.zip"
    age_on_a_terminal(str(shutil.which("age")), ["-d", "-o", str(out), str(path)], PHRASE)
    assert out.read_bytes() == data


@pytest.mark.parametrize("piece", [1, 1000, 64 * 1024, 100_000])
@pytest.mark.parametrize("size", [0, 64 * 1024, 64 * 1024 + 1, 200_000])
def test_a_file_written_as_its_plaintext_comes_in_pieces_opens_the_same(
    size: int, piece: int
) -> None:
    data = os.urandom(size)
    pieces = [data[i : i + piece] for i in range(0, size, piece)]
    for armored in (False, True):
        out = io.BytesIO()
        stream_with_passphrase(iter(pieces), out, PHRASE, FACTOR, armored=armored)
        written = out.getvalue()
        assert written.startswith(ARMOR_BEGIN if armored else b"age-encryption.org/v1")
        assert bytes(age_passphrase.decrypt(written, PHRASE)) == data
        # as long as the file encrypt_with_passphrase writes whole, and in the same armor
        assert len(written) == len(
            armor(encrypt_with_passphrase(data, PHRASE, FACTOR))
            if armored
            else encrypt_with_passphrase(data, PHRASE, FACTOR)
        )
