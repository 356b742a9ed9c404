"""Every list the app shows a page at a time: the store reads one page (LIMIT/OFFSET, in the list's own order) and
counts the whole list in SQL, on SQLite and PostgreSQL; the pages put together are the whole list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher

from review_app.model import AlignedSegment
from review_app.store import Store, accounts
from review_app.store.identities import OidcClaims
from review_app.store.runs import NewRun
from tests.people import OP, person


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _pages(read: Callable[[int, int], Sequence[Any]], total: int, size: int) -> list[Any]:
    """Every page of ``size`` read in turn, each no longer than ``size``, put together."""
    rows: list[Any] = []
    for offset in range(0, total + size, size):
        page = read(offset, size)
        assert len(page) <= size
        rows.extend(page)
    return rows


def _segments(n: int) -> list[AlignedSegment]:
    return [AlignedSegment(f"Line {i}.", f"Line {i}!", None, [i], [i]) for i in range(n)]


def test_accounts_projects_documents_and_archived_ones_page(store: Store) -> None:
    admin = person(store, "Ann")
    for i in range(7):
        store.add_user(f"r{i}", "reviewer", password=None, actor=admin)
    users = store.users(demo=False)
    assert store.user_count(demo=False) == len(users) == 8
    assert _pages(lambda o, n: store.users(demo=False, offset=o, limit=n), 8, 3) == users

    projects = [store.create_project(f"P{i}", "ru", "en", actor=admin) for i in range(5)]
    documents = [store.add_document(projects[0].id, f"d{i}", _segments(2), [[], []], actor=admin) for i in range(6)]
    store.archive_project(projects[4].id, actor=admin)
    for document in documents[:4]:
        store.archive_document(document.id, actor=admin)
    store.archive_project(projects[0].id, actor=admin)
    store.restore_project(projects[0].id, actor=admin)
    store.add_document(projects[1].id, "other", _segments(1), [[]], actor=admin)
    store.archive_document(store.documents(projects[1].id)[0].id, actor=admin)

    live = store.projects()
    assert store.project_count() == len(live) == 4 and store.project_count(archived=True) == 1
    assert _pages(lambda o, n: store.projects(offset=o, limit=n), 4, 3) == live
    assert [d.name for d in store.documents(projects[0].id, offset=1, limit=5)] == ["d5"]
    every = store.archived_documents(project_archived=False)
    assert store.archived_document_count(project_archived=False) == len(every) == 5
    assert _pages(lambda o, n: store.archived_documents(project_archived=False, offset=o, limit=n), 5, 2) == every


def test_team_progress_pages_the_people_by_name(store: Store) -> None:
    """The people are whoever is assigned one of the documents or changed one of their segments: chosen and
    counted in SQL, each once, by name; a page's figures are those of the whole list."""
    admin = person(store, "Ann")
    project = store.create_project("P", "ru", "en", actor=admin)
    documents = [store.add_document(project.id, f"d{i}", _segments(3), [[], [], []], actor=admin) for i in range(4)]
    for i in range(6):
        store.add_user(f"r{i}", "reviewer", password=None, actor=admin)
    for i, document in enumerate(documents):
        store.assign(document.id, f"r{i}", actor=admin)
        store.assign(document.id, f"r{(i + 1) % 4}", actor=admin)
    first = store.segment_page(documents[0].id).rows[0].id
    store.set_status(first, "accepted", actor=admin)  # Ann acted without an assignment
    store.set_status(store.segment_page(documents[1].id).rows[0].id, "accepted", actor=person(store, "r1"))
    ids = [d.id for d in documents]
    whole = store.team_progress(ids)
    assert [p.name for p in whole] == sorted(["Ann", "r0", "r1", "r2", "r3"])
    assert store.team_progress_count(ids) == 5
    assert _pages(lambda o, n: store.team_progress(ids, offset=o, limit=n), 5, 2) == whole
    assert store.team_progress_count(ids[:1]) == 3  # r0, r1 assigned; Ann acted


def test_assignments_of_one_account_are_counted(store: Store) -> None:
    admin = person(store, "Ann")
    project = store.create_project("P", "ru", "en", actor=admin)
    for name in ("rita", "bob"):
        store.add_user(name, "reviewer", password=None, actor=admin)
    for i in range(5):
        document = store.add_document(project.id, f"d{i}", _segments(1), [[]], actor=admin)
        store.assign(document.id, "rita" if i % 2 else "bob", actor=admin)
    rita = next(u for u in store.users() if u.name == "rita")
    assert store.assignment_count(user_id=rita.id) == 2 and store.assignment_count() == 5
    assert [a.document for a in store.assignments(user_id=rita.id, offset=1, limit=5)] == ["d3"]


def test_runs_and_their_projects_and_systems_page(store: Store) -> None:
    for i in range(7):
        store.record_run(NewRun(name=f"run{i}", project="P" if i % 3 else "Q", system=f"S{i % 2}", documents=1,
                                segments=2, scored_segments=2, passed=True, scores={}, findings={}, gates={},
                                inputs={}, settings={}, segments_digest=""), actor=OP)
    assert store.run_projects() == ["P", "Q"] and store.run_systems("P") == ["S0", "S1"]
    runs = store.runs("P", systems=["S0", "S1"])
    assert store.run_count("P", systems=["S0", "S1"]) == len(runs) == 4
    assert _pages(lambda o, n: store.runs("P", systems=["S0", "S1"], offset=o, limit=n), 4, 3) == runs
    assert store.run_count("P", systems=["S1"]) == 2 and store.run_count() == 7


def test_identities_waiting_page(store: Store) -> None:
    issued = int(datetime.now(UTC).timestamp())
    for i in range(5):
        claims = OidcClaims.from_user_info({"iss": "https://id.example.com", "sub": f"s{i}", "iat": issued,
                                            "nonce": f"n{i}", "email": f"p{i}@example.com", "email_verified": True})
        assert claims is not None
        store.sso_sign_in(claims)
    waiting = store.identities(pending=True)
    assert store.identity_count(pending=True) == len(waiting) == 5 and store.identity_count(pending=False) == 0
    assert _pages(lambda o, n: store.identities(pending=True, offset=o, limit=n), 5, 2) == waiting


def test_a_glossary_pages_in_file_order(store: Store) -> None:
    admin = person(store, "Ann")
    terms = "\n".join(f"wrong{i}\tright{i}" for i in range(12))
    project = store.create_project("P", "ru", "en", glossary=terms, actor=admin)
    assert store.glossary_count(project.id) == 12
    assert [e.wrong for e in store.glossary(project.id, offset=10, limit=5)] == ["wrong10", "wrong11"]
    assert _pages(lambda o, n: store.glossary(project.id, offset=o, limit=n), 12, 5) == store.glossary(project.id)
    found = store.glossary_term(project.id, "wrong7")
    assert found is not None and found.right == "right7"
    assert store.glossary_term(project.id, "absent") is None
