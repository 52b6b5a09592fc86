"""``contact``: add, list, show, edit, delete, import and export contacts from the
command line, each with --json, and the exit codes of the CLI."""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import pytest

from tests.helpers.cli import Result, cli, cli_env, cli_process
from tests.helpers.terminal import cli_on_a_terminal
from tests.helpers.vaults import PASSPHRASE, make_vault
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.vcard import contacts_to_vcard

KINDS = ["therapist", "referral", "organization", "support"]
# The fields of a contact's JSON, in their order (README: "contact --json").
FIELDS = [
    *("id", "kind", "name", "email", "phone", "age_key", "credentials", "practice"),
    *("website", "address", "session_format", "travel_minutes", "languages", "approaches"),
    *("specialties", "other_specialties", "insurance", "fee", "sliding_scale", "days"),
    *("times", "availability", "referred_by", "referral_type", "support_role"),
    *("checkin_days", "follow_up", "stage", "not_a_fit_reason", "questions", "notes"),
    "consultation",
    *("profession", "licensed_in", "sees", "gender", "age", "culture", "faith"),
    *("lgbtq_affirming", "styles"),
]
# A card as an iPhone exports it: no kind of ours, so it takes --kind.
PHONE_CARD = """\
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.0//EN
N:Okafor;Amara;;Dr.;
FN:Dr. Amara Okafor
EMAIL;type=INTERNET;type=WORK;type=pref:amara@example.org
TEL;type=CELL;type=VOICE;type=pref:(555) 010-0100
END:VCARD
"""


def new_key() -> str:
    return str(pyrage.x25519.Identity.generate().to_public())


@dataclass
class Book:
    """A vault on disk and the command line over it."""

    folder: Path
    pass_file: Path
    tmp: Path

    def run(self, *args: str) -> Result:
        return cli("--vault", str(self.folder), "--passphrase-file", str(self.pass_file), *args)

    def json(self, *args: str) -> Any:
        result = self.run(*args, "--json")
        assert result.code == 0, result.err
        return json.loads(result.out)

    def add(self, kind: str, name: str, *more: str) -> dict[str, Any]:
        added: dict[str, Any] = self.json("contact", "add", "--kind", kind, "--name", name, *more)
        return added

    def names(self, *args: str) -> list[str]:
        return [contact["name"] for contact in self.json("contact", "list", *args)]

    @property
    def env(self) -> dict[str, str]:
        return cli_env(self.folder, THERAPY_JOURNAL_PASSPHRASE=PASSPHRASE)


@pytest.fixture
def book(tmp_path: Path) -> Book:
    info = make_vault(tmp_path / "vault")
    info.vault.lock()
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    return Book(info.folder, pass_file, tmp_path)


def one_line_error(result: Result, code: int) -> str:
    assert result.code == code, (result.code, result.err)
    assert result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("therapy-journal: "), result.err
    return result.err


# --- add, list, show ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_add_keeps_the_age_key_of_every_kind(book: Book, kind: str) -> None:
    key = new_key()
    added = book.add(
        kind, "Kim", "--email", "kim@example.org", "--phone", "555-0100", "--age-key", key
    )
    assert (added["kind"], added["name"], added["age_key"]) == (kind, "Kim", key)
    assert (added["email"], added["phone"]) == ("kim@example.org", "555-0100")
    shown = book.json("contact", "show", str(added["id"]))
    assert shown == added  # read back from the vault: the key was kept


def test_contact_json_has_every_field_under_stable_names(book: Book) -> None:
    added = book.add("therapist", "Dr. Ana Rivera")
    assert list(added) == FIELDS
    assert added["stage"] == "identified"
    assert (added["languages"], added["fee"], added["follow_up"]) == ([], None, None)
    assert added["consultation"] is None  # none is invented


