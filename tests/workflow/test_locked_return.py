"""An approved return refuses every write, whichever way it comes, naming who approved
it and when."""

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction

from ictreport.core import workflow
from ictreport.core.models import ReturnStatus
from ictreport.core.signoff_lock import LOCKED_MARK
from ictreport.core.writes import sync_children, upsert
from servicedesk.models import ChannelCalls
from tests.workflow.conftest import change_data, change_url, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(quarter_return, editor, approver):
    workflow.return_submit(quarterly_return=quarter_return, user=editor)
    workflow.return_approve(quarterly_return=quarter_return, user=approver)
    quarter_return.refresh_from_db()
    return quarter_return


def test_editor_submits_and_approver_approves_through_the_admin(client, quarter_return,
                                                                 editor, approver):
    client.force_login(editor)
    assert client.get(step_url(quarter_return, "submit")).status_code == 200
    client.post(step_url(quarter_return, "submit"))
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.SUBMITTED
    # An editor cannot approve their own return.
    client.post(step_url(quarter_return, "approve"))
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.SUBMITTED

    client.force_login(approver)
    client.post(step_url(quarter_return, "approve"))
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.APPROVED


def test_a_step_is_not_taken_by_get(client, quarter_return, editor):
    client.force_login(editor)
    client.get(step_url(quarter_return, "submit"))
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.DRAFT


def test_locked_quarter_rejects_admin_edit_naming_the_approver(client, approved, editor):
    client.force_login(editor)
    page = client.get(change_url(approved))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert "Alex Approver" in page.content.decode()

    response = client.post(change_url(approved), change_data(approved, calls=9999))
    assert response.status_code == 302
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "approved by Alex Approver on" in message
    assert ChannelCalls.objects.get(desk_return=approved).calls == 1200


def test_locked_quarter_rejects_a_figure_saved_by_any_code(approved):
    """Below the services, the database refuses (``ictreport.core.signoff_lock``)."""
    row = ChannelCalls.objects.get(desk_return=approved)
    row.calls = 1
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        row.save()
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        row.delete()
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        approved.delete()
    assert ChannelCalls.objects.get(desk_return=approved).calls == 1200


def test_the_write_service_names_who_approved_the_return(approved):
    row = ChannelCalls.objects.get(desk_return=approved)
    with pytest.raises(workflow.Locked, match="Alex Approver"), transaction.atomic():
        sync_children(ChannelCalls, {"desk_return": approved},
                      [{"channel": row.channel, "calls": 1}], key=["channel"])
    with pytest.raises(workflow.Locked, match="Alex Approver"), transaction.atomic():
        upsert(type(approved), {"pk": approved.pk}, {"quarter": 4})
    assert ChannelCalls.objects.get(desk_return=approved).calls == 1200


def test_saving_an_unchanged_figure_passes_the_lock(approved):
    """Re-importing the same file saves rows unchanged; that writes nothing new."""
    ChannelCalls.objects.get(desk_return=approved).save()


def test_submission_is_refused_while_the_return_is_incomplete(client, quarter_return, editor):
    quarter_return.channel_calls.all().delete()
    client.force_login(editor)
    response = client.post(step_url(quarter_return, "submit"))
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "No calls are entered for any channel." in message
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.DRAFT
