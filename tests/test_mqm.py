"""Google's WMT MQM TSV: the shared contract, span parsing, weights, and the published scores."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from read_errors import read_error
from shared_data import shared_corpus
from test_formats_contract import FormatContract

from review_app.errors import InputError
from review_app.formats import Annotation, Unit, read_units, write_units
from review_app.formats.mqm import MqmRow, mark_span, parse_span, read_mqm, rows_from_unit
from review_app.scoring.mqm import mqm_segment_scores, mqm_system_scores
from review_app.vocab import GOOGLE_WMT


def mqm_scores(rows: Iterable[MqmRow]) -> dict[str, float]:
    """``{system: MQM}``, as ``mqm-score`` prints it."""
    return {s.system: s.score for s in mqm_system_scores(rows)}


def rows_from_units(units: Iterable[Unit]) -> list[MqmRow]:
    """The MQM rows of units, as the MQM writer makes them."""
    return [row for unit in units for row in rows_from_unit(unit)]


HEADER = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"


def mqm_unit(system: str, seg: str, source: str, mt: str, annotations: list[Annotation]) -> Unit:
    raters = {a.rater for a in annotations}
    return Unit(id=f"{system}:talk.1:{seg}", source=source, mt=mt, system=system, doc="talk.1",
                reviewer=raters.pop() if len(raters) == 1 else None, props={"mqm:doc_id": "1", "mqm:seg_id": seg},
                annotations=annotations)


class TestMqmContract(FormatContract):
    format = "mqm"
    extension = ".tsv"

    def sample_units(self) -> list[Unit]:
        return [
            mqm_unit("sysA", "1", "Hello world.", "Hallo Welt.", [
                Annotation("Accuracy/Mistranslation", "Major", 0, 5, rater="rater1"),
                Annotation("Fluency/Punctuation", "Minor", 10, 11, comment="Locale convention", rater="rater1"),
            ]),
            mqm_unit("sysA", "2", "“Quotes” and 日本語", '"Anführungszeichen" 👋🏽 مرحبا',
                     [Annotation("No-error", "No-error", rater="rater2")]),
            mqm_unit("sysB", "1", "Hello world.", "=Hallo, Welt.", [
                Annotation("Source error", "Minor", 6, 11, side="source", rater="rater1"),
                Annotation("No-error", "No-error", rater="rater3"),
            ]),
        ]

    def malformed(self) -> tuple[bytes, str]:
        rows = "s\td\t1\t1\tr\ta\tb\tNo-error\tNo-error\ns\td\t1\t2\tr\ta\tb\tOther\tCatastrophic\n"
        return (HEADER + rows).encode(), "line 3: unknown severity 'Catastrophic'"

    def big_unit(self, i: int) -> Unit:
        return mqm_unit("sys", str(i + 1), f"source sentence {i}", f"target sentence {i}",
                        [Annotation("No-error", "No-error", rater="r1")])


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ("a <v>b</v> c", ("a b c", 2, 3)),
        ("<v>whole</v>", ("whole", 0, 5)),
        ("no span", ("no span", None, None)),
        ("<v></v>x", ("x", 0, 0)),
        ("tail <v>runs to the end", ("tail runs to the end", 5, 20)),  # seen in Google's files
        ("", ("", None, None)),
    ],
)
def test_parse_span(marked: str, expected: tuple[str, int | None, int | None]) -> None:
    assert parse_span(marked) == expected
    text, start, end = expected
    if start is not None and "</v>" in marked:
        assert mark_span(text, start, end) == marked


@pytest.mark.parametrize(("marked", "message"), [("a</v>", "without <v>"), ("<v>a</v><v>b</v>", "more than one")])
def test_parse_span_errors(marked: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_span(marked)


@pytest.mark.parametrize(
    ("category", "severity", "weight"),
    [
        ("Accuracy/Mistranslation", "Major", 5.0),
        ("Non-translation!", "Major", 25.0),
        ("Fluency/Punctuation", "Minor", 0.1),
        ("Fluency/Punctuation", "Major", 5.0),
        ("Style/Awkward", "Minor", 1.0),
        ("Source error", "Major", 5.0),
        ("Other", "Neutral", 0.0),
        ("No-error", "No-error", 0.0),
        ("Terminology/Inappropriate for context", "minor", 1.0),
    ],
)
def test_google_wmt_weights(category: str, severity: str, weight: float) -> None:
    assert GOOGLE_WMT.weight(category, severity) == weight


def test_unknown_severity_has_no_weight() -> None:
    with pytest.raises(ValueError, match="unknown MQM severity 'Critical'"):
        GOOGLE_WMT.weight("Other", "Critical")


def row(system: str, seg: str, rater: str, category: str, severity: str) -> MqmRow:
    return MqmRow(system, "d", "1", seg, rater, "s", "t", category, severity)


def test_scores_sum_per_rater_then_average_raters_then_segments() -> None:
    rows = [
        row("A", "1", "r1", "Accuracy/Mistranslation", "Major"),
        row("A", "1", "r1", "Fluency/Punctuation", "Minor"),
        row("A", "1", "r2", "No-error", "No-error"),
        row("A", "2", "r1", "Style/Awkward", "Minor"),
        row("B", "1", "r3", "Non-translation!", "Major"),
    ]
    expected = {("A", "d", "1"): 2.55, ("A", "d", "2"): 1.0, ("B", "d", "1"): 25.0}
    assert mqm_segment_scores(rows) == pytest.approx(expected)
    assert mqm_scores(rows) == pytest.approx({"A": 1.775, "B": 25.0})
    assert [s.segments for s in mqm_system_scores(rows)] == [2, 1]


def test_units_score_like_their_rows(tmp_path: Path) -> None:
    units = TestMqmContract().sample_units()
    path = tmp_path / "a.tsv"
    write_units(path, units, "mqm")
    assert mqm_scores(rows_from_units(units)) == pytest.approx(mqm_scores(read_mqm(path)))
    assert mqm_scores(rows_from_units(units)) == pytest.approx({"sysA": 2.55, "sysB": 0.5})  # sysB: (1 + 0) / 2 raters


def test_written_rows_mark_spans_and_neutralise_formulas(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    write_units(path, TestMqmContract().sample_units(), "mqm")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER.strip() + "\tcomment"
    assert lines[1].split("\t")[5:] == ["Hello world.", "<v>Hallo</v> Welt.", "Accuracy/Mistranslation", "Major", ""]
    assert lines[4].split("\t")[5:7] == ["Hello <v>world</v>.", "'=Hallo, Welt."]
    write_units(path, TestMqmContract().sample_units(), "mqm", raw=True)
    assert path.read_text(encoding="utf-8").splitlines()[4].split("\t")[6] == "=Hallo, Welt."


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        (mqm_unit("s", "1", "a", "b\tc", []), "tab or line break"),
        (mqm_unit("s", "1", "a", "b <v>", []), "holds '<v>'"),
        (mqm_unit("s", "1", "a", "bc", [Annotation("Other", "Minor", 1, 5)]), "span 1-5 lies outside the target"),
    ],
)
def test_unwritable_units_are_refused(tmp_path: Path, unit: Unit, message: str) -> None:
    path = tmp_path / "a.tsv"
    with pytest.raises(InputError, match=message):
        write_units(path, [unit], "mqm")
    assert not path.exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("A\td\t1\t1\tr\ta\tb\tNo-error\tNo-error\nB\td\t1\t1\tr\ta\tb\tNo-error\tNo-error\n"
         "A\td\t1\t1\tr\ta\tb\tOther\tMinor\n", "line 4: rows of segment 1 of A are not contiguous"),
        ("A\td\t1\t1\tr\ta\tb\tNo-error\tNo-error\nA\td\t1\t1\tr\ta\tB\tOther\tMinor\n",
         "line 3: the text differs from the segment's row on line 2"),
        ("A\td\t1\t1\tr\t<v>a</v>\t<v>b</v>\tOther\tMinor\n", "line 2: spans marked in both source and target"),
        ("A\td\t1\n", "line 2: expected 9 tab-separated fields, found 3"),
    ],
)
def test_bad_mqm_files(tmp_path: Path, rows: str, message: str) -> None:
    assert message in read_error(tmp_path / "a.tsv", HEADER + rows, "mqm")


def test_header_must_name_the_mqm_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("system\tsource\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: not an MQM TSV: no column"):
        list(read_mqm(path))


# --- Google's WMT21 TED MQM data (../shared/corpora/google-mqm-wmt) -------------------------------

# (system in the TSV, score reproduced in PROVENANCE.md to 3 decimals, score in the upstream README)
PUBLISHED: dict[str, list[tuple[str, float, float]]] = {
    "ende": [
        ("ref", 0.912, 0.91), ("Facebook-AI", 1.056, 1.06), ("Online-W", 1.122, 1.12), ("VolcTrans-AT", 1.241, 1.24),
        ("metricsystem3", 1.436, 1.44), ("VolcTrans-GLAT", 1.494, 1.49), ("HuaweiTSC", 1.498, 1.50),
        ("metricsystem1", 1.629, 1.63), ("metricsystem2", 1.694, 1.69), ("metricsystem5", 1.716, 1.72),
        ("UEdin", 1.772, 1.77), ("metricsystem4", 1.776, 1.78), ("eTranslation", 1.969, 1.96), ("Nemo", 2.141, 2.14),
    ],
    "zhen": [
        ("refB", 0.415, 0.42), ("DIDI-NLP", 1.651, 1.65), ("metricsystem2", 1.760, 1.76),
        ("metricsystem1", 1.902, 1.90), ("MiSS", 1.971, 1.97), ("IIE-MT", 1.981, 1.98), ("metricsystem4", 2.049, 2.05),
        ("metricsystem5", 2.151, 2.15), ("SMU", 2.202, 2.202), ("Borderline", 2.405, 2.40), ("NiuTrans", 2.487, 2.49),
        ("Facebook-AI", 2.636, 2.64), ("Online-W", 2.925, 2.93), ("metricsystem3", 2.989, 2.99), ("ref", 5.515, 5.52),
    ],
}
ROW_COUNTS = {"ende": 8435, "zhen": 9915}


@pytest.mark.parametrize("pair", ["ende", "zhen"])
def test_ted_system_scores_reproduce_the_published_numbers(pair: str) -> None:
    rows = list(read_mqm(shared_corpus("google-mqm-wmt") / "ted" / f"mqm_ted_{pair}.tsv"))
    assert len(rows) == ROW_COUNTS[pair]
    scores = mqm_system_scores(rows)
    assert [s.system for s in scores] == [system for system, _, _ in PUBLISHED[pair]]
    assert {s.segments for s in scores} == {529}
    for score, (_system, reproduced, readme) in zip(scores, PUBLISHED[pair], strict=True):
        assert score.score == pytest.approx(reproduced, abs=5e-4)
        # The README rounds or truncates to 2 decimals (eTranslation 1.969 is printed 1.96).
        assert abs(score.score - readme) < 0.01


@pytest.mark.parametrize("pair", ["ende", "zhen"])
def test_ted_segment_scores_match_googles_avg_seg_scores(pair: str) -> None:
    folder = shared_corpus("google-mqm-wmt")
    mine = {(system, seg): score for (system, _doc, seg), score in
            mqm_segment_scores(read_mqm(folder / "ted" / f"mqm_ted_{pair}.tsv")).items()}
    names = {"ref-A": "ref", "ref-B": "refB"}
    published = 0
    lines = (folder / "avg_seg_scores" / f"mqm_ted_{pair}.avg_seg_scores.tsv").read_text(encoding="utf-8")
    for line in lines.splitlines()[1:]:
        system, score, seg = line.split()  # tabs and spaces mixed: split on any whitespace
        if score != "None":
            assert mine[(names.get(system, system), seg)] == pytest.approx(-float(score), abs=1e-6)
            published += 1
    assert published == {"ende": 7406, "zhen": 7935}[pair]


def test_ted_file_survives_mqm_and_xliff_round_trips(tmp_path: Path) -> None:
    source = shared_corpus("google-mqm-wmt") / "ted" / "mqm_ted_zhen.tsv"
    units = list(read_units(source, "mqm"))
    assert len(units) == 529 * 15
    expected = mqm_scores(read_mqm(source))
    mqm_copy, xliff_copy = tmp_path / "copy.tsv", tmp_path / "copy.xlf"
    write_units(mqm_copy, units, "mqm")
    assert list(read_units(mqm_copy, "mqm")) == units
    assert mqm_scores(read_mqm(mqm_copy)) == pytest.approx(expected)
    write_units(xliff_copy, units, src_lang="zh", tgt_lang="en")
    assert mqm_scores(rows_from_units(read_units(xliff_copy))) == pytest.approx(expected)
