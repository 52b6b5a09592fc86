"""The age header, read and bounded before any key derivation or parser runs."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pyrage
import pytest
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from tests.helpers.bundles import many_recipients, opens_nothing, small_zip
from therapy_journal.services.sharing.age import decrypt, encrypt_to_recipients
from therapy_journal.services.sharing.age_header import (
    MAX_HEADER_BYTES,
    MAX_HEADER_LINES,
    MAX_RECIPIENTS,
    MAX_STANZA_ARGS,
    MAX_STANZAS,
    scrypt_work_factor,
)
from therapy_journal.services.sharing.errors import BundleDamaged, BundleError


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


# -- bounds: counted before pyrage parses anything -----------------------------------------


@pytest.fixture
def pyrage_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Calls that reach pyrage's decryption (its header parser), recorded."""
    calls: list[str] = []

    def record(name: str) -> Callable[..., bytes]:
        def called(*args: object) -> bytes:
            calls.append(name)
            raise AssertionError(f"pyrage {name} was given the file")

        return called

    monkeypatch.setattr(pyrage, "decrypt", record("decrypt"))
    monkeypatch.setattr(age_passphrase, "decrypt", record("passphrase.decrypt"))
    return calls


@pytest.mark.parametrize("armored", [False, True], ids=["binary", "armored"])
@pytest.mark.parametrize("stanzas", [1_000, 10_000], ids=["2,000 lines", "20,000 lines"])
def test_a_header_of_thousands_of_recipient_lines_is_refused_before_pyrage_parses_it(
    stanzas: int,
    armored: bool,
    key: tuple[str, str],
    tmp_path: Path,
    pyrage_calls: list[str],
) -> None:
    path = tmp_path / "many.age"
    path.write_bytes(many_recipients(stanzas, key[1], armored=armored))
    error = opens_nothing(path, tmp_path / "out", identities=[key[0]])
    assert "header is far larger than any bundle's" in str(error)
    assert pyrage_calls == []


def test_one_stanza_more_than_the_limit_is_refused(
    key: tuple[str, str], pyrage_calls: list[str]
) -> None:
    with pytest.raises(BundleDamaged, match="header is far larger"):
        decrypt(many_recipients(MAX_STANZAS + 1, key[1]), identities=[key[0]])
    assert pyrage_calls == []


@pytest.mark.parametrize(
    "header",
    [
        b"-> X25519 " + b" ".join([b"a"] * (MAX_STANZA_ARGS + 1)) + b"\n\n",
        b"-> X25519 " + b"a" * MAX_HEADER_BYTES + b"\n\n",
        (b"A" * 64 + b"\n") * (MAX_HEADER_BYTES // 65 + 1),
        b"\n" * (MAX_HEADER_LINES + 1),
    ],
    ids=["too many arguments", "one long line", "too many bytes", "too many lines"],
)
def test_other_oversized_headers_are_refused_before_pyrage(
    header: bytes, key: tuple[str, str], pyrage_calls: list[str]
) -> None:
    crafted = b"age-encryption.org/v1\n" + header + b"--- " + b"A" * 43 + b"\n" + bytes(64)
    with pytest.raises(BundleDamaged, match="header is far larger"):
        decrypt(crafted, identities=[key[0]])
    assert pyrage_calls == []


def test_a_bundle_to_as_many_keys_as_allowed_opens_with_the_last() -> None:
    identities = [x25519.Identity.generate() for _ in range(MAX_RECIPIENTS)]
    publics = [str(identity.to_public()) for identity in identities]
    encrypted = encrypt_to_recipients(small_zip(), publics)
    assert encrypted.count(b"\n-> ") == MAX_STANZAS  # and rage's grease stanza
    assert decrypt(encrypted, identities=[str(identities[-1])]) == small_zip()
    more = str(x25519.Identity.generate().to_public())
    with pytest.raises(BundleError, match=f"at most {MAX_RECIPIENTS} keys; 65 were given"):
        encrypt_to_recipients(small_zip(), [*publics, more])
