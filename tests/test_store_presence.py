"""Presence: who else has a document or segment open, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from review_app.store import Store
from review_app.store.models import utcnow
from review_app.store.presence import WINDOW
from tests.people import person


def _document(store: Store) -> int:
    return store.documents(store.projects()[0].id)[0].id


def test_others_on_the_document_are_present_within_the_window(demo_store: Store) -> None:
    store = demo_store
    document = _document(store)
    ann, bob = person(store, "ann"), person(store, "bob")
    now = utcnow()
    store.mark_present("tab-ann", ann, document, 1, now=now)
    store.mark_present("tab-bob", bob, document, 2, now=now)
    assert [(p.name, p.segment_id) for p in store.present(document, user=ann, now=now)] == [("bob", 2)]
    store.mark_present("tab-bob", bob, document, 1, now=now)  # moves to ann's segment: one row per tab
    assert [(p.name, p.segment_id) for p in store.present(document, user=ann, now=now)] == [("bob", 1)]
    # Bob in a second tab (or after a reload) is still one colleague, with his newest page.
    store.mark_present("tab-bob-2", bob, document, 3, now=now + timedelta(seconds=1))
    seen = store.present(document, user=ann, now=now + timedelta(seconds=1))
    assert [(p.name, p.segment_id, p.position) for p in seen] == [("bob", 3, 2)]
    # Ann's own earlier page (a reload) is not a colleague.
    store.mark_present("tab-ann-old", ann, document, 5, now=now)
    assert [p.name for p in store.present(document, user=ann, now=now)] == ["bob"]


def test_presence_ends_after_the_window_or_on_leaving(demo_store: Store) -> None:
    store = demo_store
    document = _document(store)
    bob = person(store, "bob")
    then = utcnow()
    store.mark_present("tab-bob", bob, document, 2, now=then)
    ann = person(store, "ann")
    assert store.present(document, user=ann, now=then + WINDOW - timedelta(seconds=1))
    assert not store.present(document, user=ann, now=then + WINDOW + timedelta(seconds=1))
    store.mark_present("tab-bob", bob, document, 2, now=then)
    store.leave_document("tab-bob")
    assert not store.present(document, user=ann, now=then)
