"""``help-now``: crisis lines for the person's region, with no vault at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import cli


def test_help_now_needs_no_vault_and_lists_the_regions_lines_first(tmp_path: Path) -> None:
    result = cli("--vault", str(tmp_path / "none"), "help-now", "--region", "uk")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Help now in the United Kingdom. You don't have to go through this alone."
    assert "Samaritans: call 116 123" in lines[1] and "Shout: text SHOUT to 85258" in lines[2]
    assert "call 999" in result.out
    assert "  - Also NHS 111" in result.out  # other lines after the crisis lines
    assert lines[-1].endswith("findahelpline.com, or call your local emergency number.")


def test_help_now_follows_the_locale_without_a_region(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "en_AU.UTF-8")
    result = cli("--vault", str(tmp_path), "help-now")
    assert "Lifeline: call 13 11 14" in result.out and "call 000" in result.out


def test_help_now_json_labels_call_and_text_and_hours(tmp_path: Path) -> None:
    data = json.loads(cli("--vault", str(tmp_path), "help-now", "--region", "us", "--json").out)
    assert data["region"] == "us" and data["emergency"] == "911"
    assert [(line["call"], line["text"]) for line in data["lines"]] == [
        ("988", "988"),
        ("", "HOME to 741741"),
    ]
    nami = data["other_lines"][0]
    assert nami["always_open"] is False and "Monday to Friday" in nami["hours"]
    assert all(line["source"] and (line["checked"] or line["unchecked"]) for line in data["lines"])
    assert "findahelpline.com" in data["elsewhere"]


def test_somewhere_else_still_says_where_to_look(tmp_path: Path) -> None:
    result = cli("--vault", str(tmp_path), "help-now", "--region", "elsewhere")
    assert result.out.splitlines()[0] == "Help now. You don't have to go through this alone."
    assert "findahelpline.com" in result.out and "local emergency number" in result.out


def test_an_unknown_region_is_a_usage_error(tmp_path: Path) -> None:
    result = cli("--vault", str(tmp_path), "help-now", "--region", "mars")
    assert result.code == 2 and "invalid choice" in result.err
