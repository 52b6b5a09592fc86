"""A real headless Chromium for the shared page (tests/helpers/browser.py), and
pages made by the app's own code from real vaults.

Skipped, with the reason, where Debian's chromium and chromium-driver are not
installed; .ci/run installs them, so CI always runs these.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers.browser import MISSING, Browser, chromium, find_chromium

NO_CHROMIUM = pytest.mark.skipif(find_chromium() is None, reason=MISSING)

# An entry written in another time zone than the browser's (tests run in New
# York): the page shows it as it was written, 20:30.
WRITTEN = datetime(2026, 3, 1, 20, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


@pytest.fixture
def fresh_downloads(browser: Browser) -> Path:
    for path in browser.downloads.iterdir():
        path.unlink()
    return browser.downloads
