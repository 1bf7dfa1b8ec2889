"""Budgets are stocks (the latest return's figure stands), spend is a flow (summed over
the quarters); a full-year return is used as it is."""

from decimal import Decimal

import pytest

from finance.selectors import (
    commentary_threshold_get,
    line_position_list,
    quarter_spend_list,
    stated_total_list,
    year_total_list,
)
from ictreport.core.periods import Quarter
from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.finance.factories import CommentaryThresholdFactory, record

pytestmark = pytest.mark.django_db


def year(start=2020):
    return FinancialYearFactory(start_year=start)


def test_revised_budget_stands_and_spend_adds_up_over_quarters(gwent):
    record(gwent, 2020, Quarter.Q1, {"Airwave": ("100000", "20000")})
    record(gwent, 2020, Quarter.Q2, {"Airwave": ("120000", "30000.50")})
    [airwave] = line_position_list(organisation=gwent, year=year())
    assert airwave.budget == Decimal("120000")
    assert airwave.expenditure == Decimal("50000.50")
    assert airwave.quarter == Quarter.Q2
    assert not airwave.complete


def test_full_year_return_is_used_as_it_is(gwent):
    record(gwent, 2019, Quarter.FULL_YEAR, {"DSD": ("1511953", "2338490")})
    [dsd] = line_position_list(organisation=gwent, year=year(2019))
    assert (dsd.budget, dsd.expenditure, dsd.variance) == (
        Decimal(1511953), Decimal(2338490), Decimal(-826537))
    assert dsd.complete


def test_position_up_to_a_quarter_ignores_later_ones(gwent):
    record(gwent, 2020, Quarter.Q1, {"Airwave": ("100000", "20000")})
    record(gwent, 2020, Quarter.Q2, {"Airwave": ("120000", "30000")})
    [airwave] = line_position_list(organisation=gwent, year=year(), through_quarter=1)
    assert (airwave.budget, airwave.expenditure, airwave.quarter) == (
        Decimal(100000), Decimal(20000), 1)


def test_line_missing_from_the_latest_quarter_keeps_its_budget(gwent):
    record(gwent, 2020, Quarter.Q1, {"Airwave": ("100000", "20000"), "DSD": ("40000", "9000")})
    record(gwent, 2020, Quarter.Q2, {"Airwave": ("100000", "25000")})
    positions = {p.name: p for p in line_position_list(organisation=gwent, year=year())}
    assert positions["DSD"].budget == Decimal(40000)
    assert positions["DSD"].expenditure == Decimal(9000)
    # Its position runs to the year's latest return, as every other line's does.
    assert positions["DSD"].quarter == Quarter.Q2
    assert positions["DSD"].budget_to_date == Decimal(20000)


def test_positions_come_in_the_lines_order(gwent):
    record(gwent, 2019, Quarter.FULL_YEAR,
           {"SRS Collaboration": ("1", "1"), "Airwave": ("1", "1"), "DSD": ("1", "1")})
    names = [p.name for p in line_position_list(organisation=gwent, year=year(2019))]
    assert names == ["SRS Collaboration", "Airwave", "DSD"]


def test_other_organisations_and_years_are_left_out(gwent):
    record(gwent, 2020, Quarter.Q1, {"Airwave": ("100", "10")})
    record(gwent, 2019, Quarter.FULL_YEAR, {"Airwave": ("900", "900")})
    record(OrganisationFactory(), 2020, Quarter.Q1, {"Airwave": ("500", "500")})
    [airwave] = line_position_list(organisation=gwent, year=year())
    assert (airwave.budget, airwave.expenditure) == (Decimal(100), Decimal(10))


def test_no_figures_no_positions(gwent):
    assert line_position_list(organisation=gwent, year=year()) == []


def test_every_year_held_oldest_first(gwent):
    record(gwent, 2019, Quarter.FULL_YEAR, {"A": ("1000", "900"), "B": ("500", "600")})
    record(gwent, 2020, Quarter.Q1, {"A": ("1200", "200"), "B": ("400", "100")})
    record(gwent, 2020, Quarter.Q2, {"A": ("1300", "300"), "B": ("400", "100")})
    first, second = year_total_list(organisation=gwent)
    assert (first.start_year, first.budget, first.expenditure, first.variance) == (
        2019, Decimal(1500), Decimal(1500), Decimal(0))
    # Budgets as the latest quarter states them; spend summed over both quarters.
    assert (second.start_year, second.budget, second.expenditure, second.quarter) == (
        2020, Decimal(1700), Decimal(700), Quarter.Q2)
    assert second.budget_to_date == Decimal(850)
    assert second.variance == Decimal(150)


def test_quarter_series_within_a_year(gwent):
    record(gwent, 2020, Quarter.Q1, {"A": ("1000", "200"), "B": ("500", "100")})
    record(gwent, 2020, Quarter.Q3, {"A": ("1100", "300"), "B": ("500", "150")})
    q1, q3 = quarter_spend_list(organisation=gwent, year=year())
    assert (q1.quarter, q1.budget, q1.expenditure, q1.lines) == (1, Decimal(1500),
                                                                Decimal(300), 2)
    assert (q3.quarter, q3.budget, q3.expenditure) == (3, Decimal(1600), Decimal(450))


def test_full_year_has_no_quarter_series(gwent):
    record(gwent, 2019, Quarter.FULL_YEAR, {"A": ("1000", "900")})
    assert quarter_spend_list(organisation=gwent, year=year(2019)) == []


def test_stated_totals_of_the_year(gwent):
    record(gwent, 2019, Quarter.FULL_YEAR, {"A": ("1000", "900")},
           stated_expenditure=Decimal(901))
    record(gwent, 2018, Quarter.FULL_YEAR, {"A": ("1000", "900")}, stated_budget=Decimal(1))
    [stated] = stated_total_list(organisation=gwent, year=year(2019))
    assert (stated.budget, stated.expenditure, stated.variance) == (None, Decimal(901), None)


def test_threshold_defaults_until_the_organisation_sets_one(gwent):
    default = commentary_threshold_get(organisation=gwent)
    assert (default.percent, default.amount, default.pk) == (Decimal(5), Decimal(50000), None)
    CommentaryThresholdFactory(organisation=gwent, percent=None, amount=Decimal(10000))
    chosen = commentary_threshold_get(organisation=gwent)
    assert (chosen.percent, chosen.amount) == (None, Decimal(10000))


def test_a_year_missing_a_quarter_is_not_complete_though_its_latest_is_q4(gwent):
    # The one rule (core.coverage.is_complete): all four quarters, not merely Q4's return.
    for quarter in (Quarter.Q1, Quarter.Q2, Quarter.Q4):
        record(gwent, 2020, quarter, {"Airwave": ("100000", "20000")})
    [airwave] = line_position_list(organisation=gwent, year=year())
    assert (airwave.quarter, airwave.periods, airwave.complete) == (
        Quarter.Q4, (Quarter.Q1, Quarter.Q2, Quarter.Q4), False)
    [totals] = year_total_list(organisation=gwent)
    assert (totals.quarter, totals.complete) == (Quarter.Q4, False)
    record(gwent, 2020, Quarter.Q3, {"Airwave": ("100000", "20000")})
    assert year_total_list(organisation=gwent)[0].complete
