"""The printable report as one self-contained HTML page (``report.html`` in a
bundle, ``report`` on the command line, Print and Save as PDF in the app).

It leads with an overview a clinician takes in at a glance (the dates, how many
entries, mood over the period as a small inline SVG chart, the tags used most,
the latest check-in scores with their bands), then the pages that were chosen
and are not empty, then the entries, their Markdown rendered.

Safe to open: inline CSS only, no scripts, nothing loaded from anywhere (a
Content-Security-Policy says so to the browser too). Entry text goes through
:mod:`therapy_journal.render.markdown`, which escapes every character and
writes only its own few tags, so raw HTML in an entry shows as text. Long
paragraphs come out in pieces of bounded length, which keeps Qt's layout of
the page (the PDF) linear in its length.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from therapy_journal import APP_DISPLAY_NAME, __version__
from therapy_journal.render.markdown import Limits, render
from therapy_journal.services.assessments import not_a_diagnosis
from therapy_journal.services.attachments import size_text
from therapy_journal.services.dates import entry_minute, in_own_time, offset_note
from therapy_journal.services.sharing.mood_chart import mood_chart_svg, mood_words
from therapy_journal.services.sharing.overview import Overview
from therapy_journal.services.sharing.pages import PAGES, SharedEntry

CSP = "default-src 'none'; style-src 'unsafe-inline'"
TITLES = {"profile": "Profile", "goals": "Goals", "assessments": "Self-assessments"}
_PAGE_WORDS = {"profile": "the profile", "goals": "goals", "assessments": "self-assessments"}

# The whole of every entry (the report is what was chosen, not a preview), in
# pieces Qt lays out in time proportional to their length.
_WHOLE = Limits(blocks=10**9, chars=10**10)
# render() writes headings h2-h4 for a viewer's title above them; in the
# report an entry's title is h3, so its own headings start at h4.
_HEADING = re.compile(r"<(/?)h([2-4])([ >])")

REPORT_CSS = """
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #111; background: #fff;
       max-width: 42em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 0.2em; }
