"""The accessibility statement: open to anyone, in the model statement's form, its
contact address from ACCESSIBILITY_CONTACT_EMAIL, and linked from the footer of every
kind of page; and the favicon."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

from ictreport.env import env_email
from tests.editions.factories import (
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)

pytestmark = pytest.mark.django_db

STATEMENT = "/en/accessibility/"
FOOTER_LINK = '<a href="/en/accessibility/">Accessibility statement</a>'


def test_statement_is_open_without_signing_in(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(STATEMENT)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


def test_statement_has_the_parts_the_regulations_expect(client):
    html = client.get(STATEMENT).content.decode()
    for heading in ["Accessibility statement for ICT & Digital Services reporting",
                    "How accessible this website is",
                    "Feedback and contact information",
                    "Reporting accessibility problems with this website",
                    "Enforcement procedure",
                    "Compliance status",
                    "Non-accessible content",
                    "Non-compliance with the accessibility regulations",
                    "Disproportionate burden",
                    "Preparation of this accessibility statement"]:
        assert f">{heading}</h" in html, heading
    assert "This website is partially compliant with the" in html
    assert "Web Content Accessibility Guidelines version 2.2</a> AA standard" in html
    assert "charts in the PDF board papers are images" in html
    assert "Equality and Human Rights Commission (EHRC)" in html
    assert "Equality Advisory and Support Service (EASS)" in html
    assert ("Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
            "Accessibility Regulations 2018") in html
    assert "This statement was prepared on 1 December 2026." in html
    assert "at widths of 1366, 390, 320 CSS pixels" in html


def test_contact_address_comes_from_the_setting(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "a11y@srs.example.org"
    html = client.get(STATEMENT).content.decode()
    assert html.count('<a href="mailto:a11y@srs.example.org">a11y@srs.example.org</a>') == 2


def test_contact_address_setting_must_be_an_address(monkeypatch):
    monkeypatch.setenv("ACCESSIBILITY_CONTACT_EMAIL", "not an address")
    with pytest.raises(ImproperlyConfigured, match="ACCESSIBILITY_CONTACT_EMAIL"):
        env_email("ACCESSIBILITY_CONTACT_EMAIL", "x@example.org")
    monkeypatch.setenv("ACCESSIBILITY_CONTACT_EMAIL", " help@srs.example.org ")
    assert env_email("ACCESSIBILITY_CONTACT_EMAIL", "x@example.org") == "help@srs.example.org"
    monkeypatch.delenv("ACCESSIBILITY_CONTACT_EMAIL")
    assert env_email("ACCESSIBILITY_CONTACT_EMAIL", "x@example.org") == "x@example.org"


def test_statement_only_answers_get_and_head(client):
    assert client.post(STATEMENT).status_code == 405


@pytest.mark.parametrize("path", ["/en/accounts/login/", STATEMENT, "/no-such-page/"])
def test_footer_links_the_statement_before_signing_in(client, path):
    assert FOOTER_LINK in client.get(path).content.decode()


@pytest.mark.parametrize("path", ["/en/", "/en/reports/", "/en/servicedesk/",
                                  "/en/accounts/password/", "/no-such-page/"])
def test_footer_links_the_statement_when_signed_in(staff_client, path):
    assert FOOTER_LINK in staff_client.get(path).content.decode()


def test_admin_pages_link_the_statement_and_carry_the_favicon(staff_client):
    for path in ["/en/admin/", "/en/admin/servicedesk/servicedeskreturn/"]:
        html = staff_client.get(path).content.decode()
        assert FOOTER_LINK in html, path
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


@pytest.mark.parametrize("template", ["400.html", "403_csrf.html", "500.html"])
def test_error_pages_rendered_without_a_request_link_the_statement(template):
    assert FOOTER_LINK in render_to_string(template, {})


def test_public_edition_links_the_statement(client, gwent, monkeypatch):
    stand_in_pdf(monkeypatch)
    report, desk_return = small_report(gwent)
    approve_and_publish(report, [desk_return], editor=editor_of(gwent),
                        approver=approver_of(gwent))
    for path in ["/en/reports/gwent-police/2020-21/",
                 "/en/reports/gwent-police/2020-21/editions/1/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert FOOTER_LINK in response.content.decode(), path


def test_pages_link_the_favicon_which_is_served(client):
    html = client.get("/en/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/favicon.png" type="image/png" sizes="32x32">' in html
    response = client.get("/favicon.ico")  # browsers that ask without reading the links
    assert response.status_code == 302 and response["Location"] == "/static/favicon.ico"


def test_favicon_files_are_what_they_say(settings):
    static = settings.BASE_DIR / "static"
    svg = (static / "favicon.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"") and "#1d3c6e" in svg
    assert (static / "favicon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (static / "apple-touch-icon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (static / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"

