"""The Review page in process (AppTest): list, filters, fixes, editing, annotation, status, undo, conflicts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from review_app.review.demo import DEMO_PROJECT
from review_app.review.importer import import_document
from review_app.store import SegmentFilter, Store
from review_app.text.phrases import tag_tokens
from review_app.vocab import MQM_CATEGORIES as CATEGORIES
from tests.browser_helpers import app_test
from tests.people import person


def _store(app_db: Path) -> Store:
    return Store(str(app_db))


def _open_segment(at: Any, search: str) -> Any:
    at.text_input(key="f_text").input(search).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _current(app_db: Path, search: str) -> int:
    store = _store(app_db)
    project = store.project_by_name(DEMO_PROJECT)
    assert project is not None
    document = store.documents(project.id)[0]
    return next(r.id for r in store.segment_page(document.id, limit=100).rows if search in r.mt)


def _messages(at: Any, kind: str) -> list[str]:
    return [m.value for m in getattr(at, kind)]


def _listed(at: Any) -> list[int]:
    """The segment numbers the list shows, in order (each row's number is the button that opens it)."""
    return [int(b.label) for b in at.button if b.key and b.key.startswith("list-open-")]


def _rows(at: Any) -> list[str]:
    """The HTML of the list's rows (the header left out), in order."""
    return [h.value for h in at.html if h.value.startswith('<div class="list-row') and "list-num" in h.value
            and "MT → corrected" not in h.value]


def _boxes(at: Any) -> list[str]:
    """The HTML of the panel's text boxes: source, MT, reference, then the diffs."""
    return [h.value for h in at.html if 'class="segment-text"' in h.value]


def test_page_renders_the_first_segment_and_the_list(app_db: Path) -> None:
    at = app_test("review", app_db)
    assert not at.exception
    assert at.title[0].value == "Review"
    assert _listed(at) == list(range(1, 16))  # the first page of the list
    assert at.markdown[0].value.startswith("**Segment 1**")
    assert "Skip to main content" in _boxes(at)[1]  # the MT box


def test_filters_and_sort(app_db: Path) -> None:
    at = app_test("review", app_db)
    at.multiselect(key="f_severities").select("major").run()
    store = _store(app_db)
    document = store.documents(store.project_by_name(DEMO_PROJECT).id)[0]  # type: ignore[union-attr]
    expected = store.segment_page(document.id, SegmentFilter(severities=("major",))).rows
    assert _listed(at) == [r.position + 1 for r in expected] and len(expected) == 8  # glossary terms
    at.selectbox(key="f_sort").select("chrf").run()
    by_chrf = store.segment_page(document.id, SegmentFilter(severities=("major",)), "chrf").rows
    assert _listed(at) == [r.position + 1 for r in by_chrf]
    chrf = [r.scores["chrf"] for r in by_chrf]
    assert chrf == sorted(chrf)
    at.multiselect(key="f_severities").unselect("major").run()
    at.multiselect(key="f_checks").select("photo-credit").run()
    rows = _rows(at)
    assert len(rows) == 2 and "Photo: TASS/Olga Rechkina" in rows[0] and "Photo: IZVESTIA/Anton Verkhov" in rows[1]
    at.text_input(key="f_text").input("no such text anywhere").run()
    assert "No segment matches the filters." in _messages(at, "info")


def test_apply_fix_and_apply_to_all_similar(app_db: Path) -> None:
    at = _open_segment(app_test("review", app_db), "long—awaited")
    segment_id = _current(app_db, "long—awaited")
    finding = next(f for f in _store(app_db).segment_detail(segment_id).findings if f.check == "dash-in-compound")
    assert at.button(key=f"apply-all-{finding.id}").label == (
        "Apply this fix to all 4 similar findings in the document…")
    at.button(key=f"apply-{finding.id}").click().run()
    assert "Segment 11: applied the dash-in-compound fix" in _messages(at, "success")
    detail = _store(app_db).segment_detail(segment_id)
    assert "long-awaited opening" in detail.segment.corrected and detail.findings[0].state == "applied"
    assert at.text_area(key=f"editor-{segment_id}").value == detail.segment.corrected
    assert _store(app_db).events(segment_id=segment_id)[0].actor == "Ann"

    at = _open_segment(app_test("review", app_db), "well—known")
    other = _current(app_db, "well—known")
    finding = next(f for f in _store(app_db).segment_detail(other).findings if f.suggestion == "-")
    at.button(key=f"apply-all-{finding.id}").click().run()  # a preview first: nothing written yet
    assert "well—known" in _store(app_db).segment_detail(other).segment.corrected
    preview = next(h.value for h in at.html if "batch-preview" in h.value)
    assert preview.count("<tr>") == 3  # the header and the two segments, each as a word diff
    assert '<td style="' in preview and "<del " in preview and "well" in preview
    at.button(key=f"similar-{finding.id}-apply").click().run()
    assert ("Segment 27: applied the dash-in-compound fix “—” → “-” in 2 segments (3 times): one batch, one undo"
            in _messages(at, "success"))
    assert "well-known" in _store(app_db).segment_detail(other).segment.corrected
    assert "high-speed" in _store(app_db).segment_detail(_current(app_db, "high—speed")).segment.corrected
    at.button(key=f"similar-{finding.id}-undo").click().run()  # one undo for the whole batch
    assert "well—known" in _store(app_db).segment_detail(other).segment.corrected
    assert "high—speed" in _store(app_db).segment_detail(_current(app_db, "high—speed")).segment.corrected


def test_edit_the_corrected_text_and_rescore(app_db: Path) -> None:
    at = _open_segment(app_test("review", app_db), "opening of navigation")
    segment_id = _current(app_db, "opening of navigation")
    text = "He said the start of the shipping season had always been a holiday for the town."
    at.text_area(key=f"editor-{segment_id}").input(text).run()  # saved when the box is left
    detail = _store(app_db).segment_detail(segment_id)
    assert detail.segment.corrected == text and detail.segment.corrected_scores["chrf"] == pytest.approx(100.0)
    assert "Segment 20: saved the corrected text" in _messages(at, "success")
    assert any("45.4 → 100.0" in m.value for m in at.metric)
    at.text_area(key=f"editor-{segment_id}").input(text + " Really.")
    at.button(key=f"save-{segment_id}").click().run()
    assert _store(app_db).segment_detail(segment_id).segment.corrected == text + " Really."


def test_annotate_status_and_undo(app_db: Path) -> None:
    at = _open_segment(app_test("review", app_db), "opening of navigation")
    segment_id = _current(app_db, "opening of navigation")
    words = [t for _start, _end, t in tag_tokens(_store(app_db).segment_detail(segment_id).segment.mt)]
    first, last = words.index("opening"), words.index("navigation")
    at.button_group(key=f"ann-words-{segment_id}").set_value([first, last]).run()
    assert "Span: “opening of navigation”" in [c.value for c in at.caption]
    at.selectbox(key=f"ann-cat-{segment_id}").select("Terminology/Wrong term").run()
    at.button_group(key=f"ann-sev-{segment_id}").set_value("major").run()
    at.text_input(key=f"ann-comment-{segment_id}").input("start of the shipping season")
    at.button(key=f"ann-add-{segment_id}").click().run()
    annotations = _store(app_db).segment_detail(segment_id).annotations
    assert [(a.quote, a.category, a.severity, a.comment, a.reviewer) for a in annotations] == [
        ("opening of navigation", "Terminology/Wrong term", "major", "start of the shipping season", "Ann")]
    assert at.subheader[1].value == "MQM tags (1)"

    at.button(key=f"status-needs_work-{segment_id}").click().run()
    assert _store(app_db).segment_detail(segment_id).segment.status == "needs_work"
    at.button(key=f"undo-{segment_id}").click().run()
    assert _store(app_db).segment_detail(segment_id).segment.status == "todo"
    at.button(key=f"undo-{segment_id}").click().run()
    assert _store(app_db).segment_detail(segment_id).annotations == []
    assert at.button(key=f"undo-{segment_id}").disabled


def _form_open(at: Any) -> bool:
    return bool(next(e for e in at.expander if e.label == "Annotate an error").proto.expanded)


def test_punctuation_is_tagged_on_its_own_and_the_form_stays_open(app_db: Path) -> None:
    at = _open_segment(app_test("review", app_db), "main road")
    segment_id = _current(app_db, "main road")
    chips = at.button_group(key=f"ann-words-{segment_id}")
    # Words without the punctuation around them; each quote mark a chip of its own (the second told apart).
    assert chips.options == ['"', "The", "river", "is", "our", "main", "road", '"\u200b']
    assert _form_open(at)  # no tag yet: the form is open
    chips.set_value([0]).run()
    assert "Span: “\"”" in [c.value for c in at.caption] and _form_open(at)
    at.button(key=f"ann-add-{segment_id}").click().run()
    tags = _store(app_db).segment_detail(segment_id).annotations
    assert [(a.start, a.end, a.quote) for a in tags] == [(0, 1, '"')]
    assert _form_open(at)  # still open with a tag now on the segment: the next tag is one click away
    at.button_group(key=f"ann-words-{segment_id}").set_value([6]).run()  # the next run draws no flash message
    assert _form_open(at) and "Span: “road”" in [c.value for c in at.caption]
    # Closed by the reviewer, it stays closed (its state is the reviewer's, not the tags').
    at.session_state[f"ann-form-{segment_id}"] = False
    at.button_group(key=f"ann-words-{segment_id}").set_value([5]).run()
    assert not _form_open(at)
    assert any('u style="' in h.value and ">neutral</u>" in h.value for h in at.html)  # the legend of the marks


def test_tags_are_listed_with_their_text_and_removed_where_allowed(app_db: Path) -> None:
    store = _store(app_db)
    segment_id = _current(app_db, "opening of navigation")
    mt = store.segment_detail(segment_id).segment.mt
    start = mt.index("navigation")
    bob = person(store, "Bob", "reviewer")
    ann = person(store, "Ann", "reviewer")
    document_id = store.segment_detail(segment_id).segment.document_id
    for name in ("Bob", "Ann"):
        store.assign(document_id, name, actor=person(store, "Admin"))
    store.add_annotation(segment_id, category="Terminology/Wrong term", severity="major", start=start,
                         end=start + len("navigation"), comment="*shipping* <b>season</b>", actor=bob)
    store.add_annotation(segment_id, category="Fluency/Grammar", severity="minor", actor=ann)
    at = _open_segment(app_test("review", app_db, reviewer="Ann", role="reviewer"), "opening of navigation")
    tags = [m.value for m in at.markdown if "-badge[" in m.value and " by " in m.value]
    assert len(tags) == 2
    bobs = next(t for t in tags if "Bob" in t)
    # The tagged text, category, severity, note (escaped, never live Markdown/HTML) and rater.
    assert bobs.startswith(":orange-badge[major] **Terminology/Wrong term** on “navigation” — note: "
                           "*\\*shipping\\* \\<b\\>season\\</b\\>* · by Bob, ")
    assert any(t.startswith(":blue-badge[minor] **Fluency/Grammar** on the whole segment · by Ann") for t in tags)
    by_rater = {a.reviewer: a.id for a in store.segment_detail(segment_id).annotations}
    assert at.button(key=f"del-ann-{by_rater['Bob']}").disabled  # the store would refuse: Bob's tag
    assert not at.button(key=f"del-ann-{by_rater['Ann']}").disabled
    at.button(key=f"del-ann-{by_rater['Ann']}").click().run()
    assert [a.reviewer for a in store.segment_detail(segment_id).annotations] == ["Bob"]
    assert any(c.value.startswith("Removed: :blue-badge[minor] **Fluency/Grammar**") for c in at.caption)
    at.button(key=f"ann-restore-{segment_id}").click().run()
    restored = [(a.reviewer, a.category) for a in store.segment_detail(segment_id).annotations]
    assert sorted(restored) == [("Ann", "Fluency/Grammar"), ("Bob", "Terminology/Wrong term")]
    assert not [b for b in at.button if b.key == f"ann-restore-{segment_id}"]  # nothing left to undo there
    assert at.subheader[1].value == "MQM tags (2)"


def test_a_conflicting_save_is_refused_and_the_text_kept(app_db: Path) -> None:
    at = _open_segment(app_test("review", app_db), "opening of navigation")
    segment_id = _current(app_db, "opening of navigation")
    bob = person(_store(app_db), "Bob")
    _store(app_db).edit_corrected(segment_id, "Bob's version.", actor=bob)  # another browser session saves first
    at.text_area(key=f"editor-{segment_id}").input("Ann's version.").run()
    errors = _messages(at, "error")
    # One banner (not a flash and a warning), naming who saved; both texts shown with the choices.
    assert len(errors) == 1 and errors[0].startswith("Not saved: Bob saved segment 20 at "), errors
    assert at.text_area(key=f"editor-{segment_id}").value == "Ann's version."  # nothing lost
    assert _store(app_db).segment_detail(segment_id).segment.corrected == "Bob's version."
    assert {"Theirs (saved by Bob)", "Yours (not saved)"} <= {c.value for c in at.caption}
    at.button(key=f"discard-{segment_id}").click().run()  # take theirs
    assert at.text_area(key=f"editor-{segment_id}").value == "Bob's version."
    at.text_area(key=f"editor-{segment_id}").input("Ann, after seeing Bob's.").run()
    assert _store(app_db).segment_detail(segment_id).segment.corrected == "Ann, after seeing Bob's."


def test_keep_mine_saves_over_theirs_and_keeps_theirs_in_the_history(app_db: Path) -> None:
    at = _open_segment(app_test("review", app_db), "opening of navigation")
    segment_id = _current(app_db, "opening of navigation")
    _store(app_db).edit_corrected(segment_id, "Bob's version.", actor=person(_store(app_db), "Bob"))
    at.text_area(key=f"editor-{segment_id}").input("Ann's version.").run()
    at.button(key=f"keep-mine-{segment_id}").click().run()
    assert _store(app_db).segment_detail(segment_id).segment.corrected == "Ann's version."
    assert _messages(at, "error") == []
    edits = [e for e in _store(app_db).events(segment_id=segment_id) if e.kind == "edit"]
    assert edits[0].before == {"corrected": "Bob's version."} and edits[0].after == {"corrected": "Ann's version."}


def test_an_untouched_editor_follows_other_sessions(app_db: Path) -> None:
    at = _open_segment(app_test("review", app_db), "opening of navigation")
    segment_id = _current(app_db, "opening of navigation")
    _store(app_db).edit_corrected(segment_id, "Bob's version.", actor=person(_store(app_db), "Bob"))
    at.run()  # any rerun of the page
    assert at.text_area(key=f"editor-{segment_id}").value == "Bob's version."
    at.text_area(key=f"editor-{segment_id}").input("Ann builds on Bob's version.").run()
    assert _messages(at, "error") == []
    assert _store(app_db).segment_detail(segment_id).segment.corrected == "Ann builds on Bob's version."


def test_an_action_clicked_as_the_focus_leaves_the_editor_follows_the_save(app_db: Path) -> None:
    """The click that takes the focus out of the editor runs after the editor's save, with the page drawn before
    it: the reviewer's own save must not make the action a conflict."""
    at = _open_segment(app_test("review", app_db), "opening of navigation")
    segment_id = _current(app_db, "opening of navigation")
    at.text_area(key=f"editor-{segment_id}").input("The start of the shipping season.")  # not left yet
    at.button(key=f"status-corrected-{segment_id}").click().run()  # both in one run, the save first
    assert _messages(at, "error") == []
    segment = _store(app_db).segment_detail(segment_id).segment
    assert (segment.corrected, segment.status) == ("The start of the shipping season.", "corrected")


def test_a_viewer_and_an_unassigned_reviewer_cannot_change_anything(app_db: Path) -> None:
    segment_id = _current(app_db, "long—awaited")

    def controls(at: Any) -> list[bool]:
        return [at.text_area(key=f"editor-{segment_id}").disabled] + [
            b.disabled for b in at.button if b.key and b.key.startswith(("apply-", "status-", "ann-add"))]

    at = _open_segment(app_test("review", app_db, reviewer="Vic", role="viewer"), "long—awaited")
    assert any("Vic is a viewer" in w for w in _messages(at, "warning"))
    assert len(controls(at)) > 3 and all(controls(at))
    at = _open_segment(app_test("review", app_db, reviewer="Rita", role="reviewer"), "long—awaited")
    assert any("not assigned to Rita" in w for w in _messages(at, "warning"))
    assert all(controls(at))
    store = _store(app_db)
    store.assign(store.segment_detail(segment_id).segment.document_id, "Rita", actor=person(store, "Ann"))
    at.run()
    assert not any(controls(at))  # assigned: the same session may change it now


def test_navigation_and_escaping(app_db: Path) -> None:
    store = _store(app_db)
    project = store.project_by_name(DEMO_PROJECT)
    assert project is not None
    import_document(store, project.id, name="markup", actor=person(store, "Ann"), segmented=True,
                    mt_text="<script>alert(1)</script> & <b>bold</b>\nsecond line\n",
                    ref_text="<b>bold</b> &amp; more\nsecond line\n")
    at = app_test("review", app_db)
    at.selectbox(key="document_select").select_index(1).run()
    assert at.markdown[0].value.startswith("**Segment 1**")
    boxes = _boxes(at)
    assert all("<script>" not in h.value and "<b>" not in h.value for h in at.html)
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in row for row in _rows(at))  # the list escapes too
    assert "&lt;script&gt;alert(" in boxes[1] and ")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in boxes[1]
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;amp; more" in boxes[2]  # the reference's "&amp;" shown as typed
    at.button(key="next_segment").click().run()
    assert at.markdown[0].value.startswith("**Segment 2**")
    assert at.button(key="next_segment").disabled and not at.button(key="prev_segment").disabled
    at.number_input(key="goto-2").set_value(1).run()
    assert at.markdown[0].value.startswith("**Segment 1**")


