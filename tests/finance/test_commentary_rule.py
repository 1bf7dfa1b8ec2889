"""A line whose variance passes the organisation's threshold needs its commentary before
the return can be submitted (``FinanceReturn.submission_problems``)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from finance.models import CommentaryThreshold
from ictreport.core.periods import Quarter
from tests.finance.factories import CommentaryThresholdFactory, record

pytestmark = pytest.mark.django_db


def test_large_variance_without_commentary_blocks_submission(gwent):
    finance_return = record(gwent, 2019, Quarter.FULL_YEAR, {"DSD": ("1511953", "2338490")})
    assert finance_return.submission_problems() == [
        "DSD: a variance of -£826,537 passes the commentary threshold (5% of budget or "
        "£50,000); explain it in the line's commentary."
    ]


def test_commentary_clears_the_problem(gwent):
    finance_return = record(gwent, 2019, Quarter.FULL_YEAR, {"DSD": ("1511953", "2338490")})
    finance_return.lines.update(commentary="Responsibilities moved to the DSD in the year.")
    assert finance_return.submission_problems() == []


def test_blank_commentary_does_not_count(gwent):
    finance_return = record(gwent, 2019, Quarter.FULL_YEAR, {"DSD": ("1511953", "2338490")})
    finance_return.lines.update(commentary="  \n ")
    assert len(finance_return.submission_problems()) == 1


def test_small_variance_needs_no_commentary(gwent):
    # Airwave 2019/20: £7,875 under, 1.3% of its budget.
    finance_return = record(gwent, 2019, Quarter.FULL_YEAR, {"Airwave": ("584472", "576597")})
    assert finance_return.submission_problems() == []


def test_percentage_passed_only_when_exceeded(gwent):
    CommentaryThresholdFactory(organisation=gwent, percent=Decimal(5), amount=None)
    at_limit = record(gwent, 2019, Quarter.FULL_YEAR, {"A": ("1000", "950")})
    assert at_limit.submission_problems() == []
    at_limit.lines.update(expenditure=Decimal("949.99"))
    assert len(at_limit.submission_problems()) == 1


def test_amount_passed_by_an_overspend_or_an_underspend(gwent):
    CommentaryThresholdFactory(organisation=gwent, percent=None, amount=Decimal(50000))
    over = record(gwent, 2019, Quarter.FULL_YEAR,
                  {"Big": ("10000000", "10050000.01"), "Under": ("10000000", "9950000")})
    problems = over.submission_problems()
    assert len(problems) == 1 and problems[0].startswith("Big:")


def test_threshold_is_set_per_organisation(gwent):
    finance_return = record(gwent, 2019, Quarter.FULL_YEAR, {"Airwave": ("584472", "576597")})
    CommentaryThresholdFactory(organisation=gwent, percent=Decimal(1), amount=None)
    assert finance_return.submission_problems() == [
        "Airwave: a variance of £7,875 passes the commentary threshold (1% of budget); "
        "explain it in the line's commentary."
    ]


def test_quarter_is_judged_on_the_year_so_far_against_the_budget_spread_evenly(gwent):
    CommentaryThresholdFactory(organisation=gwent, percent=Decimal(5), amount=None)
    # A quarter into the year a quarter of the budget spent is on track, not a 75%
    # underspend.
    q1 = record(gwent, 2020, Quarter.Q1, {"A": ("400000", "100000")})
    assert q1.submission_problems() == []
    # By Q2, 200,000 is due; 230,000 spent is 15% over.
    q2 = record(gwent, 2020, Quarter.Q2, {"A": ("400000", "130000")})
    assert q2.submission_problems() == [
        "A: a variance of -£30,000 passes the commentary threshold (5% of budget); explain "
        "it in the line's commentary."
    ]
    # Q1 is still judged as it stood then, whatever came later.
    assert q1.submission_problems() == []


def test_a_return_without_figures_cannot_be_submitted(gwent):
    finance_return = record(gwent, 2019, Quarter.FULL_YEAR, {})
    assert finance_return.submission_problems() == [
        "No figures have been entered for any budget line."
    ]


def test_threshold_needs_a_percentage_or_an_amount(gwent):
    threshold = CommentaryThreshold(organisation=gwent, percent=None, amount=None)
    with pytest.raises(ValidationError, match="Set a percentage, an amount, or both"):
        threshold.full_clean()


@pytest.mark.parametrize(("percent", "amount", "described"), [
    (Decimal("5.00"), Decimal("50000.00"), "5% of budget or £50,000"),
    (Decimal("100.00"), None, "100% of budget"),
    (Decimal("2.50"), None, "2.5% of budget"),
    (None, Decimal("1234.50"), "£1,234.50"),
])
def test_threshold_is_described_as_entered(gwent, percent, amount, described):
    assert CommentaryThreshold(percent=percent, amount=amount).description == described
