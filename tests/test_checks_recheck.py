"""Re-checking one edited line (``DocumentChecks.check_line``) finds what checking the whole document finds.

The review store re-checks a segment after every change of its corrected text; these tests pin the
contract it relies on: the unchanged line gives exactly ``run_lines``'s findings, an edited line is
judged with the rest of the document as it now reads, and one re-check never leaks into the next.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from shared_data import SHARED_CORPORA

from review_app.checks import CHECKS, Context, DocumentChecks, Finding, run_lines
from review_app.checks.chrome import analyse, may_be_chrome
from review_app.checks.glossary import TermForms, _line_terms, term_issues

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


def test_spellings_follow_edits_as_if_the_document_were_read_afresh() -> None:
    lines = [*(DEMO / "mt.en.txt").read_text(encoding="utf-8").splitlines(),
             "Send an e-mail today.", "The email came.", "THE E-MAIL CAME.", "An e-mail, an e-mail.",
             "the One Belt — One Road Initiative (OBOR) began.", "Later the Belt and Road Initiative grew."]
    forms = TermForms(lines)
    pick = random.Random(7)
    replacements = ["", "The email came and the email went.", "E-mail us.", "Write an Email.",
                    "the Belt and Road Initiative (BRI) began.", "COVID and Covid.", *lines]
    for _ in range(300):
        index = pick.randrange(len(lines))
        lines[index] = pick.choice(replacements)
        forms.replace(index, lines[index])
        fresh = TermForms(lines)
        assert forms.defined == fresh.defined
        for line in lines:
            assert term_issues(forms, line) == term_issues(fresh, line), line
        keys = {key for line in lines for _start, _token, key in _line_terms(line)[0]}
        assert {k: forms.top(k) for k in keys} == {k: fresh.top(k) for k in keys}


def test_a_line_is_checked_with_its_neighbours_as_they_now_read() -> None:
    lines = ["He said: “We will come.", "We will win,” he added.", "the One Belt — One Road Initiative (OBOR) began.",
             "Later the Belt and Road Initiative grew."]
    document = DocumentChecks(lines, Context(target_lang="en"))
    assert document.check_line(0, lines[0]) == []
    assert [f.check for f in document.check_line(3, lines[3], only={"term-consistency"})] == ["term-consistency"]
    document.set_line(1, "We will win, he added.")  # the closing mark is gone from the next line
    assert [(f.check, f.message) for f in document.check_line(0, lines[0])] == [("quotes", "opening “ never closed")]
    document.set_line(2, "the Belt and Road Initiative (BRI) began.")  # one name now: the note elsewhere is settled
    assert document.check_line(3, lines[3], only={"term-consistency"}) == []
    assert document.lines[2] == "the Belt and Road Initiative (BRI) began." and document.document[2] == lines[2]
