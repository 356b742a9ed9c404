"""``score --segmented``: the statistics of line-parallel files, chunk by chunk, in worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from review_app.cli import main
from review_app.errors import InputError
from review_app.pipeline import parallel_statistics
from review_app.scoring.stats import segment_statistics

METRICS = ["bleu", "chrf", "chrf++", "ter"]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """45 line-parallel pairs, a blank line among them."""
    mt = [f"The {k} cats sat on mat number {k * 7}." for k in range(45)]
    ref = [f"The {k} cats were sitting on the mat {k * 7}." for k in range(45)]
    mt[9] = ""
    paths = tmp_path / "mt.txt", tmp_path / "ref.txt"
    for path, lines in zip(paths, (mt, ref), strict=True):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


@pytest.mark.parametrize("jobs", [1, 2])
def test_chunks_in_workers_give_the_rows_of_one_pass(files: tuple[Path, Path], jobs: int) -> None:
    mt, ref = files
    count, stats = parallel_statistics(mt, [ref], METRICS, chunk=8, jobs=jobs)
    lines = [p.read_text("utf-8").splitlines() for p in files]
    whole, _ = segment_statistics(lines[0], [lines[1]], METRICS)
    assert count == 45
    for name in METRICS:
        assert stats[name].dtype == whole[name].dtype and np.array_equal(stats[name], whole[name])


def test_a_bad_line_late_in_the_files_is_reported_from_the_pool(files: tuple[Path, Path]) -> None:
    mt, ref = files
    ref.write_text(ref.read_text("utf-8") + "one line too many\n", encoding="utf-8")
    with pytest.raises(InputError, match="lines"):
        parallel_statistics(mt, [ref], METRICS, chunk=8, jobs=2)


def test_the_corpus_statistics_compute_no_sentence_scores(files: tuple[Path, Path],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus scores need the rows only: no sentence score is made from them (a tenth of the time)."""
    import review_app.scoring.stats as stats_module

    made: list[bool] = []
    real = stats_module.metric_spec

    def spied(name: str) -> object:
        spec = real(name)
        make = spec.make

        class Spec:
            def __getattr__(self, attribute: str) -> object:
                return getattr(spec, attribute)

            def make(self, *, sentence: bool = False, tokenize: str | None = None) -> object:
                made.append(sentence)
                return make(sentence=sentence, tokenize=tokenize)

        return Spec()

    monkeypatch.setattr(stats_module, "metric_spec", spied)
    parallel_statistics(files[0], [files[1]], METRICS, chunk=8)
    assert made and not any(made)


def test_score_jobs_prints_sacrebleus_scores(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    mt, ref = files
    outputs = []
    for jobs in ("1", "2"):
        assert main(["score", str(mt), str(ref), "--segmented", "--json", "--jobs", jobs, "--bootstrap", "20"]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    hyps, refs = (p.read_text("utf-8").splitlines() for p in files)
    got = {s["metric"]: s["score"] for s in outputs[0]["scores"]}
    for name, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("chrf++", CHRF(word_order=2)), ("ter", TER())):
        assert got[name] == metric.corpus_score(hyps, [refs]).score
