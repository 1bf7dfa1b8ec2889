"""Section 5.2 of the annual report: budget, expenditure and variance by budget line.

Every sentence is generated from the same figures as the table, so the text cannot
contradict it; a line's commentary (the reasons, written by people) follows its
sentence. Totals are always the lines' own sums; totals a source document states are
only reconciled against them, in a data-quality finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from pydantic import field_validator

from finance.models import CommentaryThreshold, FinanceReturn, LineFigure
from finance.selectors import (
    LinePosition,
    QuarterSpend,
    StatedTotals,
    UnmappedSpend,
    YearTotals,
    budget_line_list,
    commentary_threshold_get,
    line_position_list,
    quarter_spend_list,
    stated_total_list,
    unmapped_spend_list,
    year_total_list,
)
from finance.services import finance_part_save
from finance.services import pounds_text as format_money
from ictreport.core.files import (
    Money,
    Name,
    NonNegativeMoney,
    Period,
    StrictModel,
    YearSlug,
    duplicate_period_problems,
)
from ictreport.core.formatting import format_millions, format_value, percent_of
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_label, year_slug
from ictreport.core.registry import ReportSection
from ictreport.core.sections import (
    Chart,
    Column,
    Finding,
    Headline,
    Row,
    SectionData,
    Series,
    Table,
    Text,
)

# The whole-report file's part ---------------------------------------------------------


class LineFiguresPart(StrictModel):
    line: Name
    budget: NonNegativeMoney
    expenditure: NonNegativeMoney
    commentary: str = ""
    discrepancy: str = ""


class StatedTotalsPart(StrictModel):
    budget: NonNegativeMoney | None = None
    expenditure: NonNegativeMoney | None = None
    variance: Money | None = None


class ReturnPart(StrictModel):
    year: YearSlug
    period: Period
    stated_totals: StatedTotalsPart | None = None
    lines: list[LineFiguresPart]


class FinancePart(StrictModel):
    budget_lines: list[Name]
    returns: list[ReturnPart] = []

    @field_validator("budget_lines")
    @classmethod
    def _some_lines(cls, value):
        if not value:
            raise ValueError("must list at least one budget line")
        return value


# Wording ------------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    return format_value(abs(value), "money")


def _headline_sum(value: Decimal) -> str:
    """Board papers give a year's position in millions ("£0.08m"); a sum too small to
    show that way is given in pounds rather than as "£0.00m"."""
    if abs(value) < Decimal(5_000):
        return _money(value)
    return format_millions(value)


def _period_phrase(quarter: int) -> str:
    return _("the end of %(quarter)s") % {"quarter": Quarter(quarter).label}


def overall_sentence(totals: YearTotals) -> str:
    variance = totals.variance
    if totals.complete:
        if variance > 0:
            return _("Overall, the budgets were underspent for the year by %(sum)s.") % {
                "sum": _headline_sum(variance)}
        if variance < 0:
            return _("Overall, the budgets were overspent for the year by %(sum)s.") % {
                "sum": _headline_sum(variance)}
        return _("Overall, expenditure for the year matched the budget exactly.")
    values = {"sum": _headline_sum(variance), "when": _period_phrase(totals.quarter)}
    if variance > 0:
        return _("By %(when)s, the budgets were underspent by %(sum)s against the budget "
                 "to date.") % values
    if variance < 0:
        return _("By %(when)s, the budgets were overspent by %(sum)s against the budget "
                 "to date.") % values
    return _("By %(when)s, expenditure matched the budget to date exactly.") % values


def line_sentence(position: LinePosition) -> str:
    variance = position.variance
    values = {"line": position.name, "sum": _money(variance),
              "percent": percent_of(abs(variance), position.budget_to_date)}
    if variance == 0:
        if position.complete:
            return _("The %(line)s line was spent exactly as budgeted.") % values
        return _("The %(line)s line was spent exactly as budgeted to date.") % values
    under = variance > 0
    if values["percent"] is None:  # nothing was budgeted, so no share of it to give
        if position.complete:
            return (_("The %(line)s line was underspent by %(sum)s.") if under
                    else _("The %(line)s line was overspent by %(sum)s.")) % values
        return (_("The %(line)s line was underspent to date by %(sum)s.") if under
                else _("The %(line)s line was overspent to date by %(sum)s.")) % values
    if position.complete:
        return (_("The %(line)s line was underspent by %(sum)s (%(percent)s%% of its "
                  "budget).") if under
                else _("The %(line)s line was overspent by %(sum)s (%(percent)s%% of its "
                       "budget).")) % values
    return (_("The %(line)s line was underspent to date by %(sum)s (%(percent)s%% of its "
              "budget to date).") if under
            else _("The %(line)s line was overspent to date by %(sum)s (%(percent)s%% of "
                   "its budget to date).")) % values


def line_paragraphs(positions: list[LinePosition]) -> list[str]:
    """Each line's sentence followed by its commentary. Lines that share one
    explanation (as the source explains SRS and DSD together) share one paragraph."""
    groups: dict[str, list[LinePosition]] = {}
    paragraphs = []
    for position in positions:
        commentary = position.commentary.strip()
        if not commentary:
            paragraphs.append([position])
        elif commentary in groups:
            groups[commentary].append(position)
        else:
            groups[commentary] = [position]
            paragraphs.append(groups[commentary])
    out = []
    for group in paragraphs:
        sentences = [line_sentence(p) for p in group]
        if group[0].commentary.strip():
            sentences.append(group[0].commentary.strip())
        out.append(" ".join(sentences))
    return out


# Figures ------------------------------------------------------------------------------


def _money_format(values) -> str:
    """Whole pounds are shown as the source shows them (4,706,996); pence, if any line
    has them, for every figure (4,706,996.50), so no amount is rounded away."""
    return "int" if all(v == v.to_integral_value() for v in values) else "decimal"


def year_totals(positions: list[LinePosition], start_year: int) -> YearTotals:
    """The year's totals, derived from its lines (never a stated total)."""
    return YearTotals(
        start_year=start_year,
        budget=sum((p.budget for p in positions), Decimal("0.00")),
        budget_to_date=sum((p.budget_to_date for p in positions), Decimal("0.00")),
        expenditure=sum((p.expenditure for p in positions), Decimal("0.00")),
        quarter=positions[0].quarter,
    )


