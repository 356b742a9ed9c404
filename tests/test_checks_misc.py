"""Numbers, punctuation, doubled words, mojibake, and checks over aligned segments."""

from __future__ import annotations

import pytest
import regex
from shared_data import shared_corpus

from review_app.checks import Context, build_checks, check_segments, run_checks
from review_app.checks.mojibake import repair
from review_app.checks.numbers import compare
from review_app.model import AlignedSegment


def spans(text: str, check: str, **ctx: object) -> list[tuple[int, int, str | None]]:
    findings = run_checks(text, Context(**ctx), build_checks([check]))  # type: ignore[arg-type]
    return [(f.start, f.end, f.suggestion) for f in findings]


@pytest.mark.parametrize(
    ("mt", "src", "extra", "missing"),
    [
        ("It cost 1,000 roubles.", "Это стоило 1 000 рублей.", [], []),
        ("It cost 1.5 million.", "Это стоило 1,5 млн.", [], []),
        ("It cost 1,500,000.", "Это стоило 1,5 млн.", [], []),
        ("Two dead, 3 hurt.", "2 погибших, 3 раненых.", [], []),
        ("At 11:30 pm on 14.02.2019.", "At 23:30 on 02/14/2019.", [], []),
        ("In the 1960s, COVID-19.", "В 60-х годах, коронавирус.", [], []),
        ("It cost 1,200 roubles.", "Это стоило 1 300 рублей.", ["1,200"], ["1 300"]),
        ("It rose 5%.", "Он вырос на 5% за 12 месяцев.", [], ["12"]),
        ("It rose 5% in 7 days.", "Он вырос на 5%.", ["7"], []),
        ("twelfth time", "в двенадцатый раз", [], []),
    ],
)
def test_number_comparison(mt: str, src: str, extra: list[str], missing: list[str]) -> None:
    got_extra, got_missing = compare(mt, src)
    assert [m.text for m in got_extra] == extra
    assert [m.text for m in got_missing] == missing


def test_numbers_findings_use_the_aligned_line() -> None:
    ctx = Context(target_lang="en", source_lines=["Было 5 человек.", "Их было 7."])
    findings = run_checks("There were 5 people.\nThere were 8.", ctx, build_checks(["numbers"]))
    assert [(f.line, f.start, f.end, f.severity, f.message) for f in findings] == [
        (2, 11, 12, "major", "8 in the MT, 7 in the source")
    ]
    unaligned = Context(target_lang="en", source_lines=["Было 5 человек, их было 7."])
    findings = run_checks("There were 5 people.\nThere were 8.", unaligned, build_checks(["numbers"]))
    assert [(f.line, f.start, f.end) for f in findings] == [(2, 11, 12)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beijing  welcomes   the talks.", [(7, 9, " "), (17, 20, " ")]),
        ("Is it true ? Yes , it is .", []),  # a tokenized line
        ("Visit the site,or mail a@b.ru at www.example.com!", [(14, 15, ", ")]),
        ("The U.S. and e.g. Node.js, 3.5 and 1,000.", []),
        ("Kasparov.Ru published it.", []),
    ],
)
def test_spacing(text: str, expected: list[tuple[int, int, str | None]]) -> None:
    assert spans(text, "spacing") == expected


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("The (BRI) [2013] «x»", "en", [(17, 18, "“"), (19, 20, "”")]),
        ("He said «no».", "ru", []),
        ("He said “no.", "en", [(8, 9, None)]),
    ],
)
def test_quotes(text: str, target: str, expected: list[tuple[int, int, str | None]]) -> None:
    assert spans(text, "quotes", target_lang=target) == expected


def test_quotes_compare_with_the_source_segment() -> None:
    ctx = Context(target_lang="en", source_lines=["Мы готовы к этому, » — сказал Путин."])
    assert run_checks('We are ready for this , " Putin said .', ctx, build_checks(["quotes"])) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He went to the the market.", [(14, 18, "")]),
        ("Они пришли в в город.", [(12, 14, "")]),
        ("a dog dog barked", [(5, 9, None)]),
        ("that that, had had, no no", []),
    ],
)
def test_doubled_words(text: str, expected: list[tuple[int, int, str | None]]) -> None:
    assert spans(text, "doubled-word") == expected


@pytest.mark.parametrize(
    ("garbled", "fixed"),
    [("cafÃ©", "café"), ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"), ("РџСЂРёРІРµС‚", "Привет"), ("â€œquotedâ€\x9d", "“quoted”")],
)
def test_mojibake_repair(garbled: str, fixed: str) -> None:
    assert repair(garbled) == fixed


def test_check_segments_reports_per_segment() -> None:
    segments = [
        AlignedSegment(mt="Advertisement", ref="", src="Реклама", mt_ids=[0], ref_ids=[]),
        AlignedSegment(
            mt="They are time—tested friends.", ref="", src="Они проверенные друзья.", mt_ids=[1], ref_ids=[]
        ),
        AlignedSegment(
            mt="It cost 7 roubles.", ref="It cost 5 roubles.", src="Это стоило 5 рублей.", mt_ids=[2], ref_ids=[]
        ),
    ]
    per_segment = check_segments(segments, Context(target_lang="en", source_lang="ru"))
    assert [[(f.line, f.check, f.start, f.end, f.suggestion) for f in seg] for seg in per_segment] == [
        [(1, "chrome", 0, 13, "")],
        [(1, "dash-in-compound", 13, 14, "-")],
        [(1, "numbers", 8, 9, None)],
    ]


def test_check_segments_with_a_missing_source_stays_aligned() -> None:
    segments = [
        AlignedSegment(mt="It cost 7 roubles.", ref="", src="Это стоило 5 рублей.", mt_ids=[0], ref_ids=[]),
        AlignedSegment(mt="An MT line with no counterpart.", ref="", src=None, mt_ids=[1], ref_ids=[]),
    ]
    per_segment = check_segments(segments, Context(target_lang="en", source_lang="ru"))
    assert [[(f.check, f.message) for f in seg] for seg in per_segment] == [
        [("numbers", "7 in the MT, 5 in the source")],
        [],
    ]


def test_quotes_in_the_style_of_the_language() -> None:
    """Slovak opens low and closes high („…“), as German and Czech do: the TED talks' lines whose marks pair up
    within the line get no finding (21 lines did when “ was read as an opening mark); one left open still does."""
    path = shared_corpus("compare-mt-ted-sk-en") / "ted.orig.slk"
    paired = regex.compile(r'[^„“”"]*(?:„[^„“”"]*“[^„“”"]*)+')
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if paired.fullmatch(line)]
    assert len(lines) > 10
    found = run_checks("\n".join(lines), Context(target_lang="sk"), build_checks(["quotes"]))
    assert found == []
    found = run_checks("Povedal: „Nie, a odišiel.", Context(target_lang="sk"), build_checks(["quotes"]))
    assert [(f.start, f.message) for f in found] == [(9, "opening „ never closed")]
