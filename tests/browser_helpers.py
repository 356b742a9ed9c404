"""Helpers for tests that need a demo database, a running `streamlit run` server, or Chromium.

Its fixtures (``app_db``, ``playwright_api``, ``browser``, ``serve``, ``demo_server``) reach every test
module through ``tests/conftest.py``, which loads this module as a pytest plugin.

Also the screenshot maker: ``python scripts/screenshots.py`` (or :func:`take_screenshots`)
starts the app on a copy of the demo database, drives it with Playwright and writes one PNG
per page to ``docs/screenshots/``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from review_app.cli.serve_cmd import command as serve_command
from tests import watchdog

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = REPO_ROOT / "review_app" / "app" / "main.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT_DIR = REPO_ROOT / "docs" / "screenshots"
SERVER_LIFETIME_S = 2 * 3600  # the longest a test app server lives if its test process never stops it
REVIEWER = "demo"  # the demo login: a SQLite database without accounts signs visitors in as the demo admin

_TEMPLATE: dict[str, Path] = {}


def demo_db(target: Path) -> Path:
    """A fresh copy of a database holding only the demo project (built once per process, then copied)."""
    if "path" not in _TEMPLATE:
        from review_app.review.demo import load_demo
        from review_app.store import Store

        folder = Path(tempfile.mkdtemp(prefix="review_app_demo_"))
        path = folder / "demo.db"
        store = Store(str(path))
        load_demo(store)
        store.close()  # the last connection's close checkpoints the WAL into the main file
        _TEMPLATE["path"] = path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_TEMPLATE["path"], target)
    return target


def app_test(view: str, db: Path, reviewer: str | None = "Ann", timeout: float = 60, role: str = "admin") -> Any:
    """An AppTest of ``review_app/app/views/VIEW.py`` (or ``main``) on database ``db``, already run once.

    ``reviewer`` names the signed-in account (an account without a password is created with
    ``role``; it signs the session in as the sign-in form would); None leaves the session as a new
    browser finds it (the demo login on a SQLite database without accounts).
    The caller must point ``REVIEW_APP_DB`` at ``db`` (monkeypatch) so the page opens that store, or leave
    it unset in ``db``'s folder for the quick start's ``./review_app.db``.
    """
    from streamlit.testing.v1 import AppTest

    quick_start = "REVIEW_APP_DB" not in os.environ and db == Path.cwd() / "review_app.db"
    assert quick_start or os.environ.get("REVIEW_APP_DB") == str(db), "set REVIEW_APP_DB to the test database first"
    script = APP if view == "main" else APP.parent / "views" / f"{view}.py"
    at = AppTest.from_file(str(script), default_timeout=timeout)
    if reviewer:
        from review_app.store import Store
        from tests.people import person

        store = Store(str(db))
        at.session_state["auth_user"] = person(store, reviewer, role)
        store.close()
    return at.run()


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the demo database, which the pages under test open (``REVIEW_APP_DB`` points at it)."""
    path = demo_db(tmp_path / "review.db")
    monkeypatch.setenv("REVIEW_APP_DB", str(path))
    return path


