"""The shared page: one self-contained HTML file that opens a bundle in any
browser, and the age file found in such a page again.

The page carries the bundle as a standard age file in ASCII armor, so it stays
the format of every other bundle: ``open-bundle`` reads the page too, and the
page offers the ``.age`` file for people who use ``age -d``. In the browser it
is opened by typage, the reference TypeScript age, vendored with fflate and
markdown-it in ``resources/share_page/vendor.min.js`` (rebuilt and checked by
``packaging/vendor/build_vendor.py``); the page's own code is
``resources/share_page/page.js``.

The page is safe to open: its Content-Security-Policy, the first thing in
``<head>``, allows its two inline scripts and its style by their SHA-256 and
nothing else (no remote loads of any kind, no other script, no inline
handler). Entry text is rendered as Markdown without raw HTML, and every file
is checked against the manifest's SHA-256 before anything is shown.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import cache
from importlib.resources import files
from string import Template

from therapy_journal import APP_DISPLAY_NAME, __version__
from therapy_journal.services.sharing.age_scrypt import ARMOR_BEGIN, ARMOR_END
from therapy_journal.services.sharing.errors import BundleDamaged, BundleError
from therapy_journal.services.sharing.layout import MAX_BUNDLE_BYTES

PAGE_SUFFIX = ".html"

# The scrypt work factor (log2 N) of a page locked with a passphrase. typage
# runs scrypt in JavaScript on the page's one thread, with 2**factor KiB of
# memory. Measured in headless Chromium on a 2-core machine
# (benchmarks/bench_share_page.py): factor 18 opens in about 2 s (256 MiB),
# 19 in about 4 s and 20 in about 7.5 s (1 GiB), and a slow laptop or phone
# takes two to four times as long. 18 is also age's and typage's own default.
# rage, which writes the app's .age bundles, picks the factor by timing the
# computer (19 or 20), so a page asks up to 4 times less work per guess; the
# generated passphrase makes that up with a seventh word (the arithmetic is in
# passphrases.py). A passphrase the person types is used at the same factor:
# the Share wizard and the README say it should be as long.
PAGE_WORK_FACTOR = 18

_RESOURCES = "share_page"
_PAGE_START = b"<!DOCTYPE html>"
# Where the armored age file sits in the page; open-bundle looks only there.
_AGE_OPEN = b'<pre id="age-file" hidden>\n'
_AGE_CLOSE = b"</pre>"
# The page around the age file: the template, the page's code and the vendored
# libraries with their licences are about 280 KB today.
MAX_PAGE_OVERHEAD = 4 * 1024 * 1024
MAX_PAGE_BYTES = MAX_BUNDLE_BYTES + MAX_PAGE_OVERHEAD
_UNSAFE_IN_SCRIPT = re.compile(r"</?script", re.IGNORECASE)


def _resource(name: str) -> str:
    return files("therapy_journal.resources").joinpath(_RESOURCES, name).read_text("utf-8")


@cache
def _parts() -> dict[str, str]:
    """The page's template, style, scripts and licences, read once."""
    parts = {
        name: _resource(file)
        for name, file in (
            ("template", "page.html"),
            ("style", "page.css"),
            ("vendor", "vendor.min.js"),
            ("script", "page.js"),
            ("licenses", "THIRD_PARTY_LICENSES.txt"),
        )
    }
    for name in ("vendor", "script"):
        if _UNSAFE_IN_SCRIPT.search(parts[name]):
            raise BundleError(f"The shared page's {name} cannot be put in an inline script.")
    return parts


def csp_hash(text: str) -> str:
    """A CSP source for an inline script or style: ``'sha256-…'`` of its text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: list[str], style: str) -> str:
    """Only these inline scripts and this style; nothing loaded from anywhere."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(csp_hash(script) for script in scripts),
            "style-src " + csp_hash(style),
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def make_page(armored: bytes) -> bytes:
    """The shared page carrying ``armored``, an age file in ASCII armor."""
    if not armored.startswith(ARMOR_BEGIN) or not armored.rstrip().endswith(ARMOR_END):
        raise BundleError("Only an armored age file can be put in a shared page.")
    before, after = page_around()
    return before + armored + after


_HOLE = "\x00age-file\x00"  # where the age file goes; no part of the page holds a NUL


def page_around() -> tuple[bytes, bytes]:
    """The shared page before and after the armored age file it carries, so
    that the age file can be written between them as it is encrypted."""
    parts = _parts()
    about = (
        f"This page was made by {APP_DISPLAY_NAME} {__version__}. It carries the journal "
        "as an age file (age-encryption.org), decrypted here in your browser by typage, the "
        "reference TypeScript implementation of age; nothing it holds is sent anywhere. "
        "It uses these libraries, under these licenses:"
    )
    page = Template(parts["template"]).substitute(
        csp=content_security_policy([parts["vendor"], parts["script"]], parts["style"]),
        generator=html.escape(f"{APP_DISPLAY_NAME} {__version__}"),
        style=parts["style"],
        about=html.escape(about),
        licenses=html.escape(parts["licenses"]),
        age_file=_HOLE,
        vendor=parts["vendor"],
        script=parts["script"],
    )
    before, hole, after = page.partition(_HOLE)
    if not hole or _HOLE in after:
        raise BundleError("The shared page's template has no single place for the bundle.")
    return before.encode("utf-8"), after.encode("utf-8")


def is_page(data: bytes) -> bool:
    """Whether ``data`` starts like a shared page (an HTML file)."""
    start = data[:64].lstrip().lower()
    return start.startswith((_PAGE_START.lower(), b"<html"))


def age_file_in(page: bytes) -> bytes:
    """The armored age file a shared page carries, found without parsing the
    HTML: in the one place the page keeps it, between its markers, bounded."""
    if len(page) > MAX_PAGE_BYTES:
        raise BundleDamaged("The page is far larger than any shared page can be.")
    opening = page.find(_AGE_OPEN)
    if opening < 0 or page.find(_AGE_OPEN, opening + 1) >= 0:
        raise BundleDamaged(
            "This web page holds no bundle; a shared page carries one (it may be damaged)."
        )
    start = opening + len(_AGE_OPEN)
    end = page.find(_AGE_CLOSE, start)
    armored = page[start:end] if end >= 0 else b""
    if not armored.startswith(ARMOR_BEGIN) or not armored.rstrip().endswith(ARMOR_END):
        raise BundleDamaged("The shared page is damaged: the bundle it carries is cut short.")
    return armored