h2 { font-size: 1.3em; margin: 1.8em 0 0.5em; border-bottom: 1px solid #888; }
h3 { font-size: 1.1em; margin: 1.2em 0 0.2em; }
h4, h5, h6 { font-size: 1em; margin: 0.8em 0 0.2em; }
ul { padding-left: 1.4em; }
p { margin: 0 0 0.6em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.9em; }
.meta { color: #444; font-size: 0.9em; margin: 0 0 0.6em; }
.summary { font-size: 1.05em; }
.alert { color: #8a1010; font-weight: bold; }
.chart { margin: 0.4em 0 0.2em; }
.chart svg { max-width: 100%; height: auto; }
.entry-text p, .entry-text pre { overflow-wrap: anywhere; }
article { margin: 0 0 1.6em; }
article h3 { margin-bottom: 0; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  h2, h3 { break-after: avoid-page; }
}
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _day(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def _offset(moment: datetime) -> str:
    """``UTC+10:00``, ``UTC-05:30``, or ``UTC``."""
    offset = moment.utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def written(moment: datetime, *, with_zone: bool = False) -> str:
    """When an entry was written, in its own time (as the app and the CLI show
    it: :func:`entry_minute`), with the day of the week; with ``with_zone``,
    or when it was written at another UTC offset than this computer's, the
    offset too."""
    shown = f"{in_own_time(moment).strftime('%a')} {entry_minute(moment)}"
    if with_zone or offset_note(moment):
        return f"{shown} ({_offset(in_own_time(moment))})"
    return shown


def holds_words(entries: int, pages: Sequence[str]) -> str:
    """What the report really holds, in words: "5 journal entries and goals"."""
    parts = [f"{entries} journal {'entry' if entries == 1 else 'entries'}"] if entries else []
    parts += [_PAGE_WORDS[name] for name in PAGES if name in pages]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else "nothing"


def entry_text_html(body: str) -> str:
    """An entry's Markdown as the report shows it: rendered, never raw HTML."""
    rendered = render(body, _WHOLE).html
    return _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 2}{m[3]}", rendered)


def page_html(markdown: str) -> str:
    """One of the app's own pages (profile, goals, self-assessments) under its
    section heading: its own title (``# ...``) is left out."""
    lines = markdown.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    rendered = render("\n".join(lines), _WHOLE).html
    return _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}{m[3]}", rendered)


def overview_html(overview: Overview) -> str:
    """The overview section; empty when there is nothing to give an overview of."""
    if overview.is_empty:
        return ""
    out = ['<section class="overview">', "<h2>Overview</h2>"]
    if overview.first is not None and overview.last is not None:
        first, last = _day(overview.first), _day(overview.last)
        period = first if first == last else f"{first} to {last}"
        count = overview.entries
        out.append(
            f"<p><b>Entries:</b> {count} {'entry' if count == 1 else 'entries'}, "
            f"written {'on' if first == last else 'from'} {_esc(period)}.</p>"
        )
    if overview.moods:
        out.append('<p class="chart">' + mood_chart_svg(overview.moods) + "</p>")
        out.append(f'<p class="meta">{_esc(mood_words(overview.moods))}</p>')
    elif overview.entries:
        out.append("<p><b>Mood:</b> none of these entries has a mood.</p>")
    if overview.tags:
        tags = ", ".join(f"#{tag} ({count})" for tag, count in overview.tags)
        out.append(f"<p><b>Most used tags:</b> {_esc(tags)}</p>")
    if overview.check_ins:
        out.append("<p><b>Latest check-ins:</b></p>")
        items = []
        for check in overview.check_ins:
            line = (
                f"{check.name}, {_day(check.taken)}: {check.score} of {check.max_score}, "
                f"{check.band}."
            )
            item = _esc(line)
            if check.crisis:
                item += f' <span class="alert">{_esc(check.crisis)}</span>'
            items.append(f"<li>{item}</li>")
        out.append("<ul>" + "".join(items) + "</ul>")
        out.append(f'<p class="meta">{_esc(not_a_diagnosis())}</p>')
    out.append("</section>")
    return "\n".join(out)


def render_report(
    created: datetime,
    overview: Overview,
    pages: Sequence[tuple[str, str]],
    entries: Sequence[SharedEntry],
) -> str:
    """One self-contained printable HTML page: the overview, the ``pages``
    ((name, Markdown), only those with something in them), the ``entries``."""
    holds = holds_words(len(entries), [name for name, _ in pages])
    body = [
        "<header>",
        "<h1>From my Therapy Journal</h1>",
        f'<p class="meta">Made {_esc(_day(created))} {created.hour:02d}:{created.minute:02d} '
        f"with {_esc(APP_DISPLAY_NAME)} {_esc(__version__)}</p>",
        f'<p class="summary">It holds {_esc(holds)}.</p>',
        "</header>",
    ]
    shown = overview_html(overview)
    if shown:
        body.append(shown)
    for name, markdown in pages:
        body += [f"<section><h2>{TITLES[name]}</h2>", page_html(markdown), "</section>"]
    if entries:
        zones = {item.entry.created.utcoffset() for item in entries}
        body.append("<section><h2>Journal entries</h2>")
        body += [entry_html(item, with_zone=len(zones) > 1) for item in entries]
        body.append("</section>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Therapy Journal, {_esc(_day(created))}</title>",
            f"<style>{REPORT_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def entry_html(item: SharedEntry, *, with_zone: bool = False) -> str:
    """One entry: its title, when it was written (in its own time zone), its
    mood and tags, the prompt it answers, and its text rendered."""
    entry = item.entry
    meta = [written(entry.created, with_zone=with_zone)]
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
    if entry.body.strip():
        parts.append(f'<div class="entry-text">{entry_text_html(entry.body)}</div>')
    if item.attachments:
        named = ", ".join(f"{a.name} ({a.mime}, {size_text(a.size)})" for a in item.attachments)
        parts.append(f'<p class="meta attachments">Attached: {_esc(named)}</p>')
    parts.append("</article>")
    return "\n".join(parts)