@pytest.fixture
def demo_store(db_url: str, tmp_path: Path) -> Any:
    """The demo project on SQLite (a copy of the prepared file) and on PostgreSQL (loaded afresh)."""
    from review_app.review.demo import load_demo
    from review_app.store import Store

    if db_url.startswith("sqlite"):
        return Store(str(demo_db(tmp_path / "review.db")))
    store = Store(db_url)
    load_demo(store)
    return store


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StreamlitServer:
    """``streamlit run review_app/app/main.py`` on 127.0.0.1, headless, on a given database; restartable."""

    def __init__(self, db: Path, port: int | None = None, log_path: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.db, self.port = db, port or free_port()
        self.log_path = log_path or db.with_suffix(".server.log")
        self.env = env or {}
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The app's address."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        """Start the server and wait until its health endpoint answers."""
        # Presence refreshes only with the page's own reruns (a timed fragment run would end a wait for
        # "the rerun this click caused" early); the presence test sets its own interval.
        env = {**os.environ, "REVIEW_APP_DB": str(self.db), "PYTHONPATH": str(REPO_ROOT),
               "REVIEW_APP_PRESENCE_SECONDS": "0", **self.env}
        # The app as `review-app serve` starts it, without the file watcher.
        cmd = [*serve_command(argparse.Namespace(port=self.port, host="127.0.0.1", headless=True)),
               "--server.fileWatcherType", "none"]
        log = open(self.log_path, "ab")  # noqa: SIM115 - the server process writes to it until stop()
        self.process = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        # Stopped by stop(); if this test process dies first, the watchdog stops the server's group.
        kill = f"import os, signal; os.killpg({self.process.pid}, signal.SIGKILL)"
        watchdog.start(f"pid:{self.process.pid}", [sys.executable, "-c", kill], SERVER_LIFETIME_S)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}: {self.log_path.read_text()}")
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{self.url}/_stcore/health",
                                                                       timeout=2) as response:
                if response.status == 200:
                    return
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"streamlit did not answer on {self.url} within {timeout:.0f}s")

    def stop(self) -> None:
        """Stop the server (its whole process group) and wait for it.

        Raises AssertionError when the server logged a Python traceback: an ordinary page must not
        produce one, so every browser test fails on it.
        """
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        self.process = None
        tracebacks = self.tracebacks()
        if tracebacks:
            raise AssertionError(f"the server logged {len(tracebacks)} traceback(s) ({self.log_path}):\n"
                                 + "\n".join(tracebacks))

    def tracebacks(self) -> list[str]:
        """Every Python traceback in the server log, each from its first line to the exception line."""
        if not self.log_path.exists():
            return []
        lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        found = []
        for i, line in enumerate(lines):
            if line.startswith("Traceback (most recent call last)"):
                end = next((j for j in range(i + 1, len(lines)) if lines[j] and not lines[j].startswith(" ")),
                           len(lines) - 1)
                found.append("\n".join(lines[i : end + 1]))
        return found

    def __enter__(self) -> StreamlitServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@pytest.fixture(scope="module")
def playwright_api() -> Iterator[Any]:
    """Playwright's sync API, started once per test module (skips without Chromium or Playwright)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) for browser tests")
    from playwright.sync_api import sync_playwright  # a dev dependency: missing, the tests fail (no skip)

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def browser(playwright_api: Any) -> Iterator[Any]:
    """Debian's Chromium for one test, closed after it."""
    chromium = launch_chromium(playwright_api)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """When a browser test fails, keep what its pages showed: a screenshot and the text of each open page,
    named in the report (a failure seen once under load must be explainable without a rerun)."""
    report: Any = yield
    chromium = getattr(item, "funcargs", {}).get("browser")
    if report.when == "call" and report.failed and chromium is not None:
        folder = Path(tempfile.mkdtemp(prefix="review_app_browser_failure_"))
        pages = [page for context in chromium.contexts for page in context.pages]
        for n, page in enumerate(pages):
            with contextlib.suppress(Exception):  # evidence is best effort: the page may be gone
                page.screenshot(path=str(folder / f"page{n}.png"), full_page=True)
                (folder / f"page{n}.txt").write_text(f"{page.url}\n\n{page.inner_text('body')}", encoding="utf-8")
        report.sections.append(("browser pages", f"{len(pages)} page(s) saved in {folder}"))
    return report


Serve = Callable[[Path], StreamlitServer]  # the ``serve`` fixture: start the app on a database


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    """``serve(db)`` starts the app on database ``db`` and returns its server; every server is stopped after
    the test, which then fails if the server logged a traceback (the log is ``server.log`` in ``tmp_path``)."""
    with contextlib.ExitStack() as servers:
        yield lambda db: servers.enter_context(StreamlitServer(db, log_path=tmp_path / "server.log"))


@pytest.fixture
def demo_server(serve: Serve, tmp_path: Path) -> StreamlitServer:
    """The app running on a fresh copy of the demo database (``review.db`` in ``tmp_path``)."""
    return serve(demo_db(tmp_path / "review.db"))


