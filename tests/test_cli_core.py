"""The align/score CLI contract and every bad-input case (one line, exit 2, nothing written)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import shared_corpus

from review_app.cli import main

MT = """Skip to main content
Advertisement

China is not considering sending troops. Western media reported otherwise.

"The end point of any conflict is negotiations"

— Is China ready to help? The talks continue.
Photo: TASS/Some One
"""
REF = """China is not considering sending troops.
Western media reported otherwise, according to the article.

"The end point of any conflict is negotiations"
— Is China ready to help?
The talks continue.
"""
FIELDS = {"mt": str, "ref": str, "src": (str, type(None)), "mt_ids": list, "ref_ids": list, "src_ids": list,
          "link": str, "confidence": float, "bleu": (float, type(None)), "chrf": (float, type(None)),
          "chrf++": (float, type(None)), "ter": (float, type(None))}


def _write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(path)


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_align_output_contract(tmp_path: Path) -> None:
    out = tmp_path / "aligned.jsonl"
    assert main(["align", _write(tmp_path, "mt.txt", MT), _write(tmp_path, "ref.txt", REF), "-o", str(out)]) == 0
    records = _records(out)
    for record in records:
        assert list(record) == list(FIELDS)
        for key, kind in FIELDS.items():
            assert isinstance(record[key], kind), key
        if not record["mt_ids"] or not record["ref_ids"]:
            assert record["bleu"] is record["chrf"] is record["chrf++"] is record["ter"] is None
    assert [i for r in records for i in r["mt_ids"]] == list(range(8))
    assert [j for r in records for j in r["ref_ids"]] == list(range(5))
    by_mt = {r["mt"]: r for r in records}
    assert by_mt["Skip to main content"]["link"] == "1-0"
    assert by_mt["Photo: TASS/Some One"]["ref"] == ""
    assert by_mt["Western media reported otherwise."]["ref"].startswith("Western media reported otherwise,")
    assert by_mt['"The end point of any conflict is negotiations"']["chrf"] == 100.0


def test_align_segmented_ids_are_line_numbers(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    mt = _write(tmp_path, "mt.txt", "One two three.\n\nFour five six. Seven.\nEight nine.\n")
    ref = _write(tmp_path, "ref.txt", "One two three.\nFour five six.\nSeven.\nEight nine.\n")
    assert main(["align", mt, ref, "--segmented", "-o", str(out)]) == 0
    links = [(r["mt_ids"], r["ref_ids"]) for r in _records(out)]
    assert links == [([0], [0]), ([2], [1, 2]), ([3], [3])]


def test_align_attaches_every_source_sentence(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    src = _write(tmp_path, "src.txt", "Китай не рассматривает отправку войск. Западные СМИ сообщали иное.\n"
                                      "«Конечная точка любого конфликта — переговоры»\n"
                                      "— Готов ли Китай помочь? Переговоры продолжаются.\n")
    code = main(["align", _write(tmp_path, "mt.txt", MT), _write(tmp_path, "ref.txt", REF), "--src", src,
                 "--src-lang", "ru", "-o", str(out)])
    assert code == 0
    records = _records(out)
    assert sorted(i for r in records for i in r["src_ids"]) == list(range(5))
    question = next(r for r in records if r["mt"].startswith("— Is China ready"))
    assert question["src"].startswith("— Готов ли Китай помочь?")


def test_score_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mt, ref = _write(tmp_path, "mt.txt", MT), _write(tmp_path, "ref.txt", REF)
    assert main(["score", mt, ref, "--bootstrap", "50"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["metric", "score", "95%", "CI", "signature"]
    assert main(["score", mt, ref, "--json", "--bootstrap", "50"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["metric"] for s in data["scores"]] == ["bleu", "chrf", "chrf++", "ter"]
    for score in data["scores"]:
        assert score["signature"] and score["ci_95"] is not None
        assert f"{score['score']:.2f}" in table


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--tokenize", "none", "--metrics", "bleu"], {"bleu": 22.44}),
        (["--metrics", "bleu,chrf"], {"bleu": 21.71, "chrf": 48.34}),
    ],
)
def test_score_segmented_reproduces_compare_mt(args: list[str], expected: dict[str, float],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder = shared_corpus("compare-mt-ted-sk-en")
    suffix = ".eng" if "none" in args else ".detok.eng"
    code = main(["score", str(folder / f"ted.sys1{suffix}"), str(folder / f"ted.ref{suffix}"), "--segmented",
                 "--json", "--bootstrap", "0", *args])
    assert code == 0
    scores = {s["metric"]: round(s["score"], 2) for s in json.loads(capsys.readouterr().out)["scores"]}
    assert scores == expected


BAD_INPUTS = [
    ("undecodable", b"fine line\n\xc3\x28 broken\n", "invalid byte 0xc3 at byte offset 10"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
    ("empty", b"", "empty input"),
    ("blank", b"\n \n", "empty input"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
@pytest.mark.parametrize("command", ["align", "score"])
def test_bad_input_one_line_exit_2_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   command: str, name: str, data: bytes, message: str) -> None:
    bad = _write(tmp_path, f"{name}.txt", data)
    out = tmp_path / "out.jsonl"
    args = [command, _write(tmp_path, "good.txt", MT), bad] + (["-o", str(out)] if command == "align" else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and bad in err and message in err
    assert not out.exists()
    assert not list(tmp_path.glob(".out.jsonl.*"))


def test_segmented_score_needs_equal_line_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mt, ref = _write(tmp_path, "mt.txt", "a\nb\nc\n"), _write(tmp_path, "ref.txt", "a\nb\n")
    assert main(["score", mt, ref, "--segmented"]) == 2
    err = capsys.readouterr().err
    assert f"{ref}: has 2 lines but {mt} has 3" in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["align", str(tmp_path / "nope.txt"), str(tmp_path / "nope2.txt")]) == 2
    assert "nope.txt: no such file" in capsys.readouterr().err


def test_module_entry_point_runs_as_subprocess(tmp_path: Path) -> None:
    mt, ref = _write(tmp_path, "mt.txt", MT), _write(tmp_path, "ref.txt", REF)
    done = subprocess.run([sys.executable, "-m", "review_app", "score", mt, ref, "--json", "--bootstrap", "0"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["segments"] >= 5
    bad = subprocess.run([sys.executable, "-m", "review_app", "score", mt, str(tmp_path / "x")],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_core_never_imports_streamlit() -> None:
    code = (
        "import importlib, pkgutil, sys, review_app\n"
        "for m in pkgutil.walk_packages(review_app.__path__, 'review_app.'):\n"
        "    if '.app' not in m.name:\n"
        "        importlib.import_module(m.name)\n"
        "assert 'streamlit' not in sys.modules, 'core imported streamlit'\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
