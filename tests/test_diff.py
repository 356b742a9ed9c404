"""Word-level diffs and highlighting: edits as expected, every piece of text escaped."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.text.diff import changed_phrases, diff_html, highlight_html, tokens, word_diff


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
    assert out.startswith('a<mark style="background:#fff3b0;" title="dash &quot;x&quot;">—</mark>b ')
    assert '<mark style="background:#ffd6a5;" title="tag">&lt;c&gt;</mark>' in out
    assert out.endswith("▏</mark>")  # an insertion point at the end
    assert highlight_html("abc", [(0, 2, "minor", ""), (1, 3, "major", "")]).count("<mark") == 2
    assert highlight_html("x < y", []) == "x &lt; y"


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
