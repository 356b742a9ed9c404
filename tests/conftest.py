"""Shared fixtures: the throwaway PostgreSQL server and the ``db_url`` parametrisation (tests/postgres.py)."""

pytest_plugins = ("tests.postgres",)