def test_the_list_is_paged(app_db: Path) -> None:
    at = app_test("review", app_db)
    assert at.pagination[0].value == 1
    at.pagination[0].set_value(4).run()
    assert _listed(at) == [46, 47, 48]
    assert at.markdown[0].value.startswith("**Segment 46**")
    at.button(key="prev_segment").click().run()
    assert _listed(at) == list(range(31, 46))  # back on page 3 with segment 45
    assert at.markdown[0].value.startswith("**Segment 45**")


def _delete(app_db: Path, *searches: str) -> list[int]:
    """Delete the segments whose MT contains each search, as a reviewer would (empty corrected text)."""
    store = _store(app_db)
    ids = [_current(app_db, search) for search in searches]
    for segment_id in ids:
        store.edit_corrected(segment_id, "", actor=person(store, "Ann"))
    return ids


def test_the_list_shows_what_was_done_and_strikes_deleted_rows_out(app_db: Path) -> None:
    _delete(app_db, "Advertisement")
    store = _store(app_db)
    opening = _current(app_db, "long—awaited")
    mt = store.segment_detail(opening).segment.mt
    store.edit_corrected(opening, mt.replace("long—awaited", "long-awaited"), actor=person(store, "Ann"))
    at = app_test("review", app_db)
    rows = dict(zip(_listed(at), _rows(at), strict=True))
    # The deleted segment: its MT struck out, and said in words (a screen reader does not see a line).
    assert '<del style="' in rows[2] and "Advertisement</del>" in rows[2] and ">deleted</span>" in rows[2]
    assert "<del" not in rows[3] and "deleted" not in rows[3]
    # The corrected one: the MT → corrected diff; an unchanged one: its MT as it is.
    assert re.search(r"<del [^>]*>—</del><ins [^>]*>-</ins>", rows[11])
    assert "<ins" not in rows[12]
    # No reference, no chrF: "—", never "None".
    assert 'title="sentence chrF of the MT">—</div>' in rows[2]
    assert all("None" not in row for row in rows.values())
    at.button(key=f"list-open-{opening}").click().run()  # a row's number opens its segment
    assert at.markdown[0].value.startswith("**Segment 11**")


