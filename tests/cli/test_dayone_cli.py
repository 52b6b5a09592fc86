"""``import --from dayone-json`` says what it kept and what it could not, and
names the entry whose time zone is unknown (issue 18)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.helpers.cli import Result, cli
from tests.helpers.vaults import PASSPHRASE, make_vault

JOURNAL = Path(__file__).parents[1] / "fixtures" / "imports" / "dayone" / "Journal.json"


def run(tmp_path: Path, *args: str) -> Result:
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    return cli("--vault", str(tmp_path / "vault"), "--passphrase-file", str(pass_file), *args)


def test_the_summary_says_what_was_kept_and_the_warning_names_the_entry(tmp_path: Path) -> None:
    make_vault(tmp_path / "vault").vault.lock()
    result = run(tmp_path, "import", "--from", "dayone-json", str(JOURNAL))
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "Imported 5 entries; skipped 0 already in the journal.",
        "2 entries with photos, videos, audio or PDFs that were not imported "
        "(a note marks where each was).",
        "1 entry with their place kept at the end of the text.",
        "1 entry with their weather kept at the end of the text.",
        "1 entry starred, tagged 'starred'.",
    ]
    assert "Entry 5 (0123456789ABCDEF0123456789ABCDEF): the time zone 'Mars/Olympus_Mons'" in (
        result.err
    )
    again = run(tmp_path, "import", "--from", "dayone-json", str(JOURNAL))
    assert again.out.startswith("Imported 0 entries; skipped 5 already in the journal.\n")


def test_a_day_one_zip_imports_its_photos(tmp_path: Path) -> None:
    journal = Path(__file__).parents[1] / "fixtures" / "imports" / "dayone" / "Journal.json"
    archive = tmp_path / "Export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(journal, "Journal.json")
        out.writestr("photos/0f1e2d3c4b5a69788796a5b4c3d2e1f0.jpeg", b"\xff\xd8\xff\xe0photo")
    info = make_vault(tmp_path / "vault")
    info.vault.lock()
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE)
    base = ("--vault", str(info.folder), "--passphrase-file", str(pass_file))
    result = cli(*base, "import", "--from", "dayone-json", str(archive), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["attachments"] == 1
    listed = json.loads(cli(*base, "list", "--json").out)
    bondi = next(e for e in listed if e["title"].startswith("Bondi"))
    shown = json.loads(cli(*base, "show", str(bondi["id"]), "--json").out)
    assert [a["name"] for a in shown["attachments"]] == ["photo-1.jpeg"]
