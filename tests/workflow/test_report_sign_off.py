"""The annual report goes draft → approved → published; its text is then locked, and
it is approved only once every return of its year is."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ictreport.core import workflow
from ictreport.core.models import AnnualReport, ReportStatus, ReturnStatus, SectionText
from ictreport.core.signoff_lock import LOCKED_MARK
from ictreport.core.writes import upsert
from tests.factories import AnnualReportFactory, FinancialYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(gwent):
    return AnnualReportFactory(organisation=gwent, year=FinancialYearFactory(start_year=2020))


def test_report_waits_for_every_return_of_its_year(report, quarter_return, approver):
    with pytest.raises(ValidationError, match="is not approved yet"):
        workflow.report_approve(report=report, user=approver)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_approved_and_published_report_text_is_locked(client, report, quarter_return,
                                                      editor, approver):
    workflow.return_submit(quarterly_return=quarter_return, user=editor)
    workflow.return_approve(quarterly_return=quarter_return, user=approver)
    text = SectionText.objects.create(report=report, section="servicedesk", intro="Before.")

    client.force_login(approver)
    client.post(f"/en/admin/core/annualreport/{report.pk}/sign-off/approve/")
    # The factory's report has no Welsh: publishing it is confirmed (tests/bilingual).
    client.post(f"/en/admin/core/annualreport/{report.pk}/sign-off/publish/", {"confirm": "on"})
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED

    with pytest.raises(workflow.Locked, match="Alex Approver"), transaction.atomic():
        upsert(AnnualReport, {"pk": report.pk}, {"title": "Changed"})
    with pytest.raises(workflow.Locked, match="Alex Approver"), transaction.atomic():
        upsert(SectionText, {"pk": text.pk}, {"intro": "After."})
    # Below the services, the database refuses (``ictreport.core.signoff_lock``).
    report.title = "Changed"
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        report.save()
    text.intro = "After."
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        text.save()
    assert quarter_return.__class__.objects.get().status == ReturnStatus.APPROVED


def test_reopened_report_can_be_changed_again(report, quarter_return, editor, approver):
    workflow.return_submit(quarterly_return=quarter_return, user=editor)
    workflow.return_approve(quarterly_return=quarter_return, user=approver)
    workflow.report_approve(report=report, user=approver)
    workflow.report_reopen(report=report, user=approver, reason="Wrong date on the cover")
    report.refresh_from_db()
    report.title = "Corrected"
    report.save()
    assert report.history.first().history_change_reason == (
        "After reopening: Wrong date on the cover")
