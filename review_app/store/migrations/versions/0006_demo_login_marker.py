"""The demo login's markers (rows of ``settings``, see ``store.demo_login``) for a database made before them:
``accounts_existed`` when it has an account or had one (an ``add-user`` event), so disabling or deleting
every account never brings the demo login back; ``quick_start`` when it is a SQLite database already in
demo use (the demo account exists) where no account ever existed. No table changes.

Revision ID: 0006_demo_login_marker
Revises: 0005_archive
Create Date: 2026-12-08
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0006_demo_login_marker"
down_revision = "0005_archive"
branch_labels = None
depends_on = None

# The tables as this revision knows them (not the models, which later revisions may change).
_settings = sa.table("settings", sa.column("name", sa.String), sa.column("value", sa.Text))
_users = sa.table("users", sa.column("demo", sa.Boolean))
_events = sa.table("events", sa.column("kind", sa.String))


def _any(bind: sa.Connection, condition: sa.ColumnElement[bool]) -> bool:
    return bool(bind.scalar(sa.select(sa.exists().where(condition))))


def upgrade() -> None:
    bind = op.get_bind()
    note = f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC: found by migration 0006"
    had_accounts = _any(bind, _users.c.demo == sa.false()) or _any(bind, _events.c.kind == "add-user")
    if had_accounts and not _any(bind, _settings.c.name == "accounts_existed"):
        op.bulk_insert(_settings, [{"name": "accounts_existed", "value": note}])
    elif (not had_accounts and bind.dialect.name == "sqlite" and _any(bind, _users.c.demo == sa.true())
          and not _any(bind, _settings.c.name == "quick_start")):
        op.bulk_insert(_settings, [{"name": "quick_start", "value": note}])


def downgrade() -> None:
    """The markers stay: they are never cleared, and the older schema simply ignores them."""
