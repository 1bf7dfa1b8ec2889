"""Rows no return owns but an approved year's report shows: a year's projects, and the
reference rows (channels, tiers, teams, themes, budget lines) approved figures point at.
Changing or deleting them is refused, naming the report or return and who approved it;
adding new ones, and changing rows no approved year shows, is not."""

import pytest
from django.db import IntegrityError, transaction

from ictreport.core import workflow, year_locks
from ictreport.core.models import ReportStatus
from ictreport.core.roles import SHARED_SERVICE_ADMINISTRATORS
from ictreport.core.signoff_lock import LOCKED_MARK
from projects.models import Rag
from tests.access.factories import user_in
from tests.factories import AnnualReportFactory, FinancialYearFactory, OrganisationFactory
from tests.finance.factories import BudgetLineFactory, FinanceReturnFactory, LineFigureFactory
from tests.projects.factories import (
    CoreWorkReturnFactory,
    DeliverableFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    TeamFactory,
    TeamWorkFactory,
)
from tests.servicedesk.factories import (
    ChannelCallsFactory,
    ChannelFactory,
    ServiceDeskReturnFactory,
)

pytestmark = pytest.mark.django_db


def refused(instance, *, match="Alex Approver", delete=False):
    """The pre-check words the refusal; the database refuses the write itself."""
    with pytest.raises(workflow.Locked, match=match):
        year_locks.check(instance, deleting=delete)
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        instance.delete() if delete else instance.save()


@pytest.fixture
def year(db):
    return FinancialYearFactory(start_year=2020)


@pytest.fixture
def report(gwent, year):
    return AnnualReportFactory(organisation=gwent, year=year)


@pytest.fixture
def approve(editor, approver):
    """Submit (as the editor) and approve (as the approver) each return, then the
    report."""
    administrator = user_in(SHARED_SERVICE_ADMINISTRATORS, username="submitter")

    def approve(report, *returns):
        for ret in returns:
            workflow.return_submit(quarterly_return=ret, user=administrator)
            workflow.return_approve(quarterly_return=ret, user=approver)
        workflow.report_approve(report=report, user=approver)
    return approve


def test_a_published_years_projects_deliverables_and_updates_are_locked(report, approve,
                                                                         approver):
    project = ProjectFactory(organisation=report.organisation, year=report.year,
                             name="Body-worn video")
    deliverable = DeliverableFactory(project=project, name="Cameras")
    update = ProjectUpdateFactory(project=project, rag=Rag.GREEN)
    approve(report)
    workflow.report_publish(report=report, user=approver)

    project.name = "Renamed"
    refused(project, match="published by Alex Approver")
    deliverable.name = "Renamed"
    refused(deliverable)
    update.rag = Rag.RED
    refused(update)
    refused(ProjectUpdateFactory.build(project=project, quarter=2, rag=Rag.AMBER))
    refused(ProjectFactory.build(organisation=report.organisation, year=report.year,
                                 theme=None, name="Added afterwards"))
    project.refresh_from_db()
    refused(project, delete=True)
    project.refresh_from_db()
    assert project.name == "Body-worn video"
    assert project.deliverables.get().name == "Cameras"


def test_a_project_cannot_be_moved_out_of_a_locked_year(report, approve):
    project = ProjectFactory(organisation=report.organisation, year=report.year)
    approve(report)
    project.year = FinancialYearFactory(start_year=2021)
    refused(project)


def test_reopening_the_report_unlocks_its_projects(report, approve, approver):
    project = ProjectFactory(organisation=report.organisation, year=report.year)
    approve(report)
    workflow.report_reopen(report=report, user=approver, reason="Project renamed")
    project.name = "Renamed"
    project.save()


def test_another_year_and_another_organisation_are_not_locked(report, approve):
    approve(report)
    ProjectFactory(organisation=report.organisation, year=FinancialYearFactory(
        start_year=2021), name="Next year's work").save()
    ProjectFactory(organisation=OrganisationFactory(), year=report.year).save()


