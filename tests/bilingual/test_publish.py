"""Publishing a report whose Welsh is incomplete asks the approver to confirm: a page
lists what lacks Welsh with a box to tick; without the tick nothing is published; with
it, or with every text in Welsh, the report is published as before."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from ictreport.core.models import AnnualReport, EditionPdf, EditionPdfSource, ReportStatus
from tests.access.factories import user_in
from tests.factories import AnnualReportFactory, FinancialYearFactory

pytestmark = pytest.mark.django_db

APPROVERS = "Approvers"


@pytest.fixture
def approved(gwent):
    report = AnnualReportFactory(organisation=gwent, year=FinancialYearFactory(start_year=2020),
                                 title="Annual Report", introduction="Background.")
    AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    return AnnualReport.objects.get(pk=report.pk)


@pytest.fixture
def approver_client(client, gwent):
    client.force_login(user_in(APPROVERS, gwent))
    return client


def publish_url(report):
    return reverse("admin:core_annualreport_sign_off", args=[report.pk, "publish"])


def status(report):
    return AnnualReport.objects.get(pk=report.pk).status


def test_the_confirmation_lists_what_lacks_welsh(approver_client, approved):
    page = approver_client.get(publish_url(approved))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Welsh is missing" in html
    assert "Annual Report" in html and "2. Introduction and background" in html
    assert 'type="checkbox"' in html and 'name="confirm"' in html


def test_without_the_tick_nothing_is_published(approver_client, approved):
    page = approver_client.post(publish_url(approved))
    assert page.status_code == 200
    assert "Tick the box to publish the report" in page.content.decode()
    assert status(approved) == ReportStatus.APPROVED


def test_with_the_tick_the_report_is_published(approver_client, approved):
    response = approver_client.post(publish_url(approved), {"confirm": "on"})
    assert response.status_code == 302
    assert status(approved) == ReportStatus.PUBLISHED
    # No PDF was drawn by the publish: the confirmation says the worker is on it.
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("PDF board paper is being prepared" in m for m in told), told
    assert not EditionPdf.objects.exists()
    assert EditionPdfSource.objects.count() == 2  # what each language's PDF will show


def test_a_report_in_both_languages_is_published_without_the_question(approver_client, gwent,
                                                                       approved):
    gwent.name_cy = "Heddlu Gwent"
    gwent.save()
    AnnualReport.objects.filter(pk=approved.pk).update(status=ReportStatus.DRAFT)
    AnnualReport.objects.filter(pk=approved.pk).update(
        title_cy="Adroddiad Blynyddol", introduction_cy="Cefndir.",
        **{f"{f}_cy": f"Cymraeg {f}" for f in ("issuing_office", "lead_chief_officer",
                                                "timing", "purpose")
           if getattr(approved, f"{f}_en")})
    AnnualReport.objects.filter(pk=approved.pk).update(status=ReportStatus.APPROVED)
    page = approver_client.get(publish_url(approved))
    assert "Welsh is missing" not in page.content.decode()
    assert approver_client.post(publish_url(approved)).status_code == 302
    assert status(approved) == ReportStatus.PUBLISHED
