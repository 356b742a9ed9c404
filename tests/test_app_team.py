"""The Team page in process (AppTest): changing an account's role, event-logged, refused for the last admin."""

from __future__ import annotations

from pathlib import Path

from review_app.store import Store
from tests.browser_helpers import app_test
from tests.people import person


def test_an_admin_changes_a_role_on_the_team_page(app_db: Path) -> None:
    store = Store(str(app_db))
    person(store, "rita", "reviewer")
    at = app_test("team", app_db, reviewer="ada")
    assert not at.exception
    at.selectbox(key="team_role_user").select("rita").run()
    assert at.selectbox(key="team_role_new-rita").value == "reviewer"  # starts at the account's role
    assert at.button(key="team_role_button").disabled  # nothing to change yet
    at.selectbox(key="team_role_new-rita").select("viewer").run()
    at.button(key="team_role_button").click().run()
    assert not at.exception
    assert at.success[0].value == "Changed the role of rita to viewer"
    assert next(u.role for u in store.users() if u.name == "rita") == "viewer"
    log = at.dataframe[-1].value
    assert (log["who"][0], log["what"][0], log["change"][0]) == ("ada", "changed a role", "rita: reviewer → viewer")
    accounts = at.dataframe[0].value
    assert accounts.loc[accounts["name"] == "rita", "role"].item() == "viewer"

    # ada is the only active admin (the demo admin does not count): her own demotion is refused, in one line.
    at.selectbox(key="team_role_user").select("ada").run()
    at.selectbox(key="team_role_new-ada").select("reviewer").run()
    at.button(key="team_role_button").click().run()
    assert at.error[0].value == "ada cannot become a reviewer: it is the last active admin (make another account " \
                                "an admin first)"
    assert next(u.role for u in store.users() if u.name == "ada") == "admin"


def test_a_new_role_applies_at_the_next_click(app_db: Path) -> None:
    at = app_test("main", app_db, reviewer="rita", role="reviewer")
    assert at.title[0].value == "My work"
    store = Store(str(app_db))
    store.set_role("rita", "viewer", actor=person(store, "ada"))
    at.run()  # her next click: the same session, the account read again
    assert not at.exception
    assert any(m.value == "Signed in as **rita** · viewer" for m in at.sidebar.markdown)
    assert at.title[0].value == "Review" and "rita is a viewer" in at.warning[0].value  # My work is gone
    assert at.info[0].value.startswith("My work is not a page for viewers")


def test_an_admin_grants_a_waiting_person_and_sets_e_mails(app_db: Path) -> None:
    from datetime import UTC, datetime

    from review_app.store.identities import OidcClaims

    store = Store(str(app_db))
    person(store, "rita", "reviewer")
    claims = OidcClaims.from_user_info({"iss": "https://id.example.com", "sub": "x-1", "nonce": "n",
                                        "iat": int(datetime.now(UTC).timestamp()), "email": "xavier@example.com",
                                        "email_verified": True, "name": "Xavier"})
    assert claims is not None and store.sso_sign_in(claims).pending
    at = app_test("team", app_db, reviewer="ada")
    assert not at.exception
    assert "People waiting for access" in [s.value for s in at.subheader]
    waiting = at.dataframe[0].value
    assert list(waiting["e-mail"]) == ["xavier@example.com"] and list(waiting["name"]) == ["Xavier"]
    at.selectbox(key="grant_role").select("viewer")  # in the form: sent with its submit button
    at.button[0].click().run()  # "Grant access": the form's submit button comes first on the page
    assert not at.exception
    assert at.success[0].value == "Granted xavier the viewer role: they are in from their next click"
    assert store.sso_sign_in(claims).user is not None and store.identities(pending=True) == []
    log = at.dataframe[-1].value
    assert (log["who"][0], log["what"][0], log["change"][0]) == ("ada", "granted access to a person waiting",
                                                                 "xavier (viewer)")
    at.selectbox(key="team_email_user").select("rita").run()
    at.text_input(key="team_email_new").input("Rita@Example.com").run()
    at.button(key="team_email_button").click().run()
    assert at.success[0].value == "Set the e-mail of rita"
    assert store.emails() == {"rita": "rita@example.com", "xavier": "xavier@example.com"}
    at.text_input(key="team_email_new").input("no address").run()
    at.button(key="team_email_button").click().run()
    assert at.error[0].value == "'no address' is not an e-mail address"
    store.close()


def test_the_assignments_are_listed_a_page_at_a_time(app_db: Path) -> None:
    """A team's hundreds of assignments are not drawn at once: 100 a page, the page number brings the rest."""
    from review_app.model import AlignedSegment

    store = Store(str(app_db))
    admin = person(store, "ada")
    project = store.create_project("Many", "ru", "en", actor=admin)
    reviewers = [person(store, f"rev{i}", "reviewer").name for i in range(5)]
    for d in range(21):
        document = store.add_document(project.id, f"d{d:02d}", [AlignedSegment("A cat.", "A cat.", None, [0], [0])],
                                      actor=admin)
        for name in reviewers:
            store.assign(document.id, name, actor=admin)
    assert store.assignment_count() == 105
    store.close()
    at = app_test("team", app_db, reviewer="ada")
    assert not at.exception
    table = next(d.value for d in at.dataframe if "assigned by" in d.value.columns)
    assert len(table) == 100 and table["document"].tolist()[:5] == ["d00"] * 5
    at.pagination(key="as_page").set_value(2).run()
    table = next(d.value for d in at.dataframe if "assigned by" in d.value.columns)
    assert table["document"].tolist() == ["d20"] * 5
