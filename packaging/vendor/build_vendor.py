#!/usr/bin/env python3
"""Rebuild the JavaScript the shared HTML page carries, and check it.

The page (resources/share_page/) decrypts with typage, the reference
TypeScript implementation of age (npm ``age-encryption``), unzips with
``fflate`` and renders Markdown with ``markdown-it``. They are vendored as one
minified file, ``resources/share_page/vendor.min.js``, built from the exact
versions in ``package-lock.json`` (every package pinned by its integrity hash)
with a pinned esbuild, and their licences go beside it in
``THIRD_PARTY_LICENSES.txt``.

    python3 packaging/vendor/build_vendor.py           # rebuild, compare, change nothing
    python3 packaging/vendor/build_vendor.py --update  # rebuild and write the files

The build runs ``npm ci`` in a temporary folder (the npm registry must be
reachable), then esbuild. Without ``--update`` it fails unless the result is
byte for byte the vendored file and its SHA-256 is the one recorded in
``vendor.min.js.sha256`` (which ``tests/unit/test_share_page_vendor.py``
checks against the vendored file on every test run). To move to new versions:
change ``package.json``, run ``npm install --package-lock-only`` here, then
``--update``, and read the diff of the licences.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TARGET = ROOT / "resources" / "share_page"
BUNDLE = "vendor.min.js"
LICENSES = "THIRD_PARTY_LICENSES.txt"
RECORDED = HERE / f"{BUNDLE}.sha256"
SOURCES = ("package.json", "package-lock.json", "entry.js")
ESBUILD_OPTIONS = (
    "--bundle",
    "--minify",
    "--format=iife",
    "--global-name=TJVendor",
    "--platform=browser",
    "--target=es2020",
    "--charset=utf8",
    "--legal-comments=none",  # the licences go in full into THIRD_PARTY_LICENSES.txt
)
# Text that would end, or change how a browser reads, the inline <script> the
# page puts this file in.
UNSAFE_IN_SCRIPT = re.compile(r"</?script", re.IGNORECASE)


def run(command: list[str], folder: Path) -> None:
    print("+", " ".join(command), file=sys.stderr)
    subprocess.run(command, cwd=folder, check=True)


def packages_in(metafile: dict[str, object]) -> list[Path]:
    """The package folders (under node_modules) whose code is in the bundle."""
    inputs = metafile.get("inputs", {})
    assert isinstance(inputs, dict)
    found: set[str] = set()
    for name in inputs:
        match = re.match(r"(.*node_modules/(?:@[^/]+/)?[^/]+)/", name)
        if match:
            found.add(match[1])
    return [Path(name) for name in sorted(found)]


def licenses_text(folder: Path, packages: list[Path]) -> str:
    parts = [
        "The shared page carries these libraries, built into vendor.min.js by\n"
        "packaging/vendor/build_vendor.py. Their licences follow.\n"
    ]
    for package in packages:
        meta = json.loads((folder / package / "package.json").read_text(encoding="utf-8"))
        license_file = next(
            (p for p in sorted((folder / package).iterdir()) if p.name.upper().startswith("LICEN")),
            None,
        )
        if license_file is None:
            raise SystemExit(f"{meta['name']} ships no licence file; look before vendoring it")
        parts.append(
            f"{'=' * 72}\n{meta['name']} {meta['version']} ({meta.get('license', '?')})\n"
            f"{'=' * 72}\n{license_file.read_text(encoding='utf-8').strip()}\n"
        )
    return "\n".join(parts)


def build(folder: Path) -> tuple[bytes, bytes]:
    """(vendor.min.js, THIRD_PARTY_LICENSES.txt) built in ``folder``."""
    for name in SOURCES:
        shutil.copy2(HERE / name, folder / name)
    run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], folder)
    esbuild = folder / "node_modules" / ".bin" / "esbuild"
    options = [*ESBUILD_OPTIONS, "--metafile=meta.json", f"--outfile={BUNDLE}"]
    run([str(esbuild), "entry.js", *options], folder)
    bundle = (folder / BUNDLE).read_bytes()
    if UNSAFE_IN_SCRIPT.search(bundle.decode("utf-8")):
        raise SystemExit("the bundle holds '<script' or '</script', which an inline script cannot")
    metafile = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return bundle, licenses_text(folder, packages_in(metafile)).encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="write the rebuilt files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tj-vendor-") as temp:
        bundle, licenses = build(Path(temp))
    digest = hashlib.sha256(bundle).hexdigest()
    if args.update:
        (TARGET / BUNDLE).write_bytes(bundle)
        (TARGET / LICENSES).write_bytes(licenses)
        RECORDED.write_text(f"{digest}  {BUNDLE}\n", encoding="utf-8")
        print(f"wrote {BUNDLE} ({len(bundle):,} bytes, SHA-256 {digest}) and {LICENSES}")
        return 0
    recorded = RECORDED.read_text(encoding="utf-8").split()[0]
    problems = []
    if digest != recorded:
        problems.append(f"the rebuilt {BUNDLE} has SHA-256 {digest}, not the recorded {recorded}")
    if (TARGET / BUNDLE).read_bytes() != bundle:
        problems.append(f"the vendored {BUNDLE} differs from the rebuilt one")
    if (TARGET / LICENSES).read_bytes() != licenses:
        problems.append(f"the vendored {LICENSES} differs from the rebuilt one")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{BUNDLE} rebuilt byte for byte (SHA-256 {digest})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
