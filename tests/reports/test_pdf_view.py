"""The PDF download at /reports/<organisation>/<year>/pdf/."""

import logging

import pytest

from ictreport.core import registry
from ictreport.reports import pdf
from tests.pdf import support
from tests.pdf.factories import SectionDataFactory, TableFactory

pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2019-20/pdf/"


@pytest.fixture(autouse=True)
def _own_cache(settings, tmp_path):
    support.use_own_cache(settings, tmp_path)


@pytest.fixture
def report(shipped_report, monkeypatch):
    # The download, not the report's content, is under test: one small section keeps
    # the PDF short and the query count independent of the sections installed.
    support.use_stand_in_section(
        monkeypatch, SectionDataFactory(blocks=(TableFactory(key="calls"),)), alone=True
    )
    return shipped_report


def test_download_is_a_pdf_named_for_the_organisation_and_year(staff_client, report):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="ict-annual-report-gwent-police-2019-20.pdf"'
    )
    assert "private" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    assert support.read(response.content).metadata.title == report.title


def test_cached_download_reads_only_the_report(staff_client, report,
                                               django_assert_num_queries):
    staff_client.get(URL)
    # session, user, the report with its organisation, year and data version
    with django_assert_num_queries(3):
        response = staff_client.get(URL)
    assert response.status_code == 200


@pytest.mark.parametrize("path", [
    "/en/reports/nowhere/2019-20/pdf/",
    "/en/reports/gwent-police/2018-19/pdf/",
    "/en/reports/gwent-police/2019-21/pdf/",
    "/en/reports/gwent-police/banana/pdf/",
])
def test_unknown_organisation_or_year_is_404(staff_client, report, path):
    assert staff_client.get(path).status_code == 404


def test_render_failure_is_logged_and_explained(staff_client, report, monkeypatch,
                                                 caplog):
    def broken(document):
        raise RuntimeError("Pango could not lay out the page")

    monkeypatch.setattr(pdf, "render", broken)
    with caplog.at_level(logging.ERROR, logger="ictreport.reports.pdf"):
        response = staff_client.get(URL)

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "The PDF could not be made" in html
    assert "no file was downloaded" in html
    # The report's own marking, as on its page (its Welsh part marked as Welsh).
    assert 'OFFICIAL <span lang="cy">SWYDDOGOL</span>' in html
    assert 'href="/en/reports/gwent-police/2019-20/"' in html
    [record] = [r for r in caplog.records if r.name == "ictreport.reports.pdf"]
    assert "Rendering the PDF of Annual Report" in record.getMessage()
    assert "Pango could not lay out the page" in str(record.exc_info[1])



def test_a_section_that_fails_to_build_is_explained_not_a_server_error(staff_client, report,
                                                                      monkeypatch):
    def broken(*, organisation, year):
        raise ValueError("a selector met a figure it cannot read")

    monkeypatch.setattr(registry.get_section("pdf-test"), "build", broken)
    response = staff_client.get(URL)
    assert response.status_code == 503
    assert b"The PDF could not be made" in response.content
