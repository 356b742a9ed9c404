"""Editing a project's glossary after creation: one transaction and one event per change, documents
re-checked, reviewers' decisions on findings kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.checks import Context, check_segments, parse_glossary
from review_app.errors import InputError
from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.review.importer import import_document
from review_app.store import PermissionDenied, Store, StoreError
from tests.people import OP, person
from tests.postgres import Cluster, overlapping

MT = [
    "The OBOR was discussed.",
    "The OBOR and the EAEU met.",
    "The Friends of the World group met.",
    "Trade along the OBOR grew.",
]


def _document(store: Store, glossary: str) -> tuple[int, int]:
    project = store.create_project("P", "ru", "en", glossary=glossary, actor=OP)
    segments = [AlignedSegment(mt=m, ref=m, src=None, mt_ids=[i], ref_ids=[i]) for i, m in enumerate(MT)]
    add_sentence_scores(segments)
    context = Context(target_lang="en", glossary=parse_glossary(glossary))
    document = store.add_document(project.id, "d", segments, check_segments(segments, context), actor=OP)
    return project.id, document.id


def _glossary_findings(store: Store, document_id: int) -> dict[tuple[int, str], tuple[str | None, str]]:
    """(segment position, quote) → (suggestion, state) of the document's glossary findings."""
    out = {}
    for row in store.segment_page(document_id).rows:
        for f in store.segment_detail(row.id).findings:
            if f.check == "glossary":
                out[(row.position, f.quote)] = (f.suggestion, f.state)
    return out


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(str(tmp_path / "g.db"))


def test_add_edit_remove_keep_reviewer_decisions(store: Store) -> None:
    project_id, document_id = _document(store, "OBOR\tBRI\n")
    rows = store.segment_page(document_id).rows
    first = next(f for f in store.segment_detail(rows[0].id).findings if f.check == "glossary")
    second = next(f for f in store.segment_detail(rows[1].id).findings if f.check == "glossary")
    store.apply_fix(first.id, actor=person(store, "ann"))
    store.dismiss_finding(second.id, actor=person(store, "bob"))

    change = store.add_glossary_term(project_id, "Friends of the World", "Friends of Peace", "BRICS",
                                     actor=person(store, "ann"))
    assert (change.opened, change.removed, change.documents) == (1, 0, 1)
    assert [e.wrong for e in store.glossary(project_id)] == ["OBOR", "Friends of the World"]
    assert _glossary_findings(store, document_id) == {
        (0, "OBOR"): ("BRI", "applied"),
        (1, "OBOR"): ("BRI", "dismissed"),
        (2, "Friends of the World"): ("Friends of Peace", "open"),
        (3, "OBOR"): ("BRI", "open"),
    }

    store.edit_glossary_term(project_id, "OBOR", "OBOR", "Belt and Road Initiative", actor=person(store, "ann"))
    found = _glossary_findings(store, document_id)
    assert found[(3, "OBOR")] == ("Belt and Road Initiative", "open")  # open: new wording
    assert found[(0, "OBOR")] == ("BRI", "applied") and found[(1, "OBOR")] == ("BRI", "dismissed")  # kept
    assert store.segment_detail(rows[0].id).segment.corrected == "The BRI was discussed."

    change = store.remove_glossary_term(project_id, "OBOR", actor=person(store, "ann"))
    assert change.removed == 1
    assert set(_glossary_findings(store, document_id)) == {(0, "OBOR"), (1, "OBOR"), (2, "Friends of the World")}
    kinds = [e.kind for e in store.events(limit=10) if e.kind.startswith("glossary")]
    assert kinds == ["glossary-remove", "glossary-edit", "glossary-add"]
    event = next(e for e in store.events(limit=10) if e.kind == "glossary-remove")
    assert event.actor == "ann" and "OBOR\tBelt and Road Initiative" in event.before["glossary"]


def test_import_export_and_refusals_write_nothing(store: Store) -> None:
    project_id, document_id = _document(store, "OBOR\tBRI\n")
    store.import_glossary(project_id, "OBOR\tBelt and Road\nEAEU\tEurasian Economic Union\tfull name\n",
                          actor=person(store, "ann"))
    assert store.export_glossary(project_id) == "OBOR\tBelt and Road\nEAEU\tEurasian Economic Union\tfull name\n"
    assert _glossary_findings(store, document_id)[(1, "EAEU")] == ("Eurasian Economic Union", "open")
    store.import_glossary(project_id, "Friends of the World\tFriends of Peace\n", replace=True,
                          actor=person(store, "ann"))
    assert [e.wrong for e in store.glossary(project_id)] == ["Friends of the World"]
    assert set(_glossary_findings(store, document_id)) == {(2, "Friends of the World")}
    reviewer = person(store, "rita", "reviewer")
    events = len(store.events(limit=100))
    before = store.export_glossary(project_id)
    with pytest.raises(InputError, match=r"terms\.tsv.*line 2"):
        store.import_glossary(project_id, "a\tb\nonly one field\n", actor=person(store, "ann"), label="terms.tsv")
    with pytest.raises(StoreError, match="already has"):
        store.add_glossary_term(project_id, "Friends of the World", "x", actor=person(store, "ann"))
    with pytest.raises(StoreError, match="same"):
        store.add_glossary_term(project_id, "a", "a", actor=person(store, "ann"))
    with pytest.raises(StoreError, match="sign in first"):
        store.add_glossary_term(project_id, "a", "b", actor=" ")  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied, match="needs an admin; rita is a reviewer"):
        store.add_glossary_term(project_id, "a", "b", actor=reviewer)
    with pytest.raises(StoreError, match="no term"):
        store.remove_glossary_term(project_id, "nothing", actor=person(store, "ann"))
    assert store.export_glossary(project_id) == before and len(store.events(limit=100)) == events


