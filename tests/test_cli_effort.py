"""``review-app effort``: the table, the JSON contract, MLQE-PE files with --qe-out, and bad input (one line,
exit 2, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_app.cli import main
from review_app.effort import hters, qe_lines, write_qe_files
from review_app.errors import InputError
from tests.shared_data import shared_corpus

MT = "The cat sat on the mat.\nIt was a sunny day.\nWe went home.\n"
PE = "The cat sat on the mat.\nIt was a sunny afternoon.\nThen we went home.\n"
SRC = "Кошка сидела на коврике.\nБыл солнечный день.\nМы пошли домой.\n"


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str, str]:
    return _write(tmp_path, "mt.txt", MT), _write(tmp_path, "pe.txt", PE), _write(tmp_path, "src.txt", SRC)


def test_the_table(files: tuple[str, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    mt, pe, _src = files
    assert main(["effort", mt, pe, "--segmented"]) == 0
    out = capsys.readouterr().out
    assert "segments                               3" in out
    assert "1 (33.3%)" in out  # accepted as is
    for label in ("100%", "95-99%", "85-94%", "75-84%", "50-74%", "<50%"):
        assert f"\n{label} " in out


def test_json_gives_the_summary_every_segment_and_the_signatures(files: tuple[str, str, str],
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    mt, pe, _src = files
    assert main(["effort", mt, pe, "--segmented", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["hter"] for s in data["segments"]] == hters(MT.splitlines(), PE.splitlines())
    assert [s["unchanged"] for s in data["segments"]] == [True, False, False]
    assert data["summary"]["segments"] == 3 and data["summary"]["unchanged"] == 1
    assert data["summary"]["words"] == 6 + 5 + 3
    assert data["signatures"]["hter"].startswith(
        "metric:hter|case:lc|tok:tercom|norm:no|punct:yes|asian:no|shifts:yes|cap:100")
    assert data["signatures"]["edit_rate"].startswith("metric:edit-rate|unit:char|dist:levenshtein|norm:max-len")
    assert set(data["summary"]["bands"]) == {"100%", "95-99%", "85-94%", "75-84%", "50-74%", "<50%"}


def test_documents_are_aligned_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The same text as paragraphs: the post-edit splits the last sentence differently.
    mt = _write(tmp_path, "mt.txt", "The cat sat on the mat. It was a sunny day. We went home.\n")
    pe = _write(tmp_path, "pe.txt", "The cat sat on the mat. It was a sunny afternoon.\nThen we went home.\n")
    assert main(["effort", mt, pe, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["segments"] == 3 and data["segments"][0]["unchanged"] is True


def test_qe_out_writes_mlqe_pe_files(files: tuple[str, str, str], tmp_path: Path) -> None:
    mt, pe, src = files
    out = tmp_path / "qe"
    assert main(["effort", mt, pe, "--segmented", "--src", src, "--qe-out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["hter", "mt", "pe", "src", "tags"]
    assert (out / "mt").read_text(encoding="utf-8") == MT
    assert (out / "src").read_text(encoding="utf-8") == SRC
    tags = (out / "tags").read_text(encoding="utf-8").splitlines()
    assert tags[0] == " ".join(["OK"] * 13)
    assert [len(t.split()) for t in tags] == [2 * len(m.split()) + 1 for m in MT.splitlines()]
    assert (out / "hter").read_text(encoding="utf-8").splitlines()[0] == "0.000000"


def test_qe_out_reproduces_mlqe_pe_test20(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = shared_corpus("mlqe-pe-ru-en") / "test20"
    out = tmp_path / "qe"
    args = [str(folder / f"test20.{n}") for n in ("mt", "pe")]
    assert main(["effort", *args, "--segmented", "--src", str(folder / "test20.src"), "--qe-out", str(out)]) == 0
    for name in ("mt", "pe", "hter", "tags", "src"):
        assert (out / name).read_bytes() == (folder / f"test20.{name}").read_bytes(), name
    assert "1,000" in capsys.readouterr().out


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str], needle: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and needle in err, err


def test_bad_input_is_one_line_and_writes_nothing(files: tuple[str, str, str], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    mt, pe, _src = files
    out = tmp_path / "qe"
    short = _write(tmp_path, "short.txt", "One line.\n")
    _refused(capsys, ["effort", mt, short, "--segmented", "--qe-out", str(out)],
             f"{short}: has 1 lines but {mt} has 3")
    _refused(capsys, ["effort", mt, pe, "--segmented", "--src", short, "--qe-out", str(out)],
             f"{short}: has 1 lines but {mt} has 3")
    _refused(capsys, ["effort", mt, str(tmp_path / "nope.txt"), "--qe-out", str(out)], "nope.txt")
    empty = _write(tmp_path, "empty.txt", "")
    _refused(capsys, ["effort", empty, pe, "--qe-out", str(out)], f"{empty}: empty input")
    assert not out.exists()


def test_qe_out_never_replaces_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mt, pe = _write(tmp_path, "mt", MT), _write(tmp_path, "pe", PE)
    _refused(capsys, ["effort", mt, pe, "--segmented", "--qe-out", str(tmp_path)],
             "is an input of this command; --qe-out would overwrite it")
    assert Path(mt).read_text(encoding="utf-8") == MT and Path(pe).read_text(encoding="utf-8") == PE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mt", "pe"]


def test_a_folder_that_is_a_file_is_one_line(files: tuple[str, str, str], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    mt, pe, _src = files
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    _refused(capsys, ["effort", mt, pe, "--segmented", "--qe-out", str(blocker)], "cannot write")
    assert blocker.read_text(encoding="utf-8") == "x"


def test_qe_files_are_written_all_or_none(tmp_path: Path) -> None:
    folder = tmp_path / "qe"
    folder.mkdir()
    (folder / "mt").write_text("old\n", encoding="utf-8")
    (folder / "hter").mkdir()  # the third file cannot be written
    with pytest.raises(InputError, match="is a folder"):
        write_qe_files(folder, qe_lines(["a b"], ["a c"]))
    assert (folder / "mt").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in folder.iterdir()) == ["hter", "mt"]  # no temporary file left


def test_a_qe_file_that_is_a_folder_is_refused_before_reading(files: tuple[str, str, str], tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    mt, pe, _src = files
    (tmp_path / "qe" / "tags").mkdir(parents=True)
    _refused(capsys, ["effort", mt, pe, "--segmented", "--qe-out", str(tmp_path / "qe")],
             "is a folder; --qe-out expects a file name")
    assert sorted(p.name for p in (tmp_path / "qe").iterdir()) == ["tags"]
