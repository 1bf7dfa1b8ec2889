"""Money is Decimal pounds and pence; variance is budget minus expenditure, positive an
underspend and negative an overspend."""

from decimal import Decimal

import pytest

from finance.models import budget_to_date
from finance.selectors import line_position_list
from ictreport.core.periods import Quarter
from tests.factories import FinancialYearFactory
from tests.finance.factories import record

pytestmark = pytest.mark.django_db


def test_pence_add_up_exactly(gwent):
    # 0.1 + 0.2 is not 0.3 in floating point; in pounds and pence it must be.
    for quarter, spend in ((1, "0.10"), (2, "0.20"), (3, "1000000.07"), (4, "0.01")):
        record(gwent, 2020, quarter, {"Airwave": ("1000000.40", spend)})
    [airwave] = line_position_list(organisation=gwent,
                                   year=FinancialYearFactory(start_year=2020))
    assert airwave.expenditure == Decimal("1000000.38")
    assert isinstance(airwave.expenditure, Decimal)
    assert airwave.variance == Decimal("0.02")


def test_underspend_is_positive_overspend_negative(gwent):
    record(gwent, 2019, Quarter.FULL_YEAR,
           {"Airwave": ("584472", "576597"), "National ICT Services": ("779164", "820701")})
    airwave, national = line_position_list(organisation=gwent,
                                           year=FinancialYearFactory(start_year=2019))
    assert airwave.variance == Decimal(7875)
    assert national.variance == Decimal(-41537)


@pytest.mark.parametrize(("quarter", "expected"), [
    (Quarter.FULL_YEAR, "1000.01"), (Quarter.Q1, "250.00"), (Quarter.Q2, "500.01"),
    (Quarter.Q3, "750.01"), (Quarter.Q4, "1000.01"),
])
def test_budget_to_date_spreads_the_year_evenly_to_the_penny(quarter, expected):
    assert budget_to_date(Decimal("1000.01"), quarter) == Decimal(expected)