def with_year(history: list[YearTotals], totals: YearTotals) -> list[YearTotals]:
    """The years held, with the shown year's totals as its lines add them up."""
    return [totals if y.start_year == totals.start_year else y for y in history]


def performance_table(positions: list[LinePosition], totals: YearTotals,
                      year: FinancialYear) -> Table:
    if totals.complete:
        columns = [("budget", _("Budget (£)")), ("expenditure", _("Expenditure (£)")),
                   ("variance", _("Variance (£)"))]
        caption = _("Financial performance %(year)s") % {"year": year.label}
    else:
        columns = [("budget", _("Annual budget (£)")),
                   ("budget_to_date", _("Budget to date (£)")),
                   ("expenditure", _("Expenditure to date (£)")),
                   ("variance", _("Variance to date (£)"))]
        caption = _("Financial performance %(year)s to %(when)s") % {
            "year": year.label, "when": _period_phrase(totals.quarter)}
    keys = [key for key, _label in columns]
    rows = [Row((p.name, *(getattr(p, key) for key in keys))) for p in positions]
    rows.append(Row((_("Total"), *(getattr(totals, key) for key in keys)), is_total=True))
    fmt = _money_format([v for row in rows for v in row.cells[1:]])
    note = _("Variance is budget minus expenditure: positive is an underspend, negative an "
             "overspend. The total row adds up the lines.")
    if not totals.complete:
        note += " " + _("The budget to date is the annual budget spread evenly over the "
                        "quarters.")
    return Table(
        key="financial-performance",
        caption=caption,
        columns=(Column("line", _("Budget line")),
                 *(Column(key, label, fmt) for key, label in columns)),
        rows=tuple(rows),
        note=note,
    )