def test_deleted_segments_are_hidden_or_listed_alone(app_db: Path) -> None:
    _delete(app_db, "Advertisement", "Select important")
    at = app_test("review", app_db)
    assert at.button_group(key="f_deleted").value == "all" and _listed(at)[:3] == [1, 2, 3]
    at.button_group(key="f_deleted").set_value("only").run()
    assert _listed(at) == [2, 5]
    assert at.markdown[0].value.startswith("**Segment 2**")
    at.button_group(key="f_deleted").set_value("hide").run()
    assert _listed(at)[:5] == [1, 3, 4, 6, 7]
    assert any(c.value.startswith("46 of 48 segments match") for c in at.caption)


def test_an_action_stays_on_the_segment_that_leaves_the_filter(app_db: Path) -> None:
    at = app_test("review", app_db)
    at.toggle(key="f_open").set_value(True).run()
    at.text_input(key="f_text").input("Photo:").run()  # the two photo credits, one open finding each
    store = _store(app_db)
    first, second = (_current(app_db, "Photo: TASS"), _current(app_db, "Photo: IZVESTIA"))
    assert at.markdown[0].value.startswith("**Segment 18**")
    finding = store.segment_detail(first).findings[0]
    at.button(key=f"dismiss-{finding.id}").click().run()
    # Its last finding closed, segment 18 left the list but stays on screen, and says so.
    assert at.markdown[0].value.startswith("**Segment 18**")
    assert "Segment 18 no longer matches the filter; it stays here until you move on." in _messages(at, "info")
    assert "Segment 18: dismissed the photo-credit finding" in _messages(at, "success")
    assert _listed(at) == [32]  # the list is current
    at.button(key=f"status-corrected-{first}").click().run()  # the next click still means segment 18
    assert store.segment_detail(first).segment.status == "corrected"
    assert store.segment_detail(second).segment.status == "todo"
    assert "Segment 18: status set to corrected" in _messages(at, "success")
    at.button(key="next_segment").click().run()  # moving on: the segment that took its place
    assert at.markdown[0].value.startswith("**Segment 32**")
    assert not [m for m in _messages(at, "info") if "no longer matches" in m]


