"""Calendar apps read the .ics files we write: khal and calcurse from Debian,
run for real on a file made by :mod:`therapy_journal.services.calendar_export`.
Each test is skipped where its app is not installed (.ci/run installs both)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from therapy_journal.services.calendar_export import consultation_ics, follow_up_ics, write_ics
from therapy_journal.services.contact_model import Contact

THERAPIST = Contact(kind="therapist", name="Dr. Zoë Okafor", id=5, phone="+1 555 010 0100")
ZONE = "America/New_York"
# A time picked in a form carries the seconds of the moment it was picked.
PICKED = datetime(2026, 12, 8, 18, 30, 42, tzinfo=ZoneInfo(ZONE))


def _run(command: list[str], home: Path) -> str:
    env = {**os.environ, "TZ": ZONE, "HOME": str(home), "LANG": "C.UTF-8"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=True)
    return done.stdout


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    consultation = tmp_path / "consultation.ics"
    follow_up = tmp_path / "follow-up.ics"
    write_ics(consultation, consultation_ics(THERAPIST, PICKED))
    write_ics(follow_up, follow_up_ics(THERAPIST, date(2026, 12, 9)))
    return consultation, follow_up


@pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed")
def test_khal_reads_the_consultation_and_the_follow_up(
    tmp_path: Path, files: tuple[Path, Path]
) -> None:
    calendar = tmp_path / "calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[mine]]\npath = {calendar}\n[locale]\n"
        "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"default_timezone = {ZONE}\nlocal_timezone = {ZONE}\n",
        encoding="utf-8",
    )
    shown = [
        _run(
            ["khal", "-c", str(config), "printics", "--format", "{start}|{end}|{title}", str(f)],
            tmp_path,
        ).splitlines()[-1]
        for f in files
    ]
    assert shown == [
        "2026-12-08 18:30|2026-12-08 19:20|Consultation with Dr. Zoë Okafor",
        "2026-12-09|2026-12-09|Follow up with Dr. Zoë Okafor",
    ]


@pytest.mark.skipif(shutil.which("calcurse") is None, reason="calcurse is not installed")
def test_calcurse_imports_the_consultation_and_the_follow_up(
    tmp_path: Path, files: tuple[Path, Path]
) -> None:
    data = tmp_path / "calcurse"
    data.mkdir()
    for path in files:
        _run(["calcurse", "-D", str(data), "-i", str(path)], tmp_path)
    shown = _run(
        [
            *("calcurse", "-D", str(data), "-Q", "--filter-type", "cal"),
            *("--from", "12/08/2026", "--days", "3"),
            *("--format-apt", "%(start:%Y-%m-%d %H:%M)|%(end:%H:%M)|%m\\n"),
            *("--format-event", "all day|%m\\n"),
        ],
        tmp_path,
    )
    lines = [line for line in shown.splitlines() if "|" in line]
    assert lines == [
        "2026-12-08 18:30|19:20|Consultation with Dr. Zoë Okafor",
        "all day|Follow up with Dr. Zoë Okafor",
    ]