# How long an auto-retrying assertion waits for what must appear. Playwright's 5 s default is shorter than
# one rerun of a busy page on this shared 2-core machine (a key's message seen after 6 s failed a test once):
# the wait is a bound, not a measure, so it is as long as the slowest honest rerun.
EXPECT_TIMEOUT_MS = 30_000


def expect(locator: Any) -> Any:
    """Playwright's auto-retrying assertion (imported late: the module may be absent), waiting up to
    ``EXPECT_TIMEOUT_MS``."""
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    return playwright_expect(locator)


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, with nothing phoning home."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


_RUN_COUNTER = """() => {
    // Count finished script runs: a MutationObserver sees every change of the run-state attribute, even a
    // run that starts and ends between two polls, so "a rerun has happened" is known, not guessed.
    if (window.__reviewRuns === undefined) {
        window.__reviewRuns = 0;
        // The whole document is watched: Streamlit may replace the app's root element.
        new MutationObserver(records => {
            for (const r of records) { if (r.oldValue === 'running') window.__reviewRuns += 1; }
        }).observe(document.documentElement, {attributes: true, subtree: true,
                   attributeFilter: ['data-test-script-state'], attributeOldValue: true});
    }
    return window.__reviewRuns;
}"""

_IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
        && document.querySelectorAll('[data-stale="true"]').length === 0;
}"""


def runs(page: Any) -> int:
    """Script runs finished since the page loaded (installs the counter on first use)."""
    page.wait_for_selector('[data-testid="stApp"]')
    return int(page.evaluate(_RUN_COUNTER))


def wait_idle(page: Any, timeout: float = 30_000, *, after: int | None = None) -> None:
    """Wait until Streamlit has finished the rerun an interaction triggered (or the first run).

    With ``after`` (a :func:`runs` count taken before the interaction), wait until a run has finished
    since: without it a slow server may not have started the rerun yet, and the next click would land
    on the page as it was before the interaction.

    An interaction may send the browser to another address (signing out goes through the server's route and
    back): a look into the page while it is being replaced finds no page to look into, so the wait starts
    again on the page that loads.
    """
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        try:
            _wait_idle(page, timeout, after)
            return
        except PlaywrightError as exc:
            if attempt == 2 or not _NAVIGATED.search(str(exc)):
                raise
            page.wait_for_load_state("domcontentloaded", timeout=timeout)
            after = None  # the counter started again with the new page


# What Playwright says when the page it was asked to evaluate in navigated away meanwhile.
_NAVIGATED = re.compile(r"Execution context was destroyed|most likely because of a navigation")


def _wait_idle(page: Any, timeout: float, after: int | None) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    if after is not None:
        # Streamlit may also replace the app's element instead of changing its attribute, which the
        # counter cannot see: after a while, fall back to the idle check below.
        with contextlib.suppress(Exception):
            page.wait_for_function(f"() => window.__reviewRuns > {int(after)}", timeout=min(timeout, 10_000))
    else:
        with contextlib.suppress(Exception):  # a quick rerun may be over before we look
            page.wait_for_function(
                """() => document.querySelector('[data-testid="stApp"]')
                       ?.getAttribute('data-test-script-state') !== 'notRunning'""",
                timeout=700,
            )
    page.wait_for_function(_IDLE, timeout=timeout)
    page.wait_for_timeout(200)
    runs(page)  # keep the counter installed on a freshly loaded page


def open_app(page: Any, url: str, path: str = "") -> None:
    """Open a page of the app and wait for it to render."""
    page.goto(f"{url}/{path}", wait_until="domcontentloaded")
    wait_idle(page)


def sign_in(page: Any, name: str | None = None, password: str = "") -> None:
    """Sign in with the form as ``name``; without a name, expect the demo login (no form)."""
    if name is None:
        page.get_by_text("Demo login").first.wait_for(timeout=15_000)
        return
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {name}").wait_for(timeout=20_000)
    # On the app's server the sign-in loads the page anew (its route sets the HttpOnly cookie): the run
    # counter starts again there, so wait for that page's first run to settle.
    wait_idle(page)


def signed_in_page(browser: Any, url: str, name: str | None = None, password: str = "", path: str = "",
                   **page_options: Any) -> Any:
    """A new page (in a context of its own: its own cookies) on ``url/path``, signed in as ``name``
    (None: the demo login); ``page_options`` go to Playwright's ``new_page`` (viewport, downloads)."""
    page = browser.new_page(**page_options)
    open_app(page, url, path)
    sign_in(page, name, password)
    return page


