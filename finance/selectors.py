"""Reads for the finance section, aggregated in SQL.

Budgets are stocks: a line's budget for a year is the one its latest return states.
Expenditure is a flow: a line's spend for a year is the sum over its returns. A
full-year return is both at once and is used as it is. The latest row of a line in a
year is found in SQL (no later row exists for the same line and year), so one query
serves any number of years, lines and quarters.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, Max, OuterRef, Q

from finance.models import (
    BudgetLine,
    CommentaryThreshold,
    FinanceReturn,
    LineFigure,
    budget_to_date,
)
from ictreport.core import bilingual
from ictreport.core.coverage import PeriodsCovered, periods_from_bits, periods_held
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.money import MoneySum
from ictreport.core.periods import Quarter

ZERO = Decimal("0.00")


def _figures(*, organisation: Organisation, through_quarter: int | None = None):
    """The organisation's line figures (up to ``through_quarter`` in each year), each
    marked whether it is its line's latest in its year: the row whose budget stands."""
    figures = LineFigure.objects.filter(finance_return__organisation=organisation)
    later = LineFigure.objects.filter(
        line_id=OuterRef("line_id"),
        finance_return__year_id=OuterRef("finance_return__year_id"),
        finance_return__quarter__gt=OuterRef("finance_return__quarter"),
    )
    if through_quarter is not None:
        figures = figures.filter(finance_return__quarter__lte=through_quarter)
        later = later.filter(finance_return__quarter__lte=through_quarter)
    return figures.alias(superseded=Exists(later))


WELSH = "cy"


def _latest(field: str):
    # Exactly one row per line and year is not superseded, so its sum is its value.
    return MoneySum(field, filter=Q(superseded=False))


@dataclass(frozen=True)
class LinePosition(PeriodsCovered):
    """One budget line's position for a year (or the year so far)."""

    line_id: int
    name: str
    budget: Decimal  # the annual budget as it now stands
    expenditure: Decimal  # spent in the year so far
    commentary: str
    discrepancy: str
    periods: tuple[Quarter, ...]  # the year's returns the position runs over, in order

    @property
    def budget_to_date(self) -> Decimal:
        return budget_to_date(self.budget, self.quarter)

    @property
    def variance(self) -> Decimal:
        """Positive: underspent; negative: overspent."""
        return self.budget_to_date - self.expenditure


