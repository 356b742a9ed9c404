"""Renaming, archiving and restoring projects and documents (SQLite and PostgreSQL): admins only,
one event each, names stay unique, archived items leave every listing and come back whole."""

from __future__ import annotations

import pytest

from review_app.errors import InputError
from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores
from review_app.review.importer import import_document
from review_app.store import PermissionDenied, Store, StoreError, User
from tests.people import OP, person


def _segments() -> list[AlignedSegment]:
    segments = [AlignedSegment(mt=m, ref=r, src=None, mt_ids=[0], ref_ids=[0])
                for m, r in (("A long—awaited day.", "A long-awaited day."), ("Hello.", "Hello there."))]
    add_sentence_scores(segments)
    return segments


@pytest.fixture
def team(store: Store) -> dict[str, User]:
    """An admin, a reviewer with document "one" of project "P" assigned, a viewer; "P" holds "one" and "two"."""
    users = {name: person(store, name, role) for name, role in (("ada", "admin"), ("rita", "reviewer"),
                                                                ("vic", "viewer"))}
    project = store.create_project("P", "ru", "en", actor=users["ada"])
    store.add_document(project.id, "one", _segments(), actor=users["ada"])
    store.add_document(project.id, "two", _segments(), actor=users["ada"])
    store.assign(1, "rita", actor=users["ada"])
    return users


def _work(store: Store, document_id: int) -> tuple[list[str], list[str], list[str]]:
    """The document's corrected texts, its comments and its event kinds: the review work archiving must keep."""
    rows = store.segment_page(document_id).rows
    comments = [c.text for per in store.comments([r.id for r in rows]).values() for c in per]
    return [r.corrected for r in rows], comments, [e.kind for e in store.events(document_id=document_id)]


def test_archived_document_leaves_the_listings_keeps_its_work_and_comes_back(store: Store,
                                                                           team: dict[str, User]) -> None:
    ada, rita = team["ada"], team["rita"]
    first = store.segment_page(1).rows[0]
    store.edit_corrected(first.id, "A long-awaited day!", actor=rita)
    store.add_comment(first.id, "check the dash", actor=rita)
    work = _work(store, 1)
    assert [p.name for p in store.team_progress([d.id for d in store.documents(1)])] == ["rita"]
    store.archive_document(1, actor=ada)

    assert [d.name for d in store.documents(1)] == ["two"]
    assert [d.name for d in store.documents(1, archived=True)] == ["one"]
    assert [d.name for d in store.archived_documents()] == ["one"]
    archived = store.document(1)
    assert archived.archived and archived.archived_by == "ada" and archived.archived_at is not None
    assert store.project(1).documents == 1 and store.project(1).segments == 2  # counts what is listed
    assert store.assignments(user_id=rita.id) == [] and store.assignments() == []
    assert store.team_progress([d.id for d in store.documents(1)]) == []  # the Team page lists live documents
    # Read-only for everyone while archived, the admin included; no assigning either.
    for actor in (rita, ada):
        with pytest.raises(StoreError, match="document 'one' is archived"):
            store.set_status(first.id, "accepted", actor=actor)
        assert not store.can_edit(actor, 1)
    with pytest.raises(StoreError, match="archived"):
        store.assign(1, "rita", actor=ada)
    assert _work(store, 1)[:2] == work[:2]  # nothing deleted

    store.restore_document(1, actor=ada)
    assert [d.name for d in store.documents(1)] == ["one", "two"] and store.archived_documents() == []
    assert [a.document for a in store.assignments(user_id=rita.id)] == ["one"]
    assert store.can_edit(rita, 1)
    corrected, comments, kinds = _work(store, 1)
    assert (corrected, comments) == work[:2]
    assert kinds[:2] == ["restore-document", "archive-document"] and kinds[2:] == work[2]
    events = store.events(document_id=1, limit=2)
    assert [(e.actor, e.before, e.after) for e in events] == [
        ("ada", {"name": "one", "archived": True}, {"name": "one", "archived": False}),
        ("ada", {"name": "one", "archived": False}, {"name": "one", "archived": True}),
    ]
    store.set_status(first.id, "accepted", actor=rita)  # writable again


