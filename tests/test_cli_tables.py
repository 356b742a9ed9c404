"""The CLI's plain-text tables: the columns each command promises, numbers as formatted, aligned."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU

from review_app.checks import CHECKS
from review_app.cli import main
from review_app.cli.common import print_table

HYPS = ["The cat sat on the mat.", "It rained all day long.", "We went home early."]
OTHER = ["A cat is on a mat.", "Rain fell the whole day.", "We went home."]
REFS = ["The cat sat on the mat.", "It rained the whole day.", "We went home early."]


def test_print_table_aligns_columns_and_keeps_cells_as_formatted(capsys: pytest.CaptureFixture[str]) -> None:
    print_table(("name", "score"), [("a", "30.10"), ("longer name", "5.00")], right=(1,), rule=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["name           score", "-----------  -------", "a              30.10", "longer name     5.00"]


def test_paired_table_lists_every_system_and_metric(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {}
    for name, lines in (("base.txt", HYPS), ("other.txt", OTHER), ("ref.txt", REFS)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", "utf-8")
        files[name] = str(tmp_path / name)
    assert main(["score", files["base.txt"], files["ref.txt"], "--segmented", "--compare", files["other.txt"],
                 "--metrics", "bleu", "--bootstrap", "0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["system", "metric", "score", "95%", "CI", "p-value"]
    assert set(lines[1]) == {"-", " "}
    base, other = lines[2].split(), lines[3].split()
    assert base[:3] == [files["base.txt"], "BLEU", f"{BLEU().corpus_score(HYPS, [REFS]).score:.2f}"]
    assert base[-1] == "baseline" and re.search(r"  [01]\.\d{4}( \*)?$", lines[3])  # the p-value
    assert other[:3] == [files["other.txt"], "BLEU", f"{BLEU().corpus_score(OTHER, [REFS]).score:.2f}"]
    assert lines[-1].startswith("nrefs:1|")


def test_checks_table_has_one_row_per_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "category", "severity", "fix", "title"]
    for line, (cid, cls) in zip(lines[1:], CHECKS.items(), strict=True):
        assert line.startswith(cid + " ") and line.rstrip().endswith(cls.title())
        assert ("  safe  " in line) == cls.safe


def test_mqm_table_right_aligns_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ratings.tsv"
    path.write_text("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
                    "long-system-name\td\t1\t1\tr1\ts\t<v>t</v>\tAccuracy/Mistranslation\tMajor\n"
                    "B\td\t1\t1\tr2\ts\tt\tNo-error\tNo-error\n", encoding="utf-8")
    assert main(["mqm-score", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split() for line in lines[:3]] == [["system", "MQM", "segments"], ["B", "0.000", "1"],
                                                    ["long-system-name", "5.000", "1"]]
    assert len({len(line) for line in lines[:3]}) == 1  # numbers right-aligned: every row ends together
