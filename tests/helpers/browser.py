"""A real browser for the shared page: Debian's headless Chromium through
chromium-driver and Selenium, with a fresh profile and its own download folder.

Used by tests/browser/, benchmarks/bench_share_page.py and docs/ (the README's
screenshot of an opened page).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser")
DRIVER_NAMES = ("chromedriver",)
# Chromium as root in a container, with no display and no network chatter.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=en-US",
)


def find_chromium() -> tuple[str, str] | None:
    """(chromium, chromedriver) paths, or None when either is missing."""
    browser = next((path for n in CHROMIUM_NAMES if (path := shutil.which(n))), None)
    driver = next((path for n in DRIVER_NAMES if (path := shutil.which(n))), None)
    return (browser, driver) if browser and driver else None


MISSING = (
    "Debian's chromium and chromium-driver are not installed "
    "(.ci/run installs them: apt-get install chromium chromium-driver)"
)


@dataclass
class Browser:
    driver: Any  # selenium.webdriver.Chrome
    downloads: Path

    def open(self, page: Path) -> None:
        self.driver.get(page.resolve().as_uri())

    def run(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def by_id(self, name: str) -> Any:
        from selenium.webdriver.common.by import By  # noqa: PLC0415

        return self.driver.find_element(By.ID, name)

    def wait_until(self, condition: Any, timeout: float = 120) -> Any:
        from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(condition)

    def type_secret(self, secret: str) -> None:
        """Type into the page's one field, as a person would, and press Enter."""
        from selenium.webdriver.common.keys import Keys  # noqa: PLC0415

        field = self.by_id("secret")
        self.wait_until(lambda _driver: field.is_enabled(), timeout=30)
        field.clear()
        field.send_keys(secret)
        field.send_keys(Keys.ENTER)

    def paste_secret(self, secret: str) -> None:
        """Put a pasted value (several lines, say) into the field, then press Enter."""
        from selenium.webdriver.common.keys import Keys  # noqa: PLC0415

        field = self.by_id("secret")
        self.wait_until(lambda _driver: field.is_enabled(), timeout=30)
        self.run("arguments[0].value = arguments[1];", field, secret)
        field.send_keys(Keys.ENTER)

    def settled(self, timeout: float = 120) -> str:
        """Wait until the page has opened or said why not; returns 'opened' or
        the status line's text."""

        def done(_driver: Any) -> str | None:
            if self.by_id("opened").is_displayed():
                return "opened"
            status = self.by_id("status")
            kind = status.get_attribute("class") or ""
            return status.text if "problem" in kind else None

        result: str = self.wait_until(done, timeout)
        return result

    def report_text(self) -> str:
        text: str = self.by_id("report").get_attribute("textContent") or ""
        return text

    def body_text(self) -> str:
        text: str = self.run("return document.body.textContent;") or ""
        return text

    def downloaded(self, name: str, timeout: float = 30) -> Path:
        path = self.downloads / name
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            partial = list(self.downloads.glob("*.crdownload"))
            if path.is_file() and not partial:
                return path
            time.sleep(0.1)
        raise AssertionError(f"{name} was not downloaded; the folder holds {self._listing()}")

    def _listing(self) -> list[str]:
        return sorted(p.name for p in self.downloads.iterdir())

    def console_errors(self) -> list[str]:
        return [
            entry["message"]
            for entry in self.driver.get_log("browser")
            if entry.get("level") == "SEVERE"
        ]


@contextmanager
def chromium(*, width: int = 1000, height: int = 900) -> Iterator[Browser]:
    """A headless Chromium with a fresh profile, closed (and its folders removed)
    afterwards."""
    found = find_chromium()
    if found is None:
        raise RuntimeError(MISSING)
    from selenium import webdriver  # noqa: PLC0415
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    browser_path, driver_path = found
    with tempfile.TemporaryDirectory(prefix="tj-chromium-") as temp:
        profile = Path(temp) / "profile"
        downloads = Path(temp) / "downloads"
        downloads.mkdir()
        options = webdriver.ChromeOptions()
        options.binary_location = browser_path
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.add_experimental_option(
            "prefs",
            {
                "download.default_directory": str(downloads),
                "download.prompt_for_download": False,
                "safebrowsing.enabled": False,
            },
        )
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
        try:
            driver.execute_cdp_cmd(
                "Browser.setDownloadBehavior",
                {"behavior": "allow", "downloadPath": str(downloads)},
            )
            yield Browser(driver, downloads)
        finally:
            driver.quit()
