"""The Findings page (AppTest): findings grouped by check, a check's fixes previewed, applied as one batch
and undone as one; and Review's "Accept" asking first when findings are open."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from review_app.review.importer import import_document
from review_app.store import Store
from tests.browser_helpers import app_test
from tests.people import person


def _rows(app_db: Path) -> list[Any]:
    store = Store(str(app_db))
    return store.segment_page(store.documents(store.projects()[0].id)[0].id, limit=100).rows


def test_findings_grouped_by_check_and_a_checks_fixes_in_one_batch(app_db: Path) -> None:
    at = app_test("findings", app_db)
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("**glossary**") and any(lb.startswith("**chrome** · 10 findings") for lb in labels)
    at.multiselect(key="findings_checks").select("chrome").run()
    table = at.dataframe[0].value
    assert table["#"].tolist() == [1, 2, 3, 4, 5, 6, 7, 31, 47, 48] and set(table["fix"]) == {"(delete)"}

    at.button(key="findings-plan-chrome").click().run()  # a preview first: nothing written yet
    preview = next(h.value for h in at.html if "batch-preview" in h.value)
    numbers = re.findall(r'<tr><td style="[^"]*">(\d+)</td>', preview)
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "31", "47", "48"]
    assert preview.count("(the segment becomes empty)") == 10 and "<del " in preview
    assert any("10 segments change, 10 findings close" in m.value for m in at.markdown)
    assert _rows(app_db)[0].corrected == "Skip to main content"
    at.multiselect(key="findings-leave").select(_rows(app_db)[47].id).run()  # the reviewer leaves one out
    assert at.button(key="findings-apply").label == "Apply to 9 segments (one undo)"
    at.button(key="findings-apply").click().run()
    done = "Applied the chrome fixes in 9 segments: one batch, one undo"
    assert done in [m.value for m in at.success]
    assert _rows(app_db)[47].corrected == "Advertisement"  # left out: unchanged
    at.multiselect(key="findings_checks").select("chrome").run()
    at.button(key="findings-undo").click().run()
    at.button(key="findings-plan-chrome").click().run()
    at.button(key="findings-apply").click().run()
    assert "Applied the chrome fixes in 10 segments: one batch, one undo" in [m.value for m in at.success]
    rows = _rows(app_db)
    assert [rows[i].corrected for i in (0, 1, 6, 46, 47)] == [""] * 5
    assert "No finding matches the filters." in [m.value for m in at.info]  # no open chrome finding left

    at.button(key="findings-undo").click().run()
    rows = _rows(app_db)
    assert rows[0].corrected == "Skip to main content" and rows[47].corrected == "Advertisement"
    assert at.dataframe[0].value["#"].tolist() == [1, 2, 3, 4, 5, 6, 7, 31, 47, 48]


def test_accept_with_open_findings_asks_first(app_db: Path) -> None:
    at = app_test("review", app_db)  # segment 1: an open chrome finding
    first = _rows(app_db)[0].id
    at.button(key=f"status-accepted-{first}").click().run()
    assert any("still has 1 open finding" in w.value for w in at.warning)
    assert Store(str(app_db)).segment_detail(first).segment.status == "todo"
    at.button(key=f"accept-cancel-{first}").click().run()
    assert not [w for w in at.warning if "open finding" in w.value]
    at.button(key=f"status-accepted-{first}").click().run()
    at.button(key=f"accept-anyway-{first}").click().run()
    assert Store(str(app_db)).segment_detail(first).segment.status == "accepted"
    at.button(key="next_segment").click().run()
    at.button(key="prev_segment").click().run()
    twelve = _rows(app_db)[11].id  # no finding: accepted at once
    at.session_state["seg_id"] = twelve
    at.run()
    at.button(key=f"status-accepted-{twelve}").click().run()
    assert Store(str(app_db)).segment_detail(twelve).segment.status == "accepted"


def test_the_preview_holds_back_a_split_acronym_definition_and_shows_texts_as_text(app_db: Path) -> None:
    store = Store(str(app_db))
    ann = person(store, "Ann")
    project = store.create_project("OBOR", "zh", "en", glossary="OBOR\tBRI\n", actor=ann)
    mt = ("Partners in the One Belt— One Road Initiative (OBOR) <b>met</b>.\nTrade grew along the OBOR.\n"
          "The OBOR and the EAEU met.\n")
    document = import_document(store, project.id, name="obor", mt_text=mt, ref_text=mt, segmented=True, actor=ann)
    rows = store.segment_page(document.id).rows
    at = app_test("findings", app_db)
    at.selectbox(key="project_select").select(project.id).run()
    at.button(key="findings-plan-glossary").click().run()
    preview = next(h.value for h in at.html if "batch-preview" in h.value)
    assert "Held back: “One Belt— One Road Initiative (OBOR)” defines the acronym" in preview
    assert "&lt;b&gt;met&lt;/b&gt;" in preview and "<b>" not in preview  # the texts are text, not HTML
    assert at.multiselect(key="findings-leave").value == [rows[0].id]  # held back: left out unless kept
    assert at.button(key="findings-apply").label == "Apply to 2 segments (one undo)"
    at.button(key="findings-apply").click().run()
    assert [r.corrected for r in store.segment_page(document.id).rows] == [
        rows[0].mt, "Trade grew along the BRI.", "The BRI and the EAEU met."]


def test_a_checks_findings_are_drawn_a_page_at_a_time(app_db: Path) -> None:
    """A project's tens of thousands of findings are never loaded at once: each check shows one page of them
    (gravest first), a page number brings the others, and a row of a later page opens its own segment."""
    from review_app.checks.base import Finding
    from review_app.model import AlignedSegment

    store = Store(str(app_db))
    admin = person(store, "Ann")
    project = store.create_project("Big", "ru", "en", actor=admin)
    segments = [AlignedSegment(f"Line {i} is a time—tested one.", f"Line {i} is a time-tested one.", None, [i], [i])
                for i in range(250)]
    findings = [[Finding(1, s.mt.index("—"), s.mt.index("—") + 1, "dash-in-compound", "Fluency/Punctuation",
                         "major" if i % 50 == 0 else "minor", "dash", "-")] for i, s in enumerate(segments)]
    store.add_document(project.id, "big", segments, findings, actor=admin)
    store.close()
    at = app_test("findings", app_db)
    at.selectbox(key="project_select").select(project.id).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 100 and table["#"].tolist()[:6] == [1, 51, 101, 151, 201, 2]  # the 5 major ones first
    assert any("250 findings" in c.value for c in at.caption)
    at.pagination(key="findings-page-dash-in-compound").set_value(3).run()
    minor = [i + 1 for i in range(250) if i % 50]
    assert at.dataframe[0].value["#"].tolist() == minor[-50:]  # 5 major + 95 minor, 100 minor, the last 50
