"""Only an approver reopens an approved return, and only with a reason, which is kept
and carried by every figure changed afterwards."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ictreport.core import workflow
from ictreport.core.models import ReturnStatus, SignOff, SignOffAction
from servicedesk.models import ChannelCalls
from tests.workflow.conftest import change_data, change_url, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(quarter_return, editor, approver):
    workflow.return_submit(quarterly_return=quarter_return, user=editor)
    workflow.return_approve(quarterly_return=quarter_return, user=approver)
    return quarter_return


def test_reopen_without_a_reason_is_refused(approved, approver):
    with pytest.raises(ValidationError) as refused:
        workflow.return_reopen(quarterly_return=approved, user=approver, reason="  ")
    assert "reason" in refused.value.message_dict
    approved.refresh_from_db()
    assert approved.status == ReturnStatus.APPROVED


def test_reopen_form_asks_for_the_reason(client, approved, approver):
    client.force_login(approver)
    response = client.post(step_url(approved, "reopen"), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    approved.refresh_from_db()
    assert approved.status == ReturnStatus.APPROVED


def test_an_editor_cannot_reopen(approved, editor):
    with pytest.raises(PermissionDenied):
        workflow.return_reopen(quarterly_return=approved, user=editor, reason="typo")


def test_reopen_is_recorded_and_later_changes_carry_its_reason(client, approved, approver,
                                                               editor):
    client.force_login(approver)
    client.post(step_url(approved, "reopen"), {"reason": "Q1 calls double-counted"})
    approved.refresh_from_db()
    assert approved.status == ReturnStatus.DRAFT
    step = SignOff.objects.get(object_id=approved.pk, action=SignOffAction.REOPENED)
    assert (step.user, step.reason) == (approver, "Q1 calls double-counted")
    assert "Q1 calls double-counted" in client.get(change_url(approved)).content.decode()

    client.force_login(editor)
    response = client.post(change_url(approved), change_data(approved, calls=600))
    assert response.status_code == 302
    row = ChannelCalls.objects.get(desk_return=approved)
    assert row.calls == 600
    latest = row.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "After reopening: Q1 calls double-counted"
