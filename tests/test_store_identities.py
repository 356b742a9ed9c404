"""Single sign-on in the store: e-mail links, identities waiting for an admin, grants, sessions per ID token,
and the password sign-in's one-time tickets (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from review_app.store import PermissionDenied, Store, StoreError, accounts
from review_app.store.identities import TICKET_SECONDS, OidcClaims
from review_app.store.models import utcnow
from tests.people import OP

ISSUER = "https://id.example.com"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _claims(subject: str, email: str | None, *, nonce: str = "n1", verified: bool | None = True,
            issued: int | None = None, issuer: str = ISSUER) -> OidcClaims:
    info: dict[str, object] = {"iss": issuer, "sub": subject, "iat": issued or int(datetime.now(UTC).timestamp()),
                               "nonce": nonce, "email": email, "name": f"Person {subject}"}
    if verified is not None:
        info["email_verified"] = verified
    claims = OidcClaims.from_user_info(info)
    assert claims is not None
    return claims


def test_a_known_verified_email_links_on_the_first_sign_in_with_an_event(store: Store) -> None:
    ada = store.add_user("ada", "admin", password=None, actor=OP)
    store.set_email("ada", "Ada@Example.com ", actor=OP)
    assert store.emails() == {"ada": "ada@example.com"}
    claims = _claims("sub-ada", "ADA@example.com")
    outcome = store.sso_sign_in(claims)
    assert outcome.user == ada and outcome.first and not outcome.pending
    again = store.sso_sign_in(claims)  # the same token on the next click: the same session, not a new one
    assert again.user == ada and not again.first
    [identity] = store.identities()
    assert (identity.user, identity.linked_by, identity.email) == ("ada", "e-mail", "ada@example.com")
    kinds = [(e.actor, e.kind, e.after.get("subject")) for e in store.events(limit=3)]
    assert kinds[0] == ("ada", "link-identity", "sub-ada")
    # Linked by identity from now on: a changed address at the provider still signs in as ada.
    assert store.sso_sign_in(_claims("sub-ada", "ada@elsewhere.org", nonce="n2")).user == ada


def test_an_unknown_identity_waits_until_an_admin_grants_a_role(store: Store) -> None:
    ada = store.add_user("ada", "admin", password=None, actor=OP)
    rita = store.add_user("rita", "reviewer", password=None, actor=OP)
    claims = _claims("sub-x", "xavier@example.com")
    outcome = store.sso_sign_in(claims)
    assert outcome.user is None and outcome.pending and "ask an admin" in outcome.reason
    [waiting] = store.identities(pending=True)
    assert (waiting.email, waiting.name, waiting.user) == ("xavier@example.com", "Person sub-x", None)
    with pytest.raises(PermissionDenied, match="granting a role needs an admin"):
        store.grant_identity(waiting.id, "reviewer", actor=rita)
    assert store.identities(pending=True) and store.sso_sign_in(claims).user is None
    granted = store.grant_identity(waiting.id, "reviewer", actor=ada)
    assert (granted.name, granted.role) == ("xavier", "reviewer")
    assert store.identities(pending=True) == []
    assert store.sso_sign_in(claims).user == granted  # the same sign-in works from the next click
    event = store.events(limit=1)[0]
    assert (event.actor, event.kind, event.after["name"], event.after["role"]) == ("ada", "grant-identity", "xavier",
                                                                                   "reviewer")
    assert store.emails()["xavier"] == "xavier@example.com"
    with pytest.raises(StoreError, match="already has an account"):
        store.grant_identity(waiting.id, "viewer", actor=ada)


def test_an_unverified_or_reused_email_links_nothing(store: Store) -> None:
    store.add_user("ada", "admin", password=None, actor=OP)
    store.set_email("ada", "ada@example.com", actor=OP)
    assert store.sso_sign_in(_claims("sub-1", "ada@example.com", verified=False)).pending
    assert store.sso_sign_in(_claims("sub-2", "ada@example.com")).user is not None  # verified: linked
    # A second identity of the same provider with ada's address does not take her account over.
    assert store.sso_sign_in(_claims("sub-3", "ada@example.com")).pending
    # Another provider's identity with the verified address links (one per provider).
    assert store.sso_sign_in(_claims("sub-4", "ada@example.com", issuer="https://other.example.org")).user


def test_sign_out_expiry_and_disabling_end_a_single_sign_on(store: Store) -> None:
    ada = store.add_user("ada", "admin", password=None, actor=OP)
    rita = store.add_user("rita", "reviewer", password=None, actor=OP)
    store.set_email("rita", "rita@example.com", actor=ada)
    claims = _claims("sub-r", "rita@example.com")
    assert store.sso_sign_in(claims).user == rita
    store.end_sso_session(claims)
    assert store.sso_sign_in(claims).user is None  # the same identity cookie again: signed out
    assert "signed out" in store.sso_sign_in(claims).reason
    fresh = _claims("sub-r", "rita@example.com", nonce="n2")  # a new sign-in at the provider
    assert store.sso_sign_in(fresh).user == rita
    store.set_active("rita", False, actor=ada)
    assert "disabled" in store.sso_sign_in(fresh).reason
    store.set_active("rita", True, actor=ada)
    old = int((datetime.now(UTC) - timedelta(hours=13)).timestamp())  # older than REVIEW_APP_SESSION_HOURS (12)
    assert "expired" in store.sso_sign_in(_claims("sub-r", "rita@example.com", nonce="n3", issued=old)).reason


def test_a_token_never_seen_is_revoked_by_its_sign_out(store: Store) -> None:
    store.add_user("ada", "admin", password=None, actor=OP)
    store.set_email("ada", "ada@example.com", actor=OP)
    assert store.sso_sign_in(_claims("sub-a", "ada@example.com")).user is not None
    unseen = _claims("sub-a", "ada@example.com", nonce="other")
    store.end_sso_session(unseen)
    assert store.sso_sign_in(unseen).user is None


def test_emails_are_admin_only_unique_and_checked(store: Store) -> None:
    ada = store.add_user("ada", "admin", password=None, actor=OP)
    rita = store.add_user("rita", "reviewer", password=None, actor=OP)
    with pytest.raises(PermissionDenied, match="setting an e-mail needs an admin"):
        store.set_email("rita", "rita@example.com", actor=rita)
    store.set_email("rita", "rita@example.com", actor=ada)
    with pytest.raises(StoreError, match=r"another account has the e-mail rita@example\.com"):
        store.set_email("ada", "RITA@example.com", actor=ada)
    with pytest.raises(StoreError, match="is not an e-mail address"):
        store.set_email("ada", "not an address", actor=ada)
    store.set_email("rita", "", actor=ada)  # cleared
    assert store.emails() == {}
    event = store.events(limit=1)[0]
    assert (event.kind, event.before["email"], event.after["email"]) == ("set-email", "rita@example.com", None)
    assert store.users()[1].email is None


def test_a_grant_ends_the_demo_login(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "quick.db"))
    assert store.claim_quick_start() and store.demo_login_allowed()
    demo = store.demo_user()
    outcome = store.sso_sign_in(_claims("sub-first", "first@example.com"))
    assert outcome.pending and store.demo_login_allowed()  # a visitor waiting changes nothing yet
    granted = store.grant_identity(store.identities(pending=True)[0].id, "admin", actor=demo)
    assert granted.role == "admin" and not store.demo_login_allowed() and store.accounts_existed()
    store.close()


def test_a_configured_provider_turns_the_demo_login_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(str(tmp_path / "quick.db"))
    assert store.claim_quick_start() and store.demo_login_allowed()
    monkeypatch.setenv("REVIEW_APP_OIDC_CLIENT_ID", "review-app")
    assert not store.demo_login_allowed()
    with pytest.raises(PermissionDenied, match="demo login is off"):
        store.demo_user()
    store.close()


def test_a_ticket_is_redeemed_once_within_its_seconds(store: Store) -> None:
    ada = store.add_user("ada", "admin", password="correct horse battery", actor=OP)
    user = store.authenticate("ada", "correct horse battery")
    ticket = store.issue_sign_in_ticket(user)
    token = store.redeem_sign_in_ticket(ticket)
    assert token is not None and store.session_user(token) == ada
    assert store.redeem_sign_in_ticket(ticket) is None  # once
    late = store.issue_sign_in_ticket(user)
    assert store.redeem_sign_in_ticket(late, now=utcnow() + timedelta(seconds=TICKET_SECONDS + 1)) is None
    assert store.redeem_sign_in_ticket("forged") is None and store.redeem_sign_in_ticket("") is None
    disabled = store.issue_sign_in_ticket(user)
    store.add_user("bea", "admin", password=None, actor=OP)
    store.set_active("ada", False, actor=OP)
    assert store.redeem_sign_in_ticket(disabled) is None
    with pytest.raises(StoreError, match="cannot sign in"):
        store.issue_sign_in_ticket(user)
