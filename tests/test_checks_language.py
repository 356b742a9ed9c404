"""Dashes, scripts (untranslated text) and glossary terms: spans and suggestions, table-driven."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.checks import (
    Context,
    GlossaryEntry,
    build_checks,
    load_glossary,
    parse_glossary,
    resolve_selection,
    run_checks,
    run_lines,
)
from review_app.checks.glossary import format_glossary
from review_app.errors import InputError
from review_app.text.wordstats import function_words_in


def spans(text: str, check: str, **ctx: object) -> list[tuple[int, int, str | None]]:
    findings = run_checks(text, Context(**ctx), build_checks([check]))  # type: ignore[arg-type]
    return [(f.start, f.end, f.suggestion) for f in findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a well—known, state—owned and cost–effective firm", [(6, 7, "-"), (19, 20, "-"), (34, 35, "-")]),
        ("a Sino—Russian and Russia–Ukraine deal", [(6, 7, "-")]),
        ("MH—17 and Ту—154", [(2, 3, "-"), (12, 13, "-")]),
        ("He left— then came back —later.", [(7, 9, " — "), (23, 25, " — ")]),
        ("pages 10 –12", [(8, 10, "–")]),
        ("— Dialogue opens the line — and a spaced dash follows.", []),
        ("1941—1945 and 1990–2000", []),
        ("«— Кто там?»", []),
    ],
)
def test_dash_spans(text: str, expected: list[tuple[int, int, str | None]]) -> None:
    assert spans(text, "dash-in-compound") == expected


def test_clause_dashes_are_left_alone_in_either_dash_style() -> None:
    spaced = "One — two — three — four.\nThe plan—if any—failed."
    closed = "The plan—if any—failed.\nThe vote—a close one—passed."
    assert run_checks(spaced, Context(), build_checks(["dash-in-compound"])) == []
    assert run_checks(closed, Context(), build_checks(["dash-in-compound"])) == []


@pytest.mark.parametrize(
    ("text", "ctx", "expected"),
    [
        ("Talks in Пекин were held.", {"target_lang": "en", "source_lang": "ru"}, [(9, 14, None, "major")]),
        ("They said спасибо большое today.", {"target_lang": "en"}, [(10, 25, None, "major")]),
        ("Он сказал: shambolic handling.", {"target_lang": "ru", "source_lang": "en"}, [(11, 29, None, "major")]),
        ("Talks in 北京 were held.", {"target_lang": "en", "source_lang": "ru"}, [(9, 11, None, "minor")]),
        ("Служба «Face the Nation» и Press Trust of India.", {"target_lang": "ru"}, []),
        ("Компания oOh!media и сайт travel.gov.gr сообщили.", {"target_lang": "ru"}, []),
        ("Пишите на info@example.com или @handle.", {"target_lang": "ru"}, []),
        ("Ðåöåíçèÿ íà ñïåêòàêëü", {"target_lang": "ru"}, []),  # mojibake, not untranslated
    ],
)
def test_untranslated_spans(text: str, ctx: dict, expected: list[tuple]) -> None:
    findings = run_checks(text, Context(**ctx), build_checks(["untranslated"]))
    assert [(f.start, f.end, f.suggestion, f.severity) for f in findings] == expected


def test_untranslated_fragment_versus_sentence() -> None:
    text = "Пекин\n\nПереговоры прошли успешно, стороны договорились встретиться снова.\n\nBody text."
    findings = run_checks(text, Context(target_lang="en"), build_checks(resolve_selection(["untranslated"])))
    assert [(f.check, f.line, f.start, f.end, f.suggestion) for f in findings] == [
        ("untranslated-fragment", 1, 0, 5, ""),
        ("untranslated", 3, 0, 66, None),
    ]


def test_same_script_source_language_by_langid() -> None:
    text = "Die Regierung hat heute beschlossen, die Steuern zu senken.\nThe government decided to cut taxes today."
    ctx = Context(target_lang="en", source_lang="de")
    findings = run_checks(text, ctx, build_checks(["untranslated"]))
    assert [(f.line, f.start, f.end) for f in findings] == [(1, 0, 59)]


ENGLISH = (
    "The city council approved the new budget on Tuesday after a long debate.\n"
    "Officials said the spending plan would fund new schools and roads.\n"
)


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Die Stadtverwaltung hat den neuen Haushalt am Dienstag genehmigt.", "de"),
        ("El alcalde dijo que el plan financiará nuevas escuelas y carreteras.", "es"),
        ("Le maire a déclaré que le projet serait présenté aux habitants.", "fr"),
        ("Starosta řekl, že plán bude znovu projednán v lednu.", "cs"),
        ("Burmistrz powiedział, że plan zostanie ponownie omówiony.", "pl"),
    ],
)
def test_a_line_in_another_language_of_the_same_script_without_the_source(line: str, lang: str) -> None:
    # No source text and no source language: the line's own language tells.
    findings = run_checks(ENGLISH + line, Context(target_lang="en"), build_checks(["untranslated"]))
    assert [(f.line, f.start, f.end, f.suggestion) for f in findings] == [(3, 0, len(line), None)]
    assert f"another language ({lang})" in findings[0].message


def test_function_words_in_counts_the_targets_function_words() -> None:
    # The cheap test that spares langid most lines: the target's own function words, which other languages lack.
    assert function_words_in("The plan was approved on Tuesday by the council.", "en") == (5, 9)
    assert function_words_in("Der Plan wurde am Dienstag genehmigt.", "en") == (0, 6)
    assert function_words_in("The plan.", "xx") == (0, 2) and function_words_in("42 %", "en") == (0, 0)


def test_the_source_language_is_named_when_known() -> None:
    text = "Der Plan wurde am Dienstag genehmigt.\nThe city council approved the new budget on Tuesday."
    findings = run_checks(text, Context(target_lang="de", source_lang="en"), build_checks(["untranslated"]))
    assert [(f.line, f.message) for f in findings] == [(2, "line is in the source language (en), not translated")]


def test_a_target_langid_knows_by_a_variety_is_checked() -> None:
    # langid has no "nb" (Bokmål): its "no", "nn" and Danish stand for it.
    text = ("Regjeringen bestemte i dag å senke skattene neste år.\n"
            "Die Regierung hat heute beschlossen, die Steuern zu senken.\n"
            "Regjeringa vedtok i dag å senke skattane neste år.")
    findings = run_checks(text, Context(target_lang="nb"), build_checks(["untranslated"]))
    assert [(f.line, "(de)" in f.message) for f in findings] == [(2, True)]


@pytest.mark.parametrize(
    ("target", "own"),
    [
        ("zh", "中国代表团周二抵达北京，与美方举行会谈。双方同意下个月再次会面。"),
        ("ja", "代表団は火曜日に北京に到着した。双方は来月再び会うことで合意した。"),
        ("ar", "وصل الوفد إلى بكين يوم الثلاثاء لإجراء محادثات مع الجانب الأمريكي."),
        ("hi", "प्रतिनिधिमंडल मंगलवार को बातचीत के लिए बीजिंग पहुंचा।"),
    ],
)
def test_an_english_line_in_mt_of_a_script_the_runs_do_not_read(target: str, own: str) -> None:
    # No foreign-run analysis for these scripts: the line's language alone finds the English line.
    lines = [own, "The delegation arrived in Beijing on Tuesday for talks.", own]
    findings = run_lines(lines, Context(target_lang=target), build_checks(["untranslated"]))
    assert [(f.line, "(en)" in f.message) for f in findings] == [(2, True)]


def test_a_ukrainian_line_in_russian_mt_but_not_russian_lines() -> None:
    text = ("Правительство сегодня решило снизить налоги в следующем году.\n"
            "Уряд сьогодні вирішив знизити податки наступного року.\n"
            "Министр финансов заявил, что решение было принято единогласно.")
    findings = run_checks(text, Context(target_lang="ru"), build_checks(["untranslated"]))
    assert [(f.line, "(uk)" in f.message) for f in findings] == [(2, True)]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # langid scores Croatian, Norwegian, Portuguese lines as their close varieties now and then: not foreign.
        ("Hrvatska vlada je danas odlučila smanjiti poreze za sljedeću godinu.", "hr"),
        ("Regjeringen bestemte i dag å senke skattene neste år.", "nb"),
        ("O governo decidiu hoje baixar os impostos no próximo ano.", "pt-BR"),
        ("Pemerintah hari ini memutuskan untuk menurunkan pajak tahun depan.", "ms"),
        # Names, a short line, text in no language, mojibake (the mojibake check's), a target langid does not know.
        ("Ernst Schmid, Jürg Marmet, Hans Rudolf von Gunten und Ernst Reiss", "en"),
        ("Danke schön, Chris.", "en"),
        ("12 345 678 / 2024 - 17:45 +++ 99 % #", "en"),
        ("Ðåöåíçèÿ íà ñïåêòàêëü Íàöèîíàëüíîãî òåàòðà Ãðåöèè", "ru"),
        ("Die Regierung hat heute beschlossen, die Steuern zu senken.", "tlh"),
    ],
)
def test_lines_not_taken_for_another_language(text: str, target: str) -> None:
    assert run_checks(text, Context(target_lang=target), build_checks(["untranslated"])) == []


@pytest.mark.parametrize("source_lang", [None, "de"])
def test_words_quoted_in_a_line_are_mentioned_not_its_language(source_lang: str | None) -> None:
    """A language-learning page's headline quotes the German it is about; outside the quotation marks it is English.
    A German line quoting English, and a line that is mostly one German quotation, are still German."""
    mention = 'When to use "wurde" versus "war" (eg "Ich wurde ausgeraubt" vs "Ich war ausgeraubt")'
    ctx = Context(target_lang="en", source_lang=source_lang)
    assert run_checks(mention, ctx, build_checks(["untranslated"])) == []
    german = ["Er sagte „Hello world“ und ging dann nach Hause zu seiner Familie.",
              "„Die Regierung hat heute beschlossen, die Steuern zu senken“, sagte er."]
    found = run_checks("\n".join(german), ctx, build_checks(["untranslated"]))
    assert [(f.line, f.start) for f in found] == [(1, 0), (2, 0)]


SOURCE_DE = ("Der Minister sagte am Dienstag in Berlin, dass die Regierung die Steuern im nächsten Jahr deutlich "
             "senken will, um die Wirtschaft zu stärken.")


@pytest.mark.parametrize("source_lang", ["de", None])
@pytest.mark.parametrize(
    ("mt", "copied"),
    [
        ("The minister said on Tuesday in Berlin that the government die Steuern im nächsten Jahr deutlich senken "
         "will to strengthen the economy.", "die Steuern im nächsten Jahr deutlich senken will"),
        ("The minister said on Tuesday in Berlin that the government wants to cut taxes significantly next year, "
         "um die Wirtschaft zu stärken.", "um die Wirtschaft zu stärken"),
    ],
)
def test_source_words_left_inside_a_line_of_the_same_script(mt: str, copied: str, source_lang: str | None) -> None:
    """A clause of the German source in English MT: found with the source language given or told by langid."""
    ctx = Context(target_lang="en", source_lang=source_lang, source_lines=[SOURCE_DE])
    found = run_lines([mt], ctx, build_checks(["untranslated"]))
    assert [(f.start, f.end) for f in found] == [(mt.index(copied), mt.index(copied) + len(copied))]
    assert "copied from the source (de)" in found[0].message


@pytest.mark.parametrize(
    ("mt", "source", "target", "source_lang"),
    [
        # Names kept in the original, words both languages write, a link copied whole: no finding.
        ("Sie trafen sich an der Place de la Concorde.", "Ils se sont rencontrés place de la Concorde.", "de", "fr"),
        ("He reads the Neue Zürcher Zeitung with his breakfast.", "Er liest die Neue Zürcher Zeitung.", "en", "de"),
        ("We use open source software in Berlin an der Spree.", "Wir nutzen open source software in Berlin an der "
         "Spree.", "en", "de"),
        ("Mehr unter https://example.com/die-steuern-im-naechsten-jahr lesen.",
         "More at https://example.com/die-steuern-im-naechsten-jahr to read.", "de", "en"),
        ("The minister said that taxes will be cut next year.", SOURCE_DE, "en", "de"),
    ],
)
def test_source_words_that_are_no_untranslated_text(mt: str, source: str, target: str, source_lang: str) -> None:
    ctx = Context(target_lang=target, source_lang=source_lang, source_lines=[source])
    assert run_lines([mt], ctx, build_checks(["untranslated"])) == []


@pytest.mark.parametrize(
    ("entry", "text", "expected"),
    [
        (("Friends of the World", "Friends of Peace"), "the Friends of the World group", [(4, 24, "Friends of Peace")]),
        (("Friends of the World", "Friends of Peace"), "FRIENDS OF THE WORLD", [(0, 20, "FRIENDS OF PEACE")]),
        (("Friends of the World", "Friends of Peace"), "friends of the world", []),
        (("OBOR", "BRI"), "OBOR, OBOR-related and (OBOR) but not OBORONA", [
            (0, 4, "BRI"), (6, 10, "BRI"), (24, 28, "BRI")]),
        (("peacekeeping troops", "peacekeepers"), "Peacekeeping  troops and peacekeeping troops", [
            (0, 20, "Peacekeepers"), (25, 44, "peacekeepers")]),
        (("Belt and Road", "Belt and Road Initiative"), "the Belt and Road Initiative and the Belt and Road", [
            (37, 50, "Belt and Road Initiative")]),
    ],
)  # fmt: skip
def test_glossary_case_and_whole_words(entry: tuple[str, str], text: str, expected: list[tuple]) -> None:
    ctx = Context(glossary=[GlossaryEntry(*entry)])
    assert [(f.start, f.end, f.suggestion) for f in run_checks(text, ctx, build_checks(["glossary"]))] == expected


def test_glossary_file_parsing(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text("# terms\n\nOBOR\tBRI\tBelt and Road Initiative\nFriends of the World\tFriends of Peace\n", "utf-8")
    entries = load_glossary(path)
    assert entries == [
        GlossaryEntry("OBOR", "BRI", "Belt and Road Initiative"),
        GlossaryEntry("Friends of the World", "Friends of Peace"),
    ]
    finding = run_checks("the OBOR", Context(glossary=entries), build_checks(["glossary"]))[0]
    assert "Belt and Road Initiative" in finding.message


def test_a_written_glossary_runs_no_formula_and_reads_back_the_same() -> None:
    entries = [GlossaryEntry('=HYPERLINK("https://evil.example")', "+1", "@SUM(1)"),
               GlossaryEntry("'=quoted", "-minus"), GlossaryEntry("''", "plain", "note")]
    text = format_glossary(entries)
    assert text.splitlines() == ["'=HYPERLINK(\"https://evil.example\")\t'+1\t'@SUM(1)", "''=quoted\t'-minus",
                                 "'''\tplain\tnote"]
    assert parse_glossary(text) == entries


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("OBOR\tBRI\nbroken line\n", "line 2: expected 'wrong<TAB>right"),
        ("a\tb\tc\td\n", "line 1: expected"),
        ("OBOR\t\n", "line 1: empty term"),
        ("same\tsame\n", "line 1: the wrong and the right term are the same"),
        ("# only comments\n", "no glossary entries"),
    ],
)
def test_glossary_malformed(body: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_glossary(body, "terms.tsv")
    assert info.value.source == "terms.tsv"


def test_term_consistency_is_neutral() -> None:
    text = "Send an e-mail.\nThe e-mail came.\nThe email was late.\nCOVID rules, COVID tests and Covid fears."
    findings = run_checks(text, Context(), build_checks(["term-consistency"]))
    assert [(f.line, f.start, f.end, f.suggestion, f.severity) for f in findings] == [
        (3, 4, 9, "e-mail", "neutral"),
        (4, 29, 34, "COVID", "neutral"),
    ]
