"""The shared page in a real browser: typed into, opened, printed, saved from,
and refused when it should be. Pages are made by the app's own code."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import timedelta
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from tests.browser.conftest import NO_CHROMIUM, WRITTEN
from tests.helpers.browser import Browser
from tests.helpers.bundles import contents_of, crafted_zip
from tests.helpers.vaults import make_vault
from therapy_journal.services.assessments import AssessmentService
from therapy_journal.services.attachments import AttachmentService
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.sharing.age_scrypt import armor, encrypt_with_passphrase
from therapy_journal.services.sharing.html_page import age_file_in, make_page
from therapy_journal.services.sharing.pack import pack
from therapy_journal.services.sharing.passphrases import generate_passphrase
from therapy_journal.services.sharing.received import open_bundle
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.services.sharing.service import ShareService

BODY = "Called **two practices** today.\n\n- nervous\n- then relieved\n\nA quiet-lantern line."
HOSTILE = (
    "Before <script>window.ranScript = true; document.title = 'ran';</script> after.\n\n"
    '<img src=x onerror="window.ranHandler = true">\n\n'
    "[click](javascript:window.ranLink=true) ![pic](https://example.invalid/track.png)"
)
pytestmark = NO_CHROMIUM

CHEAP = 10  # scrypt factor for pages that test something other than the real factor


def entries_page(
    tmp_path: Path,
    *,
    passphrase: str | None = None,
    key: str | None = None,
    entries: list[tuple[str, str]] | None = None,
    name: str = "shared.html",
) -> Path:
    """A page made by ShareService from a real vault holding ``entries``."""
    info = make_vault(tmp_path / f"vault-{name}")
    journal = JournalService(info.vault)
    for title, body in entries or [("First calls", BODY)]:
        journal.add(make_entry(title=title, body=body, mood=6, tags=["search"], created=WRITTEN))
    GoalService(info.vault).create("Find a therapist")  # an empty page would be left out
    path = tmp_path / name
    ShareService(info.vault).export(
        Selection(all_entries=True, include=frozenset({"goals"})),
        path,
        passphrase=passphrase,
        recipients=[key] if key else [],
        form="html",
    )
    info.vault.lock()
    return path


def one_entry_zip() -> bytes:
    return pack(contents_of({"entries/0001-x.md": entry_file()}, entries=1))


def cheap_page(tmp_path: Path, zip_bytes: bytes, phrase: str, name: str = "cheap.html") -> Path:
    path = tmp_path / name
    path.write_bytes(make_page(armor(encrypt_with_passphrase(zip_bytes, phrase, CHEAP))))
    return path


def test_a_passphrase_page_opens_and_shows_the_entries(browser: Browser, tmp_path: Path) -> None:
    phrase = generate_passphrase()
    page = entries_page(tmp_path, passphrase=phrase)  # the real work factor
    browser.open(page)
    assert "passphrase" in browser.by_id("lock-hint").text
    browser.type_secret(phrase)
    assert browser.settled() == "opened"
    report = browser.report_text()
    assert "First calls" in report and "A quiet-lantern line." in report
    assert "Sun, Mar 1, 2026, 20:30" in report  # in the zone it was written in
    strong = browser.run(
        "return [...document.querySelectorAll('#report strong')].map(e => e.textContent)"
    )
    assert "two practices" in strong  # Markdown rendered, not shown raw
    assert browser.run("return document.querySelectorAll('#report li').length") >= 2
    assert "Goals" in report
    assert not browser.by_id("lock").is_displayed()
    assert browser.by_id("secret").get_attribute("value") == ""
    assert browser.console_errors() == []


def test_a_wrong_passphrase_says_so_and_shows_nothing(browser: Browser, tmp_path: Path) -> None:
    phrase = "tulip-anchor-river-stone-lamp-cloud-quiet"
    page = cheap_page(tmp_path, one_entry_zip(), phrase)
    browser.open(page)
    browser.type_secret(phrase.replace("river", "rivers"))
    message = browser.settled()
    assert message.startswith("That passphrase does not open this page.")
    assert "quiet-lantern" not in browser.body_text()
    assert not browser.by_id("opened").is_displayed()
    browser.type_secret(phrase)  # and the right one still opens it
    assert browser.settled() == "opened"
    assert "A quiet-lantern line." in browser.report_text()


def entry_file(title: str = "Hello", body: str = BODY) -> bytes:
    return (
        f'---\ndate: "2026-03-01T20:30:00+01:00"\ntitle: {json.dumps(title)}\n'
        f'mood: 5\ntags: ["a"]\n---\n\n{body}'
    ).encode()


def test_html_in_an_entry_never_runs_and_shows_as_text(browser: Browser, tmp_path: Path) -> None:
    key = x25519.Identity.generate()
    hostile_title = '<img src=x onerror="window.ranTitle = true">Title'
    page = entries_page(tmp_path, key=str(key.to_public()), entries=[(hostile_title, HOSTILE)])
    browser.open(page)
    browser.paste_secret(str(key))
    assert browser.settled() == "opened"
    ran = browser.run(
        "return [window.ranScript, window.ranHandler, window.ranTitle, window.ranLink]"
    )
    assert ran == [None, None, None, None]
    assert browser.run("return document.title").startswith("From a Therapy Journal")
    report = browser.report_text()
    assert "<script>window.ranScript = true;" in report
    assert '<img src=x onerror="window.ranHandler = true">' in report
    assert hostile_title in report
    assert (
        browser.run("return document.querySelectorAll('#report script, #report img').length") == 0
    )
    assert "[picture: pic]" in report  # never fetched
    links = browser.run("return [...document.querySelectorAll('#report a')].map(a => a.href)")
    assert not any(link.startswith("javascript:") for link in links)
    assert browser.console_errors() == []  # nothing was even attempted and blocked


def test_a_key_page_opens_with_a_pasted_identity_file(browser: Browser, tmp_path: Path) -> None:
    key = x25519.Identity.generate()
    page = entries_page(tmp_path, key=str(key.to_public()))
    browser.open(page)
    assert "AGE-SECRET-KEY-1" in browser.by_id("lock-hint").text
    identity_file = f"# created: 2026-03-01T10:00:00Z\n# public key: {key.to_public()}\n{key}\n"
    browser.paste_secret(identity_file)
    assert browser.settled() == "opened"
    assert "A quiet-lantern line." in browser.report_text()
    assert "mood 6/10 · #search · in Journal" in browser.report_text()  # the entry's journal


def test_another_key_does_not_open_a_key_page(browser: Browser, tmp_path: Path) -> None:
    key, other = x25519.Identity.generate(), x25519.Identity.generate()
    page = entries_page(tmp_path, key=str(key.to_public()))
    browser.open(page)
    browser.paste_secret(str(other))
    assert browser.settled() == "That key does not open this page; it was made for a different key."
    assert "quiet-lantern" not in browser.body_text()
    browser.paste_secret("AGE-SECRET-KEY-1NOTAKEY")
    assert "not an age secret key" in browser.settled()


def test_a_page_with_damaged_armor_says_it_is_damaged_at_once(
    browser: Browser, tmp_path: Path
) -> None:
    page = cheap_page(tmp_path, pack(contents_of({}, entries=0)), "words")
    text = page.read_bytes()
    start = text.index(b"-----BEGIN AGE ENCRYPTED FILE-----\n") + 36
    page.write_bytes(text[:start] + b"!!!!" + text[start + 4 :])
    browser.open(page)
    assert browser.settled(10).startswith("This page is damaged")
    assert not browser.by_id("secret").is_enabled()


def test_a_changed_byte_in_the_carried_file_is_damage_not_a_wrong_passphrase(
    browser: Browser, tmp_path: Path
) -> None:
    phrase = "words-for-this-page"
    page = cheap_page(tmp_path, one_entry_zip(), phrase)
    text = page.read_bytes()
    end = text.index(b"-----END AGE ENCRYPTED FILE-----")
    at = end - 100  # inside the payload, still valid base64
    page.write_bytes(text[:at] + (b"B" if text[at : at + 1] == b"A" else b"A") + text[at + 1 :])
    browser.open(page)
    browser.type_secret(phrase)
    assert browser.settled().startswith("This page is damaged")
    assert "quiet-lantern" not in browser.body_text()


def test_a_file_that_does_not_match_the_manifest_shows_nothing(
    browser: Browser, tmp_path: Path
) -> None:
    changed = crafted_zip(
        [("entries/0001-x.md", entry_file(body="A quiet-lantern line, changed."))],
        listed={"entries/0001-x.md": entry_file()},
    )
    page = cheap_page(tmp_path, changed, "words-for-this-page")
    browser.open(page)
    browser.type_secret("words-for-this-page")
    assert "changed after it was made" in browser.settled()
    assert "quiet-lantern" not in browser.report_text()
    assert not browser.by_id("opened").is_displayed()


@pytest.mark.skipif(shutil.which("age") is None, reason="the reference age tool is not installed")
def test_the_downloaded_age_file_opens_with_the_age_tool_and_the_zip_is_the_bundle(
    browser: Browser, fresh_downloads: Path, tmp_path: Path
) -> None:
    key = x25519.Identity.generate()
    page = entries_page(tmp_path, key=str(key.to_public()), name="for-dr-rivera.html")
    browser.open(page)
    browser.by_id("download-age").click()
    downloaded = browser.downloaded("for-dr-rivera.age")
    assert downloaded.read_bytes() == age_file_in(page.read_bytes())
    identity = tmp_path / "key.txt"
    identity.write_text(f"{key}\n")
    out = tmp_path / "from-age.zip"
    subprocess.run(
        ["age", "-d", "-i", str(identity), "-o", str(out), str(downloaded)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    browser.paste_secret(str(key))
    assert browser.settled() == "opened"
    browser.by_id("save-zip").click()
    saved = browser.downloaded("for-dr-rivera.zip")
    assert saved.read_bytes() == out.read_bytes()
    assert saved.read_bytes() == pyrage.decrypt(age_file_in(page.read_bytes()), [key])
    with zipfile.ZipFile(saved) as archive:
        assert "manifest.json" in archive.namelist()
    assert open_bundle(page, identities=[str(key)]).entries[0].title == "First calls"


def test_printing_shows_the_report_without_the_buttons(browser: Browser, tmp_path: Path) -> None:
    key = x25519.Identity.generate()
    page = entries_page(tmp_path, key=str(key.to_public()))
    browser.open(page)
    browser.paste_secret(str(key))
    assert browser.settled() == "opened"
    browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.run(
            "const shown = node => getComputedStyle(node).display;"
            "return ['opened', 'report', 'about'].map(id => shown(document.getElementById(id)))"
            "  .concat([shown(document.querySelector('.toolbar'))]);"
        )
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown == ["block", "block", "none", "none"]
    pdf = browser.driver.print_page()  # what Print gives: the report
    assert len(pdf) > 1000


def test_a_page_holding_fewer_entries_than_it_says_shows_nothing(
    browser: Browser, tmp_path: Path
) -> None:
    short = pack(contents_of({"entries/0001-x.md": entry_file()}, entries=2))
    page = cheap_page(tmp_path, short, "words-for-this-page")
    browser.open(page)
    browser.type_secret("words-for-this-page")
    assert "different number of entries" in browser.settled()
    assert browser.report_text() == ""


def test_the_page_leads_with_an_overview(browser: Browser, tmp_path: Path) -> None:
    info = make_vault(tmp_path / "vault")
    journal = JournalService(info.vault)
    for day, mood in ((0, 3), (2, 7)):
        journal.add(
            make_entry(
                title=f"Day {day}", mood=mood, tags=["sleep"], created=WRITTEN + timedelta(days=day)
            )
        )
    AssessmentService(info.vault).record("phq9", [1] * 8 + [2], when=WRITTEN)
    phrase = "tulip-anchor-river-stone-lamp-cloud-quiet"
    contents = ShareService(info.vault).gather(
        Selection(all_entries=True, include=frozenset({"assessments"}))
    )
    info.vault.lock()
    page = cheap_page(tmp_path, pack(contents), phrase)
    browser.open(page)
    browser.type_secret(phrase)
    assert browser.settled() == "opened"
    overview = browser.run("return document.querySelector('#report .overview').innerText")
    assert "Entries: 2 entries, written from 2026-03-01 to 2026-03-03." in overview
    assert "average 5.0, lowest 3, highest 7" in overview
    assert "#sleep (2)" in overview
    assert "PHQ-9, 2026-03-01: 10 of 27" in overview
    assert "was answered above 0: \u201cMore than half the days\u201d." in overview
    assert (
        browser.run("return document.querySelectorAll('#report .overview svg circle').length") == 2
    )
    labels = browser.run(
        "return [...document.querySelectorAll('#report .overview svg text')]"
        ".map(e => e.textContent)"
    )
    assert labels[-2:] == ["2026-03-01", "2026-03-03"]
    assert browser.console_errors() == []


def test_the_page_offers_each_attachment_for_download(
    browser: Browser, fresh_downloads: Path, tmp_path: Path
) -> None:
    info = make_vault(tmp_path / "vault-attached")
    journal = JournalService(info.vault)
    entry_id = journal.add(make_entry(title="Beach", body="Calm.", created=WRITTEN))
    photo = b"\xff\xd8\xff" + bytes(range(256)) * 8
    AttachmentService(info.vault).add_bytes(entry_id, "beach day.jpg", photo)
    page = tmp_path / "attached.html"
    phrase = generate_passphrase()
    ShareService(info.vault).export(
        Selection(all_entries=True), page, passphrase=phrase, form="html"
    )
    info.vault.lock()
    browser.open(page)
    browser.type_secret(phrase)
    assert browser.settled() == "opened"
    assert "Download beach day.jpg (2.0 KB)" in browser.report_text()
    browser.run("document.querySelector('#report button.attachment').click()")
    assert browser.downloaded("beach day.jpg").read_bytes() == photo
    assert browser.console_errors() == []
