"""The freedesktop files in packaging/linux/: valid, consistent, with every icon.

The validators are Debian's ``desktop-file-utils`` and ``appstream``, which
``.ci/run`` installs; where they are missing those two tests are skipped and
say so.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from therapy_journal import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
THEME = LINUX / "icons" / "hicolor"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: desktop-file-utils, appstream)")
    return path


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()  # noqa: S314 (our own file, not untrusted input)


def test_the_desktop_file_passes_desktop_file_validate() -> None:
    proc = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error" not in proc.stdout.lower()
    assert "warning" not in proc.stdout.lower()


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    proc = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_ids_match_across_the_app_the_desktop_file_the_metainfo_and_the_icons() -> None:
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "therapy-journal"
    component = _metainfo()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert component.findtext("provides/binary") == "therapy-journal"
    assert (THEME / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == (
        ROOT / "resources" / "icons" / "therapy-journal.svg"
    ).read_bytes()


def test_the_metainfo_names_this_version_and_has_screenshots_in_the_repository() -> None:
    component = _metainfo()
    # pyproject.toml reads the version from the package (the one place it is written).
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" in project.get("dynamic", [])
    version = __version__
    assert component.find("releases/release").get("version") == version  # type: ignore[union-attr]
    images = [image.text or "" for image in component.iter("image")]
    assert images
    for url in images:
        assert url.startswith("https://")
        assert (ROOT / "docs" / url.rsplit("/docs/", 1)[1]).is_file(), url


@pytest.mark.parametrize("size", SIZES)
def test_the_icon_exists_at_each_size(size: int) -> None:
    image = QImage(str(THEME / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
