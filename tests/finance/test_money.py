"""Money is Decimal pounds and pence; variance is budget minus expenditure, positive an
underspend and negative an overspend."""

from decimal import Decimal

import pytest

from finance.models import LineFigure, budget_to_date
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


def test_underspend_is_positive_overspend_negative():
    assert LineFigure(budget=Decimal("584472"), expenditure=Decimal("576597")).variance == (
        Decimal("7875"))
    assert LineFigure(budget=Decimal("779164"), expenditure=Decimal("820701")).variance == (
        Decimal("-41537"))


def test_variance_share_of_budget_is_rounded_half_up():
    figure = LineFigure(budget=Decimal("200.00"), expenditure=Decimal("187.00"))
    assert figure.variance_percent == 7  # 6.5% rounds up


def test_variance_share_of_nothing_budgeted_is_not_given():
    assert LineFigure(budget=Decimal(0), expenditure=Decimal(10)).variance_percent is None


@pytest.mark.parametrize(("quarter", "expected"), [
    (Quarter.FULL_YEAR, "1000.01"), (Quarter.Q1, "250.00"), (Quarter.Q2, "500.01"),
    (Quarter.Q3, "750.01"), (Quarter.Q4, "1000.01"),
])
def test_budget_to_date_spreads_the_year_evenly_to_the_penny(quarter, expected):
    assert budget_to_date(Decimal("1000.01"), quarter) == Decimal(expected)
