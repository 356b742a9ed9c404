"""A segment's history in words (app/components/history_panel.py): each change before → after, an undo saying
what it undid, user text escaped; the same words in the Team page's activity log."""

from __future__ import annotations

from pathlib import Path

from review_app.app.components.history_panel import describe, entry_html, entry_text
from review_app.store import Store
from tests.browser_helpers import app_test
from tests.people import person

SEGMENT = 27  # "On weekends, a tourist motor ship will take passengers on a four—hour walk to the well—known …"


def _history(store: Store, segment_id: int) -> list[str]:
    """The segment's history as plain text, oldest first."""
    events = store.events(segment_id=segment_id, limit=1000)
    findings = {f.id: f for f in store.segment_detail(segment_id).findings}
    by_id = {e.id: e for e in events}
    return [entry_text(describe(e, by_id, findings)) for e in reversed(events)]


def _work(app_db: Path) -> tuple[Store, int]:
    """Ann edits segment 27 and Bob (an admin) undoes it; then Ann fixes, dismisses, annotates, comments and
    sets the status."""
    store = Store(str(app_db))
    ann, bob = person(store, "ann"), person(store, "bob")
    segment = store.segment_page(1, limit=100).rows[SEGMENT - 1]
    text = segment.corrected
    store.edit_corrected(segment.id, text.replace("On weekends,", "At weekends,"), actor=ann)
    store.undo_last(segment.id, actor=bob)
    four, well = sorted(store.segment_detail(segment.id).findings, key=lambda f: f.start)
    store.apply_fix(four.id, actor=ann)
    store.dismiss_finding(well.id, actor=ann)
    start = segment.mt.index("weekends")
    store.add_annotation(segment.id, category="Fluency/Grammar", severity="minor", start=start, end=start + 8,
                         comment="plural?", actor=ann)
    store.add_comment(segment.id, "Is <b>this</b> **right**?", actor=ann)
    store.set_status(segment.id, "corrected", actor=ann)
    return store, segment.id


def test_each_change_is_told_before_and_after(app_db: Path) -> None:
    store, segment_id = _work(app_db)
    assert _history(store, segment_id) == [
        "edited the text: 'On' → 'At'",
        "undid the edit by ann: 'On' → 'At'",  # what was undone, as it was made (not "undoes 53")
        "applied the dash-in-compound fix: 'four—hour' → 'four-hour'; "
        "dash-in-compound finding on '—': open → applied",
        "dismissed a finding: dash-in-compound finding on '—': open → dismissed",
        "annotated: added MQM annotation minor Fluency/Grammar on 'weekends' (plural?)",
        "commented: “Is <b>this</b> **right**?”",
        "set the status: to review → corrected",  # the app's labels, not the codes
    ]


def test_user_text_is_escaped_in_the_history(app_db: Path) -> None:
    store, segment_id = _work(app_db)
    store.edit_corrected(segment_id, "<img src=x onerror=alert(1)> **bold**", actor=person(store, "ann"))
    events = store.events(segment_id=segment_id, limit=1000)
    rendered = "".join(entry_html(describe(e, {x.id: x for x in events}, {})) for e in events)
    assert "<img" not in rendered and "&lt;img src=x onerror=alert(1)&gt; **bold**</ins>" in rendered
    assert "<b>this</b>" not in rendered and "Is &lt;b&gt;this&lt;/b&gt; **right**?" in rendered
    assert '<ins style="' in rendered and '<del style="' in rendered  # a text change shows as a word diff


def test_the_review_page_and_the_activity_log_tell_the_history(app_db: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.browser_helpers import APP

    store, _segment = _work(app_db)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["auth_user"] = person(store, "ann")  # accounts exist: no demo login
    at.query_params.update({"project": "1", "doc": "1", "seg": str(SEGMENT)})
    at.run()
    assert not at.exception
    history = next(h.value for h in at.html if "undid the edit by ann" in h.value)
    assert "set the status: to review → corrected" in history and "undoes" not in history
    log = app_test("team", app_db, reviewer="ann").dataframe[-1].value
    undo = log[log["what"] == "undid the edit by ann"]
    assert undo["who"].tolist() == ["bob"] and undo["change"].tolist() == ["'On' → 'At'"]
    segments = log.loc[log["what"].isin(["edited the text", "commented", "set the status"]), "segment"]
    assert segments.tolist() == [str(SEGMENT)] * 3  # the number the reader sees, not a database id


def test_every_undoable_kind_the_history_names_has_an_undo_message() -> None:
    """Undo's one-line result says what it undid in words ("undid the edit"), never the event's kind."""
    from review_app.app.components import history_panel
    from review_app.vocab import UNDONE_LABELS

    assert set(history_panel._NOUNS) | set(history_panel._REALIGN) <= set(UNDONE_LABELS)


def test_corrections_of_the_alignment_are_told_in_words(app_db: Path) -> None:
    from tests.realign_data import add_shifted

    store = Store(str(app_db))
    ann = person(store, "ann")
    document = add_shifted(store, store.create_project("Shifted", "ru", "en", actor=ann).id, ann)

    def at(number: int) -> int:
        row = store.segment_by_position(document, number - 1)
        assert row is not None
        return row.id

    second, third, fifth = at(2), at(3), at(5)
    store.confirm_link(second, actor=ann)
    store.merge_segments(third, "next", actor=ann)
    store.split_segment(at(4), mt=1, ref=1, actor=ann)
    store.move_sentence(at(7), "ref", "first", actor=ann)
    store.detach_sentence(at(8), "mt", "last", actor=ann)
    assert _history(store, second)[0].startswith("confirmed the link: alignment finding on 'Hundreds of people")
    assert _history(store, second)[0].endswith(": open → resolved")
    assert _history(store, third)[0] == ("merged with the next segment: segments: 3 (1-1) + 4 (1-0) → 3 (2-1); "
                                         "2 findings open → resolved")  # the two links' "alignment uncertain"
    assert _history(store, fifth)[0] == ("split: MT 5 | 6, ref 4 | 5, source 5 | 6: segments: 4 (2-2) → 4 (1-1) "
                                         "+ 5 (1-1); 1 finding open → resolved")
    assert _history(store, at(7))[0] == ("moved the first reference sentence (7) to the previous segment: segments: "
                                         "6 (1-1) + 7 (1-1) → 6 (1-2) + 7 (1-0); 2 findings open → resolved")
    assert _history(store, at(8))[0] == ("detached the last MT sentence (10) into a segment of its own: segments: "
                                         "8 (2-1) → 8 (1-1) + 9 (1-0); 1 finding open → resolved")
    store.undo_last(at(8), actor=ann)
    assert _history(store, at(8))[-1].startswith(
        "undid the detachment of the last MT sentence (10) by ann: segments: 8 (2-1) → 8 (1-1) + 9 (1-0)")
    store.undo_last(third, actor=ann)  # the merge's undo waits for nothing: the split came after it elsewhere
    assert _history(store, third)[-1].startswith("undid the merge with the next segment by ann")
    store.undo_last(second, actor=ann)
    assert _history(store, second)[-1] == ("undid the confirmation of the link by ann: alignment finding on "
                                           "'Hundreds of people came to the opening.': open → resolved")
