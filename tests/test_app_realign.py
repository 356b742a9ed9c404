"""Correcting the alignment from the app (AppTest): every operation from the Review page and the Document page,
confirming a link, the next uncertain link and the filter, a conflict refused with the store's message, controls
disabled for who may not change the document, typed text never lost, link types at a glance, escaped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from review_app.store import SegmentRow, Store
from tests.browser_helpers import app_test
from tests.people import person
from tests.realign_data import GOLD, add_shifted, beads

SHIFTED_BEADS = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ()), ((4, 5), (3, 4)), ((6,), (5,)), ((7,), (6,)),
                 ((8, 9), (7,))]


@pytest.fixture
def shifted(app_db: Path) -> tuple[Store, int, int]:
    """The demo database with a second project holding the shifted document: (store, project id, document id)."""
    store = Store(str(app_db))
    project = store.create_project("Shifted", "ru", "en", actor=person(store, "Ann"))
    return store, project.id, add_shifted(store, project.id, person(store, "Ann"))


def _segment(store: Store, document: int, number: int) -> SegmentRow:
    row = store.segment_by_position(document, number - 1)
    assert row is not None
    return row


def _open(app_db: Path, shifted: tuple[Store, int, int], number: int, view: str = "review",
          reviewer: str = "Ann", role: str = "admin") -> Any:
    """The page on the shifted document with segment ``number`` current (selected on the Document page)."""
    store, project, document = shifted
    at = app_test(view, app_db, reviewer=reviewer, role=role)
    at.selectbox(key="project_select").set_value(project).run()
    at.selectbox(key="document_select").set_value(document).run()
    at.session_state["seg_id"] = _segment(store, document, number).id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(at: Any) -> int:
    """The number of the segment the Review panel shows."""
    return int(at.markdown[0].value.split("**")[1].split()[1])


def _messages(at: Any, kind: str) -> list[str]:
    return [m.value for m in getattr(at, kind)]


def _click(at: Any, key: str) -> Any:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_merge_from_the_review_page_and_undo(app_db: Path, shifted: tuple[Store, int, int]) -> None:
    store, _project, document = shifted
    third = _segment(store, document, 3)
    at = _open(app_db, shifted, 3)
    _click(at, f"align-merge-next-{third.id}")  # one action
    assert beads(store, document)[2] == ((2, 3), (2,))
    assert "Segment 3: merged: segment 3 (2-1)" in _messages(at, "success")
    assert _shown(at) == 3 and "link 2-1" in at.markdown[0].value
    history = next(h.value for h in at.html if "merged with the next segment" in h.value)
    assert "segments: 3 (1-1) + 4 (1-0) → 3 (2-1)" in history
    _click(at, f"undo-{third.id}")  # the panel's undo reverts it whole
    assert beads(store, document) == SHIFTED_BEADS
    fourth = _segment(store, document, 4)
    at = _open(app_db, shifted, 4)
    _click(at, f"align-merge-previous-{fourth.id}")
    assert beads(store, document)[2] == ((2, 3), (2,)) and _shown(at) == 3  # the part that carries it


def test_split_at_the_chosen_sentences(app_db: Path, shifted: tuple[Store, int, int]) -> None:
    store, _project, document = shifted
    fifth = _segment(store, document, 5)
    at = _open(app_db, shifted, 5)
    tail = f"{fifth.id}-{fifth.version}"
    mt, ref = at.button_group(key=f"align-cut-mt-{tail}"), at.button_group(key=f"align-cut-ref-{tail}")
    assert mt.options == ["— | 5–6", "5 | 6", "5–6 | —"] and mt.value == 1 and ref.value == 1  # cut in the middle
    assert any("MT 5</span>The first ship left at noon." in h.value for h in at.html)  # sentences with numbers
    mt.set_value(2).run()  # both MT sentences to the first part, one reference sentence each
    _click(at, f"align-split-{fifth.id}")
    assert beads(store, document)[4:6] == [((4, 5), (3,)), ((), (4,))]
    _click(at, f"undo-{fifth.id}")
    assert beads(store, document) == SHIFTED_BEADS
    _click(at, f"align-split-{fifth.id}")  # the cut it starts with is the right one here: one action
    assert beads(store, document)[4:6] == [((4,), (3,)), ((5,), (4,))]
    assert any("split: MT 5 | 6, ref 4 | 5, source 5 | 6" in h.value for h in at.html)


def test_move_and_detach_a_sentence(app_db: Path, shifted: tuple[Store, int, int]) -> None:
    store, _project, document = shifted
    seventh = _segment(store, document, 7)
    at = _open(app_db, shifted, 7)
    _click(at, f"align-ref-first-{seventh.id}")  # the first reference sentence to the previous segment
    assert beads(store, document)[5:7] == [((6,), (5, 6)), ((7,), ())]
    assert any("moved the first reference sentence (7) to the previous segment" in h.value for h in at.html)
    eighth = _segment(store, document, 8)
    at = _open(app_db, shifted, 8)
    _click(at, f"align-detach-mt-last-{eighth.id}")
    assert beads(store, document) == [*GOLD[:2], ((2,), (2,)), ((3,), ()), ((4, 5), (3, 4)), *GOLD[5:]]
    assert _segment(store, document, 9).link == "1-0"
    # The MT's moves too: the last MT sentence to the next segment, and back.
    third = _segment(store, document, 3)
    at = _open(app_db, shifted, 3)
    _click(at, f"align-mt-last-{third.id}")
    assert beads(store, document)[2:4] == [((), (2,)), ((2, 3), ())]
    _click(at, f"undo-{_segment(store, document, 3).id}")
    assert beads(store, document)[2:4] == [((2,), (2,)), ((3,), ())]


def test_confirm_the_link_next_uncertain_and_the_filter(app_db: Path, shifted: tuple[Store, int, int]) -> None:
    store, _project, document = shifted
    at = _open(app_db, shifted, 1)
    assert any("7 uncertain links open in this document" in h.value for h in at.html)
    _click(at, f"align-next-uncertain-{_segment(store, document, 1).id}")
    assert _shown(at) == 2
    second = _segment(store, document, 2)
    _click(at, f"align-confirm-{second.id}")
    assert store.segment_detail(second.id).segment.confirmed_by == "Ann" and store.uncertain_count(document) == 6
    assert any("link <strong>1-1</strong> · <span class=\"align-confirmed\">✓ confirmed by Ann</span>" in h.value
               for h in at.html)
    assert any("confirmed the link" in h.value for h in at.html)  # the history
    at.toggle(key="f_uncertain").set_value(True).run()
    listed = [int(b.label) for b in at.button if b.key and b.key.startswith("list-open-")]
    assert listed == [3, 4, 5, 6, 7, 8] and _shown(at) == 3  # a filter starts at the top of its list
    _click(at, f"align-next-uncertain-{_segment(store, document, 3).id}")
    assert _shown(at) == 4


def test_a_change_by_someone_else_since_the_page_was_drawn_is_refused(app_db: Path,
                                                                      shifted: tuple[Store, int, int]) -> None:
    store, _project, document = shifted
    third, fourth = _segment(store, document, 3), _segment(store, document, 4)
    at = _open(app_db, shifted, 3)
    store.edit_corrected(fourth.id, "She thanked the workers.", actor=person(store, "Bob"))  # the neighbour
    _click(at, f"align-merge-next-{third.id}")
    assert any(m.startswith("Segment 3: segment 4 was changed by Bob") for m in _messages(at, "error"))
    assert beads(store, document) == SHIFTED_BEADS


def test_who_may_not_change_the_document_sees_no_enabled_control(app_db: Path,
                                                                 shifted: tuple[Store, int, int]) -> None:
    for view in ("review", "document"):
        at = _open(app_db, shifted, 5, view=view, reviewer="Vic", role="viewer")
        controls = [b for b in at.button if b.key and b.key.startswith("align-")]
        changing = [b for b in controls if not b.key.startswith("align-next-uncertain-")]
        assert len(changing) == 12 and all(b.disabled for b in changing), view  # 7 operations, split, 4 detaches
        assert [b.disabled for b in controls if b.key.startswith("align-next-uncertain-")] == [False]  # reading


def test_typed_text_is_saved_before_an_operation_and_never_lost(app_db: Path,
                                                                shifted: tuple[Store, int, int]) -> None:
    store, _project, document = shifted
    third = _segment(store, document, 3)
    at = _open(app_db, shifted, 3)
    at.text_area(key=f"editor-{third.id}").input("The mayor cut the red ribbon.")  # not saved yet
    _click(at, f"align-merge-next-{third.id}")  # saved first, then carried into the merged segment
    merged = store.segment_detail(third.id).segment
    assert merged.corrected == "The mayor cut the red ribbon. She thanked the builders."
    assert at.text_area(key=f"editor-{third.id}").value == merged.corrected
    # Typed on a segment someone else saved meanwhile: the save is refused, so is the operation; the text stays.
    fifth = _segment(store, document, 4)  # (4,5):(3,4), now the fourth
    at = _open(app_db, shifted, 4, view="main")  # the whole app: what runs before every page keeps typed text
    store.edit_corrected(fifth.id, "Bob's text.", actor=person(store, "Bob"))
    at.text_area(key=f"editor-{fifth.id}").input("The first ship sailed at noon. Tickets cost 650 rubles.")
    _click(at, f"align-split-{fifth.id}")
    assert beads(store, document)[3] == ((4, 5), (3, 4))
    assert at.text_area(key=f"editor-{fifth.id}").value == "The first ship sailed at noon. Tickets cost 650 rubles."
    assert any(m.startswith("Not saved: Bob saved segment 4") for m in _messages(at, "error"))
    # That text, kept for the reviewer's return, holds back an operation on a neighbour that would rewrite it.
    _click(at, f"list-open-{_segment(store, document, 5).id}")
    assert _shown(at) == 5
    _click(at, f"align-merge-previous-{_segment(store, document, 5).id}")
    assert any("segment 4 holds text you typed that is not saved" in m for m in _messages(at, "error"))
    assert beads(store, document)[3:5] == [((4, 5), (3, 4)), ((6,), (5,))]


def test_the_document_page_shows_links_and_corrects_them(app_db: Path, shifted: tuple[Store, int, int]) -> None:
    store, _project, document = shifted
    at = _open(app_db, shifted, 1, view="document")
    links = [b.label for b in at.button if (b.key or "").startswith("document_link-")]
    assert links == ["1-1", "1-1", "1-1", "1-0", "2-2", "1-1", "1-1", "2-1"]  # the types at a glance
    notes = [h.value for h in at.html if 'class="document-link"' in h.value]
    assert notes[0] == '<div class="document-link">confidence 0.95</div>'
    assert 'confidence 0.45 <span class="align-uncertain">⚠ uncertain</span>' in notes[1]
    seventh = _segment(store, document, 7)
    _click(at, f"document_link-{seventh.id}")  # select its link: the tools open under it
    _click(at, f"align-ref-first-{seventh.id}")  # and move: two actions
    assert beads(store, document)[5:7] == [((6,), (5, 6)), ((7,), ())]
    assert "Segment 7: moved a sentence: segments 6 (1-2), 7 (1-0)" in _messages(at, "success")  # said here
    notes = [h.value for h in at.html if 'class="document-link"' in h.value]
    assert '<span class="align-confirmed">✓ confirmed by Ann</span>' in notes[5]
    _click(at, "document_prev")  # Alt+Up: the selection moves
    _click(at, f"align-merge-previous-{_segment(store, document, 6).id}")
    assert beads(store, document)[4] == ((4, 5, 6), (3, 4, 5, 6))
    assert at.session_state["seg_id"] == _segment(store, document, 5).id  # the merged segment stays selected


def test_names_and_texts_are_escaped(app_db: Path, shifted: tuple[Store, int, int]) -> None:
    store, _project, document = shifted
    second = _segment(store, document, 2)
    store.confirm_link(second.id, actor=person(store, "<b>Eve</b>"))
    for view in ("review", "document"):
        at = _open(app_db, shifted, 2, view=view)
        shown = "\n".join(h.value for h in at.html)
        assert "confirmed by &lt;b&gt;Eve&lt;/b&gt;" in shown and "<b>Eve</b>" not in shown


def test_the_uncertain_filter_lives_in_the_url(app_db: Path, shifted: tuple[Store, int, int]) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.browser_helpers import APP

    store, project, document = shifted
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["auth_user"] = person(store, "Ann")
    at.query_params.update({"project": str(project), "doc": str(document), "uncertain": "1"})
    at.run()
    assert not at.exception and at.toggle(key="f_uncertain").value
    assert [int(b.label) for b in at.button if (b.key or "").startswith("list-open-")] == [2, 3, 4, 5, 6, 7, 8]
    at.toggle(key="f_uncertain").set_value(False).run()
    assert "uncertain" not in at.query_params
