"""Lines repeated across a project's documents are page furniture: the importer and the re-check give the chrome
check ``Context.repeated`` from the documents' stored line keys. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from review_app.checks import Context, build_checks, run_lines
from review_app.checks.chrome import line_key, repeated_lines
from review_app.review.importer import import_document
from review_app.store import Store
from review_app.store.models import Document
from tests.people import OP, person
from tests.postgres import Cluster, overlapping

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
    assert keys is not None and line_key(FURNITURE) in keys and all(len(k) == 16 for k in keys)


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


def _import_event(store: Store, document_id: int) -> dict[str, object]:
    return next(e.after for e in store.events(document_id=document_id) if e.kind == "import")


def test_the_first_pages_get_the_furniture_the_third_one_revealed(store: Store) -> None:
    """Pages of a site imported one by one: the third import finds the furniture on the first two as well, in its own
    transaction and event; a fourth import adds nothing to them (the line was evidence already)."""
    project = store.create_project("P", "ru", "en", actor=OP)
    first, second = _import(store, project.id, 0), _import(store, project.id, 1)
    third = _import(store, project.id, 2)
    assert _chrome(store, first) == _chrome(store, second) == _chrome(store, third) == [(1, "open")]
    added = _import_event(store, third)["repetition_findings"]
    assert isinstance(added, dict) and sorted(added) == [str(first), str(second)]
    assert all(len(ids) == 1 for ids in added.values())
    fourth = _import(store, project.id, 3)
    assert "repetition_findings" not in _import_event(store, fourth)
    assert _chrome(store, first) == _chrome(store, second) == [(1, "open")]


def test_what_reviewers_did_stands(store: Store) -> None:
    """The earlier pages are checked as they now read: a furniture line a reviewer rewrote is not flagged, a
    dismissed finding is not opened again (a restore checks the documents again and adds nothing)."""
    project = store.create_project("P", "ru", "en", actor=OP)
    first, second = _import(store, project.id, 0), _import(store, project.id, 1)
    rewritten = store.segment_page(first, limit=10).rows[1]
    store.edit_corrected(rewritten.id, "The story went on after a short pause.", actor=person(store, "ann"))
    third = _import(store, project.id, 2)
    assert _chrome(store, first) == [] and _chrome(store, second) == [(1, "open")]
    finding = next(f for f in store.segment_detail(store.segment_page(second, limit=10).rows[1].id).findings
                   if f.check == "chrome")
    store.dismiss_finding(finding.id, actor=person(store, "ann"))
    store.archive_document(third, actor=OP)
    store.restore_document(third, actor=OP)
    assert _chrome(store, second) == [(1, "dismissed")] and _chrome(store, first) == []
    assert _chrome(store, third) == [(1, "open")]


def test_a_restored_document_brings_its_repetition_back(store: Store) -> None:
    """Restoring a document is joining the live ones again: the lines it makes recur are found in the others and in
    its own lines (checked at its import with less evidence)."""
    project = store.create_project("P", "ru", "en", actor=OP)
    first, second = _import(store, project.id, 0), _import(store, project.id, 1)
    store.archive_document(first, actor=OP)
    third = _import(store, project.id, 2)
    assert _chrome(store, second) == _chrome(store, third) == []
    store.restore_document(first, actor=OP)
    assert _chrome(store, first) == _chrome(store, second) == _chrome(store, third) == [(1, "open")]
    restored = next(e.after for e in store.events(document_id=first) if e.kind == "restore-document")
    assert sorted(restored["repetition_findings"]) == sorted(str(d) for d in (first, second, third))


def test_the_re_check_reads_the_evidence_of_the_later_imports(store: Store) -> None:
    """A document whose checks were built before the third import (a reviewer's edit) is re-checked with the
    repetition that import brought: editing the furniture line keeps it flagged."""
    project = store.create_project("P", "ru", "en", actor=OP)
    first, _ = _import(store, project.id, 0), _import(store, project.id, 1)
    rows = store.segment_page(first, limit=10).rows
    store.edit_corrected(rows[0].id, "Paragraph one went on for a while, officials said.", actor=person(store, "ann"))
    _import(store, project.id, 2)
    store.edit_corrected(rows[1].id, f" {FURNITURE} ", actor=person(store, "ann"))
    assert sorted(_chrome(store, first)) == [(1, "open"), (1, "resolved")]


def test_one_by_one_ends_as_the_whole_batch_checked_at_once(store: Store) -> None:
    """Pages of one site, each with some of its furniture (so lines reach three pages at different imports),
    imported one by one: every page ends with the chrome lines the check finds with the whole project's
    repetition, as ``qa`` finds over the batch."""
    furniture = ["Solutions Journalism", "Local Voices", "Community Desk", "Weekend Reads", "Field Notes"]
    pages = []
    for k in range(7):  # page k has three of the five lines, from line k on: each reaches three pages at its own import
        lines = [f"Paragraph one of page {k} went on for a while, officials said.",
                 *[furniture[(k + j) % len(furniture)] for j in range(3)],
                 f"Paragraph two of page {k} ended the story, they added."]
        pages.append("\n".join(lines) + "\n")
    project = store.create_project("P", "ru", "en", actor=OP)
    ids = [import_document(store, project.id, name=f"page{k}", mt_text=page, ref_text=page, segmented=True,
                           actor=person(store, "ann")).id for k, page in enumerate(pages)]
    repeated = repeated_lines(page.splitlines() for page in pages)
    assert len(repeated) >= 3  # the test's premise: several lines recur, reaching three pages at different imports
    found = []
    for document_id, page in zip(ids, pages, strict=True):
        lines = page.splitlines()
        expected = {f.line - 1 for f in run_lines(lines, Context(target_lang="en", source_lang="ru", repeated=repeated,
                                                                 reference_lines=lines), build_checks(["chrome"]))}
        assert {position for position, state in _chrome(store, document_id) if state == "open"} == expected
        found.append(len(expected))
    assert found[0] and found[1]  # the first two pages too, which no import before theirs could tell


def test_an_import_that_another_one_overtook_checks_itself_again(store: Store,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Two imports at once: page 1's lines were checked before page 2 was stored, so the evidence page 2 brings is
    read again in page 1's transaction, for page 1's own lines as well as for the others'."""
    project = store.create_project("P", "ru", "en", actor=OP)
    first = _import(store, project.id, 0)
    store_document = store.add_document
    overtaken: list[int] = []

    def overtaken_by_page2(*args: object, **kwargs: object) -> object:
        if args[1] == "page1":  # its findings computed; page 2 imported, whole, before page 1 is stored
            overtaken.append(_import(store, project.id, 2))
        return store_document(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "add_document", overtaken_by_page2)
    second = _import(store, project.id, 1)
    assert _chrome(store, first) == _chrome(store, second) == _chrome(store, overtaken[0]) == [(1, "open")]


def test_imports_into_one_project_take_turns(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL two imports' transactions can overlap: the second waits for the first (the project's row) and
    then sees its document, so a line the two bring to three documents is found on all three. (On SQLite a write
    transaction holds the write lock from its first read: the second import waits for it anyway.)"""
    store = Store(pg_cluster.create_database())
    project = store.create_project("P", "ru", "en", actor=OP)
    ids = [_import(store, project.id, 0)]
    assert overlapping(store, monkeypatch, "review_app.store.repository.recheck_repetition",
                       lambda: ids.append(_import(store, project.id, 1)),
                       lambda: ids.append(_import(store, project.id, 2)))
    assert [_chrome(store, document_id) for document_id in ids] == [[(1, "open")]] * 3


def test_archiving_a_page_takes_back_what_its_lines_made_furniture(store: Store) -> None:
    """Archiving the third page: the line recurs in two pages only, so their open chrome findings of it go (listed in
    the archive's event); a dismissed one stays, and one that other evidence gives stays. A restore opens them again."""
    project = store.create_project("P", "ru", "en", actor=OP)
    first, second, third = (_import(store, project.id, k) for k in range(3))
    assert _chrome(store, first) == _chrome(store, second) == [(1, "open")]
    finding = next(f for f in store.segment_detail(store.segment_page(second, limit=10).rows[1].id).findings
                   if f.check == "chrome")
    store.dismiss_finding(finding.id, actor=person(store, "ann"))
    store.archive_document(third, actor=OP)
    assert _chrome(store, first) == [] and _chrome(store, second) == [(1, "dismissed")]
    archived = next(e.after for e in store.events(document_id=third) if e.kind == "archive-document")
    assert archived["repetition_removed"] == {str(first): 1}
    store.restore_document(third, actor=OP)
    assert _chrome(store, first) == [(1, "open")] and _chrome(store, second) == [(1, "dismissed")]


def test_archiving_keeps_a_finding_other_evidence_gives(store: Store) -> None:
    """A line that is furniture by other evidence as well (its words, and no counterpart in the reference) keeps its
    finding when its repetition goes."""
    project = store.create_project("P", "ru", "en", actor=OP)
    pages = [_page(k).replace(FURNITURE, "Subscribe to our newsletter") for k in range(3)]
    ids = [import_document(store, project.id, name=f"page{k}", mt_text=page, ref_text=page.replace(
        "Subscribe to our newsletter", ""), segmented=True, actor=person(store, "ann")).id
        for k, page in enumerate(pages)]
    assert [_chrome(store, document_id) for document_id in ids] == [[(1, "open")]] * 3
    store.archive_document(ids[2], actor=OP)
    assert _chrome(store, ids[0]) == _chrome(store, ids[1]) == [(1, "open")]
    assert "repetition_removed" not in next(e.after for e in store.events(document_id=ids[2])
                                            if e.kind == "archive-document")
