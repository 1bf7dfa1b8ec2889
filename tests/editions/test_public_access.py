"""Without signing in, or from another organisation, only published editions cleared
for the public exist; everything else at those addresses is a 404."""

import re

import pytest

from ictreport.core import workflow
from ictreport.core.models import ReportStatus
from tests.access.factories import user_in
from tests.editions.factories import (
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)
from tests.factories import OrganisationFactory

# The language switch's form carries a CSRF token, masked afresh for every response.
_CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def page_bytes(response) -> bytes:
    """The page as sent, less its per-response CSRF token."""
    return _CSRF_TOKEN.sub(b"", response.content)


pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2020-21/"
PUBLIC_URLS = [URL, URL + "pdf/", URL + "editions/1/", URL + "editions/1/pdf/"]


@pytest.fixture(autouse=True)
def _stand_in_pdf(monkeypatch):
    stand_in_pdf(monkeypatch)


@pytest.fixture
def people(gwent):
    return editor_of(gwent), approver_of(gwent)


def publish(gwent, people, *, disclosable=True):
    report, desk_return = small_report(gwent, disclosable=disclosable)
    approve_and_publish(report, [desk_return], editor=people[0], approver=people[1])
    return report, desk_return


@pytest.fixture
def outsider(db):
    return user_in("Viewers", OrganisationFactory(slug="torfaen"))


@pytest.mark.parametrize("path", PUBLIC_URLS)
def test_a_published_disclosable_edition_is_open_to_anyone(client, gwent, people, outsider,
                                                           path):
    publish(gwent, people)
    assert client.get(path).status_code == 200
    client.force_login(outsider)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", PUBLIC_URLS)
def test_an_edition_not_cleared_for_the_public_is_a_404(client, gwent, people, outsider,
                                                        path):
    publish(gwent, people, disclosable=False)
    assert client.get(path).status_code == 404
    client.force_login(outsider)
    assert client.get(path).status_code == 404
    client.force_login(people[0])
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", PUBLIC_URLS)
def test_a_report_marked_published_without_an_edition_is_a_404(client, gwent, path):
    report, _ = small_report(gwent)
    report.status = ReportStatus.PUBLISHED
    report.save()
    assert client.get(path).status_code == 404


def test_a_reopened_report_stays_readable_as_published(client, gwent, people):
    report, _ = publish(gwent, people)
    before = page_bytes(client.get(URL))
    workflow.report_reopen(report=report, user=people[1], reason="A typing error")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert page_bytes(client.get(URL)) == before


def test_clearing_the_disclosure_after_reopening_withdraws_every_edition(client, gwent,
                                                                        people):
    report, _ = publish(gwent, people)
    workflow.report_reopen(report=report, user=people[1], reason="Must not be public")
    report.refresh_from_db()
    report.publicly_disclosable = False
    report.save()
    for path in PUBLIC_URLS:
        assert client.get(path).status_code == 404, path


def test_only_the_disclosable_editions_of_a_report_are_public(client, gwent, people):
    report, desk_return = publish(gwent, people, disclosable=False)
    workflow.report_reopen(report=report, user=people[1], reason="Cleared for the public")
    report.refresh_from_db()
    report.publicly_disclosable = True
    report.save()
    approve_and_publish(report, [desk_return], editor=people[0], approver=people[1])
    assert client.get(URL + "editions/1/").status_code == 404
    assert client.get(URL + "editions/1/pdf/").status_code == 404
    page = client.get(URL)
    assert page.status_code == 200
    assert "Revised edition 2" in page.content.decode()
    assert f'href="{URL}editions/1/"' not in page.content.decode()
    assert b"Revised edition 2" in client.get(URL + "editions/2/pdf/").getvalue()


def test_a_member_reads_an_edition_with_a_way_to_the_live_figures(client, gwent, people):
    publish(gwent, people)
    client.force_login(people[0])
    page = client.get(URL + "editions/1/").content.decode()
    assert "Edition 1, published" in page
    assert "The report from the current figures" in page
    client.logout()
    assert "The report from the current figures" not in client.get(
        URL + "editions/1/").content.decode()


@pytest.mark.parametrize("path", ["/en/reports/gwent-police/2020-21/editions/0/",
                                  "/en/reports/gwent-police/2020-21/editions/2/pdf/",
                                  "/en/reports/torfaen/2020-21/editions/1/",
                                  "/en/reports/gwent-police/2019-20/editions/1/"])
def test_an_edition_that_does_not_exist_is_a_404(client, gwent, people, path):
    publish(gwent, people)
    assert client.get(path).status_code == 404


def test_the_public_page_reads_no_live_figures(client, gwent, people,
                                               django_assert_num_queries):
    publish(gwent, people)
    # the report (by its address, with an edition cleared for the public), the
    # editions to list, the edition shown with its page
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