def budget_chart(positions: list[LinePosition], totals: YearTotals,
                 year: FinancialYear) -> Chart:
    over = [p.name for p in positions if p.variance < 0]
    under_count = sum(1 for p in positions if p.variance > 0)
    budget_name = _("Budget") if totals.complete else _("Budget to date")
    spend_name = _("Expenditure") if totals.complete else _("Expenditure to date")
    if over:
        summary = ngettext(
            "Expenditure was above budget for %(over)s line (%(names)s); %(under)s spent "
            "less than budgeted.",
            "Expenditure was above budget for %(over)s lines (%(names)s); %(under)s spent "
            "less than budgeted.",
            len(over),
        ) % {"over": len(over), "names": ", ".join(over), "under": under_count}
    else:
        summary = _("No line spent more than its budget.")
    return Chart(
        key="budget-expenditure",
        title=_("Budget and expenditure by budget line, %(year)s") % {"year": year.label},
        alt=_("Grouped bars comparing each budget line's budget with its expenditure.")
        + " " + summary,
        kind="bar",
        categories=tuple(p.name for p in positions),
        series=(Series(budget_name, tuple(p.budget_to_date for p in positions)),
                Series(spend_name, tuple(p.expenditure for p in positions))),
        format="money",
        category_title=_("Budget line"),
        value_title=_("£"),
    )


def variance_chart(positions: list[LinePosition], year: FinancialYear) -> Chart:
    under = max(positions, key=lambda p: p.variance)
    over = min(positions, key=lambda p: p.variance)
    parts = [_("Each line's variance: bars to the right are underspends, bars to the left "
               "overspends.")]
    if under.variance > 0:
        parts.append(_("The largest underspend is %(line)s (%(sum)s).") % {
            "line": under.name, "sum": _money(under.variance)})
    if over.variance < 0:
        parts.append(_("The largest overspend is %(line)s (%(sum)s).") % {
            "line": over.name, "sum": _money(over.variance)})
    return Chart(
        key="variance",
        title=_("Variance by budget line, %(year)s") % {"year": year.label},
        alt=" ".join(parts),
        kind="diverging_hbar",
        categories=tuple(p.name for p in positions),
        series=(Series(_("Variance"), tuple(p.variance for p in positions)),),
        format="money",
        category_title=_("Budget line"),
        value_title=_("Underspend (+) or overspend (−), £"),
    )


def cumulative_chart(quarters: list[QuarterSpend], year: FinancialYear) -> Chart:
    running, cumulative = Decimal("0.00"), []
    for quarter in quarters:
        running += quarter.expenditure
        cumulative.append(running)
    last = quarters[-1]
    alt = _("Expenditure added up quarter by quarter, against the annual budget as each "
            "quarter's return states it. By %(when)s, %(spent)s of the %(budget)s budget "
            "had been spent.") % {"when": _period_phrase(last.quarter),
                                  "spent": _money(cumulative[-1]),
                                  "budget": _money(last.budget)}
    return Chart(
        key="cumulative-spend",
        title=_("Cumulative expenditure against budget, %(year)s") % {"year": year.label},
        alt=alt,
        kind="line",
        categories=tuple(Quarter(q.quarter).label for q in quarters),
        series=(Series(_("Cumulative expenditure"), tuple(cumulative)),
                Series(_("Annual budget"), tuple(q.budget for q in quarters), is_target=True)),
        format="money",
        category_title=_("Quarter"),
        value_title=_("£"),
    )


def _change_detail(current: Decimal, previous: YearTotals | None, value) -> str:
    if previous is None or not value(previous):
        return ""
    before = value(previous)
    change = percent_of(abs(current - before), before)
    values = {"percent": change, "year": year_label(previous.start_year)}
    if current > before:
        return _("%(percent)s%% more than %(year)s") % values
    if current < before:
        return _("%(percent)s%% less than %(year)s") % values
    return _("the same as %(year)s") % values


