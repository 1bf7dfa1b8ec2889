"""Every page can live under a Content-Security-Policy that forbids inline script: the
only script elements without ``src`` are json_script data."""

import re

import pytest

from ictreport.reports import pdf
from tests.editions.factories import publish_frozen, stand_in_pdf
from tests.factories import UserFactory
from tests.reportpage.factories import register_fake_section, reports_over_years
from tests.reports.test_login_required import site_paths
from tests.shared_data import built_for_module, for_this_test, import_shipped_report

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
SELECTED = "organisation=gwent-police&year=2019-20"


def inline_scripts(html: str) -> list[str]:
    """Opening tags of script elements that would run inline code."""
    return [
        tag.group(0) for tag in SCRIPT.finditer(html)
        if "src=" not in tag.group(1) and 'type="application/json"' not in tag.group(1)
    ]


def test_the_check_catches_an_inline_script():
    assert inline_scripts('<script>alert(1)</script><script src="/a.js"></script>') == [
        "<script>"]
    assert inline_scripts('<script id="d" type="application/json">{}</script>') == []


# Every other address answers 200 to a signed-in administrator.
NOT_200 = {"/en/accounts/logout/": 405, "/favicon.ico": 302, "/i18n/setlang/": 405}


def _site():
    """Three years of figures and a published edition (its PDF and the live one drawn by
    a stand-in: what is checked here is the response, not the drawing), so that every
    address, the edition's included, has a real page to answer with; and the
    administrator who published it."""
    with pytest.MonkeyPatch.context() as patch:
        register_fake_section(patch)
        shipped_report = import_shipped_report()
        publisher = UserFactory(is_staff=True, is_superuser=True)
        reports_over_years(organisation=shipped_report.organisation, years=(2017, 2018))
        publish_frozen(shipped_report, patch, publisher)
    return publisher


# Built once for the class below (not for each of its addresses), each request in a
# savepoint of its own; gone before the module's other tests (tests/shared_data.py).
_site_once = built_for_module(_site, scope="class")


class TestEveryPage:
    @pytest.fixture
    def staff_user(self, db, _site_once):
        return for_this_test(_site_once)

    @pytest.fixture
    def site(self, staff_client, monkeypatch):
        register_fake_section(monkeypatch)
        stand_in_pdf(monkeypatch)
        return staff_client

    @pytest.mark.parametrize("path", site_paths())
    def test_page_has_a_strict_policy_and_no_inline_script(self, site, path):
        response = site.get(f"{path}?{SELECTED}")
        assert response.status_code == NOT_200.get(path, 200), path
        assert "script-src 'self'" in response["Content-Security-Policy"], path
        if path.endswith("/pdf/"):
            assert response["Content-Type"] == "application/pdf", path
            # A published edition's PDF is streamed from its storage, like a static file.
            content = (b"".join(response.streaming_content) if response.streaming
                       else response.content)
            assert content.startswith(b"%PDF-stand-in"), path
            return
        assert response["Content-Type"].startswith("text/html"), path
        assert inline_scripts(response.content.decode()) == [], path


def test_the_page_for_a_pdf_that_could_not_be_made_has_no_inline_script(
    staff_client, shipped_report, monkeypatch
):
    def broken(document, **kwargs):
        raise RuntimeError("Pango could not lay out the page")

    monkeypatch.setattr(pdf, "render", broken)
    response = staff_client.get(f"{shipped_report.get_absolute_url()}pdf/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "The PDF could not be made" in html
    assert inline_scripts(html) == []
