"""Every list that grows with the data is drawn a page at a time (AppTest): the glossary, the run history, the
projects and a project's documents, My work (one's documents, and every reviewer's progress), the Team page's
accounts, the Dashboard's progress per reviewer, the archived projects; the pager brings the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from review_app.model import AlignedSegment
from review_app.store import Store
from review_app.store.runs import NewRun
from tests.browser_helpers import app_test
from tests.people import OP, person


def _table(at: Any, column: str) -> list[Any]:
    """The values of ``column`` in the page's table that has it."""
    return next(d.value for d in at.dataframe if column in d.value.columns)[column].tolist()


def _segment() -> list[AlignedSegment]:
    return [AlignedSegment("A cat.", "A cat!", None, [0], [0])]


def test_the_glossary_is_listed_a_page_at_a_time(app_db: Path) -> None:
    store = Store(str(app_db))
    admin = person(store, "Ann")
    terms = "\n".join(f"wrong{i:03d}\tright{i:03d}" for i in range(250))
    project = store.create_project("Terms", "ru", "en", glossary=terms, actor=admin)
    store.close()
    at = app_test("glossary", app_db)
    at.selectbox(key="project_select").select(project.id).run()
    assert not at.exception
    assert _table(at, "wrong term") == [f"wrong{i:03d}" for i in range(100)]
    assert any("Terms 1–100 of 250" in c.value for c in at.caption)
    at.pagination(key=f"glossary_page-{project.id}").set_value(3).run()
    assert _table(at, "wrong term") == [f"wrong{i:03d}" for i in range(200, 250)]
    assert at.selectbox(key="ge_term").options == [f"wrong{i:03d}" for i in range(200, 250)]  # the page's terms


def test_the_run_history_is_listed_a_page_at_a_time_newest_first(app_db: Path) -> None:
    store = Store(str(app_db))
    for i in range(105):
        store.record_run(NewRun(name=f"run{i:03d}", project="engines", system="S", documents=1, segments=1,
                                scored_segments=1, passed=True, scores={"bleu": {"score": float(i)}}, findings={},
                                gates={}, inputs={}, settings={}, segments_digest=""), actor=OP)
    store.close()
    at = app_test("history", app_db)
    assert not at.exception
    assert _table(at, "run") == [f"run{i:03d}" for i in range(104, 4, -1)]
    at.pagination(key="history_page").set_value(2).run()
    assert _table(at, "run") == ["run004", "run003", "run002", "run001", "run000"]
    assert at.selectbox(key="history_run").options == ["run004", "run003", "run002", "run001", "run000"]


def test_projects_and_a_projects_documents_are_listed_a_page_at_a_time(app_db: Path) -> None:
    store = Store(str(app_db))
    admin = person(store, "Ann")
    for i in range(104):  # and the demo project
        store.create_project(f"P{i:03d}", "ru", "en", actor=admin)
    many = store.project_by_name("P000")
    assert many is not None
    for i in range(101):
        store.add_document(many.id, f"d{i:03d}", _segment(), actor=admin)
    store.close()
    at = app_test("projects", app_db)
    assert not at.exception
    assert len(_table(at, "project")) == 100
    at.pagination(key="projects_page").set_value(2).run()
    assert _table(at, "project") == ["P099", "P100", "P101", "P102", "P103"]
    at.selectbox(key="project_select").select(many.id).run()
    assert len(_table(at, "document")) == 100
    at.pagination(key=f"documents_page-{many.id}").set_value(2).run()
    assert _table(at, "document") == ["d100"]