def headlines(totals: YearTotals, history: list[YearTotals]) -> tuple[Headline, ...]:
    earlier = [y for y in history if y.start_year < totals.start_year and y.complete]
    previous = earlier[-1] if earlier and totals.complete else None

    def trend(value):
        return tuple((year_label(y.start_year), value(y)) for y in history)

    variance = totals.variance
    amount = {"sum": _headline_sum(variance)}
    if variance > 0:
        position = (_("Underspent for the year by %(sum)s") if totals.complete
                    else _("Underspent to date by %(sum)s")) % amount
    elif variance < 0:
        position = (_("Overspent for the year by %(sum)s") if totals.complete
                    else _("Overspent to date by %(sum)s")) % amount
    else:
        position = _("On budget")
    to_date = "" if totals.complete else _("to %(when)s") % {
        "when": _period_phrase(totals.quarter)}
    return (
        Headline(_("Budget"), totals.budget, "money",
                 detail=_change_detail(totals.budget, previous, lambda y: y.budget),
                 trend=trend(lambda y: y.budget)),
        Headline(_("Expenditure"), totals.expenditure, "money",
                 detail=to_date or _change_detail(totals.expenditure, previous,
                                                  lambda y: y.expenditure),
                 trend=trend(lambda y: y.expenditure)),
        Headline(_("Variance"), variance, "money",
                 detail=position,
                 trend=trend(lambda y: y.variance)),
    )


def unmapped_finding(unmapped: list[UnmappedSpend]) -> Finding | None:
    """Spend the latest ledger extract could place in no budget line: the lines' spend
    leaves it out until its accounts are mapped and the extract imported again."""
    if not unmapped:
        return None
    total = sum((u.total for u in unmapped), Decimal("0.00"))
    accounts = ", ".join(
        _("%(account)s (%(total)s)") % {"account": u.account,
                                        "total": format_money(u.total)}
        for u in unmapped)
    return Finding(ngettext(
        "The latest ledger extract counted %(total)s of spend in no budget line, because "
        "%(count)s account is not mapped to one: %(accounts)s. Map it in the ledger "
        "account mappings and import the extract again.",
        "The latest ledger extract counted %(total)s of spend in no budget line, because "
        "%(count)s accounts are not mapped to one: %(accounts)s. Map them in the ledger "
        "account mappings and import the extract again.",
        len(unmapped),
    ) % {"total": format_money(total), "count": len(unmapped), "accounts": accounts})


def findings(positions, totals: YearTotals, quarters, stated, threshold,
             unmapped=()) -> list[Finding]:
    found = []
    for statement in stated:
        for label, stated_value, derived in (
            (_("total budget"), statement.budget, totals.budget),
            (_("total expenditure"), statement.expenditure, totals.expenditure),
            (_("total variance"), statement.variance, totals.variance),
        ):
            if stated_value is None or stated_value == derived:
                continue
            found.append(Finding(_(
                "The source states a %(what)s of %(stated)s, but its lines add up to "
                "%(derived)s, a difference of %(difference)s. The table shows the lines' "
                "total."
            ) % {"what": label, "stated": format_value(stated_value, "money"),
                 "derived": format_value(derived, "money"),
                 "difference": _money(stated_value - derived)}))
    for position in positions:
        if position.discrepancy.strip():
            found.append(Finding(f"{position.name}: {position.discrepancy.strip()}"))
        if not position.commentary.strip() and threshold.is_passed_by(
                position.variance, position.budget_to_date):
            found.append(Finding(_(
                "%(line)s: the variance of %(sum)s passes the commentary threshold "
                "(%(threshold)s) but no commentary explains it."
            ) % {"line": position.name, "sum": format_value(position.variance, "money"),
                 "threshold": threshold.description}))
    held = {q.quarter for q in quarters}
    for missing in sorted(set(range(1, totals.quarter + 1)) - held):
        found.append(Finding(_(
            "No %(quarter)s return is held, so expenditure to date leaves that quarter out."
        ) % {"quarter": Quarter(missing).label}))
    unmapped_found = unmapped_finding(list(unmapped))
    if unmapped_found is not None:
        found.append(unmapped_found)
    return found


