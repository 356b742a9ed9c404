"""Word-level diffs and highlighting: edits as expected, every piece of text escaped."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.text.diff import (
    MARK_STYLE,
    TAG_STYLES,
    changed_phrases,
    diff_html,
    highlight_html,
    legend_html,
    tokens,
    word_diff,
)
from review_app.vocab import FINDING_HIGHLIGHT, SEVERITIES, SEVERITY_COLORS


@pytest.mark.parametrize(
    ("old", "new", "ops"),
    [
        ("same text", "same text", [("equal", "same text")]),
        ("the river station", "the river terminal",
         [("equal", "the river "), ("delete", "station"), ("insert", "terminal")]),
        ("a long—awaited day", "a long-awaited day",
         [("equal", "a long"), ("delete", "—"), ("insert", "-"), ("equal", "awaited day")]),
        ("", "new", [("insert", "new")]),
        ("old", "", [("delete", "old")]),
        ("He said hello.", "He said hello there.", [("equal", "He said hello"), ("insert", " there"), ("equal", ".")]),
    ],
)
def test_word_diff(old: str, new: str, ops: list[tuple[str, str]]) -> None:
    assert word_diff(old, new) == ops


@given(st.text(), st.text())
def test_diff_rebuilds_both_texts(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert "".join(t for op, t in ops if op != "insert") == old
    assert "".join(t for op, t in ops if op != "delete") == new
    assert "".join(tokens(old)) == old


@given(st.text(alphabet="<>&\"' ab/—script", max_size=40), st.text(alphabet="<>&\"' ab/—script", max_size=40))
def test_diff_html_escapes_everything(old: str, new: str) -> None:
    out = diff_html(old, new)
    visible = re.sub(r"<[^>]*>", "", out)  # strip our own tags; what is left is escaped text only
    assert "<" not in visible and ">" not in visible
    assert html.unescape(visible) == "".join(t for _op, t in word_diff(old, new))


def test_diff_html_marks_insertions_and_deletions() -> None:
    out = diff_html("the <b>river</b> station", "the <b>river</b> terminal")
    assert "&lt;b&gt;river&lt;/b&gt;" in out and "<b>" not in out
    assert re.search(r"<del [^>]*>station</del><ins [^>]*>terminal</ins>", out)


def test_highlight_html() -> None:
    out = highlight_html("a—b <c> d", [(1, 2, "minor", 'dash "x"'), (4, 7, "major", "tag"), (9, 9, "neutral", "end")])
    assert out.startswith(f'a<mark style="{MARK_STYLE}" title="dash &quot;x&quot;">—</mark>b ')
    assert f'<mark style="{MARK_STYLE}" title="tag">&lt;c&gt;</mark>' in out
    assert out.endswith("▏</mark>")  # an insertion point at the end
    assert highlight_html("abc", [(0, 2, "minor", ""), (1, 3, "major", "")]).count("<mark") == 2
    assert highlight_html("x < y", []) == "x &lt; y"


def test_mqm_tags_are_underlined_in_their_severity_apart_from_findings() -> None:
    text = "One Belt—One Road (OBOR)."
    out = highlight_html(text, [(8, 9, "minor", "dash")], tags=[(4, 12, "major", "MQM major <x>"),
                                                                 (19, 23, "minor", "MQM minor")])
    # The finding keeps its highlight, the tag runs under it and on both sides of it.
    major, minor = TAG_STYLES["major"], TAG_STYLES["minor"]
    tag = f'<u style="{major}" title="MQM major &lt;x&gt;">'
    assert out == (f'One {tag}Belt</u><mark style="{MARK_STYLE}" title="dash">{tag}—</u></mark>{tag}One</u> Road '
                   f'(<u style="{minor}" title="MQM minor">OBOR</u>).')
    # Two raters on the same word: one line in the worse severity, both titles.
    both = highlight_html("a word", [], tags=[(2, 6, "minor", "Ann"), (2, 6, "critical", "Bob")])
    assert both == f'a <u style="{TAG_STYLES["critical"]}" title="Ann; Bob">word</u>'


def test_each_severity_has_its_own_colour_and_line_apart_from_the_finding_highlight() -> None:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    colours = [SEVERITY_COLORS[s] for s in SEVERITIES]
    assert len(set(colours)) == len(SEVERITIES) and FINDING_HIGHLIGHT not in colours
    for colour in colours:  # WCAG contrast against the white page: text and thin lines stay legible
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, colour
    assert len({TAG_STYLES[s] for s in SEVERITIES}) == len(SEVERITIES)
    assert len({s.split("px")[0] for s in TAG_STYLES.values()}) == len(SEVERITIES)  # line styles differ too
    assert all("background" not in TAG_STYLES[s] and SEVERITY_COLORS[s] in TAG_STYLES[s] for s in SEVERITIES)
    legend = legend_html()
    assert "QA finding" in legend and all(f">{s}</u>" in legend for s in SEVERITIES)


@given(st.text(alphabet="<>&\"' ab", max_size=30),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=4),
       st.lists(st.tuples(st.integers(0, 30), st.integers(1, 30), st.sampled_from(SEVERITIES)), max_size=4))
def test_highlight_html_keeps_the_text_and_escapes_it(text: str, findings: list[tuple[int, int]],
                                                      tags: list[tuple[int, int, str]]) -> None:
    out = highlight_html(text, [(a, max(a, b), "minor", "<f>") for a, b in findings],
                         tags=[(a, a + n, sev, "<t>") for a, n, sev in tags])
    visible = re.sub(r"<[^>]*>", "", out).replace("&#8203;▏", "")
    assert "<" not in visible and ">" not in visible and html.unescape(visible) == text


def test_diff_html_with_context_cuts_long_unchanged_text_and_keeps_every_change() -> None:
    old = ("Skip to main content and read about the long history of the river station, which reopened "
           "on Saturday after many years of hard work.")
    new = old.replace("Skip", "Jump").replace("station", "terminal").replace("work.", "works.")
    visible = html.unescape(re.sub(r"<[^>]*>", "", diff_html(old, new, context=20)))
    assert visible == ("SkipJump to main content… of the river stationterminal, which reopened… years of "
                       "hard workworks.")
    assert diff_html(old, old, context=20) == diff_html(old, old)  # nothing changed: the whole text
    assert diff_html("a b", "a c", context=20) == diff_html("a b", "a c")  # short: nothing cut


@given(st.text(alphabet="ab .—", max_size=200), st.text(alphabet="ab .—", max_size=200))
def test_diff_html_with_context_shows_every_change(old: str, new: str) -> None:
    full, cut = diff_html(old, new), diff_html(old, new, context=5)
    changes = re.findall(r"<(?:del|ins) [^>]*>.*?</(?:del|ins)>", full)
    assert re.findall(r"<(?:del|ins) [^>]*>.*?</(?:del|ins)>", cut) == changes


@pytest.mark.parametrize(
    ("old", "new", "pairs"),
    [
        ("Earlier, the pier was closed.", "Previously, the pier was closed.", [("Earlier,", "Previously,")]),
        ("a long—awaited day", "a long-awaited day", [("long—awaited", "long-awaited")]),  # the whole word
        ("the river station", "the new river terminal", [("river", "new river"), ("station", "terminal")]),
        ("one two three four", "one 2 three 4", [("two", "2"), ("four", "4")]),
        ("a b c d", "w x y z", [("a b c d", "w x y z")]),  # a rewrite is one pair, not one per word
        ("Hello world.", "Hello world", [("world.", "world")]),
        ("kept", "", [("kept", "")]),
        ("", "new", [("", "new")]),
        ("same", "same", []),
        ("end. ", "end.", [("end. ", "end.")]),  # only spaces changed: they are kept, so the pair differs
    ],
)
def test_changed_phrases(old: str, new: str, pairs: list[tuple[str, str]]) -> None:
    assert changed_phrases(old, new) == pairs


@given(st.text(alphabet="ab ,.—", max_size=30), st.text(alphabet="ab ,.—", max_size=30))
def test_changed_phrases_cover_every_change(old: str, new: str) -> None:
    pairs = changed_phrases(old, new)
    assert (pairs == []) == (old == new)
    for before, after in pairs:
        assert before != after and before in old and after in new
