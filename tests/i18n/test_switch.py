"""The language switch: on every page a POST form to set_language (with CSRF) naming the
other language in itself, whose next is the same page in that language; the choice
remembered for a signed-in user and applied at the next sign-in, in any browser."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ictreport.core.language import url_in_language
from ictreport.core.models import UserPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password

FORM = re.compile(r'<form class="language-switch" method="post" action="([^"]+)">(.*?)</form>',
                  re.DOTALL)


def switch(html: str) -> dict:
    match = FORM.search(html)
    assert match is not None, "no language switch on the page"
    body = match.group(2)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
    button = re.search(r'<button type="submit"[^>]*lang="([^"]+)">([^<]+)</button>', body)
    assert button is not None, body
    return {"action": match.group(1), "fields": fields, "lang": button.group(1),
            "label": button.group(2)}


def test_an_english_page_offers_cymraeg(staff_client):
    html = staff_client.get("/en/reports/?page=2").content.decode()
    found = switch(html)
    assert found["action"] == "/i18n/setlang/"
    assert found["label"] == "Cymraeg" and found["lang"] == "cy"
    assert found["fields"]["language"] == "cy"
    assert found["fields"]["next"] == "/cy/reports/?page=2"
    assert "csrfmiddlewaretoken" in found["fields"]


def test_a_welsh_page_offers_english(staff_client):
    found = switch(staff_client.get("/cy/reports/").content.decode())
    assert found["label"] == "English" and found["lang"] == "en"
    assert found["fields"] | {"csrfmiddlewaretoken": ""} == {
        "csrfmiddlewaretoken": "", "language": "en", "next": "/en/reports/"}


@pytest.mark.parametrize("path", ["/en/accounts/login/", "/en/accessibility/",
                                  "/en/no-such-page/"])
def test_pages_anyone_sees_have_the_switch(client, path):
    html = client.get(path).content.decode()
    assert switch(html)["fields"]["next"] == "/cy/" + path[len("/en/"):]


def test_the_admin_has_the_switch(staff_client):
    html = staff_client.get("/en/admin/").content.decode()
    assert switch(html)["fields"]["next"] == "/cy/admin/"


def test_posting_the_switch_goes_to_the_page_in_welsh(client):
    response = client.post(reverse("set_language"),
                           {"language": "cy", "next": "/en/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/cy/accounts/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"


def test_the_switch_needs_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/en/"})
    assert response.status_code == 403


def test_the_switch_refuses_a_next_elsewhere(client):
    response = client.post(reverse("set_language"),
                           {"language": "cy", "next": "https://elsewhere.example/"})
    assert response.status_code == 302
    assert not response["Location"].startswith("https://elsewhere")


def test_a_signed_in_choice_is_remembered(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "cy", "next": "/en/"})
    assert UserPreference.objects.get(user=user).language == "cy"
    client.post(reverse("set_language"), {"language": "en", "next": "/cy/"})
    assert UserPreference.objects.get(user=user).language == "en"


def test_an_unknown_language_is_not_saved(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "fr", "next": "/en/"})
    assert not UserPreference.objects.filter(user=user).exists()


def test_the_choice_follows_the_user_to_another_browser():
    """Chosen in one browser, signed out; signing in from a fresh browser (no cookie)
    goes on in Welsh: the cookie set and the redirect under /cy/."""
    user = UserFactory()
    first = Client()
    first.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD})
    first.post(reverse("set_language"), {"language": "cy", "next": "/en/"})
    first.post(reverse("logout"))

    fresh = Client()
    response = fresh.post("/en/accounts/login/", {"username": user.username,
                                                  "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/cy/"
    assert fresh.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    assert fresh.get(response["Location"]).status_code == 200


def test_sign_in_keeps_the_page_asked_for_in_the_users_language():
    user = UserFactory()
    UserPreference.objects.create(user=user, language="cy")
    response = Client().post("/en/accounts/login/?next=/en/reports/", {
        "username": user.username, "password": PASSWORD, "next": "/en/reports/"})
    assert response["Location"] == "/cy/reports/"


def test_a_choice_made_before_signing_in_is_kept(client):
    """The login page's switch, then signing in: the user's first choice is saved."""
    user = UserFactory()
    client.post(reverse("set_language"), {"language": "cy", "next": "/en/accounts/login/"})
    response = client.post("/cy/accounts/login/", {"username": user.username,
                                                   "password": PASSWORD})
    assert response["Location"] == "/cy/"
    assert UserPreference.objects.get(user=user).language == "cy"


def test_signing_in_without_a_choice_stays_in_english():
    user = UserFactory()
    response = Client().post("/en/accounts/login/", {"username": user.username,
                                                     "password": PASSWORD})
    assert response["Location"] == "/en/"
    assert not UserPreference.objects.filter(user=user).exists()


def test_url_in_language_swaps_the_prefix_of_an_unknown_page():
    assert url_in_language("/en/nowhere/?a=1", "cy") == "/cy/nowhere/?a=1"
    with translation.override("en"):
        assert url_in_language("/en/reports/", "cy") == "/cy/reports/"
    assert url_in_language("/static/x.css", "cy") == "/static/x.css"
