"""No command overwrites what it reads: the output guard, atomic outputs, permissions, ``-o -``."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from review_app.cli import main
from review_app.output import atomic_write, new_file_mode
from review_app.review.importer import import_document
from review_app.store import Store
from tests.people import OP

MT = "The cat sit on the mat .\nIt was  a good day.\n"
REF = "The cat sat on the mat.\nIt was a good day.\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _refused(code: int, err: str, needle: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("review_app: error:") and needle in lines[0], err


@pytest.fixture()
def texts(tmp_path: Path) -> tuple[Path, Path]:
    return _write(tmp_path, "mt.txt", MT), _write(tmp_path, "ref.txt", REF)


@pytest.fixture()
def review_db(tmp_path: Path) -> Path:
    db = tmp_path / "review.db"
    store = Store(str(db))
    project = store.create_project("P", "de", "en", actor=OP)
    import_document(store, project.id, name="d", mt_text=MT, ref_text=REF, actor=OP)
    store.close()
    return db


def test_export_refuses_to_overwrite_its_database(review_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = review_db.read_bytes()
    code, _, err = _run(capsys, "export", "--db", review_db, "--project", "P", "--format", "tsv", "-o", review_db)
    _refused(code, err, "is the review database")
    assert review_db.read_bytes() == before
    # Through a symlink and a hard link too.
    link = review_db.with_name("link.db")
    link.symlink_to(review_db)
    hard = review_db.with_name("hard.tsv")
    os.link(review_db, hard)
    for target in (link, hard):
        code, _, err = _run(capsys, "export", "--db", review_db, "--project", "P", "--format", "tsv", "-o", target)
        _refused(code, err, "is the review database")
    assert review_db.read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "{mt}", "-o", "{mt}"),
        ("check", "{mt}", "--ref", "{ref}", "-o", "{ref}"),
        ("align", "{mt}", "{ref}", "-o", "{mt}"),
        ("align", "{mt}", "{ref}", "-o", "{ref}"),
        ("fix", "{mt}", "-o", "{mt}"),
        ("fix", "{mt}", "-o", "{out}", "--report", "{mt}"),
        ("fix", "{mt}", "-o", "{out}", "--report", "{out}"),
        ("convert", "{mt}", "{mt}", "--to", "txt"),
        ("check", "{mt}", "-o", "{link}"),
    ],
)
def test_commands_refuse_to_overwrite_their_inputs(
    argv: tuple[str, ...], texts: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mt, ref = texts
    link = tmp_path / "link.txt"
    link.symlink_to(mt)
    out = tmp_path / "out.txt"
    values = {"mt": mt, "ref": ref, "out": out, "link": link}
    code, _, err = _run(capsys, *(a.format(**values) for a in argv))
    assert code == 2, err
    assert err.count("\n") == 1 and ("is an input" in err or "given as both" in err), err
    assert mt.read_text(encoding="utf-8") == MT and ref.read_text(encoding="utf-8") == REF
    assert not out.exists()


def test_qa_refuses_an_output_folder_holding_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    mt, ref = _write(folder, "segments.jsonl", MT), _write(tmp_path, "ref.txt", REF)
    code, _, err = _run(capsys, "qa", "--mt", mt, "--ref", ref, "--out", folder, "--bootstrap", "0")
    _refused(code, err, "holds the input")
    assert mt.read_text(encoding="utf-8") == MT


def test_outputs_get_ordinary_permissions(texts: tuple[Path, Path], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    mt, ref = texts
    outputs = {
        "align": (["align", mt, ref, "--no-scores", "-o"], tmp_path / "a.jsonl"),
        "check": (["check", mt, "-o"], tmp_path / "c.jsonl"),
        "fix": (["fix", mt, "-o"], tmp_path / "f.txt"),
        "convert": (["convert", mt, ], tmp_path / "c.tsv"),
    }
    for name, (argv, out) in outputs.items():
        code, _, err = _run(capsys, *argv, out)
        assert code == 0, (name, err)
        assert stat.S_IMODE(out.stat().st_mode) == new_file_mode(), name
    assert new_file_mode() == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@pytest.mark.parametrize("command", ["check", "fix", "align"])
def test_dash_is_standard_output(command: str, texts: tuple[Path, Path], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    mt, ref = texts
    monkeypatch.chdir(tmp_path)
    argv = {"check": ["check", mt, "--checks", "whitespace"], "fix": ["fix", mt], "align": ["align", mt, ref]}[command]
    code, out, err = _run(capsys, *argv, "-o", "-")
    assert code == 0, err
    assert not (tmp_path / "-").exists()
    assert out.strip(), "the output went to stdout"
    if command == "fix":
        assert out == "The cat sit on the mat.\nIt was a good day.\n"


def test_export_and_convert_to_standard_output(review_db: Path, texts: tuple[Path, Path], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "export", "--db", review_db, "--project", "P", "--format", "jsonl", "-o", "-")
    assert code == 0, err
    assert out.count("\n") == 2 and '"corrected"' in out
    code, out, err = _run(capsys, "export", "--db", review_db, "--project", "P", "--report", "tsv", "-o", "-")
    assert code == 0 and out.startswith("document\t"), err
    code, out, err = _run(capsys, "convert", texts[0], "-", "--to", "jsonl")
    assert code == 0 and out.splitlines()[0] == '{"id": "1", "mt": "The cat sit on the mat ."}', err
    code, out, err = _run(capsys, "convert", texts[0], "-")
    _refused(code, err, "give the format")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("where", ["folder", "file_as_folder", "proc"])
def test_unwritable_outputs_are_one_line(where: str, texts: tuple[Path, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    mt, ref = texts
    target = {"folder": tmp_path, "file_as_folder": mt / "out.jsonl", "proc": Path("/proc/review_app.jsonl")}[where]
    for argv in (["align", mt, ref, "--no-scores", "-o", target], ["check", mt, "-o", target],
                 ["fix", mt, "-o", target], ["convert", mt, target, "--to", "jsonl"]):
        code, _, err = _run(capsys, *argv)
        _refused(code, err, str(target))
    assert mt.read_text(encoding="utf-8") == MT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mt.txt", "ref.txt"]


def test_a_device_output_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    """``-o /dev/null`` (or a FIFO) must not rename a file over the device node."""
    with atomic_write("/dev/null") as handle:
        handle.write("discarded\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    with atomic_write(fifo) as handle:
        handle.write("through the pipe\n")
    reader.join(timeout=30)
    assert received == [b"through the pipe\n"] and stat.S_ISFIFO(os.stat(fifo).st_mode)
