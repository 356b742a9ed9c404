"""Lines repeated across a project's documents are page furniture: the importer and the re-check give the chrome
check ``Context.repeated`` from the documents' stored line keys. On SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select, update

from review_app.checks.chrome import line_key
from review_app.review.importer import import_document
from review_app.store import Store
from review_app.store.models import Document
from tests.people import OP, person

FURNITURE = "Solutions Journalism"


def _page(k: int) -> str:
    """A page whose furniture line is in the reference too: only its repetition says it is furniture."""
    return f"Paragraph one of page {k} went on for a while, officials said.\n{FURNITURE}\n" \
           f"Paragraph two of page {k} ended the story, they added.\n"


def _import(store: Store, project_id: int, k: int) -> int:
    page = _page(k)
    return import_document(store, project_id, name=f"page{k}", mt_text=page, ref_text=page, segmented=True,
                           actor=person(store, "ann")).id


def _chrome(store: Store, document_id: int) -> list[tuple[int, str]]:
    rows = store.segment_page(document_id, limit=10).rows
    return [(r.position, f.state) for r in rows for f in store.segment_detail(r.id).findings if f.check == "chrome"]


def test_a_line_in_three_documents_of_the_project_is_chrome(store: Store) -> None:
    project = store.create_project("P", "ru", "en", actor=OP)
    first, second = _import(store, project.id, 0), _import(store, project.id, 1)
    assert _chrome(store, first) == _chrome(store, second) == []  # two documents: not yet a pattern
    third = _import(store, project.id, 2)
    assert _chrome(store, third) == [(1, "open")]
    with store._read() as session:  # what the next import reads: keys, not texts
        keys = session.scalar(select(Document.line_keys).where(Document.id == third))
    assert line_key(FURNITURE) in keys and all(len(k) == 16 for k in keys)


def test_archived_documents_and_other_projects_do_not_count(store: Store) -> None:
    project, other = store.create_project("P", "ru", "en", actor=OP), store.create_project("Q", "ru", "en", actor=OP)
    _import(store, other.id, 0)
    archived = _import(store, project.id, 1)
    store.archive_document(archived, actor=OP)
    _import(store, project.id, 2)
    assert _chrome(store, _import(store, project.id, 3)) == []


def test_the_re_check_keeps_what_repetition_found(store: Store) -> None:
    """An edit of the furniture line that leaves its words as they were (spaces around them) is still found: the
    re-check sees the project's repetition as the import did (the import's finding, quoting the line without the
    spaces, is resolved; the re-check's is open)."""
    project = store.create_project("P", "ru", "en", actor=OP)
    for k in range(2):
        _import(store, project.id, k)
    third = _import(store, project.id, 2)
    furniture = store.segment_page(third, limit=10).rows[1]
    store.edit_corrected(furniture.id, f" {FURNITURE} ", actor=person(store, "ann"))
    assert sorted(_chrome(store, third)) == [(1, "open"), (1, "resolved")]


def test_documents_keep_their_keys_when_their_text_is_gone(store: Store) -> None:
    """The evidence is the stored keys: a document's raw text is not read again."""
    project = store.create_project("P", "ru", "en", actor=OP)
    for k in range(2):
        document = _import(store, project.id, k)
        with store._write() as session:
            session.execute(update(Document).where(Document.id == document).values(mt_text=""))
    assert _chrome(store, _import(store, project.id, 2)) == [(1, "open")]
