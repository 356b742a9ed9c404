"""The numbers check against an independent reference or the source: the same quantity written another way is no
finding (a number spelt in words of the language, a fraction and its percentage, a short year, the article for one,
a multiplier after words), a different one still is."""

from __future__ import annotations

import pytest

from review_app.checks import Context, build_checks, run_lines

SAME = [  # (MT, reference): each pair says the same numbers
    ("About two thirds of the voters supported the plan.", "Roughly 2/3 of voters backed the plan."),
    ("He was born in 1985.", "He was born in '85."),
    ("He was born in ’85.", "He was born in 1985."),
    ("It happened in the ’90s.", "It happened in the 1990s."),
    ("Sales rose by a quarter.", "Sales grew 25%."),
    ("Half of the staff left.", "50% of the staff left."),
    ("Half of the staff left.", "1/2 of the staff left."),
    ("Three quarters of the budget went to defence.", "75% of the budget went to defence."),
    ("A third of respondents agreed.", "33% of respondents agreed."),
    ("They have a daughter.", "They have 1 daughter."),
    ("They have 1 daughter.", "They have a daughter."),
    ("It was the twenty-first edition.", "It was the 21st edition."),
    ("It was the 21st edition.", "It was the twenty-first edition."),
    ("The show ran for thirty-five years.", "The show ran for 35 years."),
    ("Ninety-nine percent of you.", "99 percent of you."),
    ("The ceasefire began at midnight.", "The ceasefire began at 00:00."),
    ("The ceasefire began at noon.", "The ceasefire began at 12:00."),
    ("The conference will be held in 2025–2026.", "The conference will be held in 2025-26."),
    ("It cost two and a half thousand dollars.", "It cost $2,500."),
    ("It was made half a million years ago.", "It was made 500,000 years ago."),
    ("That's a sevenfold increase.", "That's a 7-fold increase."),
    ("The country has 14 lakh cases.", "The country has 1,400,000 cases."),
    # Indian digit grouping: pairs after the thousands.
    ("The state has reported 2,06,737 cases.", "The state has reported 206 737 cases."),
    ("Sales reached 12,34,56,789 rupees.", "Sales reached 123,456,789 rupees."),
]


@pytest.mark.parametrize(("mt", "reference"), SAME)
def test_the_same_number_written_another_way_is_no_finding(mt: str, reference: str) -> None:
    assert run_lines([mt], Context(target_lang="en", reference_lines=[reference]), build_checks(["numbers"])) == []


@pytest.mark.parametrize(("mt", "lang", "source", "source_lang"), [
    ("Тридцать один человек был госпитализирован.", "ru", "31 people were hospitalised.", "en"),
    ("В честь четырехлетнего мальчика.", "ru", "Named after a 4-year-old boy.", "en"),
    ("Trade is 10 times as old as farming.", "en", "Obchodovanie je desaťkrát tak staré.", "sk"),
    ("And who better to ask than 25 eight- to 10-year-old children?", "en",
     "A koho iného ak nie 25, osem až desať ročných detí?", "sk"),
    ("Ein Kind und 2 Hunde.", "de", "1 child and two dogs.", "en"),
])
def test_numbers_spelt_in_the_source_language_count(mt: str, lang: str, source: str, source_lang: str) -> None:
    context = Context(target_lang=lang, source_lang=source_lang, source_lines=[source])
    assert run_lines([mt], context, build_checks(["numbers"])) == []


@pytest.mark.parametrize(("mt", "reference"), [
    ("Twenty-five people came.", "35 people came."),  # spelt, but another number
    ("He was born in '86.", "He was born in 1985."),
    ("A quarter of them left.", "30% of them left."),
    ("It cost two and a half thousand dollars.", "It cost $3,500."),
    ("They have a daughter and a son.", "They have 1 daughter and 2 sons."),  # the article is one, never two
    ("Sales reached 1,50,000 rupees.", "Sales reached 160,000 rupees."),
])
def test_another_number_is_still_found(mt: str, reference: str) -> None:
    assert run_lines([mt], Context(target_lang="en", reference_lines=[reference]), build_checks(["numbers"]))


def test_without_a_language_numbers_are_read_in_english() -> None:
    from review_app.checks.numbers import mentions

    assert {m.text: sorted(map(int, m.values)) for m in mentions("It was thirty-one.")}["thirty-one"] == [31]


@pytest.mark.parametrize(("mt", "lang", "source"), [
    ("Die Stadt hat 2,5 Millionen Einwohner.", "de", "The city has 2,500,000 inhabitants."),
    ("Ein Viertel der Wähler stimmte zu.", "de", "25% of voters agreed."),
    ("Es kamen dreiundzwanzig Menschen, jedes zehnmal so groß.", "de", "23 people came, each 10 times as big."),
    ("Zum einundzwanzigsten Mal fand das Fest statt.", "de", "The festival took place for the 21st time."),
    ("Un quart des électeurs a approuvé.", "fr", "25% of voters agreed."),
    ("La moitié du personnel est partie à minuit.", "fr", "50% of the staff left at 00:00."),
    ("Cela a coûté 3 milliards d'euros.", "fr", "It cost 3,000,000,000 euros."),
    ("Costó 3.000 millones de euros; vinieron veintitrés personas.", "es", "It cost 3 billion euros; 23 people came."),
])
def test_other_languages_write_the_same_numbers_their_way(mt: str, lang: str, source: str) -> None:
    context = Context(target_lang=lang, source_lang="en", source_lines=[source])
    assert run_lines([mt], context, build_checks(["numbers"])) == []
