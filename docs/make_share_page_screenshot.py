"""Take the README's pictures of the shared page: locked, and opened in a browser.

Usage: .venv/bin/python docs/make_share_page_screenshot.py
       (writes docs/share-page-locked.png and docs/share-page.png)

A throwaway vault in a temporary folder gets a few invented entries and goals;
the app's own code writes the page (with a passphrase, at the app's work
factor), and a headless Chromium (tests/helpers/browser.py: Debian's chromium
and chromium-driver) opens it the way a recipient does: the passphrase typed,
then Enter.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from tests.helpers.browser import chromium  # noqa: E402
from tests.helpers.vaults import make_vault  # noqa: E402

from therapy_journal.services.goals import GoalService  # noqa: E402
from therapy_journal.services.journal import JournalService, make_entry  # noqa: E402
from therapy_journal.services.sharing.selection import Selection  # noqa: E402
from therapy_journal.services.sharing.service import ShareService  # noqa: E402

PAGE_PASSPHRASE = "tulip-anchor-river-stone-lamp-cloud-quiet"  # noqa: S105 (a demo)
START = datetime(2026, 3, 2, 20, 15).astimezone()
DEMO = [
    (
        "First call to a therapist",
        "I finally **called** Dr. Rivera's practice. My hands were shaking, but the "
        "receptionist was kind.\n\n- Consultation next Tuesday\n- Bring my list of questions",
        6,
        ["search", "anxiety"],
    ),
    (
        "Questions for the consultation",
        "## What I want to ask\n\n1. Have you worked with panic attacks?\n"
        "2. Do you offer telehealth?\n3. Is there a sliding scale?",
        5,
        ["search"],
    ),
    (
        "Sleep was better",
        "Slept seven hours. The *breathing exercise* helped, and I woke up without the "
        "usual knot in my stomach.",
        7,
        ["sleep"],
    ),
]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="tj-page-shot-") as name:
        temp = Path(name)
        info = make_vault(temp / "vault")
        journal = JournalService(info.vault)
        for number, (title, body, mood, tags) in enumerate(DEMO):
            created = START + timedelta(days=2 * number)
            journal.add(make_entry(title=title, body=body, mood=mood, tags=tags, created=created))
        GoalService(info.vault).create(
            "Find a therapist", steps=["Call three practices", "Go to a consultation"]
        )
        page = temp / "journal-for-dr-rivera.html"
        ShareService(info.vault).export(
            Selection(all_entries=True, include=frozenset({"goals"})),
            page,
            passphrase=PAGE_PASSPHRASE,
            form="html",
        )
        info.vault.lock()
        with chromium(width=900, height=1150) as browser:
            browser.open(page)
            browser.by_id("secret").send_keys(PAGE_PASSPHRASE[:23])
            browser.driver.save_screenshot(str(DOCS / "share-page-locked.png"))
            browser.type_secret(PAGE_PASSPHRASE)
            if browser.settled() != "opened":
                sys.exit("the page did not open")
            browser.driver.save_screenshot(str(DOCS / "share-page.png"))
    print("wrote docs/share-page-locked.png and docs/share-page.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
