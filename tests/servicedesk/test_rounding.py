"""Percentages are whole numbers rounded half up from the stored counts."""

import pytest

from ictreport.core import registry
from tests.factories import FinancialYearFactory
from tests.servicedesk.factories import ChannelFactory, desk_return

pytestmark = pytest.mark.django_db


def build(organisation):
    return registry.get_section("servicedesk").build(
        organisation=organisation, year=FinancialYearFactory(start_year=2019))


def test_a_change_of_22_49_percent_is_22(gwent):
    phone = ChannelFactory(name="Telephone")
    desk_return(gwent, 2018, calls={phone: 24635})
    desk_return(gwent, 2019, calls={phone: 19094})  # 5,541 fewer: 22.49%
    assert "This is a 22% reduction" in build(gwent).blocks[1].text


def test_a_change_of_exactly_22_5_percent_rounds_up(gwent):
    phone = ChannelFactory(name="Telephone")
    desk_return(gwent, 2018, calls={phone: 200})
    desk_return(gwent, 2019, calls={phone: 155})  # 45 fewer: 22.50%
    assert "This is a 23% reduction" in build(gwent).blocks[1].text


def test_a_share_of_80_63_percent_is_81(gwent):
    phone, web = ChannelFactory(name="Telephone"), ChannelFactory(name="Web", self_service=True)
    desk_return(gwent, 2019, calls={phone: 21136, web: 5078})  # 80.63% and 19.37%
    telephone_row, web_row, _total = build(gwent).blocks[0].rows
    assert (telephone_row.cells[2], web_row.cells[2]) == (81, 19)


def test_a_first_contact_rate_of_62_50_percent_is_63(gwent):
    desk_return(gwent, 2019, calls={ChannelFactory(name="Telephone"): 8}, closed=5,
                measured=8)
    data = build(gwent)
    assert data.blocks[2].rows[0].cells[2] == 63
    assert data.blocks[3].text == "In 2019/20 63% of calls were resolved at first point of " \
                                  "contact."