def year_series_table(history: list[YearTotals]) -> Table:
    """Budget, spend and variance for every year held, oldest first."""
    rows = [
        Row((year_label(y.start_year),
             _("Full year") if y.complete else _("To %(when)s") % {
                 "when": _period_phrase(y.quarter)},
             y.budget, y.expenditure, y.variance))
        for y in history
    ]
    fmt = _money_format([v for row in rows for v in row.cells[2:]])
    return Table(
        key="years",
        caption=_("Budget, expenditure and variance by year"),
        columns=(Column("year", _("Year")), Column("period", _("Period")),
                 Column("budget", _("Annual budget (£)"), fmt),
                 Column("expenditure", _("Expenditure (£)"), fmt),
                 Column("variance", _("Variance (£)"), fmt)),
        rows=tuple(rows),
        note=_("For a year not yet complete, the variance is against the budget to date."),
    )


def quarter_table(quarters: list[QuarterSpend], year: FinancialYear) -> Table:
    running, rows = Decimal("0.00"), []
    for quarter in quarters:
        running += quarter.expenditure
        rows.append(Row((Quarter(quarter.quarter).label, quarter.expenditure, running,
                         quarter.budget)))
    fmt = _money_format([v for row in rows for v in row.cells[1:]])
    return Table(
        key="quarters",
        caption=_("Expenditure by quarter, %(year)s") % {"year": year.label},
        columns=(Column("quarter", _("Quarter")),
                 Column("expenditure", _("Spent in the quarter (£)"), fmt),
                 Column("cumulative", _("Spent to date (£)"), fmt),
                 Column("budget", _("Annual budget as stated (£)"), fmt)),
        rows=tuple(rows),
    )


# The section --------------------------------------------------------------------------


@dataclass(frozen=True)
class FinanceFigures:
    """Everything the section shows for one year, read in a fixed number of queries."""

    year: FinancialYear
    positions: list[LinePosition]
    totals: YearTotals  # the shown year's, added up from its lines
    history: list[YearTotals]  # every year held, the shown one as its lines add up
    quarters: list[QuarterSpend]
    stated: list[StatedTotals]
    threshold: CommentaryThreshold
    unmapped: list[UnmappedSpend]  # left by the latest ledger extract import


def finance_figures(*, organisation: Organisation, year: FinancialYear) -> FinanceFigures | None:
    """The year's figures, or None if the organisation recorded none for it."""
    positions = line_position_list(organisation=organisation, year=year)
    if not positions:
        return None
    totals = year_totals(positions, year.start_year)
    return FinanceFigures(
        year=year,
        positions=positions,
        totals=totals,
        history=with_year(year_total_list(organisation=organisation), totals),
        quarters=quarter_spend_list(organisation=organisation, year=year),
        stated=stated_total_list(organisation=organisation, year=year),
        threshold=commentary_threshold_get(organisation=organisation),
        unmapped=unmapped_spend_list(organisation=organisation, year=year),
    )