def search_segment(page: Any, text: str) -> None:
    """Filter the review list by ``text`` (Enter commits the box)."""
    box = page.get_by_role("textbox", name="Search text")
    if box.input_value() == text:
        return  # unchanged: Enter would not rerun
    box.fill(text)
    before = runs(page)
    box.press("Enter")
    wait_idle(page, after=before)


def button(page: Any, name: str) -> Any:
    """The buttons labelled exactly ``name``, with or without the keyboard shortcut Streamlit shows in them."""
    return page.get_by_role("button", name=re.compile(rf"^{re.escape(name)}(\s+Shortcut\s.*)?$", re.S))


def click_button(page: Any, name: str) -> None:
    """Click the button labelled ``name`` and wait for the rerun it triggers to finish."""
    before = runs(page)
    button(page, name).first.click()
    wait_idle(page, after=before)


_KEY_LABELS = {"Control": "Ctrl", "ArrowUp": "↑", "ArrowDown": "↓", "ArrowLeft": "←", "ArrowRight": "→"}


def shortcut_label(keys: str) -> str:
    """How Streamlit names a shortcut in its button ("Alt+Shift+d" -> "Alt + Shift + D")."""
    return " + ".join(_KEY_LABELS.get(key, key.upper() if len(key) == 1 else key) for key in keys.split("+"))


def editor(page: Any) -> Any:
    """The Review page's corrected-text editor, once the page's guards are installed.

    The guards (``components/js/press_guard.js``, ``leave_guard.js``) are scripts the browser loads after it
    has drawn the page: tens of milliseconds on an idle machine, seconds on a starved one. The editor takes no
    click until the leave guard is there (``leave_guard.EDITOR_GATE_CSS``), but a test that holds a button or
    presses a shortcut needs both: it acts once the page is ready, as a reviewer can.
    """
    box = page.get_by_role("textbox", name="Corrected text")
    expect(box).to_be_visible()
    page.wait_for_function("() => window.__reviewAppPressGuard?.installed && window.__reviewAppLeaveGuard?.installed",
                           timeout=30_000)
    return box


def shortcut_ready(page: Any, keys: str) -> None:
    """Wait until the button whose keyboard shortcut is ``keys`` is drawn and enabled.

    A shortcut belongs to its button: Streamlit binds the key when it draws the button. After a page
    load the script's run can be over while the browser still draws its widgets (under load, seconds
    later); a key pressed before its button is drawn does nothing, as it would for a reviewer.
    """
    target = page.locator(f'button:has([aria-label="Shortcut {shortcut_label(keys)}"])').first
    expect(target).to_be_enabled()
    # The key is bound in an effect React runs after the button is painted: let a frame and a task pass.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")


def press(page: Any, keys: str) -> None:
    """Press a button's keyboard shortcut once that button is drawn, and wait for the rerun it triggers."""
    shortcut_ready(page, keys)
    before = runs(page)
    page.keyboard.press(keys)
    wait_idle(page, after=before)


def sample_review(page: Any) -> None:
    """A little review work on the demo, so the screenshots show results: fixes, an annotation, statuses."""
    search_segment(page, "long—awaited")
    click_button(page, "Apply this fix to all 4 similar findings in the document…")
    click_button(page, "Apply to 3 segments (one undo)")
    page.get_by_role("button", name="cities", exact=True).click()
    wait_idle(page)
    page.get_by_role("textbox", name="Comment").fill("a town, not a city")
    click_button(page, "Add annotation")
    click_button(page, "Corrected")
    search_segment(page, "Photo: TASS")
    click_button(page, "Apply fix")
    click_button(page, "Accept as is")
    search_segment(page, "")
    goto = page.get_by_role("spinbutton", name="Go to list item")
    goto.fill("11")  # the tagged segment: its tag highlighted in the MT and listed with its text
    before = runs(page)
    goto.press("Enter")
    wait_idle(page, after=before)


