"""No cache keeps what a signed-in user is shown; no shared cache keeps anything."""

import pytest
from django.urls import reverse

from ictreport.core import registry
from tests.access.factories import user_in
from tests.editions.factories import publish_frozen
from tests.pdf import support
from tests.pdf.factories import SectionDataFactory, TableFactory

pytestmark = pytest.mark.django_db

QUERY = "organisation=gwent-police&year=2019-20"
REPORT = "/en/reports/gwent-police/2019-20/"
PDF = REPORT + "pdf/"
NO_STORE = "private, no-store"


def dashboard_addresses(report):
    paths = [f"/en/?{QUERY}", "/en/reports/", REPORT, REPORT + "?edition=public"]
    for section in registry.sections():
        if not section.url_name:
            continue
        paths.append(f"{reverse(section.url_name)}?{QUERY}")
        for table in section.build(organisation=report.organisation, year=report.year).tables():
            for fmt in ("csv", "xlsx"):
                paths.append(f"{reverse(section.url_name)}?{QUERY}&export={fmt}&table={table.key}")
    return paths


def test_every_page_and_export_with_figures_is_no_store(staff_client, shipped_report):
    paths = dashboard_addresses(shipped_report)
    assert any("export=xlsx" in p for p in paths) and any("export=csv" in p for p in paths)
    for path in paths:
        response = staff_client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == NO_STORE, path


def test_a_viewer_gets_the_same(client, shipped_report):
    client.force_login(user_in("Viewers", shipped_report.organisation))
    for path in dashboard_addresses(shipped_report)[:6]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == NO_STORE, path


def test_the_admin_and_error_pages_are_no_store_too(staff_client, shipped_report):
    for path, status in [("/en/admin/", 200), ("/en/admin/core/annualreport/", 200),
                         (f"/en/admin/core/annualreport/{shipped_report.pk}/change/", 200),
                         ("/en/reports/nowhere/2019-20/", 404)]:
        response = staff_client.get(path)
        assert response.status_code == status, path
        assert response["Cache-Control"] == NO_STORE, path


@pytest.fixture
def small_pdf(shipped_report, monkeypatch, settings, tmp_path):
    # The headers, not the PDF's content, are under test: one small section.
    support.use_own_cache(settings, tmp_path)
    support.use_stand_in_section(
        monkeypatch, SectionDataFactory(blocks=(TableFactory(key="calls"),)), alone=True)
    return shipped_report


def test_the_pdf_is_no_store_for_a_signed_in_user(staff_client, small_pdf):
    for _ in range(2):  # rendered, then from the PDF cache
        response = staff_client.get(PDF)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == NO_STORE


def test_the_public_edition_is_kept_by_no_shared_cache(client, small_pdf, staff_user,
                                                        monkeypatch):
    small_pdf.publicly_disclosable = True
    publish_frozen(small_pdf, monkeypatch, staff_user)  # the public reads the frozen edition
    for path in (REPORT, PDF):
        response = client.get(path)
        assert response.status_code == 200, path
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"private", "no-cache"}, path
    # The sign-in page is Django's never_cache, which the middleware leaves stricter.
    login = {d.strip() for d in client.get("/en/accounts/login/")["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= login and "public" not in login


def test_a_signed_in_user_never_gets_a_public_cache_header():
    """Even if a view someday says otherwise, the signed-in answer is never stored."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from ictreport.core.middleware import CacheControlMiddleware

    def view(request):
        response = HttpResponse("figures")
        response["Cache-Control"] = "public, max-age=3600"
        return response

    request = RequestFactory().get("/")
    request.user = user_in(None)
    assert CacheControlMiddleware(view)(request)["Cache-Control"] == NO_STORE
