"""Every command's name, its group module and its one-line summary.

Building the parser needs only this table: the module that defines a command's
options and runs it (``therapy_journal.cli.commands.<group>``) is imported
only for the command being run, so ``list`` never pays for what ``export``
imports. ``--help`` lists the summaries in this order.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Command:
    name: str
    group: str
    # The command's line in ``--help`` (54 characters fit on one line in 80
    # columns); ``details`` adds to it in ``COMMAND --help``.
    summary: str
    details: str = ""

    @property
    def description(self) -> str:
        return f"{self.summary}. {self.details}" if self.details else self.summary

    def module(self) -> ModuleType:
        """The group module: ``configure(name, parser)``, ``HANDLERS``, ``ERRORS``."""
        return importlib.import_module(f"therapy_journal.cli.commands.{self.group}")


COMMANDS: tuple[Command, ...] = (
    Command(
        "init",
        "vault",
        "create a vault; prints the recovery key once",
        "The recovery key is printed on a line of its own.",
    ),
    Command("add", "entries", "write an entry; the body is read from standard input"),
    Command(
        "edit",
        "entries",
        "change an entry's title, mood, tags, date or body",
        "The body is replaced only with --body, from standard input.",
    ),
    Command("list", "entries", "list entries, newest first"),
    Command("show", "entries", "show one entry"),
    Command("search", "entries", 'search entries: words, "phrases", prefix*, -exclude'),
    Command("delete", "entries", "move an entry to the trash"),
    Command(
        "restore",
        "entries",
        "bring back an entry (ID) or the vault from a backup",
        "An entry comes back from the trash; a backup FILE opens with the passphrase that was "
        "current when it was made, or the recovery key.",
    ),
    Command("trash", "entries", "list the entries in the trash"),
    Command("purge", "entries", "delete an entry in the trash for good"),
    Command("tags", "entries", "list tags and how many entries use each"),
    Command("journals", "journals", "list the journals and how many entries each holds"),
    Command(
        "journal",
        "journals",
        "add, rename or delete a journal",
        "ACTION is add, rename or delete; 'journal ACTION --help' explains each. A journal "
        "that still holds entries is deleted only with --move-to OTHER, which moves them first.",
    ),
    Command(
        "attachment",
        "attachments",
        "list an entry's attachments or write one to a file",
        "'attachment get ENTRY NAME -o FILE' writes a decrypted copy, readable by you only "
        "(never into the vault folder; an existing FILE is replaced only if you say yes, or "
        "with --force). 'add --attach FILE...' attaches files to a new entry.",
    ),
    Command(
        "import",
        "data",
        "import entries from another journal, all or nothing",
        "A problem in the file imports nothing and says where; entries already in the journal "
        "are skipped and counted.",
    ),
    Command(
        "export-all",
        "data",
        "export everything to a folder, NOT encrypted",
        "Every entry, the profile, goals, self-assessments and contacts go to a new or empty "
        "folder, in files readable by you only.",
    ),
    Command(
        "passwd",
        "vault",
        "change the passphrase",
        "Only the key file is rewritten; with --rekey the data key itself is replaced too and "
        "every page of the database encrypted again (the recovery key stays the same). A rekey "
        "cut short leaves a vault that opens with the old or the new passphrase.",
    ),
    Command("recover", "vault", "set a new passphrase with the recovery key"),
    Command(
        "check",
        "vault",
        "check every page, table and index of the vault",
        "One line says whether it is healthy (exit 0) or what is damaged and what to do "
        "(exit 4); --verbose adds what SQLite reported.",
    ),
    Command(
        "export",
        "sharing",
        "write an encrypted bundle of entries to share",
        "The bundle is an age file, for someone's age key (a contact's, with --to-contact) "
        "or a passphrase; with --as html, one page that opens it in any browser. Where it "
        "goes is checked before any work.",
    ),
    Command(
        "report",
        "report",
        "write a printable report (PDF or HTML), NOT encrypted",
        "The same entries and pages export chooses, led by an overview, for bringing pages "
        "to an appointment. The file is readable by you only and never written inside the "
        "vault folder; FILE's ending (.pdf or .html) chooses the format.",
    ),
    Command(
        "open-bundle",
        "sharing",
        "open a bundle read-only and show what it holds",
        "The default key is this vault's receiving key.",
    ),
    Command(
        "shares",
        "sharing",
        "list the bundles you shared: when, for whom, what",
        "Newest first, with each bundle's fingerprint; never a passphrase.",
    ),
    Command(
        "receiving-key",
        "sharing",
        "print, or create, this vault's receiving key",
        "People send bundles to its public key (age1...); its secret half stays in the vault. "
        "--create makes the first one; --another makes a new one beside it (the older keys "
        "still open what was sent to them).",
    ),
    Command(
        "contact",
        "contacts",
        "contacts: add, edit, fit, compare, import, export",
        "ACTION is one of those; 'contact ACTION --help' explains each. Contacts have no "
        "trash: delete asks first, or needs --yes without a terminal.",
    ),
    Command(
        "unlock",
        "vault",
        "keep the journal open for commands for a while",
        "--for 10m (at most 12h) derives the key once and keeps it in the Linux kernel's "
        "keyring for this login session, with the time limit set in the kernel, so the "
        "commands that follow skip the passphrase and its slow KDF. Nothing is written to "
        "disk. Meanwhile any program you run in this login session can open the journal; "
        "'lock', or locking in the app, ends it at once.",
    ),
    Command("lock", "vault", "end 'unlock --for' now"),
    Command(
        "help-now",
        "care",
        "where to find help now: crisis lines for your region",
        "Needs no vault or passphrase. Your region's lines come first, with call and text "
        "labelled and their hours, then its emergency number, then findahelpline.com for "
        "anywhere else. --region chooses another region.",
    ),
    Command(
        "outreach-script",
        "outreach",
        "draft a first message to a therapist from your profile",
        "--for call (what to say), voicemail (short, nothing private) or email (with a "
        "subject). What the profile does not say is left in [brackets] to fill in; paying is "
        "worded for your region. --json adds a short exercise to steady yourself first.",
    ),
    Command(
        "checkin",
        "checkins",
        "take a check-in: phq9, gad7 or who5 --answers N,N,...",
        "The answers are the numbers of the options, in the order of the questions; a wrong "
        "number of answers or an answer out of range stores nothing (exit 2). --json prints "
        "instrument, score (WHO-5 on the 0-100 scale), band, talk_to_professional, crisis "
        "(PHQ-9 item 9 above 0), item9 and date.",
    ),
    Command("checkins", "checkins", "list the check-ins taken, newest first"),
    Command(
        "template",
        "templates",
        "list, show, add and delete entry templates",
        "Four are built in (before a first session, after a session, a weekly reflection, a "
        "hard day); your own are kept in the vault. 'add --template NAME' writes an entry "
        "from one. {date} in a template's title becomes the entry's date.",
    ),
    Command(
        "profile",
        "profile",
        "show or set what you want in a therapist",
        "'profile show --json' prints the profile; 'profile set --from-json FILE' takes the "
        "same shape (the keys given replace those fields; unknown keys or values are refused "
        "and named, and nothing is saved).",
    ),
    Command(
        "goal",
        "goals",
        "add, list, tick steps of and finish goals",
        "ACTION is add, list, step or done; 'goal ACTION --help' explains each. Steps are "
        "numbered from 1 as 'goal list' shows them.",
    ),
    Command(
        "backup",
        "data",
        "write the whole vault, still encrypted, to one file",
        "The backup is tested once written; a damaged vault is not backed up.",
    ),
    Command(
        "salvage",
        "data",
        "save what a damaged vault still holds, NOT encrypted",
        "Every entry that can still be read goes to a new or empty folder as export-all "
        "writes it, with SALVAGE-REPORT.txt listing what could not be read. Exit code 0 when "
        "everything readable was saved (the summary counts what was lost), 4 when not one "
        "entry could be read.",
    ),
)

BY_NAME = {command.name: command for command in COMMANDS}
