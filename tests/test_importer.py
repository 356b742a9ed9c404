"""Import into the store: the demo corpus, segmented mode, progress, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.errors import InputError
from review_app.pipeline import sentences_from_text
from review_app.review.demo import DEMO_DIR, DEMO_PROJECT, load_demo
from review_app.review.importer import MAX_BYTES, build_segments, check_size, decode_upload, import_document
from review_app.store import Store
from review_app.text.ingest import read_text
from tests.people import OP, person


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(str(tmp_path / "r.db"))


def test_demo_corpus_has_the_problems_it_is_meant_to_show() -> None:
    mt = read_text(DEMO_DIR / "mt.en.txt")
    post = read_text(DEMO_DIR / "postedit.en.txt")
    src = read_text(DEMO_DIR / "src.ru.txt")
    assert mt.splitlines()[0] == "Skip to main content" and "Переведено сервисом «Яндекс Переводчик»" in mt
    assert "Photo: TASS/" in mt and "long—awaited" in mt and "\n— " in mt and "Речной вокзал после" in mt
    assert "Photo:" not in post and "—awaited" not in post and "river terminal" in post
    assert "Речной вокзал" in src
    assert 40 <= len(sentences_from_text(mt, "en")) <= 60 and 30 <= len(sentences_from_text(post, "en")) <= 60
    for name in ("README.md", "glossary.tsv"):
        assert (DEMO_DIR / name).is_file()


def test_load_demo_is_idempotent_and_finds_the_planted_problems(store: Store) -> None:
    progress: list[tuple[float, str]] = []
    project = load_demo(store, progress=lambda f, m: progress.append((f, m)))
    again = load_demo(store)
    assert again.id == project.id and len(store.projects()) == 1 and project.documents == 1
    assert [f for f, _ in progress] == sorted(f for f, _ in progress) and progress[-1][0] == 1.0
    document = store.documents(project.id)[0]
    assert document.segments == project.segments == 48 and document.ref_kind == "post-edit"
    found = {check for check, _sev, _state, _n in store.findings_summary([document.id])}
    assert {"chrome", "photo-credit", "mt-credit", "untranslated-fragment", "dash-in-compound", "glossary"} <= found
    rows = store.segment_page(document.id, limit=100).rows
    assert rows[0].mt == "Skip to main content" and rows[0].ref == "" and rows[0].scores["chrf"] is None
    title = next(r for r in rows if r.mt.startswith("The river station of"))
    assert title.src and title.src.startswith("Речной вокзал Старореченска") and title.scores["chrf"] is not None
    assert store.events(document_id=document.id)[-1].kind == "import"


def test_import_pasted_document_with_progress(store: Store) -> None:
    project = store.create_project("P", "de", "en", glossary="box office\tticket office\n", actor=OP)
    seen: list[float] = []
    document = import_document(
        store, project.id, name="doc", system="sys", actor=person(store, "ann"), progress=lambda f, _m: seen.append(f),
        mt_text="Tickets are sold at the box office. The long—awaited day came.\n\nAdvertisement\n",
        ref_text="Tickets are sold at the ticket office. The long-awaited day came.\n",
        src_text="Karten gibt es an der Kasse. Der lang erwartete Tag kam.\n",
    )
    assert document.segments == 3 and seen[-1] == 1.0
    checks = {c for c, *_ in store.findings_summary([document.id])}
    assert {"glossary", "dash-in-compound"} <= checks
    first = store.segment_page(document.id).rows[0]
    assert first.src == "Karten gibt es an der Kasse." and first.ref == "Tickets are sold at the ticket office."


def test_segmented_import_pairs_lines(store: Store) -> None:
    project = store.create_project("P", "de", "en", actor=OP)
    document = import_document(store, project.id, name="lines", segmented=True, actor=person(store, "ann"),
                               mt_text="One. Two.\n\nThree\n", ref_text="One, two.\nnothing\nThree\n",
                               src_text="Eins. Zwei.\n\nDrei\n")
    rows = store.segment_page(document.id).rows
    assert [(r.mt, r.ref, r.src) for r in rows] == [("One. Two.", "One, two.", "Eins. Zwei."), ("", "nothing", ""),
                                                   ("Three", "Three", "Drei")]
    assert rows[2].scores["chrf"] == pytest.approx(100.0) and rows[1].scores["chrf"] is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mt_text": "  \n"}, "MT: empty input"),
        ({"ref_text": None}, "reference: empty input"),
        ({"name": " "}, "give the document a name"),
        ({"segmented": True, "ref_text": "a\nb\nc\n"}, "reference: has 3 lines but MT has 2"),
        ({"segmented": True, "src_text": "x\n"}, "source: has 1 lines but MT has 2"),
        ({"ref_kind": "gold"}, "must be one of"),
        ({"limit": 10}, "MT: is 0.0 MB, over the 0.0 MB limit"),
    ],
)
def test_bad_input_is_refused_before_anything_is_written(store: Store, kwargs: dict, message: str) -> None:
    project = store.create_project("P", "de", "en", actor=OP)
    args = {"name": "d", "mt_text": "Line one.\nLine two.\n", "ref_text": "Line one.\nLine 2.\n", "actor": "ann",
            **kwargs}
    with pytest.raises(InputError, match=message):
        import_document(store, project.id, **args)
    assert store.documents(project.id) == []


def test_duplicate_document_name(store: Store) -> None:
    project = store.create_project("P", "de", "en", actor=OP)
    import_document(store, project.id, name="d", mt_text="A.", ref_text="A.", actor=person(store, "ann"))
    with pytest.raises(InputError, match="already has a document named 'd'"):
        import_document(store, project.id, name="d", mt_text="B.", ref_text="B.", actor=person(store, "ann"))


def test_uploads_are_size_checked_and_decoded() -> None:
    assert decode_upload("Привет\r\nмир".encode("utf-16"), "mt.txt") == "Привет\nмир"
    with pytest.raises(InputError, match=r"mt.txt: cannot decode as UTF-8: invalid byte 0xff"):
        decode_upload(b"abc\xff\xfe", "mt.txt")
    with pytest.raises(InputError, match="binary data"):
        decode_upload(b"PK\x03\x04\x00\x00", "mt.docx")
    with pytest.raises(InputError, match="empty input"):
        decode_upload(b"  \n", "mt.txt")
    with pytest.raises(InputError, match=r"big.txt: is 200.0 MB, over the 50.0 MB limit"):
        check_size(200 * 1024 * 1024, "big.txt")
    with pytest.raises(InputError, match="over the"):
        decode_upload(b"x" * (MAX_BYTES + 1), "big.txt")


def test_build_segments_aligns_sentences() -> None:
    segments = build_segments("One sentence here. Another one there.", "One sentence here. And another one.")
    assert [(s.link, s.mt_ids, s.ref_ids) for s in segments] == [("1-1", [0], [0]), ("1-1", [1], [1])]
    assert segments[0].scores["chrf"] == pytest.approx(100.0)


def test_demo_project_name() -> None:
    assert DEMO_PROJECT.startswith("Demo")