def test_add_for_people_says_what_was_added_and_the_milestone(book: Book) -> None:
    result = book.run("contact", "add", "--kind", "therapist", "--name", "Dr. Ana Rivera")
    assert result.code == 0, result.err
    assert result.out == (
        "Added Dr. Ana Rivera as contact 1, a therapist.\n"
        "Milestone reached: First therapist identified.\n"
    )
    result = book.run("contact", "add", "--kind", "organization", "--name", "NAMI")
    assert result.out == "Added NAMI as contact 2, an organization.\n"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--name", "Kim"], "the following arguments are required: --kind"),
        (["--kind", "friend", "--name", "Kim"], "invalid choice: 'friend'"),
        (["--kind", "support"], "the following arguments are required: --name"),
        (["--kind", "support", "--name", "   "], "A contact needs a name."),
        (["--kind", "support", "--name", "Jo", "--email", "jo at home"], "email address"),
        (["--kind", "support", "--name", "Jo", "--age-key", "age1nope"], "not an age public key"),
    ],
)
def test_add_refuses_bad_details_with_exit_2_and_adds_nothing(
    book: Book, args: list[str], needle: str
) -> None:
    assert needle in one_line_error(book.run("contact", "add", *args), 2)
    assert book.names() == []


def test_a_secret_key_given_as_age_key_is_refused_and_not_echoed(book: Book) -> None:
    secret = str(pyrage.x25519.Identity.generate())
    error = one_line_error(
        book.run("contact", "add", "--kind", "support", "--name", "Jo", "--age-key", secret), 2
    )
    assert secret not in error and "not an age public key" in error


def test_list_by_name_and_by_kind(book: Book) -> None:
    book.add("therapist", "Sam Lee")
    book.add("support", "jo")
    book.add("therapist", "Dr. Ana Rivera", "--age-key", new_key())
    assert book.names() == ["Dr. Ana Rivera", "jo", "Sam Lee"]
    assert book.names("--kind", "therapist") == ["Dr. Ana Rivera", "Sam Lee"]
    assert book.names("--kind", "organization") == []
    shown = book.run("contact", "list")
    assert shown.code == 0
    lines = shown.out.splitlines()
    assert len(lines) == 3
    assert "Therapist" in lines[0] and "Dr. Ana Rivera" in lines[0] and "age key" in lines[0]
    assert "age key" not in lines[2]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "No contacts yet."),
        (["--kind", "support"], "No one in your support network yet."),
        (["--kind", "referral"], "No referral sources in your contacts yet."),
    ],
)
def test_an_empty_list_says_so(book: Book, args: list[str], says: str) -> None:
    assert book.run("contact", "list", *args).out == says + "\n"


def test_show_for_people_gives_each_detail_and_the_notes(book: Book) -> None:
    key = new_key()
    book.add("referral", "Dr. Kim", "--email", "kim@example.org", "--age-key", key)
    shown = book.run("contact", "show", "1")
    assert shown.code == 0, shown.err
    lines = shown.out.splitlines()
    assert lines[:2] == ["Dr. Kim", "Referral source · contact 1"]
    assert any(line.startswith("Email:") and line.endswith("kim@example.org") for line in lines)
    assert any(line.startswith("Age public key:") and line.endswith(key) for line in lines)


def test_a_name_with_terminal_escapes_is_shown_harmlessly(book: Book) -> None:
    book.add("support", "Jo\x1b]0;owned\x07")
    for args in (["list"], ["show", "1"]):
        out = book.run("contact", *args).out
        assert "\x1b" not in out and "\x07" not in out and "Jo\u241b" in out


def test_show_of_a_missing_contact_exits_1(book: Book) -> None:
    assert "There is no contact 9" in one_line_error(book.run("contact", "show", "9"), 1)
    assert "not a contact id" in one_line_error(book.run("contact", "show", "nine"), 2)


# --- edit and delete -------------------------------------------------------------------------


def test_edit_changes_only_what_is_given(book: Book) -> None:
    key = new_key()
    book.add("therapist", "Dr. Ana Rivera", "--email", "ana@example.org", "--phone", "555-0100")
    edited = book.json("contact", "edit", "1", "--phone", "555-0199", "--age-key", key)
    assert (edited["name"], edited["email"], edited["phone"], edited["age_key"]) == (
        "Dr. Ana Rivera",
        "ana@example.org",
        "555-0199",
        key,
    )
    result = book.run("contact", "edit", "1", "--name", "Ana Rivera, PhD")
    assert result.out == "Saved contact 1, Ana Rivera, PhD.\n"
    assert book.json("contact", "show", "1")["name"] == "Ana Rivera, PhD"


def test_edit_with_empty_values_removes_them(book: Book) -> None:
    book.add("support", "Jo", "--email", "jo@example.org", "--age-key", new_key())
    edited = book.json("contact", "edit", "1", "--age-key", "", "--email", "")
    assert (edited["age_key"], edited["email"]) == ("", "")


