"""The pages of a bundle that are made for reading: the profile, goals and
self-assessment pages (Markdown), and the printable one-page ``report.html``.

The report is one self-contained page: inline CSS only, no scripts, nothing
loaded from anywhere (a Content-Security-Policy says so to the browser too),
and every piece of the person's text escaped. Entry bodies are shown as
escaped paragraphs, not rendered as Markdown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from therapy_journal import APP_DISPLAY_NAME, __version__
from therapy_journal.services.assessments import AssessmentService, not_a_diagnosis
from therapy_journal.services.goals import GoalService
from therapy_journal.services.profile import ProfileService, markdown_literal, summary_markdown
from therapy_journal.store.models import Entry
from therapy_journal.store.vault import Vault

PAGES = ("profile", "goals", "assessments")


@dataclass(frozen=True)
class SharedEntry:
    """An entry as a bundle shares it: with the text of the prompt it answers."""

    entry: Entry
    prompt: str | None


# -- the pages -----------------------------------------------------------------------------


def chosen_pages(vault: Vault, include: frozenset[str]) -> list[tuple[str, str]]:
    """(name, Markdown) of the chosen pages, in :data:`PAGES` order."""
    makers: dict[str, Callable[[Vault], str]] = {
        "profile": lambda v: summary_markdown(ProfileService(v).current()),
        "goals": goals_markdown,
        "assessments": assessments_markdown,
    }
    return [(name, makers[name](vault)) for name in PAGES if name in include]


_GOAL_STATUS = {"active": "Active", "done": "Done", "dropped": "Dropped"}


def goals_markdown(vault: Vault) -> str:
    """Every goal with its status, due date, why, and steps as a checklist."""
    out = ["# Goals", ""]
    goals = GoalService(vault).goals()
    for goal in goals:
        out += [f"## {markdown_literal(goal.title)}", ""]
        out.append(f"- **Status:** {_GOAL_STATUS.get(goal.status, goal.status)}")
        if goal.due is not None:
            out.append(f"- **Due:** {goal.due.isoformat()}")
        if goal.why:
            out.append(f"- **Why:** {markdown_literal(' '.join(goal.why.split()))}")
        out += [
            f"- [{'x' if step.is_done else ' '}] {markdown_literal(step.text)}"
            for step in goal.steps
        ]
        out.append("")
    if not goals:
        out += ["No goals yet.", ""]
    return "\n".join(out).rstrip() + "\n"


def assessments_markdown(vault: Vault) -> str:
    """Every self-assessment result, newest first, with what it is not."""
    out = ["# Self-assessments", "", not_a_diagnosis(), ""]
    results = AssessmentService(vault).results()
    for result in results:
        questionnaire = result.instrument
        out.append(
            f"- **{result.taken.date().isoformat()} {questionnaire.name}:** "
            f"{result.score} of {questionnaire.max_score}, {result.band.label}"
        )
    if not results:
        out.append("No results yet.")
    return "\n".join(out).rstrip() + "\n"


# -- the printable report ------------------------------------------------------------------

_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_REPORT_CSS = """
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #111; background: #fff;
       max-width: 42em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 0.2em; }
h2 { font-size: 1.3em; margin: 1.8em 0 0.5em; border-bottom: 1px solid #888; }
h3 { font-size: 1.1em; margin: 1.2em 0 0.2em; }
ul { padding-left: 1.4em; }
.meta { color: #444; font-size: 0.9em; margin: 0 0 0.6em; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 0.7em; }
article { margin: 0 0 1.6em; }
article h3 { margin-bottom: 0; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  h2, h3 { break-after: avoid-page; }
}
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _included_words(included: dict[str, Any]) -> str:
    count = int(included.get("entries", 0))
    parts = [f"{count} journal {'entry' if count == 1 else 'entries'}"] if count else []
    names = {"profile": "the profile", "goals": "goals", "assessments": "self-assessments"}
    parts += [names[name] for name in PAGES if included.get(name)]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else "nothing"


def render_report(
    created: datetime,
    included: dict[str, Any],
    pages: Sequence[tuple[str, str]],
    entries: Sequence[SharedEntry],
) -> str:
    """One self-contained printable HTML page: inline CSS, no scripts, nothing
    loaded from anywhere, every piece of the person's text escaped."""
    titles = {"profile": "Profile", "goals": "Goals", "assessments": "Self-assessments"}
    body = [
        "<header>",
        "<h1>From my Therapy Journal</h1>",
        f'<p class="meta">Shared {_esc(created.strftime("%Y-%m-%d %H:%M"))} '
        f"with {_esc(APP_DISPLAY_NAME)} {_esc(__version__)}</p>",
        f"<p>This bundle holds {_esc(_included_words(included))}.</p>",
        "</header>",
    ]
    for name, markdown in pages:
        body += [f"<section><h2>{titles[name]}</h2>", markdown_page_html(markdown), "</section>"]
    if entries:
        body.append("<section><h2>Journal entries</h2>")
        body += [_entry_html(item) for item in entries]
        body.append("</section>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Therapy Journal, shared {_esc(created.date().isoformat())}</title>",
            f"<style>{_REPORT_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def _entry_html(item: SharedEntry) -> str:
    entry = item.entry
    meta = [entry.created.strftime("%Y-%m-%d %H:%M")]
    if entry.mood is not None:
        meta.append(f"mood {entry.mood}/10")
    if entry.tags:
        meta.append(" ".join(f"#{tag}" for tag in entry.tags))
    parts = [
        "<article>",
        f"<h3>{_esc(entry.title or 'Untitled')}</h3>",
        f'<p class="meta">{_esc(" · ".join(meta))}</p>',
    ]
    if item.prompt:
        parts.append(f'<p class="meta">Written from the prompt: {_esc(item.prompt)}</p>')
    paragraphs = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", entry.body)]
    parts += [f'<p class="text">{_esc(p)}</p>' for p in paragraphs if p.strip()]
    parts.append("</article>")
    return "\n".join(parts)


_LABELLED = re.compile(r"\*\*(?P<label>.+?):\*\* (?P<rest>.*)")
_MD_ESCAPE = re.compile(r"\\(.)")


def _inline(text: str) -> str:
    """A line of the app's own Markdown pages as HTML: a bold label, and literal
    text (escaped for Markdown by :func:`markdown_literal`, here for HTML)."""
    found = _LABELLED.fullmatch(text)
    if found:
        label = _MD_ESCAPE.sub(r"\1", found["label"])
        rest = _MD_ESCAPE.sub(r"\1", found["rest"])
        return f"<strong>{_esc(label)}:</strong> {_esc(rest)}"
    return _esc(_MD_ESCAPE.sub(r"\1", text))


def markdown_page_html(markdown: str) -> str:
    """HTML for the profile, goals and assessments pages this module writes.

    They use a small, fixed part of Markdown (headings, lists, checklists, bold
    labels) with the person's text escaped, so this reads exactly that; it is
    not a general Markdown renderer.
    """
    out: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items.clear()

    for line in markdown.splitlines():
        if line.startswith("# ") or not line.strip():
            flush()  # the page's own title is the section heading
        elif line.startswith("## "):
            flush()
            out.append(f"<h3>{_inline(line[3:])}</h3>")
        elif line.startswith(("- [x] ", "- [ ] ")):
            mark = "\u2611" if line[3] == "x" else "\u2610"
            items.append(f"<li>{mark} {_inline(line[6:])}</li>")
        elif line.startswith("- "):
            items.append(f"<li>{_inline(line[2:])}</li>")
        else:
            flush()
            out.append(f"<p>{_inline(line)}</p>")
    flush()
    return "\n".join(out)
