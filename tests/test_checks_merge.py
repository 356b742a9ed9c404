"""One problem, one finding: a deleted line shows the deletion only, the rest as detail."""

from __future__ import annotations

from review_app.checks import CHECKS, Context, Finding, run_checks
from review_app.checks.merge import one_per_problem


def test_translator_credit_line_is_one_finding() -> None:
    text = "The talks went on for hours, officials said.\nПереведено сервисом «Яндекс Переводчик»"
    findings = run_checks(text, Context(target_lang="en", source_lang="ru"))
    assert [(f.line, f.check, f.suggestion) for f in findings] == [(2, "mt-credit", "")]
    assert findings[0].message == "translation credit (also on this line: untranslated-fragment, quotes ×2)"


def test_lines_not_deleted_keep_every_finding() -> None:
    text = "The time—tested plan  was the the best."
    checks = {f.check for f in run_checks(text, Context(target_lang="en"))}
    assert {"dash-in-compound", "spacing", "doubled-word"} <= checks


def test_extraneous_text_explains_the_line_before_untranslated() -> None:
    line = "Фото: ТАСС"
    findings = [
        Finding(1, 0, len(line), "untranslated-fragment", "Accuracy/Untranslated", "minor", "fragment", ""),
        Finding(1, 0, 4, "quotes", "Fluency/Punctuation", "minor", "q", None),
        Finding(1, 0, len(line), "photo-credit", "Design/Extraneous text", "minor", "photo credit", ""),
        Finding(2, 0, 3, "spacing", "Fluency/Punctuation", "minor", "s", " "),
    ]
    merged = one_per_problem(findings, [line, "a  b"], list(CHECKS))
    assert [(f.line, f.check) for f in merged] == [(1, "photo-credit"), (2, "spacing")]
    assert merged[0].message == "photo credit (also on this line: untranslated-fragment, quotes)"
