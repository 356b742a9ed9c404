"""The editor's guard script (``leave_guard.js``) in a real browser, on a page of its own: what it keeps of the
typing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from review_app.app.components.leave_guard import EDITOR_GATE_CSS, GATE_SECONDS

JS = (Path(__file__).resolve().parent.parent / "review_app" / "app" / "components" / "js" / "leave_guard.js"
      ).read_text(encoding="utf-8")

ORIGIN = "http://guard.test/"
PAGE = '<!doctype html><textarea aria-label="Corrected text">Saved text.</textarea>'
DATA = {"segment": 7, "saved": "Saved text.", "version": 3, "scope": "s", "readonly": False}
# Load the script as the module Streamlit loads, and call its default export as a component's mount does.
MOUNT = """async ([source, data]) => {
    const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
    (await import(url)).default({data, setTriggerValue: () => {}});
}"""


def _page(browser: Any) -> Any:
    page = browser.new_page()
    page.route(ORIGIN, lambda route: route.fulfill(body=PAGE, content_type="text/html"))
    page.goto(ORIGIN)  # an origin of its own: localStorage needs one
    return page


def _draft(page: Any) -> Any:
    return page.evaluate("() => JSON.parse(localStorage.getItem('review_app:draft:s:7'))")


def test_keys_typed_before_the_guard_was_ready_are_kept(browser: Any) -> None:
    # Under load the page draws the editor before the guard's script runs; a reviewer who types at once
    # and then reloads must still be offered the text.
    page = _page(browser)
    page.click("textarea")
    page.keyboard.press("End")
    page.keyboard.type(" (early)")
    assert _draft(page) is None  # no listener yet
    page.evaluate(MOUNT, [JS, DATA])
    assert _draft(page)["text"] == "Saved text. (early)" and _draft(page)["base"] == 3
    page.keyboard.type("!")  # and every keystroke after it
    assert _draft(page)["text"] == "Saved text. (early)!"
    page.close()


def test_an_untouched_editor_leaves_no_draft(browser: Any) -> None:
    page = _page(browser)
    page.evaluate(MOUNT, [JS, DATA])
    assert _draft(page) is None
    page.evaluate(MOUNT, [JS, {**DATA, "readonly": True}])  # a viewer's page: the box is not theirs to edit
    page.click("textarea")
    page.keyboard.type("x")
    assert page.input_value("textarea") == "Saved text.x" and _draft(page) is None
    page.close()


def test_keys_typed_into_the_next_segment_before_the_guard_learnt_of_it_are_kept_as_its_own(browser: Any) -> None:
    # The page draws the next segment's editor (Streamlit marks its holder editor-<id>) before the guard's data
    # names that segment: a reviewer who clicks into it at once types into segment 8 while the guard still says 7.
    page = _page(browser)
    page.evaluate(MOUNT, [JS, DATA])
    page.evaluate("""() => {
        const box = document.querySelector("textarea");
        box.outerHTML = '<div class="st-key-editor-8"><textarea aria-label="Corrected text">Next one.</textarea></div>';
    }""")
    page.click("textarea")
    page.keyboard.press("End")
    page.keyboard.type(" (quick)")
    assert _draft(page) is None  # never kept as segment 7's: restoring it there would write 8's text into 7
    page.evaluate(MOUNT, [JS, {**DATA, "segment": 8, "saved": "Next one.", "version": 5}])
    eight = page.evaluate("() => JSON.parse(localStorage.getItem('review_app:draft:s:8'))")
    assert (eight["text"], eight["base"]) == ("Next one. (quick)", 5)
    page.close()


def test_the_editor_takes_no_click_until_the_guard_is_installed(browser: Any) -> None:
    # The browser loads the guard's script after drawing the page (seconds on a starved machine): keys typed into
    # the box before it would be lost to a reload in that moment, so the box is not clickable until then.
    page = browser.new_page()
    gated = (f"<!doctype html><style>{EDITOR_GATE_CSS}</style>"
             '<div class="st-key-editor-7"><textarea aria-label="Corrected text">Saved text.</textarea></div>')
    page.route(ORIGIN, lambda route: route.fulfill(body=gated, content_type="text/html"))
    page.goto(ORIGIN)
    pointer = "() => getComputedStyle(document.querySelector('textarea')).pointerEvents"
    assert page.evaluate(pointer) == "none"
    page.evaluate(MOUNT, [JS, DATA])
    assert page.evaluate(pointer) == "auto"
    page.click("textarea")
    page.keyboard.type("!")
    assert _draft(page)["text"] == "Saved text.!"
    page.close()


def test_the_editor_takes_clicks_when_the_guard_never_arrives(browser: Any) -> None:
    # Unguarded beats unusable: after GATE_SECONDS the box is the reviewer's whatever became of the script.
    page = browser.new_page()
    quick = EDITOR_GATE_CSS.replace(f" {GATE_SECONDS}s ", " 0.2s ")
    assert quick != EDITOR_GATE_CSS
    page.set_content(f"<style>{quick}</style>"
                     '<div class="st-key-editor-7"><textarea aria-label="Corrected text">Saved.</textarea></div>')
    page.wait_for_function("() => getComputedStyle(document.querySelector('textarea')).pointerEvents === 'auto'")
    page.click("textarea")
    page.close()
