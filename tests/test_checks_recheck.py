"""Re-checking one edited line (``DocumentChecks.check_line``) finds what checking the whole document finds.

The review store re-checks a segment after every change of its corrected text; these tests pin the
contract it relies on: the unchanged line gives exactly ``run_lines``'s findings, an edited line is
judged with the rest of the document as it was, and one re-check never leaks into the next.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import SHARED_CORPORA

from review_app.checks import CHECKS, Context, DocumentChecks, Finding, run_lines
from review_app.checks.chrome import analyse, may_be_chrome

DEMO = Path(__file__).resolve().parent.parent / "corpora" / "demo"
# (MT lines, target language, reference lines or None): the demo always, real corpora when present.
REAL = [
    ("izvestia-2025/mt.yandex.en.txt", "en", None),
    ("compare-mt-ted-sk-en/ted.sys1.detok.eng", "en", "compare-mt-ted-sk-en/ted.ref.detok.eng"),
    ("wmt21-newstest-en-ru/txt/newstest2021.en-ru.hyp.Online-Y.ru", "ru",
     "wmt21-newstest-en-ru/txt/newstest2021.en-ru.ref.A.ru"),
]


def _by_line(found: list[Finding]) -> dict[int, list[Finding]]:
    out: dict[int, list[Finding]] = {}
    for f in found:
        out.setdefault(f.line - 1, []).append(f)
    return out


def _documents() -> list[tuple[str, list[str], Context]]:
    demo = (DEMO / "mt.en.txt").read_text(encoding="utf-8").splitlines()
    docs = [("demo", demo, Context(target_lang="en", source_lang="ru"))]
    for cls in CHECKS.values():
        for example in cls.examples_flag + cls.examples_pass:
            lines = example.text.split("\n")
            context = Context(target_lang=example.target_lang, source_lang=example.source_lang,
                              source_lines=example.source.split("\n") if example.source else None,
                              reference_lines=example.reference.split("\n") if example.reference else None)
            docs.append((f"{cls.id}: {example.text[:30]!r}", lines, context))
    return docs


@pytest.mark.parametrize(("name", "lines", "context"), _documents(), ids=lambda v: v if isinstance(v, str) else "")
def test_an_unchanged_line_gives_the_whole_documents_findings(name: str, lines: list[str], context: Context) -> None:
    expected = _by_line(run_lines(lines, context))
    document = DocumentChecks(lines, context)
    assert [document.check_line(i, line) for i, line in enumerate(lines)] == [
        expected.get(i, []) for i in range(len(lines))], name


@pytest.mark.parametrize(("mt", "lang", "ref"), REAL)
def test_every_line_of_real_documents_rechecked_unchanged(mt: str, lang: str, ref: str | None) -> None:
    if not (SHARED_CORPORA / mt).is_file():
        pytest.skip(f"shared corpus file {mt} not found")
    lines = (SHARED_CORPORA / mt).read_text(encoding="utf-8").splitlines()
    refs = (SHARED_CORPORA / ref).read_text(encoding="utf-8").splitlines() if ref else None
    context = Context(target_lang=lang, reference_lines=refs)
    expected = _by_line(run_lines(lines, context))
    document = DocumentChecks(lines, context)
    # Every line, some right after an edit of the line before: an analysis of the edited document must not leak.
    for i, line in enumerate(lines):
        if i % 25 == 1:
            document.check_line(i - 1, "Menu “edited")
        assert document.check_line(i, line) == expected.get(i, []), (i, line)
    # The shortcut of the chrome check: every line the page analysis flags may be chrome.
    assert all(may_be_chrome(lines[i]) for i in analyse(lines))


def test_an_edited_line_is_judged_against_the_document() -> None:
    lines = ["Send an e-mail today.", "The e-mail came.", "Trade along the OBOR rose.", "The OBOR met.",
             "He said «no» to that."]
    refs = ["Send an e-mail today.", "The e-mail came.", "Trade along the BRI rose.", "The BRI met.",
            "He said “no” to that."]
    document = DocumentChecks(lines, Context(target_lang="en", reference_lines=refs))
    # A spelling the document does not use, a learned term, an unpaired mark: new problems of the edit.
    found = document.check_line(4, "The email said “no to the OBOR.")
    assert [(f.check, f.line, f.suggestion) for f in found] == [
        ("term-consistency", 5, "e-mail"), ("quotes", 5, None), ("reference-term", 5, "BRI")]
    # The learned term stays learned: the document's statistics are those of the document as given.
    assert [f.check for f in document.check_line(2, "Trade along the BRI rose.")] == []
    assert [f.check for f in document.check_line(3, "The OBOR met.")] == ["reference-term"]
    # Gone from the edited text, gone from the findings; the other lines are untouched.
    assert document.check_line(4, "He said “no” to that.") == []
    with pytest.raises(IndexError):
        document.check_line(5, "past the end")
