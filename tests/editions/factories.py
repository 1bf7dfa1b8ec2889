"""A small published report of invented figures, and a stand-in for the PDF drawing.

Most edition tests look at the page; drawing the PDF (WeasyPrint and Chromium) would
cost seconds an edition, so ``stand_in_pdf`` replaces it with bytes that name what the
edition's PDF was asked to show. ``test_edition_pdf`` draws the real thing.
"""

from ictreport.core import workflow
from ictreport.core.periods import Quarter
from ictreport.core.roles import APPROVERS
from ictreport.reports import editions as report_editions
from ictreport.reports.pdf import RenderedPdf
from tests.access.factories import user_in
from tests.factories import AnnualReportFactory, FinancialYearFactory
from tests.projects.factories import ProjectFactory
from tests.servicedesk.factories import (
    ChannelCallsFactory,
    ChannelFactory,
    ServiceDeskReturnFactory,
)

STAND_IN = b"%PDF-stand-in\n"
LIVE_STAND_IN = b"%PDF-stand-in live figures"
RECOMMENDATION = "Members are asked to note the ICT performance for the year."


def stand_in_pdf(monkeypatch) -> list:
    """Replace the PDF drawing: an edition's (``pdf.draw``, the worker's step) and the
    live PDF's (``pdf.render``); returns the edition sources it was asked to draw. An
    edition's stand-in PDF is its source's print page as it is, so a test can read what
    the PDF would show."""
    asked = []

    def draw(source):
        asked.append(source)
        return STAND_IN + source.html.encode()

    monkeypatch.setattr(report_editions.pdf, "draw", draw)
    monkeypatch.setattr(report_editions.pdf, "render",
                        lambda document, *, edition=None: RenderedPdf(LIVE_STAND_IN))
    return asked


def publish_frozen(report, monkeypatch, user):
    """Published as the publish step leaves it: the status and a frozen edition (its PDF,
    when asked for, drawn by ``stand_in_pdf``), for tests about something other than the
    sign-off."""
    from ictreport.core import editions
    from ictreport.core.models import ReportStatus

    stand_in_pdf(monkeypatch)
    report.status = ReportStatus.PUBLISHED
    report.save()
    editions.freeze(report=report, user=user)


def approver_of(organisation):
    return user_in(APPROVERS, organisation, first_name="Alex", last_name="Approver")


def editor_of(organisation):
    return user_in("Service desk editors", organisation, first_name="Eve", last_name="Editor")


def small_report(organisation, *, disclosable=True):
    """A 2020/21 report with one approved-ready service desk return (telephone calls)
    and one project."""
    year = FinancialYearFactory(start_year=2020)
    report = AnnualReportFactory(organisation=organisation, year=year,
                                 publicly_disclosable=disclosable,
                                 recommendation=RECOMMENDATION)
    desk_return = ServiceDeskReturnFactory(organisation=organisation, year=year,
                                           quarter=Quarter.Q1)
    ChannelCallsFactory(desk_return=desk_return,
                        channel=ChannelFactory(name="Telephone", position=0), calls=1200)
    ProjectFactory(organisation=organisation, year=year, name="Body-worn video")
    return report, desk_return


def approve_and_publish(report, returns, *, editor, approver):
    """Take every return and then the report through sign-off to a published edition."""
    for ret in returns:
        ret.refresh_from_db()
        if ret.status == "draft":
            workflow.return_submit(quarterly_return=ret, user=editor)
            ret.refresh_from_db()
        if ret.status == "submitted":
            workflow.return_approve(quarterly_return=ret, user=approver)
    report.refresh_from_db()
    workflow.report_approve(report=report, user=approver)
    workflow.report_publish(report=report, user=approver)
    return report.editions.filter(language="en").first()


def publish_small(organisation):
    """``small_report`` taken through sign-off to its first edition by its own editor
    and approver; the report and its return."""
    report, desk_return = small_report(organisation)
    approve_and_publish(report, [desk_return], editor=editor_of(organisation),
                        approver=approver_of(organisation))
    return report, desk_return
