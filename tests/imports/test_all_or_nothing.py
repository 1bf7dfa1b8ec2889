"""Confirming applies every row of the file or none."""

from ictreport.core.models import ReturnStatus
from ictreport.core.periods import Quarter
from servicedesk.models import ChannelCalls, ServiceDeskReturn
from tests.imports.conftest import admin_confirm, admin_import
from tests.imports.factories import CSV, SECTIONS, spreadsheet
from tests.servicedesk.factories import ChannelCallsFactory, ChannelFactory

CALLS = SECTIONS[0]


def test_a_period_approved_between_preview_and_confirm_rolls_back_every_row(
        organisation, editor_client):
    CALLS.setup(organisation)
    q1 = ChannelCallsFactory(desk_return__organisation=organisation,
                             desk_return__quarter=Quarter.Q1,
                             channel=ChannelFactory(name="Telephone"), calls=100).desk_return
    rows = CALLS.file_rows(organisation, [["2019-20", "Q2", "Telephone", "50"],
                                          ["2019-20", "Q1", "Telephone", "999"]])
    client = editor_client(CALLS)
    preview = admin_import(client, CALLS, spreadsheet(CALLS.headers, rows), CSV)
    assert "confirm_form" in preview.context
    ServiceDeskReturn.objects.filter(pk=q1.pk).update(status=ReturnStatus.APPROVED)

    confirmed = admin_confirm(client, CALLS, preview)

    assert confirmed.status_code == 200
    assert "Nothing was imported" in confirmed.content.decode()
    [invalid] = confirmed.context["result"].invalid_rows
    assert invalid.number == 2 and "period" in invalid.field_specific_errors
    assert list(ChannelCalls.objects.values_list("desk_return__quarter", "calls")) == [(1, 100)]
    assert not ServiceDeskReturn.objects.filter(quarter=Quarter.Q2).exists()


def test_a_confirmed_import_is_recorded_in_the_figures_history_with_who(
        organisation, editor_client):
    CALLS.setup(organisation)
    client = editor_client(CALLS)
    rows = CALLS.file_rows(organisation)

    admin_confirm(client, CALLS, admin_import(client, CALLS,
                                              spreadsheet(CALLS.headers, rows), CSV))

    user = client.session["_auth_user_id"]
    records = ChannelCalls.history.all()
    assert records.count() == len(rows)
    assert {str(record.history_user_id) for record in records} == {user}
    assert {record.history_type for record in records} == {"+"}
