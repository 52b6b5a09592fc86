"""The command line shows an entry in its own time, the one it was written in
(tests run in America/New_York, see tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.cli import Result, cli
from tests.helpers.vaults import PASSPHRASE, make_vault


def run(tmp_path: Path, *args: str) -> Result:
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    return cli("--vault", str(tmp_path / "vault"), "--passphrase-file", str(pass_file), *args)


def test_an_entry_written_at_plus_ten_shows_its_own_time_in_show_and_list(
    tmp_path: Path,
) -> None:
    make_vault(tmp_path / "vault").vault.lock()
    added = run(tmp_path, "add", "--title", "Late", "--date", "2024-01-31T22:48+10:00", "--json")
    assert added.code == 0, added.err
    entry_id = json.loads(added.out)["id"]
    shown = run(tmp_path, "show", str(entry_id))
    assert "2024-01-31 22:48 UTC+10:00 · entry" in shown.out
    listed = run(tmp_path, "list")
    assert "2024-01-31 22:48" in listed.out and "07:48" not in listed.out


def test_a_day_one_sydney_entry_shows_at_22_48(tmp_path: Path) -> None:
    make_vault(tmp_path / "vault").vault.lock()
    journal = tmp_path / "Journal.json"
    journal.write_text(
        json.dumps(
            {
                "metadata": {"version": "1.0"},
                "entries": [
                    {
                        "uuid": "A1",
                        "creationDate": "2024-01-31T11:48:00Z",
                        "timeZone": "Australia/Sydney",
                        "text": "Evening\n\nA long day.",
                    }
                ],
            }
        )
    )
    assert run(tmp_path, "import", "--from", "dayone-json", str(journal)).code == 0
    listed = run(tmp_path, "list")
    assert "2024-01-31 22:48" in listed.out, listed.out
    assert json.loads(run(tmp_path, "list", "--json").out)[0]["created"] == (
        "2024-01-31T22:48:00+11:00"
    )
