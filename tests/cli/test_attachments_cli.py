"""``add --attach``, ``show --json`` attachments and ``attachment get`` on a real vault."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.cli.test_bundles_cli import no_pdf_maker_in_this_process  # noqa: F401 (autouse)
from tests.cli.test_commands import Setup, one_line_error, setup  # noqa: F401 (a fixture)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def _files(tmp_path: Path) -> tuple[Path, Path]:
    photo, letter = tmp_path / "photo.png", tmp_path / "letter.pdf"
    photo.write_bytes(PNG)
    letter.write_bytes(b"%PDF-1.4 referral letter")
    return photo, letter


def test_add_attaches_files_and_show_json_lists_them(setup: Setup, tmp_path: Path) -> None:  # noqa: F811
    photo, letter = _files(tmp_path)
    added = setup.run("add", "--title", "t", "--attach", str(photo), str(letter), stdin="body")
    assert (added.code, added.out) == (0, "Added entry 1 with 2 attachments.\n"), added.err
    shown = json.loads(setup.run("show", "1", "--json").out)
    assert shown["attachments"] == [
        {
            "name": "photo.png",
            "type": "image/png",
            "size": len(PNG),
            "sha256": hashlib.sha256(PNG).hexdigest(),
        },
        {
            "name": "letter.pdf",
            "type": "application/pdf",
            "size": 24,
            "sha256": hashlib.sha256(letter.read_bytes()).hexdigest(),
        },
    ]
    text = setup.run("show", "1").out
    assert "Attachments:\n  photo.png  (image/png, 264 bytes)\n" in text


def test_attach_is_repeatable(setup: Setup, tmp_path: Path) -> None:  # noqa: F811
    photo, letter = _files(tmp_path)
    added = setup.run("add", "--attach", str(photo), "--attach", str(letter), stdin="b")
    assert added.code == 0
    listed = json.loads(setup.run("attachment", "list", "1", "--json").out)
    assert [item["name"] for item in listed] == ["photo.png", "letter.pdf"]


def test_a_file_that_cannot_be_attached_adds_nothing(setup: Setup, tmp_path: Path) -> None:  # noqa: F811
    result = setup.run("add", "--attach", str(tmp_path / "missing.jpg"), stdin="body")
    assert result.code == 1
    assert "Could not read" in one_line_error(result)
    assert "The entry was not added." in result.err
    assert setup.run("list").out == "No entries yet.\n"


def test_attachment_get_writes_a_private_copy_and_asks_before_replacing(
    setup: Setup,  # noqa: F811
    tmp_path: Path,
) -> None:
    photo, _letter = _files(tmp_path)
    setup.run("add", "--attach", str(photo), stdin="b")
    target = tmp_path / "out.png"
    got = setup.run("attachment", "get", "1", "photo.png", "-o", str(target))
    assert got.code == 0, got.err
    assert target.read_bytes() == PNG and target.stat().st_mode & 0o777 == 0o600
    again = setup.run("attachment", "get", "1", "photo.png", "-o", str(target))
    assert again.code == 1 and "add --force to replace it" in one_line_error(again)
    forced = setup.run("attachment", "get", "1", "photo.png", "-o", str(target), "--force")
    assert forced.code == 0


def test_attachment_get_refuses_the_vault_folder_and_unknown_names(
    setup: Setup,  # noqa: F811
    tmp_path: Path,
) -> None:
    photo, _letter = _files(tmp_path)
    setup.run("add", "--attach", str(photo), stdin="b")
    inside = setup.run("attachment", "get", "1", "photo.png", "-o", str(setup.folder / "x.png"))
    assert inside.code == 1 and "inside the vault folder" in one_line_error(inside)
    missing = setup.run("attachment", "get", "1", "nope.png", "-o", str(tmp_path / "n.png"))
    assert 'Entry 1 has no attachment named "nope.png".' in one_line_error(missing)


def test_open_bundle_names_the_attachments(setup: Setup, tmp_path: Path) -> None:  # noqa: F811
    photo, _letter = _files(tmp_path)
    setup.run("add", "--title", "Beach", "--attach", str(photo), stdin="b")
    secret = tmp_path / "bundle-pass.txt"
    secret.write_text("a long and winding passphrase for the bundle\n")
    bundle = tmp_path / "b.age"
    made = setup.run("export", "--all", "--to-passphrase-file", str(secret), "-o", str(bundle))
    assert made.code == 0, made.err
    shown = setup.run("open-bundle", str(bundle), "--bundle-passphrase-file", str(secret))
    assert shown.code == 0, shown.err
    assert "    attached: photo.png (264 bytes)\n" in shown.out
    listed = json.loads(
        setup.run("open-bundle", str(bundle), "--bundle-passphrase-file", str(secret), "--json").out
    )
    assert listed["attachments"] == [
        {"entry": listed["entries"][0]["file"], "name": "photo.png", "type": "image/png",
         "size": len(PNG)}
    ]  # fmt: skip
    out = tmp_path / "extracted"
    setup.run(
        "open-bundle", str(bundle), "--bundle-passphrase-file", str(secret), "--extract", str(out)
    )
    assert (out / "attachments" / "0001-01.png").read_bytes() == PNG


def test_every_json_list_of_entries_names_their_attachments(setup: Setup, tmp_path: Path) -> None:  # noqa: F811
    photo, _letter = _files(tmp_path)
    setup.run("add", "--title", "Beach walk", "--attach", str(photo), stdin="by the sea")
    shown = json.loads(setup.run("show", "1", "--json").out)
    assert json.loads(setup.run("list", "--json").out) == [shown]
    (hit,) = json.loads(setup.run("search", "sea", "--json").out)
    assert hit["attachments"] == shown["attachments"]