def test_archived_documents_stay_as_they_were_and_catch_up_when_restored(store: Store) -> None:
    """An archived document is read-only, glossary re-checks included; restoring it re-checks it with
    the glossary of the day. An archived project's glossary cannot change."""
    project_id, kept = _document(store, "OBOR\tBRI\n")
    segments = [AlignedSegment(mt=m, ref=m, src=None, mt_ids=[i], ref_ids=[i]) for i, m in enumerate(MT)]
    add_sentence_scores(segments)
    context = Context(target_lang="en", glossary=parse_glossary("OBOR\tBRI\n"))
    shelved = store.add_document(project_id, "e", segments, check_segments(segments, context), actor=OP).id
    store.archive_document(shelved, actor=OP)
    before = _glossary_findings(store, shelved)

    change = store.add_glossary_term(project_id, "Friends of the World", "Friends of Peace", actor=OP)
    assert (change.opened, change.documents) == (1, 1)
    assert (2, "Friends of the World") in _glossary_findings(store, kept)
    assert _glossary_findings(store, shelved) == before  # untouched while archived

    store.restore_document(shelved, actor=OP)
    assert _glossary_findings(store, shelved)[(2, "Friends of the World")] == ("Friends of Peace", "open")
    assert store.events(limit=1)[0].after == {"name": "e", "archived": False, "glossary_opened": 1,
                                              "glossary_removed": 0, "glossary_resolved_on_text": 0,
                                              "glossary_found_on_text": 0}

    store.archive_project(project_id, actor=OP)
    with pytest.raises(StoreError, match="project 'P' is archived: restore it to change its glossary"):
        store.remove_glossary_term(project_id, "OBOR", actor=OP)
    store.restore_project(project_id, actor=OP)
    assert store.remove_glossary_term(project_id, "OBOR", actor=OP).documents == 2


def test_an_import_checked_before_a_glossary_change_follows_the_new_glossary(store: Store,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """An admin adds a term while a document is being imported (its findings computed, not yet stored): the document
    is stored with the glossary's findings of the term, as if it had been imported before the change."""
    project = store.create_project("P", "ru", "en", glossary="EAEU\tEurasian Economic Union\n", actor=OP)
    store_document = store.add_document

    def glossary_changed_meanwhile(*args: object, **kwargs: object) -> object:
        store.add_glossary_term(project.id, "OBOR", "BRI", actor=OP)
        return store_document(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "add_document", glossary_changed_meanwhile)
    document = import_document(store, project.id, name="d", mt_text="\n".join(MT), ref_text="\n".join(MT),
                               segmented=True, actor=OP)
    assert _glossary_findings(store, document.id) == {
        (0, "OBOR"): ("BRI", "open"), (1, "OBOR"): ("BRI", "open"), (3, "OBOR"): ("BRI", "open"),
        (1, "EAEU"): ("Eurasian Economic Union", "open"),
    }


def test_two_glossary_changes_at_once_keep_both_terms(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL two admins' changes can overlap: the second waits for the first and starts from the glossary it
    wrote, so neither term is lost. (On SQLite a write transaction holds the write lock from its first read.)"""
    store = Store(pg_cluster.create_database())
    project_id, document_id = _document(store, "EAEU\tEurasian Economic Union\n")
    friends = ("Friends of the World", "Friends of Peace")
    assert overlapping(store, monkeypatch, "review_app.store.glossary.recheck_glossary",
                       lambda: store.add_glossary_term(project_id, "OBOR", "BRI", actor=OP),
                       lambda: store.add_glossary_term(project_id, *friends, actor=OP))
    assert sorted(e.wrong for e in store.glossary(project_id)) == ["EAEU", "Friends of the World", "OBOR"]
    assert set(_glossary_findings(store, document_id)) == {(0, "OBOR"), (1, "OBOR"), (1, "EAEU"), (3, "OBOR"),
                                                          (2, "Friends of the World")}