def test_archived_project_hides_its_documents_and_restore_brings_them_back(store: Store,
                                                                         team: dict[str, User]) -> None:
    ada, rita = team["ada"], team["rita"]
    other = store.create_project("Q", "de", "en", actor=ada)
    store.archive_document(2, actor=ada)  # archived on its own: stays archived when the project comes back
    store.archive_project(1, actor=ada)

    assert [p.name for p in store.projects()] == ["Q"]
    assert [p.name for p in store.projects(archived=True)] == ["P"]
    assert store.project(1).archived and store.project(1).archived_by == "ada"
    assert store.project_by_name("P") is not None  # the name stays taken
    document = store.document(1)
    assert document.archived and document.archived_at is None and document.project_archived
    assert store.assignments(user_id=rita.id) == []
    with pytest.raises(StoreError, match="project 'P' is archived"):
        store.edit_corrected(store.segment_page(1).rows[0].id, "changed", actor=rita)
    with pytest.raises(StoreError, match="project 'P' is archived: restore it to add documents"):
        store.add_document(1, "three", _segments(), actor=ada)
    with pytest.raises(StoreError, match="already archived"):
        store.archive_project(1, actor=ada)
    with pytest.raises(StoreError, match="not archived"):
        store.restore_project(other.id, actor=ada)

    store.restore_project(1, actor=ada)
    assert [p.name for p in store.projects()] == ["P", "Q"] and store.projects(archived=True) == []
    assert [d.name for d in store.documents(1)] == ["one"] and [d.name for d in store.archived_documents()] == ["two"]
    assert [a.document for a in store.assignments(user_id=rita.id)] == ["one"]
    assert [e.kind for e in store.events(limit=3)] == ["restore-project", "archive-project", "archive-document"]


def test_rename_keeps_names_unique_and_records_the_old_name(store: Store, team: dict[str, User]) -> None:
    ada = team["ada"]
    other = store.create_project("Q", "de", "en", actor=ada)
    store.add_document(other.id, "one", _segments(), actor=ada)  # the same name in another project is fine

    assert store.rename_project(1, "  Pilot 2026 ", actor=ada) == "P"
    assert store.project(1).name == "Pilot 2026" and store.project_by_name("P") is None
    assert store.rename_document(1, "first chapter", actor=ada) == "one"
    assert [d.name for d in store.documents(1)] == ["first chapter", "two"]
    assert store.document(1).archived is False
    kinds = [(e.kind, e.before, e.after) for e in store.events(limit=2)]
    assert kinds == [("rename-document", {"name": "one"}, {"name": "first chapter"}),
                     ("rename-project", {"name": "P"}, {"name": "Pilot 2026"})]
    count = len(store.events())

    with pytest.raises(StoreError, match="a project named 'Q' already exists: choose another name"):
        store.rename_project(1, "Q", actor=ada)
    with pytest.raises(StoreError, match="a document named 'two' already exists in this project"):
        store.rename_document(1, "two", actor=ada)
    store.archive_document(2, actor=ada)
    count += 1
    with pytest.raises(StoreError, match="an archived document in this project is named 'two'"):
        store.rename_document(1, "two", actor=ada)
    with pytest.raises(InputError, match="already has an archived document named 'two'"):
        import_document(store, 1, name="two", mt_text="Hello.", ref_text="Hello there.", actor=ada)
    for bad, message in (("  ", "needs a name"), ("a\nb", "one line"), ("x" * 201, "at most 200 characters")):
        with pytest.raises(StoreError, match=message):
            store.rename_project(1, bad, actor=ada)
    with pytest.raises(StoreError, match="no document with id 99"):
        store.rename_document(99, "x", actor=ada)
    assert store.rename_project(1, "Pilot 2026", actor=ada) == "Pilot 2026"  # unchanged: no event
    assert len(store.events()) == count


@pytest.mark.parametrize("role", ["reviewer", "viewer"])
def test_only_admins_rename_archive_and_restore(store: Store, team: dict[str, User], role: str) -> None:
    ada = team["ada"]
    who = team["rita" if role == "reviewer" else "vic"]
    store.archive_document(2, actor=ada)
    before = len(store.events())
    actions = (
        lambda: store.rename_project(1, "X", actor=who),
        lambda: store.archive_project(1, actor=who),
        lambda: store.restore_project(1, actor=who),
        lambda: store.rename_document(1, "X", actor=who),  # rita's own assigned document too
        lambda: store.archive_document(1, actor=who),
        lambda: store.restore_document(2, actor=who),
    )
    for action in actions:
        with pytest.raises(PermissionDenied, match=f"needs an admin; {who.name} is a {role}"):
            action()
    assert len(store.events()) == before
    assert store.project(1).name == "P" and not store.project(1).archived
    assert [d.name for d in store.documents(1)] == ["one"] and store.document(2).archived


def test_the_role_is_read_again_inside_the_transaction(store: Store, team: dict[str, User]) -> None:
    ada = team["ada"]
    person(store, "ann", "admin")  # the last active admin keeps the role
    store.set_role("ada", "viewer", actor=OP)  # demoted after signing in: the old User object says admin
    with pytest.raises(PermissionDenied, match="ada is a viewer"):
        store.archive_project(1, actor=ada)
    store.archive_project(1, actor=OP)  # the operator (command line) acts as an admin
    assert store.events(limit=1)[0].actor == "tests"
