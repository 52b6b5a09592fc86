"""Text in any script goes through the real CLI and comes back exactly, and a
passphrase typed composed (NFC) or decomposed (NFD) opens the same vault."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import cli_env
from tests.helpers.processes import run_cli, write_secret
from tests.helpers.vaults import VaultInfo, make_vault

SEED = 424_242


def _five_megabytes() -> str:
    rng = random.Random(SEED)
    words = ["calm", "😀", "👩🏽‍💻", "שלום", "مرحبا", "नमस्ते", "Tiếng", "café", "🇺🇦", "❤️", "Z͑ͫa͒"]
    parts, size = [], 0
    while size < 5_000_000:
        word = rng.choice(words) + str(rng.randrange(100_000))
        parts.append(word)
        size += len(word.encode("utf-8")) + 1
    return "\n".join(" ".join(parts[i : i + 12]) for i in range(0, len(parts), 12))


# name -> (title, body); every one already in NFC, which the journal stores.
TEXTS: dict[str, tuple[str, str]] = {
    "emoji": (
        "Feeling 😀🎉 👩🏽‍💻 🇺🇦 ❤️ 🏳️‍🌈",
        "ZWJ family 👨‍👩‍👧‍👦, skin tones 👍🏿👍🏻, flags 🇯🇵🇧🇷, keycap 1️⃣, astral 𝄞 𐍈\n",
    ),
    "right-to-left": (
        "אני מרגיש טוב היום",
        # RTL letters that look like Latin ones are the point here.
        "أشعر بالقلق اليوم، لكنني بخير.\n"
        "\u200fשלום עולם\u200f with LTR inside: ד״ר כהן at 10:00\n"  # noqa: RUF001
        "\u202bembedded\u202c and an isolate \u2067مرحبا\u2069.",  # noqa: RUF001
    ),
    "combining-marks": (
        "नमस्ते Tiếng Việt Z͑ͫa͒l͠g̴o",
        "Devanagari क्षत्रिय, Thai ภาษาไทย, Korean jamo 한국어, "
        "stacked a\u0332\u0305 x\u0302\u0303, Hangul 값\n",
    ),
    "control-and-whitespace": (
        "whitespace",
        "line\r\nnext\r\n\ttabbed  trailing  \n\n\x00nul\x0b\x0c",
    ),
    "empty-body": ("", ""),
    "five-megabytes": ("a long one", _five_megabytes()),
}


def _add_then_show(title: str, body: str, passphrase_file: Path, vault: Path) -> dict[str, Any]:
    """``add`` through the CLI, then the entry as ``show --json`` prints it."""
    secret = ("--passphrase-file", str(passphrase_file))
    added = run_cli(
        *secret, "add", "--title", title, "--json", env=cli_env(vault), stdin=body.encode("utf-8")
    )
    assert added.returncode == 0, added.stderr
    entry_id = json.loads(added.stdout)["id"]
    shown = run_cli(*secret, "show", str(entry_id), "--json", env=cli_env(vault))
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("case", list(TEXTS))
def test_cli_add_then_show_json_round_trips_text_exactly(
    case: str, locked_vault: VaultInfo, passphrase_file: Path
) -> None:
    title, body = TEXTS[case]
    assert unicodedata.normalize("NFC", title) == title
    assert unicodedata.normalize("NFC", body) == body

    shown = _add_then_show(title, body, passphrase_file, locked_vault.folder)

    assert shown["title"] == title
    assert shown["body"] == body


def test_decomposed_text_comes_back_in_its_canonically_equal_composed_form(
    locked_vault: VaultInfo, passphrase_file: Path
) -> None:
    # The journal stores NFC so that search finds a word however it was typed;
    # the text that comes back is the same text, canonically.
    title = unicodedata.normalize("NFD", "Café über naïve")
    body = unicodedata.normalize("NFD", "Crème brûlée, Tiếng Việt, Ångström\n")
    assert title != unicodedata.normalize("NFC", title)

    shown = _add_then_show(title, body, passphrase_file, locked_vault.folder)

    assert shown["title"] == unicodedata.normalize("NFC", title)
    assert shown["body"] == unicodedata.normalize("NFC", body)
    assert unicodedata.normalize("NFD", shown["body"]) == body


PASSPHRASE_TEXT = "café über naïve Ångström"


@pytest.mark.parametrize("channel", ["passphrase-file", "environment"])
@pytest.mark.parametrize(("made_with", "typed_as"), [("NFC", "NFD"), ("NFD", "NFC")])
def test_passphrase_typed_composed_or_decomposed_unlocks_through_the_cli(
    made_with: str, typed_as: str, channel: str, vault_folder: Path, tmp_path: Path
) -> None:
    made = unicodedata.normalize(made_with, PASSPHRASE_TEXT)  # type: ignore[arg-type]
    typed = unicodedata.normalize(typed_as, PASSPHRASE_TEXT)  # type: ignore[arg-type]
    assert made != typed
    info = make_vault(vault_folder, passphrase=made)
    info.vault.lock()
    if channel == "passphrase-file":
        args: tuple[str, ...] = ("--passphrase-file", str(write_secret(tmp_path / "p.txt", typed)))
        env = cli_env(vault_folder)
    else:
        args = ()
        env = cli_env(vault_folder, THERAPY_JOURNAL_PASSPHRASE=typed)

    result = run_cli(*args, "list", env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "No entries yet.\n"
