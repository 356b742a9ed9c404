"""One line-parallel loader (text/parallel.py): every path reads line-parallel input into the same segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.compare.inputs import SystemInput, corpus_from_texts, load_segmented
from review_app.errors import InputError
from review_app.model import AlignedSegment
from review_app.qa import QaSettings, pair_documents
from review_app.qa.cluster import plan_shards, run_shard
from review_app.qa.runner import read_document
from review_app.review.importer import build_segments
from review_app.text.ingest import decode_bytes
from review_app.text.parallel import Side, parallel_columns, parallel_rows, text_side

# Blank lines on either side (empty and white space), and a CRLF line.
MT = "First line.\n\nThird line.\n  \nFifth line.\r\n"
REF = "First line!\nSecond line.\n\nFourth line.\n \n"
SRC = "Один.\nДва.\nТри.\nЧетыре.\nПять.\n"


def _decoded(text: str) -> str:
    """A text as an upload or the store hands it over: decoded, line ends made LF."""
    return decode_bytes(text.encode("utf-8"), "upload")


def _key(segment: AlignedSegment) -> tuple[object, ...]:
    return (segment.mt, segment.ref, segment.src, segment.mt_ids, segment.ref_ids, segment.src_ids, segment.link,
            segment.confidence)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("mt", MT), ("ref", REF), ("src", SRC)):
        out[name] = tmp_path / name / "doc.txt"
        out[name].parent.mkdir()
        out[name].write_bytes(text.encode("utf-8"))
    return out


def test_the_app_import_qa_and_the_cluster_give_the_same_segments(files: dict[str, Path]) -> None:
    """A blank line is no sentence everywhere: 0-1 where the MT left a line out, 1-0 the other way."""
    app = [_key(s) for s in build_segments(_decoded(MT), _decoded(REF), _decoded(SRC), segmented=True)]
    settings = QaSettings(lang="en", segmented=True, metrics=("bleu",), n_bootstrap=2, chunk_size=2)
    documents = pair_documents(files["mt"], files["ref"], files["src"])
    qa = [_key(item.segment) for item in read_document(documents[0], settings)]
    cluster = [_key(item.segment) for shard in plan_shards(documents, settings)
               for result in run_shard(shard, documents, settings) for item in result.chunk.items]
    assert app == qa == cluster
    assert [link for *_, link, _confidence in app] == ["1-1", "0-1", "1-0", "0-1", "1-0"]
    assert [(mt_ids, ref_ids) for _mt, _ref, _src, mt_ids, ref_ids, *_ in app] == [
        ([0], [0]), ([], [1]), ([2], []), ([], [3]), ([4], [])]


def test_compare_reads_files_and_texts_alike(files: dict[str, Path]) -> None:
    systems = [SystemInput("a", str(files["mt"])), SystemInput("b", str(files["ref"]))]
    from_files = load_segmented(systems, [str(files["ref"])], str(files["src"]))
    from_texts = corpus_from_texts(["a", "b"], [_decoded(MT), _decoded(REF)], _decoded(REF), _decoded(SRC),
                                   segmented=True)
    assert from_files.hypotheses == from_texts.hypotheses and from_files.references == from_texts.references
    assert from_files.sources == from_texts.sources == SRC.splitlines()


def test_a_side_of_another_length_is_named_with_both_counts(files: dict[str, Path]) -> None:
    short = files["ref"].with_name("short.txt")
    short.write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"short.txt: has 2 lines but .*doc.txt has 5; line-parallel"):
        parallel_columns([Side(files["mt"], MT.splitlines()), Side(short, ["one", "two"])])
    for texts, message in (({"ref_text": "a\n"}, "reference: has 1 lines but MT has 2"),
                           ({"src_text": "a\nb\nc\n"}, "source: has 3 lines but MT has 2")):
        with pytest.raises(InputError, match=message):
            build_segments("x\ny\n", texts.get("ref_text", "x\ny\n"), texts.get("src_text"), segmented=True)


def test_long_lines_are_named_by_their_line_in_the_whole_file() -> None:
    rows = parallel_rows([text_side("MT", "ok\nlonger line\n")], max_chars=5, first=10)
    assert next(rows) == ("ok",)
    with pytest.raises(InputError, match="MT: line 12"):
        next(rows)
