"""Money sums come back from the database to the penny, on SQLite as on PostgreSQL."""

from decimal import Decimal

import pytest

from finance.models import LineFigure
from ictreport.core.money import MoneySum, pence
from ictreport.core.periods import Quarter
from tests.factories import OrganisationFactory
from tests.finance.factories import record

pytestmark = pytest.mark.django_db


def test_a_sum_of_pence_has_exactly_two_places():
    organisation = OrganisationFactory()
    # SQLite adds these as floats: 4,820,735.10000000 without quantizing.
    for quarter, spend in zip(Quarter.values[1:], ["1205183.77", "1205183.78", "1205183.78",
                                                    "1205183.77"], strict=True):
        record(organisation, 2020, quarter, {"Network": ("4800000.01", spend)})
    total = LineFigure.objects.aggregate(spend=MoneySum("expenditure"),
                                         budget=MoneySum("budget"))
    assert total["spend"] == Decimal("4820735.10")
    assert total["spend"].as_tuple().exponent == -2
    assert str(total["budget"]) == "19200000.04"


def test_a_filtered_sum_over_no_rows_is_none():
    assert LineFigure.objects.aggregate(spend=MoneySum("expenditure"))["spend"] is None


def test_pence_rounds_half_up():
    assert pence(Decimal("2.675")) == Decimal("2.68")
    assert pence(Decimal("-2266.960000000")) == Decimal("-2266.96")
    assert pence(None) is None
