"""The key file: wrapping, unwrapping, recovery keys, and telling damage from a wrong key."""

from __future__ import annotations

import json
import os
import resource
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.vaults import FAST_KDF
from therapy_journal.store.errors import (
    StorageError,
    VaultDamaged,
    VaultNotFound,
    WrongPassphrase,
    WrongRecoveryKey,
)
from therapy_journal.store.keyfile import (
    MAX_ITERATIONS,
    MAX_LANES,
    MAX_MEMORY_KIB,
    MAX_WORK,
    KdfParams,
    KeyFile,
    RecoveryKey,
    _check_of,
    new_data_key,
)

PASS = "a long enough passphrase"


def make(path: Path, passphrase: str = PASS) -> tuple[KeyFile, bytes, RecoveryKey]:
    key = bytes(new_data_key())
    recovery = RecoveryKey.generate()
    return KeyFile.new(path, key, passphrase, recovery, FAST_KDF), key, recovery


def test_round_trip_through_the_file(tmp_path: Path) -> None:
    keyfile, key, recovery = make(tmp_path / "vault.key")
    keyfile.save()
    loaded = KeyFile.load(tmp_path / "vault.key")
    assert bytes(loaded.unwrap_with_passphrase(PASS)) == key
    assert bytes(loaded.unwrap_with_recovery(recovery)) == key
    assert loaded.vault_id == keyfile.vault_id


def test_wrong_passphrase_is_refused(tmp_path: Path) -> None:
    keyfile, _, _ = make(tmp_path / "vault.key")
    with pytest.raises(WrongPassphrase):
        keyfile.unwrap_with_passphrase(PASS + "!")


def test_wrong_recovery_key_is_refused(tmp_path: Path) -> None:
    keyfile, _, _ = make(tmp_path / "vault.key")
    with pytest.raises(WrongRecoveryKey, match="does not open"):
        keyfile.unwrap_with_recovery(RecoveryKey.generate())


def test_salts_nonces_and_vault_ids_are_unique(tmp_path: Path) -> None:
    files = [make(tmp_path / f"{n}.key")[0] for n in range(4)]
    for field in ("salt", "nonce", "wrapped_key"):
        for slot in ("passphrase", "recovery"):
            values = {f.slots[slot][field] for f in files}
            assert len(values) == len(files), (slot, field)
    assert len({f.vault_id for f in files}) == len(files)


def test_rewrapping_the_passphrase_uses_a_fresh_salt(tmp_path: Path) -> None:
    keyfile, key, _ = make(tmp_path / "vault.key")
    again = keyfile.with_passphrase(key, PASS, FAST_KDF)
    assert again.slots["passphrase"]["salt"] != keyfile.slots["passphrase"]["salt"]
    assert bytes(again.unwrap_with_passphrase(PASS)) == key
    assert again.slots["recovery"] == keyfile.slots["recovery"]


@pytest.mark.parametrize(
    "passphrase",
    ["pässwörd ünïcödé", "🔐 emoji passphrase 🌱", "كلمة المرور السرية", "日本語のパスフレーズ"],
)
def test_unicode_passphrases_round_trip(tmp_path: Path, passphrase: str) -> None:
    keyfile, key, _ = make(tmp_path / "vault.key", passphrase)
    assert bytes(keyfile.unwrap_with_passphrase(passphrase)) == key


def test_composed_and_decomposed_forms_are_the_same_passphrase(tmp_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "café naïve über")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    keyfile, key, _ = make(tmp_path / "vault.key", decomposed)
    assert bytes(keyfile.unwrap_with_passphrase(composed)) == key


def test_default_kdf_is_argon2id_at_64_mib() -> None:
    params = KdfParams()
    assert (params.memory_kib, params.lanes) == (65536, 4)
    assert params.iterations >= 3  # RFC 9106's recommendation at this memory size
    assert params.within_bounds()


def test_kdf_params_are_stored_in_the_file(tmp_path: Path) -> None:
    keyfile, _, _ = make(tmp_path / "vault.key")
    keyfile.save()
    stored = json.loads((tmp_path / "vault.key").read_text())["slots"]["passphrase"]
    assert stored["kdf"] == "argon2id"
    assert (stored["memory_kib"], stored["iterations"], stored["lanes"]) == (
        FAST_KDF.memory_kib,
        FAST_KDF.iterations,
        FAST_KDF.lanes,
    )


