"""Signing in and changing a password, in the site's own pages."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_failed_sign_in_says_what_went_wrong_at_the_top(client):
    user = UserFactory()
    html = client.post("/en/accounts/login/", {"username": user.username, "password": "wrong"}
                       ).content.decode()
    assert '<div class="error-summary" role="alert"' in html
    assert "Please enter a correct username and password." in html


def test_missing_username_is_named_at_its_field(client):
    html = client.post("/en/accounts/login/", {"username": "", "password": "x"}).content.decode()
    assert '<p class="field-error" id="id_username_error">This field is required.</p>' in html
    assert 'aria-describedby="id_username_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<a href="#id_username">Username: this field is required.</a>' in html


def test_signing_in_opens_the_overview(client):
    user = UserFactory()
    response = client.post("/en/accounts/login/", {"username": user.username,
                                                "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_password_change_page_is_the_site_own(client):
    client.force_login(UserFactory())
    html = client.get("/en/accounts/password/").content.decode()
    assert "<h1>Change your password</h1>" in html
    assert 'href="/static/css/site.css"' in html
    assert 'id="id_new_password1_helptext"' in html


def test_password_change_mismatch_is_named_at_the_field(client):
    client.force_login(UserFactory())
    html = client.post("/en/accounts/password/", {
        "old_password": PASSWORD, "new_password1": "a-Long-new-pass-42",
        "new_password2": "a-different-one-43",
    }).content.decode()
    assert 'id="id_new_password2_error"' in html
    assert "The two password fields didn’t match." in html


def test_password_change_leads_to_its_confirmation(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/accounts/password/", {
        "old_password": PASSWORD, "new_password1": "a-Long-new-pass-42",
        "new_password2": "a-Long-new-pass-42",
    }, follow=True)
    assert "<h1>Password changed</h1>" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("a-Long-new-pass-42")
