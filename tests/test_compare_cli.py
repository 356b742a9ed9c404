"""``review-app compare``: WMT21 en→ru against the organisers' published scores, inputs, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.significance import PairedTest
from shared_data import shared_corpus

from review_app.cli import main
from review_app.compare import CompareSettings, compare
from review_app.compare.inputs import load_corpus, merge_alignments, parse_systems
from review_app.errors import InputError
from review_app.model import AlignedSegment
from review_app.scoring.paired import approximate_randomization, paired_bootstrap
from review_app.scoring.stats import make_metric, segment_statistics

# Organisers' automatic-scores.tsv (pair en-ru): BLEU and chrF against reference A.
PUBLISHED = {"Facebook-AI": (32.21, 57.65), "Online-W": (31.80, 57.62), "Online-B": (29.76, 56.82),
             "NiuTrans": (28.43, 54.59), "Online-Y": (25.78, 53.81)}


def _wmt_args(*extra: str) -> list[str]:
    folder = shared_corpus("wmt21-newstest-en-ru") / "txt"
    systems = [str(folder / f"newstest2021.en-ru.hyp.{name}.ru") for name in PUBLISHED]
    return ["compare", *systems, "--ref", str(folder / "newstest2021.en-ru.ref.A.ru"),
            "--src", str(folder / "newstest2021.en-ru.src.en"), "--segmented", "--lang", "ru", "--src-lang", "en",
            "--metrics", "bleu,chrf", "--checks", "numbers,untranslated", "--jobs", "1", *extra]


@pytest.fixture(scope="module")
def wmt21(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("wmt21") / "out.json"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(_wmt_args("--json")) == 0
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return json.loads(buffer.getvalue())


def test_wmt21_scores_equal_the_published_ones(wmt21: dict) -> None:
    assert wmt21["segments"] == 1002
    scores = {s["name"]: s["scores"] for s in wmt21["systems"]}
    assert set(scores) == set(PUBLISHED)  # default names: the part of the file names that differs
    for name, (bleu, chrf) in PUBLISHED.items():
        assert round(scores[name]["bleu"]["score"], 2) == bleu
        assert round(scores[name]["chrf"]["score"], 2) == chrf
        assert scores[name]["bleu"]["ci_95"] > 0
        assert "nrefs:1|bs:1000|seed:12345" in scores[name]["bleu"]["signature"]


def test_wmt21_ranking_agrees_with_the_published_scores(wmt21: dict) -> None:
    assert wmt21["ranking"]["bleu"] == sorted(PUBLISHED, key=lambda n: -PUBLISHED[n][0])
    assert wmt21["ranking"]["chrf"] == sorted(PUBLISHED, key=lambda n: -PUBLISHED[n][1])


def test_wmt21_significance_agrees_with_the_published_gaps(wmt21: dict) -> None:
    """Against the published winner, a gap of a BLEU point or more (chrF: 0.8) is significant under
    both tests; Online-W, within 0.41 BLEU and 0.03 chrF of it, is not."""
    assert wmt21["baseline"] == "Facebook-AI"
    rows = {(p["system"], p["metric"]): p for p in wmt21["paired"]}
    assert len(rows) == 8
    for (system, metric), row in rows.items():
        gap = PUBLISHED["Facebook-AI"][metric == "chrf"] - PUBLISHED[system][metric == "chrf"]
        assert row["delta"] == pytest.approx(-gap, abs=0.011)  # two published roundings
        expected = gap >= (0.8 if metric == "chrf" else 1.0)
        assert row["significant"] == {"bs": expected, "ar": expected}, (system, metric, row["p_values"])
        assert row["signatures"]["ar"].startswith("nrefs:1|ar:10000|seed:12345")
    assert rows[("Online-W", "chrf")]["p_values"]["ar"] > 0.5


def test_wmt21_findings_per_system(wmt21: dict) -> None:
    for system in wmt21["systems"]:
        findings = system["findings"]
        assert findings["total"] == sum(findings["by_severity"].values())
        assert set(findings["by_check"]) <= {"numbers", "untranslated", "untranslated-fragment"}
    assert sum(s["findings"]["total"] for s in wmt21["systems"]) > 0


def test_wmt21_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_wmt_args("--ar-trials", "0", "--bootstrap", "200")) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("system "))
    order = [line.split()[0] for line in lines[header + 2: header + 7]]
    assert order == sorted(PUBLISHED, key=lambda n: -PUBLISHED[n][0])
    assert "32.21 ±" in out and "25.78 ±" in out


@pytest.mark.parametrize("metric", ["bleu", "chrf", "ter"])
@pytest.mark.parametrize("test", ["bs", "ar"])
def test_paired_tests_equal_sacrebleus(metric: str, test: str) -> None:
    folder = shared_corpus("compare-mt-ted-sk-en")
    read = lambda name: (folder / name).read_text(encoding="utf-8").splitlines()[:300]  # noqa: E731
    base, system, ref = read("ted.sys1.detok.eng"), read("ted.sys2.detok.eng"), read("ted.ref.detok.eng")
    samples = 1000 if test == "bs" else 3000
    theirs_sigs, table = PairedTest([("a", base), ("b", system)], {metric: make_metric(metric)}, [ref],
                                    test_type=test, n_samples=samples)()
    (key,) = theirs_sigs
    theirs = table[key][1]
    stats_a, _ = segment_statistics(base, [ref], [metric])
    stats_b, _ = segment_statistics(system, [ref], [metric])
    run = paired_bootstrap if test == "bs" else approximate_randomization
    ours = run(metric, stats_a[metric], stats_b[metric], samples)
    assert ours.score == theirs.score
    assert ours.p_value == theirs.p_value
    assert ours.signature == theirs_sigs[key].format()
    if test == "bs":
        assert (ours.mean, ours.ci) == (theirs.mean, theirs.ci)


def test_ar_blocks_draw_the_same_coin_flips(monkeypatch: pytest.MonkeyPatch) -> None:
    import review_app.scoring.paired as paired

    rng = np.random.default_rng(0)
    a = rng.integers(0, 5, size=(37, 10)).astype(np.float32)
    b = rng.integers(0, 5, size=(37, 10)).astype(np.float32)
    whole = paired.approximate_randomization("bleu", a, b, 500)
    monkeypatch.setattr(paired, "_AR_BLOCK_CELLS", 37 * 40)
    assert paired.approximate_randomization("bleu", a, b, 500) == whole


def test_system_names() -> None:
    names = [s.name for s in parse_systems(["out/a.sys1.en", "out/a.sys2.en"])]
    assert names == ["sys1", "sys2"]
    assert [s.name for s in parse_systems(["Yandex=x/y.txt", "z/y.txt"])] == ["Yandex", "y.txt"]
    with pytest.raises(InputError, match="two systems are named"):
        parse_systems(["a=x.txt", "a=y.txt"])
    with pytest.raises(InputError, match="at least two systems"):
        parse_systems(["x.txt"])


def test_merge_alignments_keeps_reference_runs_together() -> None:
    def seg(mt: str, ref_ids: list[int]) -> AlignedSegment:
        return AlignedSegment(mt=mt, ref="", src=None, mt_ids=[0], ref_ids=ref_ids)

    a = [seg("A01", [0, 1]), seg("A2", [2]), seg("Aextra", [])]
    b = [seg("B0", [0]), seg("B1", [1]), seg("B2", [2])]
    units, texts = merge_alignments([a, b], 3)
    assert units == [[0, 1], [2], []]
    assert texts == [["A01", "A2", "Aextra"], ["B0 B1", "B2", ""]]


def test_documents_are_aligned_to_the_reference_first(tmp_path: Path) -> None:
    ref = tmp_path / "ref.txt"
    ref.write_text("The cat sat on the mat. It was warm.\nThe dog barked loudly.\n", encoding="utf-8")
    (tmp_path / "one.txt").write_text("The cat sat on the mat. It was warm.\nThe dog barked.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("A cat sat on a mat, it was warm. The dog barked loudly.\n", encoding="utf-8")
    systems = parse_systems([str(tmp_path / "one.txt"), str(tmp_path / "two.txt")])
    corpus = load_corpus(systems, [str(ref)])
    assert corpus.names == ["one", "two"]
    assert corpus.references[0] == ["The cat sat on the mat. It was warm.", "The dog barked loudly."]
    assert corpus.system("two")[1] == "The dog barked loudly."
    result = compare(corpus, CompareSettings(n_bootstrap=50, tests=("bs",), checks=[], jobs=1))
    assert result.scores["one"]["bleu"].score > 0


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ref = tmp_path / "ref.txt"
    ref.write_text("a b c\nd e f\n", encoding="utf-8")
    one = tmp_path / "one.txt"
    one.write_text("a b c\nd e f\n", encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text("a b c\n", encoding="utf-8")
    cases = [
        (["compare", str(one), str(short), "--ref", str(ref), "--segmented"], "short.txt"),
        (["compare", str(one), str(one), "--ref", str(ref), "--segmented"], "two systems are named"),
        (["compare", f"x={one}", f"y={one}", "--ref", str(ref), "--segmented", "--baseline", "z"], "--baseline"),
        (["compare", f"x={one}", f"y={one}", "--ref", str(ref), "--segmented", "--html", str(ref)],
         "is an input of this command"),
        (["compare", f"x={one}", f"y={tmp_path / 'missing.txt'}", "--ref", str(ref), "--segmented"], "missing.txt"),
        (["compare", f"x={one}", f"y={one}", "--ref", str(ref), "--metrics", "bleu,meteor"], "meteor"),
    ]
    for argv, needle in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert needle in err and err.count("\n") == 1, err
    assert ref.read_text(encoding="utf-8") == "a b c\nd e f\n"


def test_mqm_per_system_when_annotations_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ref = tmp_path / "ref.txt"
    ref.write_text("The cat sat.\nThe dog ran.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("The cat sat.\nA dog ran.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Cat sat.\nThe dog ran.\n", encoding="utf-8")
    header = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
    rows = ["alpha\td\t1\t1\tr1\tx\tThe cat sat.\tNo-error\tNo-error",
            "alpha\td\t1\t2\tr1\tx\t<v>A</v> dog ran.\tAccuracy/Mistranslation\tMajor",
            "beta\td\t1\t1\tr1\tx\t<v>Cat</v> sat.\tFluency/Grammar\tMinor",
            "beta\td\t1\t2\tr1\tx\tThe dog ran.\tNo-error\tNo-error",
            "gamma\td\t1\t1\tr1\tx\tOther.\tFluency/Grammar\tMinor"]
    mqm = tmp_path / "mqm.tsv"
    mqm.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["compare", f"alpha={tmp_path / 'a.txt'}", f"beta={tmp_path / 'b.txt'}", "--ref", str(ref),
                 "--segmented", "--mqm", str(mqm), "--bootstrap", "20", "--ar-trials", "0", "--jobs", "1",
                 "--json"]) == 0
    systems = {s["name"]: s for s in json.loads(capsys.readouterr().out)["systems"]}
    assert systems["alpha"]["mqm"]["score"] == pytest.approx(2.5)  # (0 + 5) / 2 segments, Google's weights
    assert systems["beta"]["mqm"]["score"] == pytest.approx(0.5)
    assert systems["alpha"]["mqm"]["signature"].startswith("mqm|weights:google-wmt")
    bad = tmp_path / "bad.tsv"
    bad.write_text("system\tdoc\n", encoding="utf-8")
    assert main(["compare", f"alpha={tmp_path / 'a.txt'}", f"beta={tmp_path / 'b.txt'}", "--ref", str(ref),
                 "--segmented", "--mqm", str(bad)]) == 2
    assert "bad.tsv" in capsys.readouterr().err


def test_an_empty_length_bucket_prints_a_dash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ref = tmp_path / "ref.txt"
    ref.write_text("The cat sat.\nThe dog ran.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("The cat sat.\nA dog ran.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Cat sat.\nThe dog ran.\n", encoding="utf-8")
    assert main(["compare", f"alpha={tmp_path / 'a.txt'}", f"beta={tmp_path / 'b.txt'}", "--ref", str(ref),
                 "--segmented", "--bootstrap", "20", "--ar-trials", "0", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    table = out.split("by reference length (words)\n", 1)[1].split("\n\n", 1)[0].splitlines()
    empty = [line.split() for line in table[2:] if line.split()[1] == "0"]  # buckets without a segment
    assert empty and all(cells[-2:] == ["—", "—"] for cells in empty), table


def test_terms_learned_from_the_reference_are_counted_apart() -> None:
    """WMT21 Facebook-AI against reference A: 171 of its 191 findings were reference-term, mostly other forms of
    one word; now a few names and acronyms, and counted apart from the QA findings."""
    from review_app.checks import build_checks
    from review_app.compare.inputs import CompareCorpus
    from review_app.compare.scores import system_findings

    folder = shared_corpus("wmt21-newstest-en-ru") / "txt"
    hyps = (folder / "newstest2021.en-ru.hyp.Facebook-AI.ru").read_text(encoding="utf-8").splitlines()
    refs = (folder / "newstest2021.en-ru.ref.A.ru").read_text(encoding="utf-8").splitlines()
    corpus = CompareCorpus(["Facebook-AI"], [hyps], [refs])
    (counts,) = system_findings(corpus, build_checks(["reference-term", "numbers"]), "ru", "en")
    assert 0 < counts.learned <= 60
    assert "reference-term" not in counts.by_check and counts.total == sum(counts.by_severity.values())
    assert sum(counts.per_segment) == counts.total
    assert counts.to_dict()["learned"] == counts.learned
