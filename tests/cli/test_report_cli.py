"""``report``: a plain, unencrypted print of a choice of entries, end to end
over a real vault: a real PDF with the entries' text (made in a real process,
since Qt's application would stay in this one), an HTML page, the warning,
0600 whatever the umask, never inside the vault, never a partial file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import Result, cli, cli_env
from tests.helpers.vaults import PASSPHRASE, make_vault
from therapy_journal.services.dates import parse_when
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService, make_entry


@pytest.fixture(autouse=True)
def no_pdf_maker_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs write HTML only (a PDF here would start a Qt application
    in the test process); a PDF asked for in-process fails plainly."""
    monkeypatch.setitem(sys.modules, "therapy_journal.render.pdf", None)


class Reports:
    def __init__(self, tmp: Path) -> None:
        info = make_vault(tmp / "vault")
        journal = JournalService(info.vault)
        for day, title, body, tags in (
            ("01", "First visit", "I felt **much** better.\n\n- walked\n- slept", ["sleep"]),
            ("02", "Work", "A long day <script>alert(1)</script>", ["work"]),
            ("03", "Rest", "Quiet.", ["sleep"]),
        ):
            journal.add(
                make_entry(
                    title=title,
                    body=body,
                    tags=tags,
                    mood=5,
                    created=parse_when(f"2026-03-{day}T10:00"),
                )
            )
        self.goals = GoalService(info.vault)
        info.vault.lock()
        self.folder = info.folder
        self.vault = info.vault
        self.tmp = tmp
        self.pass_file = tmp / "pass.txt"
        self.pass_file.write_text(PASSPHRASE + "\n")

    def run(self, *args: str) -> Result:
        return cli("--vault", str(self.folder), "--passphrase-file", str(self.pass_file), *args)


@pytest.fixture
def reports(tmp_path: Path) -> Reports:
    return Reports(tmp_path)


def test_report_all_as_a_real_pdf_with_the_entries_text(reports: Reports) -> None:
    out = reports.tmp / "report.pdf"
    code = (
        "import os, sys\n"
        "os.umask(0o002)\n"  # a generous umask: the report is 0600 all the same
        "from therapy_journal.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "report", "--all", "-o", str(out), "--json"],
        capture_output=True,
        text=True,
        # A terminal with no display: Qt's window system would abort the process.
        env=cli_env(
            reports.folder, THERAPY_JOURNAL_PASSPHRASE=PASSPHRASE, QT_QPA_PLATFORM="xcb", DISPLAY=""
        ),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "NOT encrypted" in result.stderr
    shown = json.loads(result.stdout)
    assert shown["format"] == "pdf" and shown["encrypted"] is False
    assert shown["included"]["entries"] == 3 and shown["entry_ids"] == [1, 2, 3]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []
    # The PDF read back with Qt's PDF module, in a process of its own.
    reader = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "from PySide6.QtPdf import QPdfDocument\n"
        "app = QGuiApplication(['t'])\n"
        "d = QPdfDocument()\n"
        "d.load(sys.argv[1])\n"
        "print(''.join(''.join(d.getAllText(p).text() for p in range(d.pageCount())).split()))\n"
    )
    text = subprocess.run(
        [sys.executable, "-c", reader, str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=True,
    ).stdout
    assert "Firstvisit" in text and "Ifeltmuchbetter." in text and "walked" in text
    assert "Alongday<script>alert(1)</script>" in text
    assert "**" not in text and "Overview" in text


def test_report_as_html_renders_markdown_and_warns(reports: Reports) -> None:
    out = reports.tmp / "report.html"
    result = reports.run("report", "--tag", "sleep", "-o", str(out))
    assert result.code == 0, result.err
    assert "NOT encrypted" in result.err and str(out) in result.err
    assert result.out == f"Wrote {out}, a web page, NOT encrypted. It holds 2 journal entries.\n"
    page = out.read_text()
    assert "<b>much</b>" in page and "**" not in page
    assert "First visit" in page and "Rest" in page and "Work" not in page
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_empty_pages_asked_for_are_left_out(reports: Reports) -> None:
    out = reports.tmp / "report.html"
    result = reports.run("report", "--all", "--include", "profile,goals", "-o", str(out), "--json")
    assert result.code == 0, result.err
    shown = json.loads(result.out)
    assert shown["included"] == {
        "entries": 3,
        "profile": False,
        "goals": False,
        "assessments": False,
    }
    assert "It holds 3 journal entries." in out.read_text()


def test_a_report_inside_the_vault_folder_is_refused(reports: Reports) -> None:
    inside = reports.folder / "report.pdf"
    result = reports.run("report", "--all", "-o", str(inside))
    assert result.code == 2
    assert result.out == "" and result.err.count("\n") == 1
    assert "inside the vault folder" in result.err
    assert not inside.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all", "-o", "report.txt"], "not named .pdf or .html"),
        (["-o", "report.html"], "Say which entries to put in the report"),
        (["--all", "--tag", "x", "-o", "report.html"], "one way only"),
        (["--all", "--include", "diary", "-o", "report.html"], "'diary' cannot be included"),
    ],
)
def test_wrong_use_is_one_sentence_and_exit_2(
    reports: Reports, args: list[str], message: str
) -> None:
    args = [str(reports.tmp / a) if a.startswith("report.") else a for a in args]
    result = reports.run("report", *args)
    assert result.code == 2, result.err
    assert message in result.err and result.err.count("\n") == 1
    assert not list(reports.tmp.glob("report.*"))


def test_an_existing_file_is_kept_without_force(reports: Reports) -> None:
    out = reports.tmp / "report.html"
    out.write_text("mine")
    result = reports.run("report", "--all", "-o", str(out))
    assert result.code == 1 and "--force" in result.err
    assert out.read_text() == "mine"
    assert reports.run("report", "--all", "-o", str(out), "--force").code == 0
    assert "First visit" in out.read_text()


def test_nothing_matching_writes_nothing(reports: Reports) -> None:
    out = reports.tmp / "report.html"
    result = reports.run("report", "--tag", "nowhere", "-o", str(out))
    assert result.code == 1 and "No entries match" in result.err
    assert not out.exists()


def test_an_html_report_loads_only_its_group_and_no_qt(reports: Reports) -> None:
    from tests.cli.test_imports import _modules_after  # noqa: PLC0415

    code, modules = _modules_after(
        reports.folder, ["report", "--all", "-o", str(reports.tmp / "r.html")]
    )
    assert code == 0
    groups = {name for name in modules if name.startswith("therapy_journal.cli.commands.")}
    assert groups == {"therapy_journal.cli.commands.report"}
    assert not [name for name in modules if name.startswith(("PySide6", "therapy_journal.gui"))]
