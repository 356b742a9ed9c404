"""``--raw`` on every command that reads TSV, CSV or MQM cells: by default a leading ' that neutralised a formula
for spreadsheets is removed; with ``--raw`` the cell is read as it is, and ``qa`` reads what ``convert`` reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_app.cli import build_parser, main

CELLS = ("'=1+1 is two.", "'-5 degrees today.")  # neutralised in the file: the MT and the reference


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("raw", [False, True])
def test_qa_reads_cells_as_convert_does(raw: bool, tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(f"mt\treference\n{CELLS[0]}\t{CELLS[1]}\n", "utf-8")
    flag = ["--raw"] if raw else []
    assert main(["convert", str(path), str(tmp_path / "units.jsonl"), *flag]) == 0
    unit = _jsonl(tmp_path / "units.jsonl")[0]
    assert main(["qa", "--mt", str(path), "--lang", "en", "--bootstrap", "0", "--out", str(tmp_path / "r"),
                 *flag]) == 0
    segment = _jsonl(tmp_path / "r" / "segments.jsonl")[0]
    assert (segment["mt"], segment["ref"]) == (unit["mt"], unit["reference"])
    assert segment["mt"] == (CELLS[0] if raw else CELLS[0][1:])
    assert json.loads((tmp_path / "r" / "summary.json").read_text("utf-8"))["settings"]["raw"] is raw


def test_qa_refuses_raw_where_there_are_no_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {"mt.txt": "Hello.\n", "ref.txt": "Hello.\n", "units.jsonl": '{"mt": "a", "reference": "a"}\n'}
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    for argv, words in ((["--mt", "mt.txt", "--ref", "ref.txt"], "--raw: is for bilingual TSV, CSV and MQM files"),
                        (["--mt", "units.jsonl"], "--raw: is for TSV, CSV and MQM files")):
        assert main(["qa", *(str(tmp_path / a) if a.endswith(("txt", "jsonl")) else a for a in argv),
                     "--out", str(tmp_path / "r"), "--raw"]) == 2
        err = capsys.readouterr().err
        assert words in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists()


def test_mqm_scores_keep_a_raw_system_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ratings.tsv"
    path.write_text("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
                    "'=A\td\t1\t1\tr1\ts\tt\tNo-error\tNo-error\n", encoding="utf-8")
    for flag, name in (([], "=A"), (["--raw"], "'=A")):
        assert main(["mqm-score", str(path), "--json", *flag]) == 0
        assert json.loads(capsys.readouterr().out)["systems"][0]["system"] == name
    assert main(["compare", f"A={path}", f"B={path}", "--ref", str(path), "--raw"]) == 2
    assert "--raw: goes with --mqm" in capsys.readouterr().err


def test_every_command_reading_cells_has_raw() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in ("convert", "qa", "mqm-score", "compare"):
        assert any("--raw" in a.option_strings for a in commands[name]._actions), name
