"""The app's own Markdown renderer: a small, safe, bounded HTML subset, for text
the app did not write. Hostile text is rendered in part, never as markup."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.bundles import DEEP_LIST, DEEP_QUOTES, TEN_MB_BODY
from therapy_journal.render.markdown import INDENT_PX, Limits, render

TAG = re.compile(r"<(/?)([a-z0-9]+)([^>]*)>")
ALLOWED = {"p", "h2", "h3", "h4", "pre", "hr", "b", "i", "s", "code", "br"}
ALLOWED_ATTRIBUTES = re.compile(r'( style="margin-left:\d+px")?')


def tags_of(html: str) -> list[tuple[str, str, str]]:
    return TAG.findall(html)


def assert_safe(html: str) -> None:
    """Only the subset's tags and attributes; any other '<' is escaped text."""
    for _closing, name, attributes in tags_of(html):
        assert name in ALLOWED, name
        assert ALLOWED_ATTRIBUTES.fullmatch(attributes), attributes
    assert "<" not in TAG.sub("", html)


def test_the_usual_markdown_is_shown() -> None:
    shown = render(
        "# Title\n\nSome *em*, **strong**, ~~struck~~, `code` and snake_case_words.\n\n"
        "- one\n  - two\n- [x] done\n\n1. first\n2) second\n\n> quoted\n\n"
        "```\n<code> kept\n```\n\n---\n[a link](https://example.org) ![a picture](x.png)\n"
    ).html
    assert "<h2>Title</h2>" in shown  # one level down: the viewer's title is h1
    assert "<i>em</i>" in shown and "<b>strong</b>" in shown and "<s>struck</s>" in shown
    assert "<code>code</code>" in shown and "snake_case_words" in shown
    assert f'<p style="margin-left:{2 * INDENT_PX}px">\u2022&nbsp;two</p>' in shown
    assert "\u2611&nbsp;done" in shown and "2.&nbsp;second" in shown
    assert "<i>quoted</i>" in shown
    assert "<pre>&lt;code&gt; kept</pre>" in shown and "<hr>" in shown
    assert "a link (https://example.org)" in shown and "href" not in shown
    assert "<i>[a picture]</i>" in shown
    assert_safe(shown)


def test_raw_html_is_shown_as_the_text_it_is() -> None:
    shown = render('<table><tr><td>x</td></tr></table>\n<img src="http://e.org/x">\n<!-- -->')
    assert "&lt;table&gt;&lt;tr&gt;&lt;td&gt;x" in shown.html
    assert "<img" not in shown.html and "<table" not in shown.html
    assert_safe(shown.html)


def test_deep_nesting_is_drawn_at_the_limit_and_its_text_is_kept() -> None:
    for text, deepest in ((DEEP_QUOTES, "level 200"), (DEEP_LIST, "item 149")):
        shown = render(text)
        assert deepest in shown.html and shown.complete
        margins = [int(m) for m in re.findall(r"margin-left:(\d+)px", shown.html)]
        assert max(margins) <= 2 * Limits().depth * INDENT_PX
        assert_safe(shown.html)


def test_a_10_mb_text_is_shown_in_part() -> None:
    shown = render(TEN_MB_BODY)
    assert not shown.complete
    assert shown.total_chars == len(TEN_MB_BODY)
    assert 0 < shown.shown_chars <= Limits().chars
    assert len(shown.html) < 2 * Limits().chars
    more = render(TEN_MB_BODY, Limits(chars=2 * Limits().chars))
    assert more.shown_chars > shown.shown_chars


def test_the_number_of_blocks_is_bounded() -> None:
    shown = render("para\n\n" * 10_000)
    assert shown.blocks == Limits().blocks and not shown.complete
    assert shown.html.count("<p>") == Limits().blocks


def test_a_long_paragraph_is_shown_in_pieces_with_few_marks_each() -> None:
    shown = render("*a* `b` " * 20_000)
    pieces = shown.html.split("\n")
    assert len(pieces) > 1
    limits = Limits()
    for piece in pieces:
        assert len(re.sub(r"<[^>]+>", "", piece)) <= limits.piece_chars + 16
        assert len(tags_of(piece)) <= 2 * (limits.piece_marks + 1) + 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("*_~`[]()!#>-+ 1.\\<>&\n\tax\ud800")), max_size=400))
def test_any_markdown_gives_the_safe_subset(text: str) -> None:
    shown = render(text, Limits(chars=300, blocks=50))
    assert_safe(shown.html)
    assert shown.shown_chars <= 300 and shown.blocks <= 50


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2_000))
def test_any_short_text_renders_whole_as_the_safe_subset(text: str) -> None:
    shown = render(text)
    assert_safe(shown.html)
    assert shown.complete
