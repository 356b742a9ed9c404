"""CLI: ``check``, ``fix`` and ``checks`` in process and as a subprocess; bad input exits 2 with one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from review_app.checks import CHECKS
from review_app.cli import main

REPO = Path(__file__).resolve().parent.parent
PAGE = "Skip to main content\nAdvertisement\n\nThey are time—tested friends of the OBOR.\n\nPhoto: TASS/Ivan Petrov\n"


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "mt.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "terms.tsv"
    path.write_text("# terms\nOBOR\tBRI\n", encoding="utf-8")
    return path


def test_check_writes_the_jsonl_contract(page: Path, glossary: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "findings.jsonl"
    assert main(["check", str(page), "--glossary", str(glossary), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [(r["line"], r["start"], r["end"], r["check"], r["suggestion"]) for r in rows] == [
        (1, 0, 20, "chrome", ""),
        (2, 0, 13, "chrome", ""),
        (4, 13, 14, "dash-in-compound", "-"),
        (4, 36, 40, "glossary", "BRI"),
        (6, 0, 23, "photo-credit", ""),
    ]
    assert set(rows[0]) == {"line", "start", "end", "check", "category", "severity", "message", "suggestion"}
    assert rows[3]["category"] == "Terminology/Wrong term" and rows[3]["severity"] == "major"
    assert "5 finding(s)" in capsys.readouterr().err


def test_check_to_stdout_with_selection_and_fail_on(page: Path, capsys) -> None:
    assert main(["check", str(page), "--checks", "dash,credits", "--lang", "en"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["check"] for r in rows] == ["dash-in-compound", "photo-credit"]
    assert main(["check", str(page), "--skip", "chrome,credits,dash", "--fail-on", "minor"]) == 0
    assert main(["check", str(page), "--checks", "dash", "--fail-on", "minor"]) == 1


def test_check_fail_on_neutral_gates_on_any_finding(tmp_path: Path, capsys) -> None:
    """``--fail-on neutral`` is the strictest gate: a neutral finding (term consistency) fails it, none passes."""
    mt = tmp_path / "mt.txt"
    mt.write_text("Send an e-mail today.\nThe email arrived. Another e-mail came.\n", "utf-8")
    assert main(["check", str(mt), "--checks", "term-consistency", "--fail-on", "minor"]) == 0
    assert {json.loads(line)["severity"] for line in capsys.readouterr().out.splitlines()} == {"neutral"}
    assert main(["check", str(mt), "--checks", "term-consistency", "--fail-on", "neutral"]) == 1
    assert main(["check", str(mt), "--checks", "spacing", "--fail-on", "neutral"]) == 0


def test_check_with_aligned_source(tmp_path: Path, capsys) -> None:
    mt, src = tmp_path / "mt.txt", tmp_path / "src.txt"
    mt.write_text("There were 5 people.\nThere were 8.\n", "utf-8")
    src.write_text("Было 5 человек.\nИх было 7.\n", "utf-8")
    assert main(["check", str(mt), "--src", str(src), "--checks", "numbers"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["line"], row["start"], row["end"], row["message"]) == (2, 11, 12, "8 in the MT, 7 in the source")


def test_fix_applies_safe_fixes_and_reports(page: Path, glossary: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "fixed.txt"
    assert main(["fix", str(page), "--glossary", str(glossary), "-o", str(out), "--report"]) == 0
    assert out.read_text("utf-8") == "\nThey are time-tested friends of the BRI.\n\n"
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        "1:0-20 chrome: 'Skip to main content' -> (line deleted)",
        "2:0-13 chrome: 'Advertisement' -> (line deleted)",
    ]
    assert err[-1].startswith("review_app: applied 5 fix(es)")


def test_fix_only_and_report_file_keep_crlf_and_bom(tmp_path: Path) -> None:
    src = tmp_path / "mt.txt"
    src.write_bytes(b"\xef\xbb\xbfAdvertisement\r\nA time\xe2\x80\x94tested  friend.\r\n")
    out, report = tmp_path / "fixed.txt", tmp_path / "report.txt"
    assert main(["fix", str(src), "--only", "dash", "-o", str(out), "--report", str(report)]) == 0
    assert out.read_bytes() == b"\xef\xbb\xbfAdvertisement\r\nA time-tested  friend.\r\n"
    assert report.read_text("utf-8") == "2:6-7 dash-in-compound: '—' -> '-'\n"


def test_checks_listing(capsys) -> None:
    assert main(["checks"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert len(table) == len(CHECKS) + 1 and table[1].split()[0] == "dash-in-compound"
    assert main(["checks", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == list(CHECKS)
    assert rows[0]["category"] == "Fluency/Punctuation" and rows[0]["safe_fix"] is True


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (None, ["check", "{tmp}/absent.txt"], "absent.txt: no such file"),
        ({"mt.txt": b"\xff\xfe\xfa bad"}, ["check", "{tmp}/mt.txt"], "cannot decode"),
        ({"terms.tsv": b"OBOR BRI\n"}, ["check", "{page}", "--glossary", "{tmp}/terms.tsv"], "terms.tsv: line 1"),
        ({"p.toml": b"[checks.dash"}, ["check", "{page}", "--profile", "{tmp}/p.toml"], "p.toml: invalid TOML"),
        (None, ["check", "{page}", "--checks", "dash,bogus"], "--checks: unknown check 'bogus'"),
        (None, ["fix", "{page}", "--skip", "bogus"], "--skip: unknown check 'bogus'"),
        ({"p.toml": b"[checks.bogus]\n"}, ["fix", "{page}", "--profile", "{tmp}/p.toml"], "unknown check 'bogus'"),
    ],
)
def test_bad_input_exits_2_without_output(
    tmp_path: Path, page: Path, capsys, make: dict[str, bytes] | None, args: list[str], message: str
) -> None:
    for name, data in (make or {}).items():
        (tmp_path / name).write_bytes(data)
    out = tmp_path / "out.file"
    argv = [a.format(tmp=tmp_path, page=page) for a in args] + ["-o", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("review_app: error: ") and message in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.file")] == []


def test_subprocess_entry_point(page: Path, tmp_path: Path) -> None:
    out = tmp_path / "fixed.txt"
    done = subprocess.run(
        [sys.executable, "-m", "review_app", "fix", str(page), "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text("utf-8") == "\nThey are time-tested friends of the OBOR.\n\n"
    bad = subprocess.run(
        [sys.executable, "-m", "review_app", "check", str(tmp_path / "nope.txt")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and bad.stderr.strip() == f"review_app: error: {tmp_path / 'nope.txt'}: no such file"


def test_a_whole_document_reference_is_aligned_first(tmp_path: Path, capsys) -> None:
    """The founding page: ``qa`` proposes OBOR → BRI six times from the post-edit; ``check --ref`` with the same
    document (other line breaks than the MT) found nothing. Now aligned first, findings on the MT's lines."""
    from shared_data import shared_corpus

    folder = shared_corpus("izvestia-2025")
    mt = folder / "mt.yandex.en.txt"
    out = tmp_path / "findings.jsonl"
    assert main(["check", str(mt), "--ref", str(folder / "postedit.en.txt"), "--checks", "reference-term",
                 "--target-lang", "en", "-o", str(out)]) == 0
    lines = mt.read_text(encoding="utf-8").split("\n")
    found = [json.loads(row) for row in out.read_text(encoding="utf-8").splitlines()]
    spans = [(lines[f["line"] - 1][f["start"]:f["end"]], f["suggestion"]) for f in found]
    assert spans.count(("OBOR", "BRI")) == 6
    assert spans.count(("Friends of the World", "Friends of Peace")) == 2
    summary = f"review_app: 0 finding(s); {len(found)} learned from the reference, counted apart"
    assert summary in capsys.readouterr().err


def test_a_whole_document_source_is_attached_first(tmp_path: Path) -> None:
    """The class of the reference's defect: a source document is compared line by line, as ``qa`` does."""
    mt, src = tmp_path / "mt.txt", tmp_path / "src.txt"
    mt.write_text("He paid 100 roubles for the ticket.\nShe paid 300 roubles for the hotel.\n", encoding="utf-8")
    src.write_text("Он заплатил 100 рублей за билет. Она заплатила 200 рублей за гостиницу.\n", encoding="utf-8")
    out = tmp_path / "findings.jsonl"
    assert main(["check", str(mt), "--src", str(src), "--checks", "numbers", "--target-lang", "en",
                 "--source-lang", "ru", "-o", str(out)]) == 0
    found = [json.loads(row) for row in out.read_text(encoding="utf-8").splitlines()]
    assert [(f["line"], f["message"]) for f in found] == [(2, "300 in the MT, 200 in the source")]
