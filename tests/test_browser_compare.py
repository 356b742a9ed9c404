"""The Compare and History pages in a real browser: uploads of five WMT21 en→ru systems, a click on a
segment difference opening it side by side, and recorded qa runs charted with their CIs."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from shared_data import shared_corpus

from review_app.cli import main
from tests.browser_helpers import Serve, _fit_height, open_app, wait_idle

pytestmark = pytest.mark.browser

SYSTEMS = ("Facebook-AI", "Online-W", "Online-B", "NiuTrans", "Online-Y")
LINES = 250


@pytest.fixture(scope="module")
def wmt21(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The first lines of the WMT21 en→ru source, reference A and five systems, under their system names."""
    folder = shared_corpus("wmt21-newstest-en-ru") / "txt"
    out = tmp_path_factory.mktemp("wmt21")
    files = {}
    for key, name in [("src", "newstest2021.en-ru.src.en"), ("ref", "newstest2021.en-ru.ref.A.ru"),
                      *[(s, f"newstest2021.en-ru.hyp.{s}.ru") for s in SYSTEMS]]:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()[:LINES]
        files[key] = out / (f"{key}.ru" if key in SYSTEMS else name)
        files[key].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return files


def _screenshot(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The whole page (also into $REVIEW_APP_SCREENSHOT_DIR when set, for the docs)."""
    _fit_height(page)
    page.screenshot(path=str(path))
    folder = os.environ.get("REVIEW_APP_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / path.name))


def _side_by_side_segment(page) -> int:  # type: ignore[no-untyped-def]
    heading = page.get_by_role("heading", name=re.compile(r"^Segment \d+ side by side$"))
    heading.wait_for(timeout=30_000)
    return int(re.search(r"\d+", heading.inner_text()).group())


def test_compare_page_in_a_browser(browser: Any, serve: Serve, wmt21: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "compare.db"
    assert main(["db", "init", "--db", str(db)]) == 0  # only the quick start's database is made by the app
    server = serve(db)
    page = browser.new_page(viewport={"width": 1440, "height": 1100})
    open_app(page, server.url, "compare")
    inputs = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    inputs.nth(0).set_input_files([str(wmt21[s]) for s in SYSTEMS])
    wait_idle(page)
    inputs.nth(1).set_input_files(str(wmt21["ref"]))
    wait_idle(page)
    inputs.nth(2).set_input_files(str(wmt21["src"]))
    wait_idle(page)
    trials = page.get_by_role("spinbutton", name="Randomization trials (0 = skip)")
    trials.fill("1000")
    trials.press("Enter")
    wait_idle(page)
    page.get_by_role("textbox", name="Target language").fill("ru")
    page.get_by_role("textbox", name="Target language").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Compare", exact=True).click()
    wait_idle(page, timeout=600_000)
    page.get_by_role("heading", name="Paired significance against the baseline").wait_for(timeout=30_000)
    charts = page.locator("[data-testid=stVegaLiteChart]")
    for k in range(3):  # scores, length buckets, word F-measure (drawn after the script, when in view)
        page.get_by_role("heading").last.scroll_into_view_if_needed()
        charts.nth(k).scroll_into_view_if_needed(timeout=60_000)
        charts.nth(k).locator("canvas, svg").first.wait_for(timeout=60_000)
    # Every system's output in the side-by-side view, as an escaped word diff from the reference.
    systems = page.locator(".compare-system b")
    assert systems.all_inner_texts() == list(SYSTEMS)
    first = _side_by_side_segment(page)
    # Click the third row of the largest-differences table (its row-selection column).
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 * 3 + 17)
    wait_idle(page)
    second = _side_by_side_segment(page)
    assert second != first
    _screenshot(page, tmp_path / "compare.png")


def test_history_page_in_a_browser(browser: Any, serve: Serve, wmt21: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    assert main(["db", "init", "--db", str(db)]) == 0  # `qa --db` records into a database that exists
    for k, system in enumerate(("Online-Y", "NiuTrans", "Facebook-AI", "Online-B")):
        code = main(["qa", "--mt", str(wmt21[system]), "--ref", str(wmt21["ref"]), "--segmented", "--lang", "ru",
                     "--checks", "numbers", "--metrics", "bleu,chrf", "--bootstrap", "200", "--jobs", "1",
                     "--out", str(tmp_path / f"out{k}"), "--db", str(db), "--run-name", f"release-{k + 1}",
                     "--run-project", "en-ru news", "--name", "our engine",
                     *(["--baseline", f"release-{k}"] if k else [])])
        assert code == (1 if system == "Online-B" else 0)  # release 4 regresses significantly from release 3
    server = serve(db)
    page = browser.new_page(viewport={"width": 1440, "height": 1100})
    open_app(page, server.url, "history")
    page.get_by_role("heading", name="Run history").wait_for(timeout=30_000)
    charts = page.locator("[data-testid=stVegaLiteChart]")
    for k in range(2):  # BLEU and chrF over the runs (drawn after the script)
        charts.nth(k).locator("canvas, svg").first.wait_for(timeout=60_000)
    assert charts.count() == 2
    assert page.get_by_text("4 run(s).").count() == 1
    _screenshot(page, tmp_path / "history.png")