def test_apply_to_all_similar_stays_on_the_segment(app_db: Path) -> None:
    at = app_test("review", app_db)
    at.toggle(key="f_open").set_value(True).run()
    at.text_input(key="f_text").input("well—known").run()
    segment_id = _current(app_db, "well—known")
    finding = next(f for f in _store(app_db).segment_detail(segment_id).findings if f.suggestion == "-")
    at.button(key=f"apply-all-{finding.id}").click().run()
    at.button(key=f"similar-{finding.id}-apply").click().run()
    assert at.markdown[0].value.startswith("**Segment 27**")
    assert at.session_state["seg_id"] == segment_id


def test_a_click_drawn_for_a_segment_no_longer_shown_changes_nothing(app_db: Path) -> None:
    at = app_test("review", app_db)  # segment 1 shown, with its chrome deletion
    store = _store(app_db)
    first = _current(app_db, "Skip to main content")
    finding = store.segment_detail(first).findings[0]
    # The page moves on (a search typed a moment before) while the click on segment 1's fix is under way.
    at.session_state["seg_id"] = _current(app_db, "long—awaited")
    at.button(key=f"apply-{finding.id}").click().run()
    assert store.segment_detail(first).segment.corrected == "Skip to main content"
    assert any(w.startswith("Segment 1: nothing changed") for w in _messages(at, "warning"))