class FinanceSection(ReportSection):
    key = "finance"
    title = gettext_lazy("Financial performance")
    chapter = 5
    order = 1
    url_name = "finance:dashboard"
    schema = FinancePart

    def build(self, *, organisation: Organisation, year: FinancialYear) -> SectionData:
        return self.data(finance_figures(organisation=organisation, year=year),
                         organisation=organisation, year=year)

    def data(self, figures: FinanceFigures | None, *, organisation: Organisation,
             year: FinancialYear) -> SectionData:
        if figures is None:
            return SectionData(
                key=self.key, title=str(self.title), has_data=False,
                blocks=(Text(_("No financial figures were recorded for %(organisation)s in "
                               "%(year)s.") % {"organisation": organisation,
                                               "year": year.label}),),
            )
        positions, totals = figures.positions, figures.totals
        blocks = [
            performance_table(positions, totals, year),
            Text(overall_sentence(totals)),
            *(Text(paragraph) for paragraph in line_paragraphs(positions)),
            budget_chart(positions, totals, year),
            variance_chart(positions, year),
        ]
        if figures.quarters:
            blocks.append(cumulative_chart(figures.quarters, year))
        return SectionData(
            key=self.key,
            title=str(self.title),
            blocks=tuple(blocks),
            headlines=headlines(totals, figures.history),
            findings=tuple(findings(positions, totals, figures.quarters, figures.stated,
                                    figures.threshold, figures.unmapped)),
        )

    # Whole-report files ---------------------------------------------------------------

    def check(self, part: FinancePart, *, organisation, year, path):
        problems = []
        first_seen = {}
        for index, name in enumerate(part.budget_lines):
            if name in first_seen:
                problems.append((f"{path}.budget_lines[{index}]",
                                 f"{name!r} is already listed at "
                                 f"{path}.budget_lines[{first_seen[name]}]"))
            first_seen.setdefault(name, index)
        problems += [(p.path, p.message) for p in duplicate_period_problems(
            [(r.year, r.period) for r in part.returns], f"{path}.returns")]
        for index, ret in enumerate(part.returns):
            at = f"{path}.returns[{index}]"
            if ret.year != year:
                problems.append((f"{at}.year", f"must be the report's year, {year_slug(year)}; "
                                               "each year's figures go in its own report file"))
            if ret.stated_totals is not None and ret.period != Quarter.FULL_YEAR:
                problems.append((f"{at}.stated_totals",
                                 "only a full-year return, copied from a document, can state "
                                 "the document's totals"))
            if not ret.lines:
                problems.append((f"{at}.lines", "must list at least one budget line"))
            lines_seen = {}
            for line_index, figures in enumerate(ret.lines):
                line_at = f"{at}.lines[{line_index}].line"
                if figures.line not in first_seen:
                    problems.append((line_at, f"{figures.line!r} is not one of "
                                              f"{path}.budget_lines"))
                elif figures.line in lines_seen:
                    problems.append((line_at, f"{figures.line!r} is already given at "
                                              f"{at}.lines[{lines_seen[figures.line]}]"))
                lines_seen.setdefault(figures.line, line_index)
        problems += self._period_clashes(part, organisation=organisation, year=year, path=path)
        return problems

    def _period_clashes(self, part: FinancePart, *, organisation, year, path):
        """A return the file adds must not mix full-year and quarterly returns with one
        the database already holds for the year (and the file leaves alone)."""
        if organisation is None:
            return []
        held = set(FinanceReturn.objects.filter(organisation=organisation, year_id=year)
                   .values_list("quarter", flat=True))
        problems = []
        for index, ret in enumerate(part.returns):
            full_year = ret.period == Quarter.FULL_YEAR
            clash = {q for q in held if (q == Quarter.FULL_YEAR) != full_year}
            if ret.year == year and clash:
                kind = "quarterly returns" if full_year else "a full-year return"
                problems.append((f"{path}.returns[{index}].period",
                                 f"{year_slug(year)} already holds {kind} in the database; "
                                 "a year holds either one full-year return or quarterly ones"))
        return problems

    def save(self, part: FinancePart, *, organisation: Organisation,
             year: FinancialYear) -> None:
        finance_part_save(part, organisation=organisation, year=year)

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        lines = [line.name for line in budget_line_list(organisation=organisation)]
        returns = FinanceReturn.objects.filter(organisation=organisation, year=year).order_by(
            "quarter"
        ).prefetch_related(Prefetch(
            "lines", LineFigure.objects.select_related("line").order_by("line__position",
                                                                        "line__name")))
        dumped = [self._dump_return(r) for r in returns]
        if not lines and not dumped:
            return None
        return {"budget_lines": lines, "returns": dumped}

    @staticmethod
    def _dump_return(finance_return: FinanceReturn) -> dict:
        out = {"year": year_slug(finance_return.year_id),
               "period": Quarter(finance_return.quarter).code}
        stated = {key: value for key, value in (
            ("budget", finance_return.stated_budget),
            ("expenditure", finance_return.stated_expenditure),
            ("variance", finance_return.stated_variance),
        ) if value is not None}
        if stated:
            out["stated_totals"] = stated
        out["lines"] = []
        for figures in finance_return.lines.all():
            row = {"line": figures.line.name, "budget": figures.budget,
                   "expenditure": figures.expenditure}
            if figures.commentary:
                row["commentary"] = figures.commentary
            if figures.discrepancy:
                row["discrepancy"] = figures.discrepancy
            out["lines"].append(row)
        return out
