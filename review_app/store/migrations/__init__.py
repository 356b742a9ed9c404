"""Alembic migrations of the review database (``versions/``, one file per schema change).

Run through :mod:`review_app.store.migrate` (``review-app db upgrade``), never with a bare
``alembic`` command: the environment takes its connection from the caller.
"""
