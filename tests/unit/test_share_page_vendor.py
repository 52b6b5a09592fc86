"""The JavaScript the shared page carries is the vendored build, pinned and
reproducible (packaging/vendor/build_vendor.py)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "packaging" / "vendor"


def shipped(name: str) -> bytes:
    return files("therapy_journal.resources").joinpath("share_page", name).read_bytes()


def test_the_vendored_bundle_is_the_recorded_build() -> None:
    recorded = (VENDOR / "vendor.min.js.sha256").read_text().split()
    assert recorded[1] == "vendor.min.js"
    assert hashlib.sha256(shipped("vendor.min.js")).hexdigest() == recorded[0]


def test_every_dependency_is_pinned_to_one_version_and_its_integrity() -> None:
    package = json.loads((VENDOR / "package.json").read_text())
    for section in ("dependencies", "devDependencies"):
        for name, version in package[section].items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)
    assert package["dependencies"]["age-encryption"] == "0.3.1"
    lock = json.loads((VENDOR / "package-lock.json").read_text())
    for path, facts in lock["packages"].items():
        if path:
            assert str(facts.get("integrity", "")).startswith("sha512-"), path


def test_the_licences_of_everything_bundled_ship_beside_it() -> None:
    text = shipped("THIRD_PARTY_LICENSES.txt").decode("utf-8")
    assert "age-encryption 0.3.1 (BSD-3-Clause)" in text
    assert "Redistribution and use in source and binary forms" in text
    for name in ("@noble/ciphers", "@noble/curves", "@noble/hashes", "@scure/base", "fflate"):
        assert f"\n{name} " in text, name
    assert "markdown-it 15.0.3 (MIT)" in text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_the_build_script_rebuilds_the_vendored_file_byte_for_byte() -> None:
    """Needs the npm registry (npm ci), as .ci/run has."""
    result = subprocess.run(
        [sys.executable, str(VENDOR / "build_vendor.py")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "rebuilt byte for byte" in result.stdout
