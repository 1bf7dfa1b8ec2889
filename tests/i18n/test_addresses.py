"""Every page under its language's prefix; the old unprefixed addresses (bookmarks, links
in old board papers) still lead there, in the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "args"), [
    ("reports:overview", ()), ("reports:report_list", ()),
    ("reports:report", ("gwent-police", "2019-20")), ("login", ()), ("accessibility", ()),
    ("admin:index", ()), ("servicedesk:dashboard", ()), ("finance:dashboard", ()),
])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_page_is_under_its_languages_prefix(name, args, lang):
    with translation.override(lang):
        assert reverse(name, args=args).startswith(f"/{lang}/")


def test_the_switch_and_the_favicon_have_no_prefix():
    with translation.override("cy"):
        assert reverse("set_language") == "/i18n/setlang/"
    assert reverse("reports:overview") == "/en/"


@pytest.mark.parametrize(("old", "accept", "new"), [
    ("/reports/gwent-police/2019-20/", "en-GB,en;q=0.9", "/en/reports/gwent-police/2019-20/"),
    ("/accessibility/", "cy,en;q=0.5", "/cy/accessibility/"),
    ("/", "en", "/en/"),
])
def test_an_old_address_leads_to_the_page(client, old, accept, new):
    response = client.get(old, HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == new


def test_the_language_cookie_chooses_the_prefix_of_an_old_address(client):
    client.cookies["django_language"] = "cy"
    response = client.get("/accounts/login/")
    assert response["Location"] == "/cy/accounts/login/"


def test_a_signed_out_welsh_page_sends_to_the_welsh_sign_in(client):
    response = client.get("/cy/reports/")
    assert response.status_code == 302
    assert response["Location"] == "/cy/accounts/login/?next=/cy/reports/"
