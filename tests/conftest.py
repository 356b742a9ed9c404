"""Shared fixtures and suite-wide settings: the throwaway PostgreSQL server and the ``db_url``
parametrisation (tests/postgres.py); the demo database, the app server and Chromium for the app and
browser tests (tests/browser_helpers.py); property tests draw the same examples on every run, so a
failure is repeatable."""

from hypothesis import settings

pytest_plugins = ("tests.postgres", "tests.browser_helpers")

# derandomize: examples come from a fixed seed per test, never from the clock, so the suite cannot
# pass on a rerun of what failed before; the examples still explore as widely as before.
settings.register_profile("review_app", derandomize=True, print_blob=True)
settings.load_profile("review_app")
