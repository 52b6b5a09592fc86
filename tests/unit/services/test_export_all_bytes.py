"""Export everything writes the same bytes as it always has: the entry files'
names and contents, and journal.json's entry lines, pinned from the format as
it was before the export was made faster (issue 20)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from therapy_journal.services.export_all import export_json, export_markdown
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.prompts import PromptService
from therapy_journal.store.vault import Vault


@pytest.fixture
def entries(vault: Vault, journal: JournalService) -> Vault:
    prompt = PromptService(vault).add("self_care", "What helped \u2028 today?")
    journal.add(
        make_entry(
            title="Café: first call",
            body="I called Dr. Lee 🌱\n\n---\n\nShe has a waitlist.\n",
            mood=4,
            tags=["search", "first-steps"],
            created=datetime(2024, 1, 31, 9, 15, 30, 250_000, tzinfo=ZoneInfo("America/New_York")),
        )
    )
    journal.add(
        make_entry(
            body="\nStarts with a blank line\u2029, no title, no mood \u0085",
            created=datetime(2024, 7, 4, 21, 40, tzinfo=ZoneInfo("Asia/Tokyo")),
            prompt_id=prompt.id,
        )
    )
    journal.add(
        make_entry(
            title='Quotes "and" \\ slashes\u2028 \ufeff',
            body="# heading in body",
            tags=["x"],
            mood=1,
            created=datetime(2025, 3, 1, 0, 0, tzinfo=ZoneInfo("UTC")),
        )
    )
    return vault


MARKDOWN = {
    "0001-2024-01-31-cafe-first-call.md": (
        '---\ndate: "2024-01-31T09:15:30.250000-05:00"\ntitle: "Café: first call"\n'
        'mood: 4\ntags: ["search", "first-steps"]\njournal: "Journal"\n---\n\n'
        "I called Dr. Lee 🌱\n\n---\n\nShe has a waitlist.\n"
    ),
    "0002-2024-07-04-entry.md": (
        '---\ndate: "2024-07-04T21:40:00+09:00"\ntitle: ""\nmood: null\ntags: []\n'
        'prompt: "What helped \\u2028 today?"\njournal: "Journal"\n---\n\n'
        "\nStarts with a blank line\u2029, no title, no mood \u0085"
    ),
    "0003-2025-03-01-quotes-and-slashes.md": (
        '---\ndate: "2025-03-01T00:00:00+00:00"\n'
        'title: "Quotes \\"and\\" \\\\ slashes \\ufeff"\nmood: 1\ntags: ["x"]\n'
        'journal: "Journal"\n---\n\n'
        "# heading in body"
    ),
}

JSON_ENTRIES = (
    '  "entries": [\n'
    '    {"id": 1, "created": "2024-01-31T09:15:30.250000-05:00", '
    '"updated": "UPDATED1", "title": "Café: first call", '
    '"body": "I called Dr. Lee 🌱\\n\\n---\\n\\nShe has a waitlist.\\n", "mood": 4, '
    '"tags": ["search", "first-steps"], "prompt_id": null, "prompt": null, "journal": "Journal"},\n'
    '    {"id": 2, "created": "2024-07-04T21:40:00+09:00", "updated": "UPDATED2", '
    '"title": "", "body": "\\nStarts with a blank line\u2029, no title, no mood \u0085", '
    '"mood": null, "tags": [], "prompt_id": "PROMPT", '
    '"prompt": "What helped \u2028 today?", "journal": "Journal"},\n'
    '    {"id": 3, "created": "2025-03-01T00:00:00+00:00", "updated": "UPDATED3", '
    '"title": "Quotes \\"and\\" \\\\ slashes \ufeff", "body": "# heading in body", '
    '"mood": 1, "tags": ["x"], "prompt_id": null, "prompt": null, "journal": "Journal"}\n'
    "  ]\n}\n"
)


def test_the_markdown_entry_files_keep_their_names_and_bytes(
    entries: Vault, tmp_path: Path
) -> None:
    export_markdown(entries, tmp_path / "out")
    folder = tmp_path / "out" / "entries"
    written = {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
    assert written == {name: text.encode("utf-8") for name, text in MARKDOWN.items()}


def test_the_json_entry_lines_keep_their_bytes(
    entries: Vault, journal: JournalService, tmp_path: Path
) -> None:
    export_json(entries, tmp_path / "out")
    text = (tmp_path / "out" / "journal.json").read_bytes().decode("utf-8")
    expected = JSON_ENTRIES
    for entry in journal.get_many(list(journal.ids())):
        expected = expected.replace(f"UPDATED{entry.id}", entry.updated.isoformat())
        if entry.prompt_id:
            expected = expected.replace("PROMPT", entry.prompt_id)
    assert text[text.index('  "entries": [') :] == expected
