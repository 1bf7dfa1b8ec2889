import pytest

from ictreport.core.periods import Quarter
from ictreport.core.roles import APPROVERS
from tests.access.factories import user_in
from tests.factories import FinancialYearFactory
from tests.servicedesk.factories import (
    ChannelCallsFactory,
    ChannelFactory,
    ServiceDeskReturnFactory,
)


@pytest.fixture
def editor(gwent):
    return user_in("Service desk editors", gwent, first_name="Eve", last_name="Editor")


@pytest.fixture
def approver(gwent):
    return user_in(APPROVERS, gwent, first_name="Alex", last_name="Approver")


@pytest.fixture
def telephone(db):
    return ChannelFactory(name="Telephone", position=0)


@pytest.fixture
def quarter_return(gwent, telephone):
    """A draft service desk return for Q1 2020/21 with its telephone calls."""
    desk_return = ServiceDeskReturnFactory(
        organisation=gwent, year=FinancialYearFactory(start_year=2020), quarter=Quarter.Q1)
    ChannelCallsFactory(desk_return=desk_return, channel=telephone, calls=1200)
    return desk_return


def change_data(desk_return, *, calls):
    """The service desk change form's POST data, its one telephone row set to ``calls``,
    as a form opened now posts it (with the return's version as stored now)."""
    row = desk_return.channel_calls.get()
    return {
        "organisation": desk_return.organisation_id, "year": desk_return.year_id,
        "quarter": desk_return.quarter,
        "version": type(desk_return).objects.get(pk=desk_return.pk).version,
        "first_contact_closed": "", "first_contact_measured": "", "first_contact_target": "",
        "channel_calls-TOTAL_FORMS": 1, "channel_calls-INITIAL_FORMS": 1,
        "channel_calls-MIN_NUM_FORMS": 0, "channel_calls-MAX_NUM_FORMS": 1000,
        "channel_calls-0-id": row.pk, "channel_calls-0-desk_return": desk_return.pk,
        "channel_calls-0-channel": row.channel_id, "channel_calls-0-calls": calls,
        "service_levels-TOTAL_FORMS": 0, "service_levels-INITIAL_FORMS": 0,
        "service_levels-MIN_NUM_FORMS": 0, "service_levels-MAX_NUM_FORMS": 1000,
    }


def change_url(desk_return):
    return f"/en/admin/servicedesk/servicedeskreturn/{desk_return.pk}/change/"


def step_url(desk_return, step):
    return f"/en/admin/servicedesk/servicedeskreturn/{desk_return.pk}/sign-off/{step}/"
