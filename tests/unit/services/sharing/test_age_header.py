"""The age header, read and bounded before any key derivation or parser runs."""

from __future__ import annotations

import base64

import pytest

from therapy_journal.services.sharing.age import (
    decrypt,
)
from therapy_journal.services.sharing.age_header import scrypt_work_factor
from therapy_journal.services.sharing.errors import BundleDamaged


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
