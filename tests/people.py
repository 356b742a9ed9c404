"""Accounts for tests: named admins without passwords (they act through the store, never sign in)."""

from __future__ import annotations

from review_app.store import Operator, Store, User

OP = Operator("tests")


def person(store: Store, name: str, role: str = "admin") -> User:
    """The account ``name`` of this store's database, created (without a password) on first use."""
    for info in store.users():
        if info.name == name:
            user = store.user(info.id)
            assert user is not None, f"account {name} is disabled"
            return user
    return store.add_user(name, role, password=None, actor=OP)