def _station_segments(app_db: Path, but: int) -> list[int]:
    store = _store(app_db)
    document_id = store.segment_detail(but).segment.document_id
    return [r.id for r in store.segment_page(document_id, limit=100).rows
            if r.id != but and "station" in r.corrected.lower()]


def test_an_edit_is_offered_for_the_other_occurrences_previewed_and_undone_at_once(app_db: Path) -> None:
    at = _open_segment(app_test("review", app_db), "fisherman Nikolai")
    segment_id = _current(app_db, "fisherman Nikolai")
    store = _store(app_db)
    text = store.segment_detail(segment_id).segment.corrected
    at.text_area(key=f"editor-{segment_id}").input(text.replace("at the station", "at the terminal")).run()
    at.button(key=f"save-{segment_id}").click().run()
    event = store.events(segment_id=segment_id)[0].id
    assert any("**You edited this segment.**" in m.value for m in at.markdown)
    assert at.text_input(key=f"edit-{event}-0-before").value == "station"
    assert at.text_input(key=f"edit-{event}-0-after").value == "terminal"
    others = _station_segments(app_db, segment_id)
    assert any(c.value == f"{len(others)} other occurrences in {len(others)} segments" for c in at.caption)
    at.button(key=f"edit-{event}-0-preview").click().run()
    preview = next(h.value for h in at.html if "batch-preview" in h.value)
    assert preview.count("<tr>") == len(others) + 1 and "terminal" in preview
    assert all("station" in store.segment_detail(i).segment.corrected.lower() for i in others)  # nothing written
    at.button(key=f"propagate-{segment_id}-apply").click().run()
    assert not at.exception
    assert all("station" not in store.segment_detail(i).segment.corrected.lower() for i in others)
    assert any(f"applied “station” → “terminal” in {len(others)} segments" in s.value for s in at.success)
    assert not [m for m in at.markdown if "You edited" in m.value]  # applied: not offered again
    at.button(key=f"propagate-{segment_id}-undo").click().run()
    assert all("station" in store.segment_detail(i).segment.corrected.lower() for i in others)
    assert "at the terminal" in store.segment_detail(segment_id).segment.corrected  # the reviewer's own edit stays