def test_stronger_of_two_params() -> None:
    a = KdfParams(memory_kib=1024, iterations=9, lanes=1)
    b = KdfParams(memory_kib=4096, iterations=2, lanes=4)
    assert a.at_least(b) == KdfParams(memory_kib=4096, iterations=9, lanes=4)


# --- recovery keys ----------------------------------------------------------


def test_recovery_key_is_nine_groups_of_four() -> None:
    text = RecoveryKey.generate().formatted()
    groups = text.split("-")
    assert len(groups) == 9
    assert all(len(g) == 4 and g.isalnum() and g.upper() == g for g in groups)


def test_recovery_key_parsing_forgives_case_spaces_and_lookalikes() -> None:
    key = RecoveryKey.generate()
    text = key.formatted()
    assert RecoveryKey.parse(text).raw == key.raw
    assert RecoveryKey.parse(text.lower().replace("-", " ")).raw == key.raw
    assert RecoveryKey.parse("  " + text.replace("-", "") + "\n").raw == key.raw
    assert RecoveryKey.parse(text.replace("O", "0").replace("I", "1")).raw == key.raw


def test_a_mistyped_recovery_key_is_called_a_typo() -> None:
    text = RecoveryKey.generate().formatted()
    first = text[0]
    mistyped = ("B" if first != "B" else "C") + text[1:]
    with pytest.raises(WrongRecoveryKey, match="typo"):
        RecoveryKey.parse(mistyped)


@pytest.mark.parametrize("text", ["", "ABCD", "not a key at all", "ABCD-" * 12])
def test_something_else_is_not_a_recovery_key(text: str) -> None:
    with pytest.raises(WrongRecoveryKey, match="not a recovery key"):
        RecoveryKey.parse(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=20, max_size=20))
def test_every_recovery_key_survives_formatting(raw: bytes) -> None:
    assert RecoveryKey.parse(RecoveryKey(raw).formatted()).raw == raw


# --- damage -------------------------------------------------------------------


def saved(tmp_path: Path) -> tuple[Path, bytes]:
    keyfile, _, _ = make(tmp_path / "vault.key")
    keyfile.save()
    return keyfile.path, keyfile.path.read_bytes()


