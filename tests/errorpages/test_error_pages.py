"""400, 403, CSRF failure, 404 and 500 pages in the site's layout, in the reader's
language, with nothing in them about what is (or is not) at the address."""

import re

import pytest
from django.template.loader import get_template
from django.utils import translation

from ictreport.core.roles import VIEWERS
from tests.access.factories import user_in
from tests.errorpages.urls import FAULT
from tests.factories import AnnualReportFactory, FinancialYearFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SITE_NAME = '<a class="site-name" href="/{lang}/">'
FOOTER = '<footer class="site-footer">'
# The forms' token is masked afresh for every response; the language switch's next is
# the address asked for, in the other language (only what the reader typed).
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
SWITCH_NEXT = re.compile(rb'<input type="hidden" name="next" value="[^"]*">')


def without_token(response) -> bytes:
    return SWITCH_NEXT.sub(b"", CSRF_TOKEN.sub(b"", response.content))


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def in_the_layout(html, *, lang="en"):
    """The site's layout in ``lang``: its language, its header and footer, and the way
    back to the overview in the same language."""
    assert f'<html lang="{lang}">' in html
    assert SITE_NAME.format(lang=lang) in html and FOOTER in html
    assert 'href="/static/css/site.css"' in html
    assert f'<p class="lead-link"><a href="/{lang}/">' in html


def test_404_is_the_sites_page_with_its_navigation_for_a_signed_in_user(staff_client):
    response = staff_client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    in_the_layout(html)
    assert "<h1>Page not found</h1>" in html
    assert '<nav class="site-nav"' in html
    assert "Signed in as" in html


def test_404_is_in_the_readers_language(client):
    html = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    in_the_layout(html, lang="cy")


def test_404_never_repeats_why_it_was_raised(staff_client):
    response = staff_client.get("/en/?organisation=nowhere")
    assert response.status_code == 404
    html = response.content.decode()
    in_the_layout(html)
    assert "No such organisation" not in html
    assert "nowhere" not in without_token(response).decode()


@pytest.fixture
def torfaen_report(db):
    torfaen = OrganisationFactory(name="Torfaen", slug="torfaen")
    return AnnualReportFactory(organisation=torfaen, year=FinancialYearFactory(start_year=2020))


@pytest.mark.parametrize("who", ["anonymous", "member elsewhere"])
def test_a_forbidden_report_reads_exactly_like_a_missing_one(client, gwent, torfaen_report,
                                                            who):
    if who == "member elsewhere":
        client.force_login(user_in(VIEWERS, gwent))
    forbidden = client.get("/en/reports/torfaen/2020-21/")
    missing = client.get("/en/reports/nowhere/2020-21/")
    no_year = client.get("/en/reports/torfaen/2019-20/")
    assert forbidden.status_code == missing.status_code == no_year.status_code == 404
    assert without_token(forbidden) == without_token(missing) == without_token(no_year)
    assert b"Torfaen" not in forbidden.content
    forbidden_pdf = client.get("/en/reports/torfaen/2020-21/pdf/")
    missing_pdf = client.get("/en/reports/nowhere/2020-21/pdf/")
    assert forbidden_pdf.status_code == missing_pdf.status_code == 404
    assert without_token(forbidden_pdf) == without_token(missing_pdf)


def test_403_is_the_sites_page(client, gwent):
    # A viewer may open the admin but has no say over user accounts.
    client.force_login(user_in(VIEWERS, gwent))
    response = client.get("/en/admin/auth/user/")
    assert response.status_code == 403
    html = response.content.decode()
    in_the_layout(html)
    assert "<h1>You are not allowed to do that</h1>" in html


def test_csrf_failure_is_the_sites_page_and_says_nothing_was_saved(client):
    client.handler.enforce_csrf_checks = True
    response = client.post("/en/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    in_the_layout(html)
    assert "<h1>The form could not be sent</h1>" in html
    assert "Nothing was saved." in html
    assert "CSRF" not in html  # Django's reason is for the logs, not the reader


def test_400_is_the_sites_page(client, settings):
    response = client.get("/en/", HTTP_HOST="unknown.example")
    assert response.status_code == 400
    html = response.content.decode()
    in_the_layout(html)
    assert "<h1>The request could not be understood</h1>" in html
    assert "unknown.example" not in html


def test_500_is_the_sites_page_without_the_fault(staff_client, settings):
    settings.ROOT_URLCONF = "tests.errorpages.urls"
    staff_client.raise_request_exception = False
    response = staff_client.get("/broken/", HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 500
    html = response.content.decode()
    in_the_layout(html, lang="cy")
    assert 'class="error-page__code">' in html
    assert FAULT not in html and "RuntimeError" not in html


@pytest.mark.parametrize("name", ["500.html", "400.html", "403_csrf.html"])
def test_pages_django_renders_without_context_need_none_and_read_nothing(
        name, django_assert_num_queries):
    # As django.views.defaults.server_error does: no request, no context processors.
    with django_assert_num_queries(0), translation.override("en"):
        html = get_template(name).render()
    in_the_layout(html)
    assert "Signed in as" not in html
