"""Fuzzing the key file's parser: whatever the bytes, reading a key file and
unwrapping it either works, or says the file is damaged, or says the secret
is wrong; nothing else comes out, and no key derivation beyond the bounds
ever starts.

Valid key files are mutated (fields removed, retyped, resized, renamed, with
their checks recomputed or not), and random JSON and random bytes are tried.
Every Argon2id the key file module builds is watched: its parameters must be
integers within the bounds. The watch runs the real Argon2id where it is
cheap; above that it returns a key that opens nothing, which is what any
changed parameter gives anyway (the wrap is bound to its parameters).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.keyfiles import CRAFTED, crafted, reseal
from tests.helpers.vaults import FAST_KDF
from therapy_journal.store import keyfile as keyfile_module
from therapy_journal.store.errors import VaultDamaged, WrongPassphrase, WrongRecoveryKey
from therapy_journal.store.keyfile import (
    MAX_ITERATIONS,
    MAX_LANES,
    MAX_MEMORY_KIB,
    MAX_WORK,
    KeyFile,
    RecoveryKey,
    new_data_key,
)

PASS = "a long enough passphrase"
PATH = Path("/nonexistent/vault.key")  # parse() reads bytes given to it; the path only names them
CHEAP_MEMORY_KIB = 1024
CHEAP_ITERATIONS = 2

_KEY = bytes(new_data_key())
_RECOVERY = RecoveryKey.generate()
VALID = KeyFile.new(PATH, _KEY, PASS, _RECOVERY, FAST_KDF).to_bytes()
OUTCOMES = (VaultDamaged, WrongPassphrase, WrongRecoveryKey)

_real_argon2id = keyfile_module.Argon2id


class _Opens:
    """Stands in for a derivation too costly to run in a fuzz loop."""

    def derive(self, _secret: bytes) -> bytes:
        return bytes(32)

    def derive_into(self, _secret: bytes, out: bytearray) -> int:
        out[:] = bytes(len(out))
        return len(out)


@contextmanager
def watched_kdf() -> Iterator[list[dict[str, Any]]]:
    """Record the parameters of every Argon2id built while inside; check they are in bounds."""
    seen: list[dict[str, Any]] = []

    def argon2id(**params: Any) -> Any:
        seen.append(params)
        memory, iterations, lanes = params["memory_cost"], params["iterations"], params["lanes"]
        assert all(type(value) is int for value in (memory, iterations, lanes)), params
        assert 8 * lanes <= memory <= MAX_MEMORY_KIB, params
        assert 1 <= iterations <= MAX_ITERATIONS, params
        assert 1 <= lanes <= MAX_LANES, params
        assert memory * iterations <= MAX_WORK, params
        assert len(params["salt"]) == keyfile_module.SALT_BYTES, params
        if memory <= CHEAP_MEMORY_KIB and iterations <= CHEAP_ITERATIONS:
            return _real_argon2id(**params)
        return _Opens()

    with mock.patch.object(keyfile_module, "Argon2id", argon2id):
        yield seen


def read_and_unwrap(raw: bytes) -> None:
    """Everything the app does with a key file before the database: parse, then
    both unwraps. Only the expected errors may come out."""
    try:
        keyfile = KeyFile.parse(PATH, raw)
    except VaultDamaged:
        return
    for unwrap in (
        lambda: keyfile.unwrap_with_passphrase(PASS),
        lambda: keyfile.unwrap_with_recovery(_RECOVERY),
    ):
        with suppress(WrongPassphrase, WrongRecoveryKey):
            unwrap()
    assert keyfile.vault_id
    assert keyfile.sqlcipher_compatibility == 4


# --- strategies ----------------------------------------------------------------

_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
json_values = st.recursive(
    _leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(document: dict[str, Any]) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = [("header",), ("slots",)]
    paths += [("header", name) for name in document["header"]]
    for slot, fields in document["slots"].items():
        paths.append(("slots", slot))
        paths += [("slots", slot, name) for name in fields]
    return paths


PATHS = _paths(json.loads(VALID))
B64_FIELDS = [p for p in PATHS if p[-1] in ("salt", "nonce", "wrapped_key")]
INT_FIELDS = [p for p in PATHS if p[-1] in ("memory_kib", "iterations", "lanes", "version")] + [
    ("header", "sqlcipher_compatibility")
]


def _parent(document: Any, path: tuple[str, ...]) -> Any:
    for name in path[:-1]:
        if not isinstance(document, dict) or name not in document:
            return None
        document = document[name]
    return document if isinstance(document, dict) else None


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, tuple[str, ...], Any]:
    kind = draw(st.sampled_from(["remove", "retype", "resize", "renumber", "rename", "add"]))
    if kind == "resize":
        return kind, draw(st.sampled_from(B64_FIELDS)), draw(st.integers(0, 80))
    if kind == "renumber":
        number = st.integers(-(2**64), 2**64) | st.integers(-2, 2**21) | st.floats()
        return kind, draw(st.sampled_from(INT_FIELDS)), draw(number | st.booleans())
    if kind == "rename":
        return kind, draw(st.sampled_from(PATHS)), draw(st.text(min_size=1, max_size=8))
    if kind == "add":
        where = draw(st.sampled_from([("header",), ("slots",), *[p for p in PATHS if len(p) == 2]]))
        return kind, (*where, draw(st.text(max_size=8))), draw(json_values)
    return kind, draw(st.sampled_from(PATHS)), draw(json_values)


def _apply(document: dict[str, Any], change: tuple[str, tuple[str, ...], Any]) -> None:
    kind, path, value = change
    parent = _parent(document, path)
    if parent is None or (kind != "add" and path[-1] not in parent):
        return
    name = path[-1]
    if kind == "remove":
        del parent[name]
    elif kind == "resize":
        parent[name] = base64.b64encode(bytes(value)).decode()
    elif kind == "rename":
        parent[value] = parent.pop(name)
    else:  # retype, renumber, add
        parent[name] = value


@st.composite
def mutated_key_files(draw: st.DrawFn) -> bytes:
    document = json.loads(VALID)
    for change in draw(st.lists(mutation(), min_size=1, max_size=3)):
        _apply(document, change)
    if draw(st.booleans()):
        reseal(document)
    return json.dumps(document).encode("utf-8")


# --- the properties -------------------------------------------------------------

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(mutated_key_files())
def test_a_mutated_key_file_only_ever_gives_damage_or_a_wrong_secret(raw: bytes) -> None:
    with watched_kdf():
        read_and_unwrap(raw)


@FUZZ
@given(json_values.map(lambda value: json.dumps(value).encode("utf-8")))
def test_random_json_is_damage(raw: bytes) -> None:
    with watched_kdf() as seen, pytest.raises(VaultDamaged):
        KeyFile.parse(PATH, raw)
    assert seen == []


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_are_damage(raw: bytes) -> None:
    with watched_kdf() as seen, pytest.raises(VaultDamaged):
        KeyFile.parse(PATH, raw)
    assert seen == []


def test_the_unmutated_file_opens_under_the_watch() -> None:
    # The control for the fuzz tests: the watch runs the real derivation, and a
    # valid file gives the key back through both slots.
    with watched_kdf() as seen:
        keyfile = KeyFile.parse(PATH, VALID)
        assert bytes(keyfile.unwrap_with_passphrase(PASS)) == _KEY
        assert bytes(keyfile.unwrap_with_recovery(_RECOVERY)) == _KEY
    assert [s["memory_cost"] for s in seen] == [FAST_KDF.memory_kib]


@pytest.mark.parametrize("name", list(CRAFTED))
def test_each_crafted_key_file_is_damage_before_any_derivation(name: str) -> None:
    with watched_kdf() as seen, pytest.raises(VaultDamaged, match=r"vault\.key is damaged"):
        KeyFile.parse(PATH, crafted(VALID, CRAFTED[name]))
    assert seen == []


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"header": ' * 5000,
        b'{"header": {}, "header": {}, "slots": {}}',
        b"9" * 5000,
        b" " * (1024 * 1024),
    ],
    ids=["deeply-nested", "deeply-nested-objects", "duplicate-keys", "huge-number", "one-mib"],
)
def test_json_that_strains_the_parser_is_damage(raw: bytes) -> None:
    with pytest.raises(VaultDamaged):
        KeyFile.parse(PATH, raw)


def test_a_duplicated_field_is_damage_even_when_the_last_copy_is_valid() -> None:
    # JSON readers differ on which copy of a repeated key wins; a key file
    # with one is not one this app wrote.
    text = VALID.decode()
    doubled = text.replace('"lanes": 1,', '"lanes": 1,\n      "lanes": 1,', 1)
    assert doubled != text
    with pytest.raises(VaultDamaged):
        KeyFile.parse(PATH, doubled.encode())
