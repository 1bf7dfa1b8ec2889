"""The two-person rule: whoever submitted a return does not approve it, nor the report
of its year; an organisation may turn the rule off."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from ictreport.core import workflow
from ictreport.core.models import ReportStatus, ReturnStatus
from ictreport.core.roles import APPROVERS, SHARED_SERVICE_ADMINISTRATORS
from tests.access.factories import user_in
from tests.factories import AnnualReportFactory
from tests.workflow.conftest import step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def all_rounder(gwent):
    """An approver who is also the service desk's editor: may do either step, never both
    on the same figures."""
    user = user_in(APPROVERS, gwent, first_name="Sam", last_name="Both")
    user.groups.add(Group.objects.get(name="Service desk editors"))
    return user


def test_the_submitter_cannot_approve_their_own_return(quarter_return, all_rounder):
    workflow.return_submit(quarterly_return=quarter_return, user=all_rounder)
    with pytest.raises(ValidationError, match=re.escape(
            "The two-person rule: Sam Both submitted this return, so someone else must "
            "approve it.")):
        workflow.return_approve(quarterly_return=quarter_return, user=all_rounder)
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.SUBMITTED


def test_a_shared_service_administrator_is_held_to_the_rule_too(quarter_return, gwent):
    administrator = user_in(SHARED_SERVICE_ADMINISTRATORS, username="ssa")
    workflow.return_submit(quarterly_return=quarter_return, user=administrator)
    with pytest.raises(ValidationError, match="two-person rule"):
        workflow.return_approve(quarterly_return=quarter_return, user=administrator)


def test_someone_else_approves(quarter_return, all_rounder, approver):
    workflow.return_submit(quarterly_return=quarter_return, user=all_rounder)
    workflow.return_approve(quarterly_return=quarter_return, user=approver)
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.APPROVED


def test_the_admin_refuses_with_the_rule_named(client, quarter_return, all_rounder):
    client.force_login(all_rounder)
    client.post(step_url(quarter_return, "submit"))
    response = client.post(step_url(quarter_return, "approve"), follow=True)
    assert "The two-person rule: Sam Both submitted this return" in response.content.decode()
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.SUBMITTED


def test_the_latest_submission_counts(quarter_return, all_rounder, editor, approver):
    """Reopened and submitted again by someone else, the first submitter may approve."""
    workflow.return_submit(quarterly_return=quarter_return, user=all_rounder)
    workflow.return_approve(quarterly_return=quarter_return, user=approver)
    workflow.return_reopen(quarterly_return=quarter_return, user=approver, reason="Typo")
    workflow.return_submit(quarterly_return=quarter_return, user=editor)
    workflow.return_approve(quarterly_return=quarter_return, user=all_rounder)
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.APPROVED


def test_the_submitter_of_a_return_cannot_approve_the_report(quarter_return, all_rounder,
                                                             approver, gwent):
    report = AnnualReportFactory(organisation=gwent, year=quarter_return.year)
    workflow.return_submit(quarterly_return=quarter_return, user=all_rounder)
    workflow.return_approve(quarterly_return=quarter_return, user=approver)
    with pytest.raises(ValidationError, match=r"Sam Both submitted .*one of this report's returns"):
        workflow.report_approve(report=report, user=all_rounder)
    workflow.report_approve(report=report, user=approver)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_an_organisation_may_turn_the_rule_off(quarter_return, all_rounder, gwent):
    gwent.two_person_rule = False
    gwent.save()
    workflow.return_submit(quarterly_return=quarter_return, user=all_rounder)
    workflow.return_approve(quarterly_return=quarter_return, user=all_rounder)
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.APPROVED


def test_the_rule_is_on_for_a_new_organisation(gwent):
    assert gwent.two_person_rule is True