def test_edit_of_the_kind_keeps_the_key_and_starts_the_search(book: Book) -> None:
    key = new_key()
    book.add("referral", "Dr. Kim", "--age-key", key)
    edited = book.json("contact", "edit", "1", "--kind", "therapist")
    assert (edited["kind"], edited["stage"], edited["age_key"]) == ("therapist", "identified", key)
    back = book.json("contact", "edit", "1", "--kind", "support")
    assert (back["kind"], back["stage"], back["age_key"]) == ("support", "", key)


def test_edit_needs_a_change_and_a_real_contact(book: Book) -> None:
    book.add("support", "Jo")
    assert "Nothing to change" in one_line_error(book.run("contact", "edit", "1"), 2)
    assert "There is no contact 5" in one_line_error(
        book.run("contact", "edit", "5", "--name", "X"), 1
    )
    assert "not an age public key" in one_line_error(
        book.run("contact", "edit", "1", "--age-key", "age1nope"), 2
    )
    assert book.json("contact", "show", "1")["age_key"] == ""


def test_delete_without_a_terminal_needs_yes(book: Book) -> None:
    book.add("support", "Jo")
    error = one_line_error(book.run("contact", "delete", "1"), 1)
    assert "cannot be undone" in error and "--yes" in error and "Jo (contact 1)" in error
    assert book.names() == ["Jo"]
    assert book.json("contact", "delete", "1", "--yes") == {"id": 1, "name": "Jo", "deleted": True}
    assert book.names() == []
    assert "There is no contact 1" in one_line_error(book.run("contact", "delete", "1", "--yes"), 1)


def test_delete_on_a_terminal_asks_first(book: Book) -> None:
    book.add("support", "Jo")
    book.add("support", "Sam")
    declined = cli_on_a_terminal("contact", "delete", "1", reply="n", env=book.env)
    assert declined.answered == 1 and declined.code == 1, declined.transcript
    assert "Delete Jo (contact 1) and their log for good?" in declined.transcript
    assert "Nothing was changed." in declined.transcript
    assert book.names() == ["Jo", "Sam"]
    agreed = cli_on_a_terminal("contact", "delete", "1", reply="y", env=book.env)
    assert agreed.code == 0, agreed.transcript
    assert "Deleted Jo (contact 1)." in agreed.transcript
    assert book.names() == ["Sam"]


# --- import and export ----------------------------------------------------------------------


def test_import_takes_the_kind_for_cards_that_do_not_say(book: Book) -> None:
    phone = book.tmp / "phone.vcf"
    phone.write_text(PHONE_CARD)
    result = book.run("contact", "import", str(phone))
    assert result.code == 0, result.err
    assert result.out == (
        f"Imported 1 therapist from {phone}.\nMilestone reached: First therapist identified.\n"
    )
    imported = book.json("contact", "import", str(phone), "--kind", "support")
    assert imported["imported"] == 1
    (amara,) = imported["contacts"]
    assert (amara["kind"], amara["name"], amara["email"]) == (
        "support",
        "Dr. Amara Okafor",
        "amara@example.org",
    )


def test_export_then_import_keeps_kinds_and_keys(book: Book, tmp_path: Path) -> None:
    keys = {kind: new_key() for kind in KINDS}
    for kind in KINDS:
        book.add(kind, f"A {kind}", "--age-key", keys[kind])
    out = tmp_path / "contacts.vcf"
    result = book.run("contact", "export", "-o", str(out))
    assert result.code == 0, result.err
    assert result.out == f"Wrote 4 contacts to {out}.\n"
    assert "NOT encrypted" in result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    other = make_vault(tmp_path / "other")
    other.vault.lock()
    imported = cli(
        "--vault", str(other.folder), "--passphrase-file", str(book.pass_file),
        "contact", "import", str(out), "--kind", "organization", "--json",
    )  # fmt: skip
    assert imported.code == 0, imported.err
    back = json.loads(imported.out)["contacts"]
    assert {c["name"]: (c["kind"], c["age_key"]) for c in back} == {
        f"A {kind}": (kind, keys[kind]) for kind in KINDS
    }


