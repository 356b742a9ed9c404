"""Every command ends with one clear line (exit 2) on bad options, bad databases and hostile inputs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review_app.cli import main, serve_cmd
from review_app.cli.options import missing_packages

REPO = Path(__file__).resolve().parents[1]
MT = "The cat sit on the mat.\nIt was  a good day.\n"
REF = "The cat sat on the mat.\nIt was a good day.\n"


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[object], *words: str) -> str:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 2, (argv, err)
    assert err.startswith("review_app: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and not out
    for word in words:
        assert word in err, err
    return err


@pytest.fixture()
def texts(tmp_path: Path) -> tuple[Path, Path]:
    return _write(tmp_path, "mt.txt", MT), _write(tmp_path, "ref.txt", REF)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["score", "{mt}", "{ref}", "--bootstrap", "-1"], ["--bootstrap", "0 or more"]),
        (["score", "{mt}", "{ref}", "--bootstrap", "many"], ["--bootstrap", "whole number"]),
        (["score", "{mt}", "{ref}", "--metrics", "bleu,meteor"], ["--metrics", "meteor"]),
        (["score", "{mt}", "{ref}", "--max-segment-chars", "-5"], ["--max-segment-chars"]),
        (["align", "{mt}", "{ref}", "--jobs", "-1"], ["--jobs", "0 or more"]),
        (["qa", "--mt", "{mt}", "--ref", "{ref}", "--out", "{out}", "--chunk-size", "0"], ["--chunk-size"]),
        (["qa", "--mt", "{mt}", "--ref", "{ref}", "--out", "{out}", "--min-chrf", "nan"], ["--min-chrf"]),
        (["qa", "--mt", "{mt}", "--ref", "{ref}", "--out", "{out}", "--min-bleu", "101"], ["--min-bleu"]),
        (["serve", "--port", "70000"], ["--port"]),
        (["score", "{mt}", "{ref}", "--tokenize", "nonsense"], ["--tokenize", "unknown tokenizer"]),
    ],
)
def test_bad_options_are_refused_at_parse_time(argv: list[str], words: list[str], texts: tuple[Path, Path],
                                              tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    values = {"mt": texts[0], "ref": texts[1], "out": tmp_path / "report"}
    _one_line_error(capsys, [a.format(**values) for a in argv], *words)
    assert not (tmp_path / "report").exists()


@pytest.mark.parametrize("name", ["ja-mecab", "ko-mecab", "spm", "flores200"])
def test_unavailable_tokenizers_are_refused_at_parse_time(name: str, texts: tuple[Path, Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    if not missing_packages(name):
        pytest.skip(f"{name}'s packages are installed here")
    for command in (["score", texts[0], texts[1]], ["qa", "--mt", texts[0], "--ref", texts[1], "--out", "r"]):
        _one_line_error(capsys, [*command, "--tokenize", name], name, "not installed")


@pytest.mark.parametrize("kind", ["not_a_database", "unknown_driver", "missing_driver", "mistyped_path"])
def test_bad_databases_are_one_line(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = _write(tmp_path, "notes.db", "my notes\n")
    db = {
        "not_a_database": str(notes),
        "unknown_driver": "nosuchdriver://host/db",
        "missing_driver": "postgresql+asyncpg://ann:s3cret@127.0.0.1/review",
        "mistyped_path": str(tmp_path / "typo" / "folder" / "review.db"),
    }[kind]
    err = _one_line_error(capsys, ["export", "--db", db, "--project", "P", "-o", tmp_path / "out.tsv"])
    assert "s3cret" not in err
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]  # no folder, no database, no output


def test_serve_never_prints_the_database_password(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # The boundary: Streamlit itself is never started (serve checks the database first, and it cannot be
    # reached); tests/test_cli_database.py serves a reachable one.
    monkeypatch.setattr(serve_cmd.subprocess, "call", lambda cmd, env: pytest.fail("Streamlit started"))
    url = "postgresql+psycopg://ann:s3cret@127.0.0.1:1/review"
    assert main(["serve", "--db", url, "--port", "8765"]) == 2
    out, err = capsys.readouterr()
    assert "s3cret" not in out + err and "ann:***@127.0.0.1:1" in err and len(err.strip().splitlines()) == 1


def test_huge_lines_are_refused_quickly_with_a_limit_to_raise(texts: tuple[Path, Path], tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    words = ("alpha beta gamma delta " * 5000).strip()  # 115,000 characters, no sentence end
    big = _write(tmp_path, "big.txt", words + "\n")
    ref = _write(tmp_path, "bigref.txt", words.replace("gamma", "omega") + "\n")
    for argv in (["align", big, ref, "-o", tmp_path / "a.jsonl"], ["score", big, ref],
                 ["score", big, ref, "--segmented"], ["qa", "--mt", big, "--ref", ref, "--out", tmp_path / "r"],
                 ["qa", "--mt", big, "--ref", ref, "--segmented", "--out", tmp_path / "r"]):
        _one_line_error(capsys, argv, str(big), "114,999", "--max-segment-chars")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "bigref.txt", "mt.txt", "ref.txt"]
    # Raising the limit lets a long (but affordable) segment through.
    medium = _write(tmp_path, "medium.txt", words[:12_000] + "\n")
    out = tmp_path / "m.jsonl"
    assert main(["align", str(medium), str(medium), "--no-scores", "--max-segment-chars", "20000",
                 "-o", str(out)]) == 0
    _one_line_error(capsys, ["align", medium, medium, "--no-scores", "-o", out], "11,999")


def test_lone_surrogates_in_jsonl_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path, "in.jsonl", '{"mt": "ok \\ud83d\\ude00"}\n{"mt": "bad \\ud800 half"}\n')
    for target in ("out.tsv", "out.tmx", "out.jsonl"):
        _one_line_error(capsys, ["convert", src, tmp_path / target, "--src-lang", "en", "--lang", "de"],
                        "line 2", "surrogate")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.parametrize(("name", "content"), [("empty.jsonl", ""), ("blank.jsonl", "\n\n"),
                                               ("header.tsv", "source\tmt\n"), ("empty.tmx", '<tmx version="1.4">'
                                               '<header srclang="en"/><body/></tmx>')])
def test_convert_refuses_empty_input(name: str, content: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path, name, content)
    _one_line_error(capsys, ["convert", src, tmp_path / "out.jsonl"], name, "empty input")
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("data", "expected", "note"),
    [
        (b"It was  a day.\rSecond  line.\r", b"It was a day.\rSecond line.\r", None),
        (b"It was  a day.\r\nSecond  line.\r\n", b"It was a day.\r\nSecond line.\r\n", None),
        ("\ufeffIt was  a day.\r\nTwo  spaces.\r\n".encode("utf-16-le"),
         "\ufeffIt was a day.\r\nTwo spaces.\r\n".encode("utf-16-le"), None),
        (b"It was  a day.\r\nSecond  line.\nThird.\r\n", b"It was a day.\r\nSecond line.\r\nThird.\r\n",
         "mixes line ends (1 LF, 2 CRLF); the corrected text uses CRLF"),
    ],
)
def test_fix_keeps_encoding_and_line_ends_or_says_so(data: bytes, expected: bytes, note: str | None,
                                                     tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path, "in.txt", data)
    out = tmp_path / "out.txt"
    assert main(["fix", str(src), "-o", str(out), "--only", "whitespace"]) == 0
    err = capsys.readouterr().err
    assert out.read_bytes() == expected
    assert (note in err) if note else ("note:" not in err)


def test_qa_stopped_by_sigterm_leaves_no_temporary_folder(tmp_path: Path) -> None:
    lines = [f"Line {i} says the cat sat on the mat number {i % 97}." for i in range(40_000)]
    mt = _write(tmp_path, "mt.txt", "\n".join(lines) + "\n")
    ref = _write(tmp_path, "ref.txt", "\n".join(line.replace("sat", "sits") for line in lines) + "\n")
    out = tmp_path / "report"
    proc = subprocess.Popen([sys.executable, "-m", "review_app", "qa", "--mt", str(mt), "--ref", str(ref),
                             "--segmented", "--jobs", "1", "--out", str(out)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not any(p.name.startswith(".report.") for p in tmp_path.iterdir()):
            assert proc.poll() is None and time.monotonic() < deadline, "qa ended before its temporary folder appeared"
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + signal.SIGTERM and "terminated" in err and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mt.txt", "ref.txt"]
