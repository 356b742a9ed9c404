"""Page chrome and credits on pages the rules were not written from (English and Russian)."""

from __future__ import annotations

import pytest

from review_app.checks import Context, build_checks, run_checks

PAGE_CHECKS = ("chrome", "photo-credit", "mt-credit", "untranslated-fragment")

NEWS_PAGE = """Menu
Search
Sign in
Subscribe…
World
Markets rally as inflation cools in the euro zone

Stocks rose on Tuesday after data showed inflation slowing for a third month, officials said.

Advertisement

"We are not out of the woods yet"

The central bank said it would keep rates on hold until the autumn.

— Will rates fall this year?

— No.

Traders in Frankfurt on Tuesday
Image: Reuters

Analysts expect growth to pick up in the second half, according to a Reuters poll.

Read more

Related articles
Comments
Share this article
Follow us on Twitter
© 2025 Example Media. All rights reserved
Machine translated by Google"""

EXPECTED_NEWS = {
    1: "chrome",
    2: "chrome",
    3: "chrome",
    4: "chrome",
    5: "chrome",  # a section label in the top block of page chrome
    10: "chrome",
    21: "photo-credit",
    25: "chrome",
    27: "chrome",
    28: "chrome",
    29: "chrome",
    30: "chrome",
    31: "chrome",
    32: "mt-credit",
}


def _deletions(text: str, target: str = "en") -> dict[int, set[str]]:
    findings = run_checks(text, Context(target_lang=target), build_checks(PAGE_CHECKS))
    lines = text.split("\n")
    out: dict[int, set[str]] = {}
    for f in findings:
        if f.suggestion == "" and f.start == 0 and f.end == len(lines[f.line - 1]):
            out.setdefault(f.line, set()).add(f.check)
    return out


def test_unseen_english_page() -> None:
    found = _deletions(NEWS_PAGE)
    assert {n: min(c) for n, c in found.items()} == EXPECTED_NEWS
    lines = NEWS_PAGE.split("\n")
    kept = [lines[n - 1] for n in range(1, len(lines) + 1) if n not in found and lines[n - 1]]
    # The section label ends a top block that is mostly chrome: deleted; the headline below it is kept.
    assert kept[:2] == ["Markets rally as inflation cools in the euro zone",
                        "Stocks rose on Tuesday after data showed inflation slowing for a third month, officials said."]
    assert '"We are not out of the woods yet"' in kept and "— No." in kept
    assert "Traders in Frankfurt on Tuesday" in kept  # a caption: a neutral note only


def test_caption_gets_only_a_neutral_note() -> None:
    findings = run_checks(NEWS_PAGE, Context(target_lang="en"), build_checks(["chrome"]))
    (caption,) = [f for f in findings if f.line == 20]
    assert (caption.severity, caption.suggestion) == ("neutral", None)


RUSSIAN_PAGE = """Главное
Новости
Поделиться
Реклама

Переговоры в Стамбуле продолжались несколько часов, сообщили в МИД.

Фото: РИА Новости/Алексей Никольский

«Конечной точкой любого конфликта являются переговоры»

— Вы готовы продолжать?

— Да.

Читайте также

Комментарии
Подписаться на рассылку"""


def test_unseen_russian_page() -> None:
    found = _deletions(RUSSIAN_PAGE, "ru")
    assert sorted(found) == [1, 2, 3, 4, 8, 16, 18, 19]
    assert found[8] == {"photo-credit"}


@pytest.mark.parametrize(
    "text",
    [
        "Share prices fell sharply on Monday",
        "Live coverage of the summit continues",
        "Comment is free but facts are sacred",
        "The share of renewables rose to 40 percent in 2024.",
        "On",  # a lone "On" only counts inside a block of page chrome
    ],
)
def test_prose_and_headlines_in_the_middle_are_kept(text: str) -> None:
    page = f"First paragraph of the story, long enough to be prose.\n\n{text}\n\nLast paragraph, also prose."
    assert _deletions(page) == {}


@pytest.mark.parametrize(
    ("line", "check"),  # a Russian credit in English text: one finding, the credit (one problem, one finding)
    [
        ("Photo: AP Photo/Evan Vucci", "photo-credit"),
        ("Getty Images", "photo-credit"),
        ("Reuters/Vyacheslav Madiyevsky", "photo-credit"),
        ("Фото: ТАСС/Валерий Шарифулин", "photo-credit"),
        ("Translated by Yandex.Translate", "mt-credit"),
        ("Переведено с помощью Google Переводчика", "mt-credit"),
        ("Powered by Google Translate", "mt-credit"),
    ],
)
def test_credit_lines_anywhere(line: str, check: str) -> None:
    page = f"First paragraph of the story, long enough to be prose.\n{line}\nLast paragraph, also prose."
    assert _deletions(page) == {2: set(check.split())}


@pytest.mark.parametrize(
    ("page", "flagged"),
    [
        # Menu items without UI vocabulary in a top block that is mostly chrome are chrome too.
        ("Menu\nSearch\nLog in\nTop news\nEconomy\nSport\n\nThe talks went on for hours, officials said.",
         {1, 2, 3, 4, 5, 6}),
        # The same at the bottom of the page.
        ("The talks went on for hours, officials said.\n\nShare\nComments\nRelated articles\nEconomy\nSport",
         {3, 4, 5, 6, 7}),
        # A top block that is not mostly chrome keeps its short lines (a two-word headline, a byline).
        ("Advertisement\nBridge reopens\nBy Anna Smith\nMoscow\n\nThe bridge reopened on Monday, officials said.",
         {1}),
    ],
)
def test_short_lines_in_a_block_of_chrome(page: str, flagged: set[int]) -> None:
    assert set(_deletions(page)) == flagged


def test_menu_of_short_lines_and_stage_directions() -> None:
    """Section names in a top menu are chrome; a transcript's "(Applause)" next to a footer is not."""
    text = "Menu\nScience\nClimate\nSearch\nTravel\n\nThe talks went on for hours, officials said.\n\nThank you.\n\n"
    text += "(Applause)\n\nAbout us\nContact us\nPrivacy policy"
    lines = text.split("\n")
    flagged = {lines[f.line - 1] for f in run_checks(text, Context(), build_checks(["chrome"]))}
    assert flagged == {"Menu", "Science", "Climate", "Search", "Travel", "About us", "Contact us", "Privacy policy"}