def test_my_work_lists_ones_documents_and_every_reviewer_a_page_at_a_time(app_db: Path) -> None:
    store = Store(str(app_db))
    admin = person(store, "Ann")
    project = store.create_project("Queue", "ru", "en", actor=admin)
    documents = [store.add_document(project.id, f"d{i:02d}", _segment(), actor=admin) for i in range(25)]
    person(store, "rita", "reviewer")
    for document in documents:
        store.assign(document.id, "rita", actor=admin)
    for i in range(101):
        store.assign(documents[0].id, person(store, f"r{i:03d}", "reviewer").name, actor=admin)
    store.close()
    at = app_test("my_work", app_db, reviewer="rita", role="reviewer")
    assert not at.exception
    opened = [b.key for b in at.button if b.key and b.key.startswith("open-")]
    assert len(opened) == 20
    at.pagination(key="my_work_page").set_value(2).run()
    assert len([b for b in at.button if b.key and b.key.startswith("open-")]) == 5

    at = app_test("my_work", app_db)  # Ann, an admin: every reviewer's progress too
    people = _table(at, "person")
    assert len(people) == 100 and people[:2] == ["r000", "r001"]
    at.pagination(key="my_work_people_page").set_value(2).run()
    assert _table(at, "person") == ["r100", "rita"]


def test_the_teams_accounts_and_the_dashboards_reviewers_are_listed_a_page_at_a_time(app_db: Path) -> None:
    store = Store(str(app_db))
    admin = person(store, "Ann")
    document = store.documents(store.projects()[0].id)[0]
    for i in range(104):
        store.assign(document.id, person(store, f"r{i:03d}", "reviewer").name, actor=admin)
    total = store.user_count(demo=False)
    store.close()
    at = app_test("team", app_db)
    assert not at.exception
    assert len(_table(at, "last sign-in (UTC)")) == 100
    at.pagination(key="team_page").set_value(2).run()
    assert len(_table(at, "last sign-in (UTC)")) == total - 100
    assert at.selectbox(key="team_role_user").options == _table(at, "name")  # the pickers offer the page's accounts

    at = app_test("dashboard", app_db)
    assert not at.exception
    assert len(_table(at, "assigned documents")) == 100
    at.pagination(key="dash_people_page").set_value(2).run()
    assert _table(at, "person") == ["r100", "r101", "r102", "r103"]


def test_the_archived_projects_are_listed_a_page_at_a_time(app_db: Path) -> None:
    store = Store(str(app_db))
    admin = person(store, "Ann")
    for i in range(25):
        store.archive_project(store.create_project(f"Old {i:02d}", "ru", "en", actor=admin).id, actor=admin)
    store.close()
    at = app_test("projects", app_db)
    assert not at.exception
    restore = [b for b in at.button if b.key and b.key.startswith("mg_restore_project_")]
    assert len(restore) == 20
    at.pagination(key="mg_archived_projects").set_value(2).run()
    assert len([b for b in at.button if b.key and b.key.startswith("mg_restore_project_")]) == 5


def test_the_post_editing_tables_list_a_page_of_documents_at_a_time(app_db: Path) -> None:
    store = Store(str(app_db))
    admin = person(store, "Ann")
    project = store.create_project("Edited", "ru", "en", actor=admin)
    for i in range(101):
        document = store.add_document(project.id, f"d{i:03d}", _segment(), actor=admin)
        store.set_status(store.segment_page(document.id).rows[0].id, "accepted", actor=admin)
    store.close()
    at = app_test("post_editing", app_db)
    at.selectbox(key="project_select").select(project.id).run()
    at.radio(key="effort_scope").set_value("project").run()
    assert not at.exception
    assert len(_table(at, "document")) == 100
    at.pagination(key="effort_documents_page").set_value(2).run()
    assert _table(at, "document") == ["d100"]


def test_the_activity_log_is_listed_a_page_at_a_time_newest_first(app_db: Path) -> None:
    store = Store(str(app_db))
    admin = person(store, "Ann")
    document = store.documents(store.projects()[0].id)[0]
    segment = store.segment_ids(document.id)[0]
    for i in range(130):
        store.add_comment(segment, f"note {i:03d}", actor=admin)
    total = store.event_count()
    assert store.event_count(document_id=document.id) >= 130
    store.close()
    at = app_test("team", app_db)
    assert not at.exception
    log = next(d.value for d in at.dataframe if "change" in d.value.columns)
    assert len(log) == 100 and log["document"].iloc[0] == document.name
    assert any(f"Events 1–100 of {total:,}" in c.value for c in at.caption)
    at.pagination(key="activity_page-None").set_value(2).run()
    log = next(d.value for d in at.dataframe if "change" in d.value.columns)
    assert len(log) == min(100, total - 100)