def test_a_damaged_vcard_file_imports_nothing(book: Book) -> None:
    damaged = book.tmp / "damaged.vcf"
    damaged.write_text(PHONE_CARD + "BEGIN:VCARD\nVERSION:3.0\nFN:Cut short\n")
    assert "no END:VCARD" in one_line_error(book.run("contact", "import", str(damaged)), 1)
    assert book.names() == []
    missing = book.run("contact", "import", str(book.tmp / "missing.vcf"))
    assert "could not be read" in one_line_error(missing, 1)


def test_a_card_that_cannot_be_a_contact_imports_nothing(book: Book) -> None:
    cards = book.tmp / "cards.vcf"
    bad = Contact(kind="support", name="Jo", age_recipient="age1nope")
    cards.write_text(PHONE_CARD + contacts_to_vcard([bad]))
    error = one_line_error(book.run("contact", "import", str(cards)), 1)
    assert "Contact 2 of 2 (Jo)" in error and "not an age public key" in error
    assert "Nothing was imported" in error
    assert book.names() == []


def test_export_refuses_to_overwrite_without_force_or_a_yes(book: Book) -> None:
    book.add("support", "Jo")
    out = book.tmp / "contacts.vcf"
    out.write_text("mine")
    error = one_line_error(book.run("contact", "export", "-o", str(out)), 1)
    assert "exists" in error and "--force" in error
    assert out.read_text() == "mine"
    declined = cli_on_a_terminal("contact", "export", "-o", str(out), reply="n", env=book.env)
    assert declined.code == 1 and "Replace it?" in declined.transcript
    assert out.read_text() == "mine"
    written = book.json("contact", "export", "-o", str(out), "--force")
    assert written == {"file": str(out), "contacts": 1, "encrypted": False}
    assert "FN:Jo" in out.read_text()


def test_export_refuses_the_vault_folder_and_a_missing_folder(book: Book) -> None:
    inside = book.folder / "contacts.vcf"
    error = one_line_error(book.run("contact", "export", "-o", str(inside)), 1)
    assert "inside the vault folder" in error
    assert not inside.exists()
    nowhere = book.tmp / "nowhere" / "contacts.vcf"
    assert "does not exist" in one_line_error(book.run("contact", "export", "-o", str(nowhere)), 1)


# --- the command itself ---------------------------------------------------------------------


def test_contact_needs_an_action(book: Book) -> None:
    error = one_line_error(book.run("contact"), 2)
    assert "ACTION" in error
    assert "invalid choice: 'remove'" in one_line_error(book.run("contact", "remove", "1"), 2)


def test_options_before_or_after_the_action(book: Book) -> None:
    result = cli(
        "contact", "add", "--kind", "support", "--name", "Jo",
        "--vault", str(book.folder), "--passphrase-file", str(book.pass_file),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert book.names() == ["Jo"]


def test_each_action_has_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    from therapy_journal.cli.main import build_parser  # noqa: PLC0415

    for action in ("add", "list", "show", "edit", "delete", "import", "export"):
        with pytest.raises(SystemExit) as raised:
            build_parser("contact").parse_args(["contact", action, "--help"])
        assert raised.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: therapy-journal contact {action} ")


def test_contact_in_a_real_process_with_the_exit_codes_of_the_cli(book: Book) -> None:
    added = cli_process(
        "contact", "add", "--kind", "referral", "--name", "Dr. Kim", "--json", env=book.env
    )
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["kind"] == "referral"
    wrong = cli_env(book.folder, THERAPY_JOURNAL_PASSPHRASE="not the passphrase")
    assert cli_process("contact", "list", env=wrong).returncode == 3
    no_vault = cli_env(book.tmp / "no-vault", THERAPY_JOURNAL_PASSPHRASE=PASSPHRASE)
    assert cli_process("contact", "list", env=no_vault).returncode == 4
    assert cli_process("contact", "add", "--kind", "x", env=book.env).returncode == 2


def test_importing_the_same_address_book_twice_adds_nobody_twice(book: Book) -> None:
    phone = book.tmp / "phone.vcf"
    phone.write_text(PHONE_CARD)
    assert book.json("contact", "import", str(phone))["imported"] == 1
    again = book.run("contact", "import", str(phone))
    assert again.code == 0, again.err
    assert again.out == f"Imported 0 contacts from {phone}; 1 already in your contacts.\n"
    assert book.names() == ["Dr. Amara Okafor"]
