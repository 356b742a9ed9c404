"""Alembic environment: migrate the connection the caller put in ``config.attributes["connection"]``."""

from __future__ import annotations

from alembic import context

from review_app.store.models import Base


def run() -> None:
    """Run the migrations Alembic selected on the caller's connection (inside its transaction)."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through review_app.store.migrate (review-app db upgrade)")
    # Batch mode lets ALTER-style changes work on SQLite too (copy-and-move of the table).
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


# Alembic runs this file as a script; anything else importing it (a tool walking the package) gets no context.
if hasattr(context, "config"):
    run()