def test_next_years_priorities_keep_the_names_the_report_gave(report, approve):
    next_year = FinancialYearFactory(start_year=2021)
    priority = ProjectFactory(organisation=report.organisation, year=next_year,
                              name="Digital evidence", planned_as="priority")
    plain = ProjectFactory(organisation=report.organisation, year=next_year, name="Other")
    approve(report)

    priority.name = "Renamed"
    refused(priority)
    priority.refresh_from_db()
    priority.planned_as = ""
    refused(priority)
    priority.refresh_from_db()
    refused(priority, delete=True)
    refused(ProjectFactory.build(organisation=report.organisation, year=next_year,
                                 theme=None, name="Late priority", planned_as="priority"))
    # The next year's own progress stays open to change.
    priority.refresh_from_db()
    priority.status = "in-progress"
    priority.save()
    ProjectUpdateFactory(project=priority)
    plain.name = "Renamed freely"
    plain.save()


def test_a_channel_an_approved_return_shows_is_locked(gwent, year, editor, approver):
    telephone = ChannelFactory(name="Telephone", self_service=False)
    desk_return = ServiceDeskReturnFactory(organisation=gwent, year=year, quarter=1)
    ChannelCallsFactory(desk_return=desk_return, channel=telephone, calls=100)
    workflow.return_submit(quarterly_return=desk_return, user=editor)
    workflow.return_approve(quarterly_return=desk_return, user=approver)

    telephone.self_service = True
    refused(telephone, match=r"Telephone is shown by approved figures.*service desk return: "
                             r"Gwent Police 2020/21 Q1 .*\(approved by Alex Approver on")
    telephone.refresh_from_db()
    telephone.name = "Phone"
    refused(telephone)
    telephone.refresh_from_db()
    telephone.save()  # unchanged: passes
    ChannelFactory(name="Walk-in")  # a new name: always allowed
    assert not type(telephone).objects.get(name="Telephone").self_service


def test_a_reference_row_only_a_draft_uses_can_change(gwent, year):
    channel = ChannelFactory(name="Email")
    ChannelCallsFactory(desk_return__organisation=gwent, desk_return__year=year,
                        channel=channel)
    channel.name = "E-mail"
    channel.save()


def test_a_team_shown_by_an_approved_report_is_locked(report, approve):
    team = TeamFactory(name="Infrastructure")
    work = CoreWorkReturnFactory(organisation=report.organisation, year=report.year)
    TeamWorkFactory(work_return=work, team=team)
    approve(report, work)
    team.name = "Infra"
    refused(team, match=r"Infrastructure is shown by approved figures.*Annual Report")


def test_a_budget_line_keeps_its_name_but_may_leave_new_returns(report, approve):
    line = BudgetLineFactory(organisation=report.organisation, name="Airwave")
    finance_return = FinanceReturnFactory(organisation=report.organisation, year=report.year)
    LineFigureFactory(finance_return=finance_return, line=line, commentary="Under budget.")
    approve(report, finance_return)
    assert report.__class__.objects.get(pk=report.pk).status == ReportStatus.APPROVED

    line.name = "Airwave radios"
    refused(line)
    line.refresh_from_db()
    line.active = False  # offered to no new return: changes nothing reported
    line.save()


def test_an_unchanged_reference_row_costs_one_query_to_check(django_assert_num_queries):
    """Re-imports save every reference row they list: passing the lock stays cheap."""
    channel = ChannelFactory(name="Telephone")
    with django_assert_num_queries(1):  # the row as stored
        year_locks.check(channel)
    channel.name = "Phone"
    # The row as stored; approved returns showing it; approved or published reports.
    with django_assert_num_queries(3):
        year_locks.check(channel)


def test_a_years_project_costs_four_queries_to_check(django_assert_num_queries, report):
    project = ProjectFactory(organisation=report.organisation, year=report.year)
    # The report of the year the row gives; the organisation and year it is stored
    # under; that year's report; the stored row, to see if last year's report names it.
    with django_assert_num_queries(4):
        year_locks.check(project)