def test_the_offer_follows_save_and_next_and_the_phrase_can_be_adjusted(app_db: Path) -> None:
    at = app_test("review", app_db)
    segment_id = _current(app_db, "fisherman Nikolai")
    store = _store(app_db)
    at.session_state["seg_id"] = segment_id
    at.session_state["seg_anchor"] = store.segment_detail(segment_id).segment.position
    at.run()
    text = store.segment_detail(segment_id).segment.corrected
    at.text_area(key=f"editor-{segment_id}").input(text.replace("at the station", "at the terminal"))
    at.button(key=f"confirm-next-{segment_id}").click().run()  # Ctrl+Enter: saved, confirmed, on to segment 35
    assert at.markdown[0].value.startswith("**Segment 35**")
    assert any("**You edited segment 34.**" in m.value for m in at.markdown)
    event = next(e.id for e in store.events(segment_id=segment_id) if e.kind == "edit")  # then the status
    at.text_input(key=f"edit-{event}-0-before").input("the station").run()  # narrower: not "river station"
    at.text_input(key=f"edit-{event}-0-after").input("the terminal").run()
    at.text_input(key=f"edit-{event}-0-before").set_value(None).run()  # drawn without its text (held_text)
    assert at.text_input(key=f"edit-{event}-0-before").value == "the station"
    at.button(key=f"edit-{event}-0-preview").click().run()
    here = _current(app_db, "When the station was closed")
    at.button(key=f"propagate-{here}-apply").click().run()
    river = _current(app_db, "The river station in Starorechensk")
    assert store.segment_detail(river).segment.corrected.startswith("The river station")
    assert "When the terminal was closed" in store.segment_detail(here).segment.corrected
    building = _current(app_db, "The building of")
    assert "The building of the terminal" in store.segment_detail(building).segment.corrected


