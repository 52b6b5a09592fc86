"""What a bundle holds and how large it may be.

The format version, the names of the files in a bundle's ZIP, and the limits
that both sides keep: :mod:`contents` refuses to make a bundle beyond them and
:mod:`archive` and :mod:`received` refuse to read one.
"""

from __future__ import annotations

from therapy_journal.services.sharing.pages import PAGES

# Version 2 bundles hold attachments (``attachments/``, listed in the
# manifest's ``attachments``); a bundle without any is still written as 1, so
# older versions of the app open it.
FORMAT_VERSION = 2
FORMAT_WITHOUT_ATTACHMENTS = 1
INCLUDABLE = PAGES
# The forms a bundle is written in: an age file (.age), or a page any browser
# opens (.html) that carries the same age file, armored (see html_page).
FORMS = ("age", "html")

MANIFEST = "manifest.json"
ENTRIES_DIR = "entries/"
ATTACHMENTS_DIR = "attachments/"
REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"

MAX_MEMBERS = 10_000
# The ZIP's index (central directory): an entry is 46 bytes, its name (at most
# 208 here) and extra fields; this leaves room for any other ZIP writer's extras.
MAX_INDEX_BYTES = MAX_MEMBERS * 320
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # declared uncompressed size of all members
MAX_ENTRIES = MAX_MEMBERS - 16  # room for the manifest, the reports and the pages
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_ZIP_BYTES = MAX_TOTAL_BYTES + 32 * 1024 * 1024  # stored members plus ZIP overhead
MAX_BUNDLE_BYTES = MAX_ZIP_BYTES * 3 // 2  # room for age's ASCII armor (4/3)
# A member that inflates more than this from over RATIO_FLOOR bytes is a zip
# bomb. pack() stores (does not compress) any member of its own that would.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