def _fit_height(page: Any, width: int = 1440) -> None:
    """Make the window as tall as the page's content (Streamlit scrolls inside the app, not the document)."""
    page.set_viewport_size({"width": width, "height": 900})
    height = 900
    for _ in range(3):  # charts grow once they are laid out at the new size; measure until it settles
        page.wait_for_timeout(700)
        measured = page.evaluate(
            """() => Math.max(...Array.from(document.querySelectorAll(
                '[data-testid="stMain"], [data-testid="stMainBlockContainer"], [data-testid="stSidebarContent"]'))
                .map(e => e.scrollHeight))"""
        )
        new_height = max(900, min(int(measured) + 40, 4000))
        if new_height <= height:
            break
        height = new_height
        page.set_viewport_size({"width": width, "height": height})


def take_screenshots(url: str, out_dir: Path = SCREENSHOT_DIR) -> list[Path]:
    """One PNG per page of the app at ``url``, after a little review work on the demo project."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, device_scale_factor=1)
        open_app(page, url)
        sign_in(page)
        sample_review(page)
        links = {"findings": "Findings", "document": "Document", "projects": "Projects & import",
                 "dashboard": "Dashboard", "export": "Export"}
        for path, name in (("review", "review"), ("findings", "findings"), ("document", "document"),
                           ("projects", "projects"), ("dashboard", "dashboard"), ("export", "export")):
            if path != "review":
                before = runs(page)
                page.get_by_role("link", name=links[path]).click()
                wait_idle(page, after=before)
                page.wait_for_timeout(1500 if path == "dashboard" else 300)  # charts render after the script
            target = out_dir / f"{name}.png"
            _fit_height(page)
            page.screenshot(path=str(target))
            shots.append(target)
        browser.close()
    return shots


def take_realign_screenshots(url: str, project: int, document: int, out_dir: Path = SCREENSHOT_DIR) -> list[Path]:
    """Correcting the alignment (README): the Review panel on an uncertain 2-2 link with its split choices, and the
    Document page with a link selected, on the shifted document of ``tests/realign_data.py``."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1280}, device_scale_factor=1)
        for name, path in (("realign-review", "review"), ("realign-document", "document")):
            open_app(page, url, f"{path}?project={project}&doc={document}&seg={5 if path == 'review' else 6}")
            sign_in(page)
            page.wait_for_timeout(300)
            if path == "document":  # the selected link's tools open under its row: show them with the rows above
                page.locator("[class*='st-key-document-align']").scroll_into_view_if_needed()
            target = out_dir / f"{name}.png"
            page.screenshot(path=str(target))
            shots.append(target)
        browser.close()
    return shots


def screenshots_main() -> int:
    """Start the app on a copy of the demo database and write the screenshots (``scripts/screenshots.py``); then
    those of correcting the alignment, on a database holding the shifted document too."""
    if not CHROMIUM.exists():
        print(f"screenshots: {CHROMIUM} not found (apt-get install chromium)", file=sys.stderr)
        return 2
    from review_app.store import Store
    from tests.people import OP
    from tests.realign_data import add_shifted

    with tempfile.TemporaryDirectory(prefix="review_app_shots_") as folder:
        db = demo_db(Path(folder) / "review.db")
        with StreamlitServer(db) as server:
            shots = take_screenshots(server.url)
        store = Store(str(db))
        project = store.create_project("Shifted", "ru", "en", actor=OP).id
        document = add_shifted(store, project, OP)
        store.close()
        with StreamlitServer(db) as server:
            shots += take_realign_screenshots(server.url, project, document)
        for path in shots:
            print(path.relative_to(REPO_ROOT))
    return 0