def test_a_declined_offer_does_not_come_back(app_db: Path) -> None:
    at = _open_segment(app_test("review", app_db), "fisherman Nikolai")
    segment_id = _current(app_db, "fisherman Nikolai")
    text = _store(app_db).segment_detail(segment_id).segment.corrected
    at.text_area(key=f"editor-{segment_id}").input(text.replace("at the station", "at the terminal")).run()
    event = _store(app_db).events(segment_id=segment_id)[0].id
    at.button(key=f"decline-edit-{event}").click().run()
    assert not [m for m in at.markdown if "You edited" in m.value]
    at.text_input(key="f_text").input("").run()  # another segment's panel
    assert not [m for m in at.markdown if "You edited" in m.value]
    assert all("station" in _store(app_db).segment_detail(i).segment.corrected.lower()
               for i in _station_segments(app_db, segment_id))


def test_a_comment_typed_but_not_added_is_still_there_after_leaving_the_segment(app_db: Path) -> None:
    at = app_test("main", app_db)  # the whole app: what runs before every page keeps the typed comment
    first = at.session_state["seg_id"]
    at.text_area(key=f"comment-{first}").input("Is this the terminal or the pier?").run()
    at.button(key="next_segment").click().run()  # leave the segment
    assert at.session_state["seg_id"] != first
    at.button(key="prev_segment").click().run()  # and come back
    assert at.session_state["seg_id"] == first
    assert at.text_area(key=f"comment-{first}").value == "Is this the terminal or the pier?"
    at.button(key=f"comment-add-{first}").click().run()
    assert [c.text for c in _store(app_db).comments([first])[first]] == ["Is this the terminal or the pier?"]
    at.button(key="next_segment").click().run()
    at.button(key="prev_segment").click().run()
    assert at.text_area(key=f"comment-{first}").value == ""  # sent: nothing kept