def test_missing_key_file_means_no_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        KeyFile.load(tmp_path / "vault.key")


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"",
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"\x00\xff garbage \x13" * 40,
        lambda raw: raw.replace(b'"version": 1', b'"version": 99'),
        lambda raw: b"[1, 2, 3]",
    ],
    ids=["empty", "truncated", "garbage", "edited-version", "wrong-json-shape"],
)
def test_a_damaged_key_file_is_reported_as_damage(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    path, raw = saved(tmp_path)
    path.write_bytes(damage(raw))
    with pytest.raises(VaultDamaged, match=r"vault\.key"):
        KeyFile.load(path)


@pytest.mark.parametrize("slot", ["passphrase", "recovery"])
@pytest.mark.parametrize("field", ["salt", "nonce", "wrapped_key"])
def test_a_flipped_character_in_a_slot_is_damage_not_a_wrong_passphrase(
    tmp_path: Path, slot: str, field: str
) -> None:
    path, raw = saved(tmp_path)
    document = json.loads(raw)
    value = document["slots"][slot][field]
    document["slots"][slot][field] = ("B" if value[0] != "B" else "C") + value[1:]
    path.write_text(json.dumps(document))
    with pytest.raises(VaultDamaged, match=f"{slot} part"):
        KeyFile.load(path)


def test_forged_kdf_params_with_a_matching_check_do_not_unwrap(tmp_path: Path) -> None:
    # Someone edits the parameters and recomputes the check: the wrap is bound
    # to its parameters, so it no longer opens, rather than opening weakly.
    path, raw = saved(tmp_path)
    document = json.loads(raw)
    slot = document["slots"]["passphrase"]
    slot["iterations"] += 1
    slot["check"] = _check_of(slot)
    path.write_text(json.dumps(document))
    with pytest.raises(WrongPassphrase):
        KeyFile.load(path).unwrap_with_passphrase(PASS)


def test_absurd_kdf_params_in_a_file_are_refused_before_deriving(tmp_path: Path) -> None:
    path, raw = saved(tmp_path)
    document = json.loads(raw)
    slot = document["slots"]["passphrase"]
    slot["memory_kib"] = 64 * 1024 * 1024  # 64 GiB
    slot["check"] = _check_of(slot)
    path.write_text(json.dumps(document))
    with pytest.raises(VaultDamaged, match="beyond what this app uses"):
        KeyFile.load(path)


def _with_kdf(tmp_path: Path, params: KdfParams) -> Path:
    """A saved key file whose passphrase slot has ``params``, checks recomputed."""
    path, raw = saved(tmp_path)
    document = json.loads(raw)
    slot = document["slots"]["passphrase"]
    slot.update(memory_kib=params.memory_kib, iterations=params.iterations, lanes=params.lanes)
    slot["check"] = _check_of(slot)
    path.write_text(json.dumps(document))
    return path


def test_the_bounds_leave_room_above_the_defaults() -> None:
    defaults = KdfParams()
    assert 4 * defaults.memory_kib <= MAX_MEMORY_KIB
    assert 4 * defaults.iterations <= MAX_ITERATIONS
    assert 4 * defaults.lanes <= MAX_LANES
    assert 4 * defaults.memory_kib * defaults.iterations <= MAX_WORK


@pytest.mark.parametrize(
    "params",
    [
        KdfParams(memory_kib=MAX_MEMORY_KIB, iterations=1, lanes=MAX_LANES),
        KdfParams(memory_kib=MAX_WORK // MAX_ITERATIONS, iterations=MAX_ITERATIONS, lanes=1),
        KdfParams(memory_kib=8, iterations=1, lanes=1),
    ],
    ids=["most-memory-and-lanes", "most-passes", "least-of-all"],
)
def test_costs_at_the_bounds_are_read_and_derived(tmp_path: Path, params: KdfParams) -> None:
    # Files written by a later version with higher costs open here: the slot
    # is read, and the derivation runs (the wrap was made with other costs,
    # so it gives a wrong passphrase, not damage).
    path = _with_kdf(tmp_path, params)
    keyfile = KeyFile.load(path)
    assert keyfile.passphrase_kdf == params
    with pytest.raises(WrongPassphrase):
        keyfile.unwrap_with_passphrase(PASS)


@pytest.mark.parametrize(
    "params",
    [
        KdfParams(memory_kib=MAX_MEMORY_KIB + 1, iterations=1, lanes=1),
        KdfParams(memory_kib=1024, iterations=MAX_ITERATIONS + 1, lanes=1),
        KdfParams(memory_kib=8 * (MAX_LANES + 1), iterations=1, lanes=MAX_LANES + 1),
        KdfParams(memory_kib=MAX_MEMORY_KIB, iterations=MAX_WORK // MAX_MEMORY_KIB + 1, lanes=4),
        KdfParams(memory_kib=7, iterations=1, lanes=1),
    ],
    ids=["memory", "passes", "lanes", "memory-times-passes", "below-argon2-minimum"],
)
def test_costs_past_a_bound_are_damage(tmp_path: Path, params: KdfParams) -> None:
    with pytest.raises(VaultDamaged, match="beyond what this app uses"):
        KeyFile.load(_with_kdf(tmp_path, params))


def test_the_app_never_writes_costs_it_would_refuse(tmp_path: Path) -> None:
    keyfile, key, _ = make(tmp_path / "vault.key")
    with pytest.raises(ValueError, match="out of bounds"):
        keyfile.with_passphrase(key, PASS, KdfParams(memory_kib=MAX_MEMORY_KIB + 1))


def test_an_unreadable_key_file_is_a_plain_storage_error(tmp_path: Path) -> None:
    path, _ = saved(tmp_path)
    path.unlink()
    # A real read error from the kernel: /proc/self/mem exists, but reading at
    # offset 0 (unmapped memory) fails with EIO.
    os.symlink("/proc/self/mem", path)
    with pytest.raises(StorageError, match="input/output error"):
        KeyFile.load(path)


def test_the_kdf_computes_its_lanes_in_threads_of_its_own() -> None:
    """Argon2id's 4 lanes run beside the calling thread (cryptography over
    OpenSSL 3.2+ hands them to OpenSSL's threads), so unlocking uses both cores
    of a 2-core machine; measured as CPU time, which the machine's load does
    not change (issue 20)."""

    def cpu(who: int) -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    process, caller = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_THREAD)
    kek = KdfParams().derive("a passphrase to derive", bytes(16))
    process, caller = cpu(resource.RUSAGE_SELF) - process, cpu(resource.RUSAGE_THREAD) - caller
    assert len(kek) == 32
    assert caller < process / 2, (caller, process)
