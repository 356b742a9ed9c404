"""Pairing documents for ``qa``: folders by relative file name, single files, bilingual files."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.errors import InputError
from review_app.qa import DocumentSource, pair_documents, sample_text


def _touch(root: Path, *names: str, text: str = "Hello.\n") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def test_two_files_make_one_document(tmp_path: Path) -> None:
    _touch(tmp_path, "hyp.ru", "ref.ru", "src.en")
    docs = pair_documents(tmp_path / "hyp.ru", tmp_path / "ref.ru", tmp_path / "src.en")
    assert docs == [DocumentSource("hyp.ru", tmp_path / "hyp.ru", tmp_path / "ref.ru", tmp_path / "src.en")]
    assert not docs[0].bilingual


def test_folders_pair_by_relative_path_and_skip_hidden_files(tmp_path: Path) -> None:
    _touch(tmp_path / "mt", "b.txt", "a/x.txt", ".DS_Store", ".git/config")
    _touch(tmp_path / "ref", "a/x.txt", "b.txt", ".hidden")
    docs = pair_documents(tmp_path / "mt", tmp_path / "ref")
    assert [(d.name, d.ref) for d in docs] == [("a/x.txt", tmp_path / "ref/a/x.txt"), ("b.txt", tmp_path / "ref/b.txt")]


def test_unmatched_files_are_listed_on_every_side(tmp_path: Path) -> None:
    _touch(tmp_path / "mt", "a.txt", "only-mt.txt")
    _touch(tmp_path / "ref", "a.txt", "only-ref.txt")
    _touch(tmp_path / "src", "a.txt", "only-mt.txt")
    with pytest.raises(InputError) as caught:
        pair_documents(tmp_path / "mt", tmp_path / "ref", tmp_path / "src")
    message = str(caught.value)
    assert "1 file(s) in --mt" in message and "only-mt.txt" in message and "only-ref.txt" in message
    assert "in --src" in message and "--skip-unmatched" in message


def test_unmatched_files_can_be_skipped_with_a_warning(tmp_path: Path) -> None:
    _touch(tmp_path / "mt", *(f"{n:02}.txt" for n in range(14)))
    _touch(tmp_path / "ref", "00.txt")
    warnings: list[str] = []
    docs = pair_documents(tmp_path / "mt", tmp_path / "ref", allow_unmatched=True, warn=warnings.append)
    assert [d.name for d in docs] == ["00.txt"]
    assert len(warnings) == 1 and "13 file(s)" in warnings[0] and "and 3 more" in warnings[0]
    _touch(tmp_path / "other", "zz.txt")
    with pytest.raises(InputError, match="no file name appears in every folder"):
        pair_documents(tmp_path / "mt", tmp_path / "other", allow_unmatched=True)


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        (("mt.txt", "refs/", None), "must be one too"),
        (("mt/", "ref.txt", None), "must be one too"),
        (("mt.txt", "ref.txt", "srcs/"), "must be one too"),
        (("missing.txt", "ref.txt", None), "no such file or folder (--mt)"),
        (("mt.txt", "missing.txt", None), "no such file or folder (--ref)"),
        (("mt.txt", None, "src.txt"), "--src goes with --ref"),
        (("empty/", "ref/", None), "holds no files"),
    ],
)
def test_bad_layouts(tmp_path: Path, layout: tuple[str, str | None, str | None], message: str) -> None:
    _touch(tmp_path, "mt.txt", "ref.txt", "src.txt", "refs/a.txt", "mt/a.txt", "srcs/a.txt", "ref/a.txt")
    (tmp_path / "empty").mkdir()
    mt, ref, src = (None if p is None else tmp_path / p for p in layout)
    with pytest.raises(InputError) as caught:
        pair_documents(mt, ref, src)
    assert message in str(caught.value)


def test_bilingual_files_are_detected_by_extension(tmp_path: Path) -> None:
    _touch(tmp_path / "tm", "a.tmx", "b.jsonl", "c.tsv")
    docs = pair_documents(tmp_path / "tm")
    assert [(d.name, d.format) for d in docs] == [("a.tmx", "tmx"), ("b.jsonl", "jsonl"), ("c.tsv", "tsv")]
    assert all(d.bilingual and d.ref is None for d in docs)
    assert pair_documents(tmp_path / "tm" / "c.tsv", format="csv")[0].format == "csv"


@pytest.mark.parametrize(("name", "message"), [("mt.txt", "one side only"), ("mt.ru", "must be a bilingual file")])
def test_one_sided_files_need_a_reference(tmp_path: Path, name: str, message: str) -> None:
    _touch(tmp_path, name)
    with pytest.raises(InputError, match=message):
        pair_documents(tmp_path / name)


def test_format_only_for_bilingual_input(tmp_path: Path) -> None:
    _touch(tmp_path, "mt.txt", "ref.txt")
    with pytest.raises(InputError, match="--format is for one bilingual file"):
        pair_documents(tmp_path / "mt.txt", tmp_path / "ref.txt", format="tsv")
    with pytest.raises(InputError, match="unknown format"):
        pair_documents(tmp_path / "mt.txt", format="docx")


def test_sample_text_reads_only_the_head(tmp_path: Path) -> None:
    (tmp_path / "mt.txt").write_text("".join(f"line {n}\n" for n in range(1000)), "utf-8")
    assert sample_text(tmp_path / "mt.txt", lines=2) == "line 0\nline 1\n"
    (tmp_path / "u.tsv").write_text("source\tmt\nHallo\tHello\nWelt\tWorld\n", "utf-8")
    assert sample_text(tmp_path / "u.tsv", "tsv") == "Hello\nWorld"
    assert sample_text(tmp_path / "u.tsv", "tsv", side="source") == "Hallo\nWelt"