def line_position_list(*, organisation: Organisation, year: FinancialYear,
                       through_quarter: int | None = None) -> list[LinePosition]:
    """Each line with figures in the year, in the table's order; up to and including
    ``through_quarter`` when given (0 means the full-year return)."""
    figures = _figures(organisation=organisation, through_quarter=through_quarter).filter(
        finance_return__year=year)
    texts = {}
    for field in ("commentary", "discrepancy"):
        # Text cannot be summed; Max over the single latest row is that row's text.
        english, welsh = bilingual.columns(field)
        texts[f"{field}_english"] = Max(english, filter=Q(superseded=False))
        texts[f"{field}_welsh"] = Max(welsh, filter=Q(superseded=False))
    rows = list(
        figures.values("line_id", *bilingual.columns("line__name"), "line__position")
        .annotate(
            budget=_latest("budget"),
            expenditure=MoneySum("expenditure"),
            periods=periods_held("finance_return__quarter"),
            **texts,
        )
        .order_by("line__position", "line__name_en")
    )
    if not rows:
        return []
    # Every line's position runs to the year's latest return: a line missing from it
    # keeps its budget (a stock) and spent nothing recorded that quarter (a flow).
    periods = periods_from_bits(reduce(or_, (row["periods"] for row in rows)))
    return [
        LinePosition(
            line_id=row["line_id"],
            name=bilingual.from_values(row, "line__name"),
            budget=row["budget"], expenditure=row["expenditure"], periods=periods,
            commentary=bilingual.in_language(row["commentary_english"],
                                             row["commentary_welsh"]),
            discrepancy=bilingual.in_language(row["discrepancy_english"],
                                              row["discrepancy_welsh"]),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class YearTotals(PeriodsCovered):
    start_year: int
    budget: Decimal
    budget_to_date: Decimal
    expenditure: Decimal
    periods: tuple[Quarter, ...]  # the year's returns, in order

    @property
    def variance(self) -> Decimal:
        return self.budget_to_date - self.expenditure


def year_total_list(*, organisation: Organisation) -> list[YearTotals]:
    """Budget and spend over every year held for the organisation, oldest first.

    For a year still in progress the budget to date is spread from the year's total, so
    it may differ by a penny from the sum of its lines' shares; the section substitutes
    its line-derived totals for the year it shows.
    """
    rows = (
        _figures(organisation=organisation)
        .values("finance_return__year_id")
        .annotate(
            budget=_latest("budget"),
            expenditure=MoneySum("expenditure"),
            periods=periods_held("finance_return__quarter"),
        )
        .order_by("finance_return__year_id")
    )
    totals = []
    for row in rows:
        periods = periods_from_bits(row["periods"])
        totals.append(YearTotals(
            start_year=row["finance_return__year_id"], budget=row["budget"],
            budget_to_date=budget_to_date(row["budget"], periods[-1]),
            expenditure=row["expenditure"], periods=periods))
    return totals


@dataclass(frozen=True)
class QuarterSpend:
    quarter: int
    budget: Decimal  # the annual budget as this quarter's return states it
    expenditure: Decimal  # spent in this quarter
    lines: int


def quarter_spend_list(*, organisation: Organisation, year: FinancialYear) -> list[QuarterSpend]:
    """The year's quarterly returns in order (empty for a full-year return)."""
    rows = (
        LineFigure.objects.filter(
            finance_return__organisation=organisation, finance_return__year=year,
            finance_return__quarter__gt=Quarter.FULL_YEAR,
        )
        .values("finance_return__quarter")
        .annotate(budget=MoneySum("budget"), expenditure=MoneySum("expenditure"),
                  lines=Count("id"))
        .order_by("finance_return__quarter")
    )
    return [
        QuarterSpend(quarter=row["finance_return__quarter"], budget=row["budget"],
                     expenditure=row["expenditure"], lines=row["lines"])
        for row in rows
    ]


@dataclass(frozen=True)
class StatedTotals:
    """The totals a source document states, to reconcile the lines against."""

    quarter: int
    budget: Decimal | None
    expenditure: Decimal | None
    variance: Decimal | None


def stated_total_list(*, organisation: Organisation, year: FinancialYear) -> list[StatedTotals]:
    """Returns of the year that state any total, in period order."""
    rows = (
        FinanceReturn.objects.filter(organisation=organisation, year=year)
        .filter(Q(stated_budget__isnull=False) | Q(stated_expenditure__isnull=False)
                | Q(stated_variance__isnull=False))
        .order_by("quarter")
        .values("quarter", "stated_budget", "stated_expenditure", "stated_variance")
    )
    return [
        StatedTotals(quarter=row["quarter"], budget=row["stated_budget"],
                     expenditure=row["stated_expenditure"], variance=row["stated_variance"])
        for row in rows
    ]


def commentary_threshold_get(*, organisation: Organisation) -> CommentaryThreshold:
    """The organisation's threshold, or the defaults (unsaved) if it has not set one."""
    threshold = CommentaryThreshold.objects.filter(organisation=organisation).first()
    return threshold or CommentaryThreshold(organisation=organisation)


def budget_line_list(*, organisation: Organisation, active_only: bool = False):
    lines = BudgetLine.objects.filter(organisation=organisation)
    if active_only:
        lines = lines.filter(active=True)
    return lines.order_by("position", "name")


@dataclass(frozen=True)
class UnmappedSpend:
    """An account the latest ledger extract import counted towards no budget line."""

    account: str
    total: Decimal
    transactions: int


def unmapped_spend_list(*, organisation: Organisation, year: FinancialYear
                        ) -> list[UnmappedSpend]:
    """The accounts the year's latest ledger extract import left unmapped, with their
    totals over the quarters, largest first (one query)."""
    from django.db.models import Subquery, Sum

    from finance.models import UnmappedAccount
    from ictreport.core.models import ExtractRun

    latest = (ExtractRun.objects.filter(organisation=organisation, year=year,
                                        kind="finance-ledger")
              .order_by("-at", "-pk").values("pk")[:1])
    rows = (UnmappedAccount.objects.filter(run=Subquery(latest))
            .values("account").annotate(total_spend=MoneySum("total"),
                                        count=Sum("transactions"))
            .order_by("account"))
    found = [UnmappedSpend(r["account"], r["total_spend"], r["count"]) for r in rows]
    return sorted(found, key=lambda u: -abs(u.total))


def year_totals(positions: list[LinePosition], start_year: int) -> YearTotals:
    """The year's totals, derived from its lines (never a stated total)."""
    return YearTotals(
        start_year=start_year,
        budget=sum((p.budget for p in positions), Decimal("0.00")),
        budget_to_date=sum((p.budget_to_date for p in positions), Decimal("0.00")),
        expenditure=sum((p.expenditure for p in positions), Decimal("0.00")),
        periods=positions[0].periods,
    )


def with_year(history: list[YearTotals], totals: YearTotals) -> list[YearTotals]:
    """The years held, with the shown year's totals as its lines add them up."""
    return [totals if y.start_year == totals.start_year else y for y in history]


@dataclass(frozen=True)
class Figures:
    """Everything the section shows for one year, read in a fixed number of queries."""

    year: FinancialYear
    positions: list[LinePosition]
    totals: YearTotals  # the shown year's, added up from its lines
    history: list[YearTotals]  # every year held, the shown one as its lines add up
    quarters: list[QuarterSpend]
    stated: list[StatedTotals]
    threshold: CommentaryThreshold
    unmapped: list[UnmappedSpend]  # left by the latest ledger extract import


def figures_get(*, organisation: Organisation, year: FinancialYear) -> Figures | None:
    """The year's figures, or None if the organisation recorded none for it."""
    positions = line_position_list(organisation=organisation, year=year)
    if not positions:
        return None
    totals = year_totals(positions, year.start_year)
    return Figures(
        year=year,
        positions=positions,
        totals=totals,
        history=with_year(year_total_list(organisation=organisation), totals),
        quarters=quarter_spend_list(organisation=organisation, year=year),
        stated=stated_total_list(organisation=organisation, year=year),
        threshold=commentary_threshold_get(organisation=organisation),
        unmapped=unmapped_spend_list(organisation=organisation, year=year),
    )