def test_an_annotation_comment_typed_but_not_added_is_still_there_after_leaving_the_segment(app_db: Path) -> None:
    at = app_test("main", app_db)
    first = at.session_state["seg_id"]
    at.text_input(key=f"ann-comment-{first}").input("'pier' is the client's term").run()
    at.button(key="next_segment").click().run()
    at.button(key="prev_segment").click().run()
    assert at.session_state["seg_id"] == first
    assert at.text_input(key=f"ann-comment-{first}").value == "'pier' is the client's term"
    at.button(key=f"ann-add-{first}").click().run()
    assert [a.comment for a in _store(app_db).segment_detail(first).annotations] == ["'pier' is the client's term"]
    at.button(key="next_segment").click().run()
    at.button(key="prev_segment").click().run()
    assert at.text_input(key=f"ann-comment-{first}").value == ""  # added: nothing kept


def test_a_box_the_browser_drew_without_its_text_saves_nothing_and_gets_it_back(app_db: Path) -> None:
    """A text box whose code the browser loaded after the page ran again reports None (held_text), never the
    reviewer's empty text: the editor's saved text and a typed comment both come back. An emptied box is "": saved."""
    at = app_test("main", app_db)
    first = at.session_state["seg_id"]
    before = _store(app_db).segment_detail(first).segment
    at.text_area(key=f"comment-{first}").input("Is this the terminal or the pier?").run()
    at.text_area(key=f"editor-{first}").set_value(None)
    at.text_area(key=f"comment-{first}").set_value(None).run()
    assert not at.exception, [e.value for e in at.exception]
    after = _store(app_db).segment_detail(first).segment
    assert (after.version, after.corrected) == (before.version, before.corrected)
    assert at.text_area(key=f"editor-{first}").value == before.corrected
    assert at.text_area(key=f"comment-{first}").value == "Is this the terminal or the pier?"
    assert not [m for m in _messages(at, "success") if "saved" in m]
    at.text_area(key=f"editor-{first}").input("").run()  # the reviewer empties the box: that is a text
    assert _store(app_db).segment_detail(first).segment.corrected == ""


def test_an_annotation_half_made_keeps_its_words_category_and_severity_when_the_reviewer_leaves(app_db: Path) -> None:
    at = app_test("main", app_db)
    first = at.session_state["seg_id"]
    category = CATEGORIES[3]
    at.button_group(key=f"ann-words-{first}").set_value([1, 2])
    at.selectbox(key=f"ann-cat-{first}").set_value(category)
    at.button_group(key=f"ann-sev-{first}").set_value("major").run()
    at.button(key="next_segment").click().run()
    at.button(key="prev_segment").click().run()
    assert at.session_state["seg_id"] == first
    assert not at.warning, [w.value for w in at.warning]
    assert at.button_group(key=f"ann-words-{first}").value == [1, 2]
    assert at.selectbox(key=f"ann-cat-{first}").value == category
    assert at.button_group(key=f"ann-sev-{first}").value == "major"
    assert at.session_state[f"ann-form-{first}"] is True  # the form open
    at.button(key=f"ann-add-{first}").click().run()
    [added] = _store(app_db).segment_detail(first).annotations
    assert (added.category, added.severity) == (category, "major")
    at.button(key="next_segment").click().run()
    at.button(key="prev_segment").click().run()  # added: the form starts afresh
    assert at.button_group(key=f"ann-words-{first}").value == []
    assert at.selectbox(key=f"ann-cat-{first}").value == CATEGORIES[0]
    assert at.button_group(key=f"ann-sev-{first}").value == "minor"


def test_words_chosen_in_an_mt_the_realignment_changed_are_not_given_back(app_db: Path) -> None:
    at = app_test("main", app_db)
    first = at.session_state["seg_id"]
    at.button_group(key=f"ann-words-{first}").set_value([0]).run()
    at.button(key="next_segment").click().run()
    at.session_state[f"kept-ann-words-{first}"] = ("another MT", [0])  # chosen in an MT since merged or split
    at.button(key="prev_segment").click().run()
    assert at.button_group(key=f"ann-words-{first}").value == []
