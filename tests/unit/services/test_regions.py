"""Regions: every help line and directory says where it came from and when it
was checked, lines that are not always open say their hours, and the person's
region follows the app's setting, else the system locale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from therapy_journal.locations import config_folder
from therapy_journal.services import regions
from therapy_journal.services.reference import BadReferenceData

ISSUE_LINES = {  # the lines the issue names, per region: (call, text)
    "us": [("988", "988"), ("", "HOME to 741741")],
    "ca": [("988", "988")],
    "uk": [("116 123", ""), ("", "SHOUT to 85258")],
    "ie": [("116 123", "")],
    "au": [("13 11 14", "")],
    "nz": [("1737", "1737")],
}


def test_every_line_and_directory_carries_its_source_and_when_it_was_checked() -> None:
    for region in regions.regions().values():
        for line in (*region.crisis_lines, *region.other_lines, *region.directories):
            assert line.source.startswith("https://"), line
            assert line.checked or line.unchecked, f"{line.name} says neither"
            if line.checked:
                assert len(line.checked) == 10 and line.checked[4] == "-"


def test_the_regions_the_issue_asks_for_have_their_crisis_lines() -> None:
    assert set(regions.regions()) == {*ISSUE_LINES, "elsewhere"}
    for region_id, expected in ISSUE_LINES.items():
        lines = regions.region(region_id).crisis_lines
        assert [(line.call, line.text) for line in lines] == expected
        assert all(line.always_open for line in lines)
        assert regions.region(region_id).emergency


def test_a_line_that_is_not_always_open_says_its_hours() -> None:
    nami = regions.region("us").other_lines[0]
    assert "NAMI" in nami.name and nami.call == "1-800-950-6264"
    assert nami.always_open is False
    assert "Monday to Friday, 10 am to 10 pm Eastern" in nami.hours
    assert nami not in regions.region("us").crisis_lines


def test_help_lines_put_the_regions_own_first_and_elsewhere_last() -> None:
    lines = regions.help_lines("uk")
    assert lines[0].startswith("Samaritans: call 116 123")
    assert "call 999" in lines[-2] and "findahelpline.com" in lines[-1]
    anywhere = regions.help_lines("elsewhere")
    assert anywhere[0] == "If you are in immediate danger, call your local emergency number."
    assert "findahelpline.com" in anywhere[-1]


@pytest.mark.parametrize(
    ("locale", "region_id"),
    [
        ("en_US.UTF-8", "us"),
        ("fr_CA.UTF-8", "ca"),
        ("en_GB.UTF-8", "uk"),
        ("ga_IE", "ie"),
        ("en-AU", "au"),
        ("mi_NZ.UTF-8@euro", "nz"),
        ("de_DE.UTF-8", "elsewhere"),
        ("C.UTF-8", "elsewhere"),
        ("", "elsewhere"),
    ],
)
def test_the_system_locale_names_the_region(locale: str, region_id: str) -> None:
    assert regions.region_of_locale(locale) == region_id


def test_the_apps_setting_wins_over_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert regions.configured_region() == "uk"
    folder = config_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps({"region": "nz", "theme": "dark"}))
    assert regions.configured_region() == "nz"
    (folder / "settings.json").write_text(json.dumps({"region": "mars"}))
    assert regions.configured_region() == "uk"  # an unknown value is ignored
    (folder / "settings.json").write_text("{not json")
    assert regions.configured_region() == "uk"


def test_a_line_without_provenance_is_refused(tmp_path: Path) -> None:
    del tmp_path
    line = {"name": "A line", "call": "1", "text": "", "hours": "always", "always_open": True}
    data = {
        "elsewhere": {"text": "x", "source": "https://x", "checked": "2026-12-02"},
        "regions": [
            {
                "id": "elsewhere",
                "name": "Somewhere else",
                "where": "",
                "emergency": "",
                "crisis_lines": [line],
                "money": {"cover": "", "in_network": "", "copay": "", "note": ""},
            }
        ],
    }
    with pytest.raises(BadReferenceData, match="has no source"):
        regions.parse_regions(data)
    line["source"] = "https://x"
    with pytest.raises(BadReferenceData, match="no date it was checked"):
        regions.parse_regions(data)
    line["checked"] = "2026-12-02"
    assert regions.parse_regions(data).regions["elsewhere"].crisis_lines[0].call == "1"
