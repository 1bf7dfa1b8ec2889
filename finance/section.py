"""Section 5.2 of the annual report: budget, expenditure and variance by budget line,
from the year's figures, read once, to the section's data object and headlines.

Totals are always the lines' own sums; totals a source document states are only
reconciled against them, in a data-quality finding.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from finance import wording
from finance.selectors import (
    Figures,
    LinePosition,
    QuarterSpend,
    UnmappedSpend,
    YearTotals,
    figures_get,
)
from ictreport.core import sections
from ictreport.core.coverage import quarters_missing
from ictreport.core.formatting import format_value
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_label
from ictreport.core.registry import ReportSection
from ictreport.core.wording import and_list, change_detail


def money_format(values) -> str:
    """Whole pounds are shown as the source shows them (4,706,996); pence, if any line
    has them, for every figure (4,706,996.50), so no amount is rounded away."""
    return "int" if all(v == v.to_integral_value() for v in values) else "decimal"


def performance_table(positions: list[LinePosition], totals: YearTotals,
                      year: FinancialYear) -> sections.Table:
    if totals.complete:
        columns = [("budget", _("Budget (£)")), ("expenditure", _("Expenditure (£)")),
                   ("variance", _("Variance (£)"))]
        caption = _("Financial performance %(year)s") % {"year": year.label}
    else:
        columns = [("budget", _("Annual budget (£)")),
                   ("budget_to_date", _("Budget to date (£)")),
                   ("expenditure", _("Expenditure to date (£)")),
                   ("variance", _("Variance to date (£)"))]
        caption = _("Financial performance %(year)s to the end of %(quarter)s") % {
            "year": year.label, "quarter": wording.quarter_label(totals.quarter)}
    keys = [key for key, _label in columns]
    rows = [sections.Row((p.name, *(getattr(p, key) for key in keys))) for p in positions]
    rows.append(sections.Row((_("Total"), *(getattr(totals, key) for key in keys)), is_total=True))
    fmt = money_format([v for row in rows for v in row.cells[1:]])
    if totals.complete:
        note = _("Variance is budget minus expenditure: positive is an underspend, negative "
                 "an overspend. The total row adds up the lines.")
    else:
        note = _("Variance is budget to date minus expenditure to date: positive is an "
                 "underspend, negative an overspend. The total row adds up the lines. The "
                 "budget to date is the annual budget spread evenly over the quarters.")
    return sections.Table(
        key="financial-performance",
        caption=caption,
        columns=(sections.Column("line", _("Budget line")),
                 *(sections.Column(key, label, fmt) for key, label in columns)),
        rows=tuple(rows),
        note=note,
    )


def budget_chart(positions: list[LinePosition], totals: YearTotals,
                 year: FinancialYear) -> sections.Chart:
    over = [p.name for p in positions if p.variance < 0]
    under = sum(1 for p in positions if p.variance > 0)
    budget_name = _("Budget") if totals.complete else _("Budget to date")
    spend_name = _("Expenditure") if totals.complete else _("Expenditure to date")
    # The alt text is whole sentences one after another: each count is spoken in its own.
    sentences = [_("Grouped bars comparing each budget line's budget with its expenditure.")]
    if over:
        sentences.append(ngettext(
            "Expenditure was above budget for %(count)s line (%(names)s).",
            "Expenditure was above budget for %(count)s lines (%(names)s).",
            len(over),
        ) % {"count": format_value(len(over), "int"), "names": and_list(over)})
        sentences.append(ngettext(
            "%(count)s line spent less than budgeted.",
            "%(count)s lines spent less than budgeted.",
            under,
        ) % {"count": format_value(under, "int")} if under
            else _("No line spent less than budgeted."))
    else:
        sentences.append(_("No line spent more than its budget."))
    return sections.Chart(
        key="budget-expenditure",
        title=_("Budget and expenditure by budget line, %(year)s") % {"year": year.label},
        alt=" ".join(sentences),
        kind="bar",
        categories=tuple(p.name for p in positions),
        series=(sections.Series(budget_name, tuple(p.budget_to_date for p in positions)),
                sections.Series(spend_name, tuple(p.expenditure for p in positions))),
        format="money",
        category_title=_("Budget line"),
        value_title=_("£"),
    )


def variance_chart(positions: list[LinePosition], year: FinancialYear) -> sections.Chart:
    under = max(positions, key=lambda p: p.variance)
    over = min(positions, key=lambda p: p.variance)
    parts = [_("Each line's variance: bars to the right are underspends, bars to the left "
               "overspends.")]
    if under.variance > 0:
        parts.append(_("The largest underspend is %(line)s (%(sum)s).") % {
            "line": under.name, "sum": wording.money(under.variance)})
    if over.variance < 0:
        parts.append(_("The largest overspend is %(line)s (%(sum)s).") % {
            "line": over.name, "sum": wording.money(over.variance)})
    return sections.Chart(
        key="variance",
        title=_("Variance by budget line, %(year)s") % {"year": year.label},
        alt=" ".join(parts),
        kind="diverging_hbar",
        categories=tuple(p.name for p in positions),
        series=(sections.Series(_("Variance"), tuple(p.variance for p in positions)),),
        format="money",
        category_title=_("Budget line"),
        value_title=_("Underspend (+) or overspend (−), £"),
    )


def cumulative_chart(quarters: list[QuarterSpend], year: FinancialYear) -> sections.Chart:
    running, cumulative = Decimal("0.00"), []
    for quarter in quarters:
        running += quarter.expenditure
        cumulative.append(running)
    last = quarters[-1]
    alt = _("Expenditure added up quarter by quarter, against the annual budget as each "
            "quarter's return states it. By the end of %(quarter)s, %(spent)s of the "
            "%(budget)s budget had been spent.") % {
                "quarter": wording.quarter_label(last.quarter),
                "spent": wording.money(cumulative[-1]),
                "budget": wording.money(last.budget)}
    return sections.Chart(
        key="cumulative-spend",
        title=_("Cumulative expenditure against budget, %(year)s") % {"year": year.label},
        alt=alt,
        kind="line",
        categories=tuple(Quarter(q.quarter).label for q in quarters),
        series=(sections.Series(_("Cumulative expenditure"), tuple(cumulative)),
                sections.Series(_("Annual budget"), tuple(q.budget for q in quarters),
                                is_target=True)),
        format="money",
        category_title=_("Quarter"),
        value_title=_("£"),
    )




def _change(current: Decimal, previous: YearTotals | None, value) -> str:
    if previous is None:
        return ""
    return change_detail(current, value(previous), previous_year=previous.start_year,
                         by="money")


def headlines(totals: YearTotals, history: list[YearTotals]) -> tuple[sections.Headline, ...]:
    earlier = [y for y in history if y.start_year < totals.start_year and y.complete]
    previous = earlier[-1] if earlier and totals.complete else None

    def trend(value):
        return tuple((year_label(y.start_year), value(y)) for y in history)

    to_date = "" if totals.complete else wording.to_date_detail(totals)
    return (
        sections.Headline(_("Budget"), totals.budget, "money",
                          detail=_change(totals.budget, previous, lambda y: y.budget),
                          trend=trend(lambda y: y.budget)),
        sections.Headline(_("Expenditure"), totals.expenditure, "money",
                          detail=to_date or _change(totals.expenditure, previous,
                                                    lambda y: y.expenditure),
                          trend=trend(lambda y: y.expenditure)),
        sections.Headline(_("Variance"), totals.variance, "money",
                          detail=wording.position_phrase(totals),
                          trend=trend(lambda y: y.variance)),
    )


def unmapped_finding(unmapped: list[UnmappedSpend]) -> sections.Finding | None:
    """Spend the latest ledger extract could place in no budget line: the lines' spend
    leaves it out until its accounts are mapped and the extract imported again."""
    if not unmapped:
        return None
    total = sum((u.total for u in unmapped), Decimal("0.00"))
    accounts = and_list([
        _("%(account)s (%(total)s)") % {"account": u.account,
                                        "total": wording.pounds_text(u.total)}
        for u in unmapped])
    return sections.Finding(ngettext(
        "The latest ledger extract counted %(total)s of spend in no budget line, because "
        "%(count)s account is not mapped to one: %(accounts)s. Map it in the ledger "
        "account mappings and import the extract again.",
        "The latest ledger extract counted %(total)s of spend in no budget line, because "
        "%(count)s accounts are not mapped to one: %(accounts)s. Map them in the ledger "
        "account mappings and import the extract again.",
        len(unmapped),
    ) % {"total": wording.pounds_text(total), "count": format_value(len(unmapped), "int"),
         "accounts": accounts})


# One whole sentence for each total a source may state (the totals' names are not put
# into one sentence: Welsh mutates them after "o" and gives "cyllideb" its own article).
STATED_BUDGET = gettext_lazy(
    "The source states a total budget of %(stated)s, but its lines add up to %(derived)s, "
    "a difference of %(difference)s. The table shows the lines' total.")
STATED_EXPENDITURE = gettext_lazy(
    "The source states a total expenditure of %(stated)s, but its lines add up to "
    "%(derived)s, a difference of %(difference)s. The table shows the lines' total.")
STATED_VARIANCE = gettext_lazy(
    "The source states a total variance of %(stated)s, but its lines add up to "
    "%(derived)s, a difference of %(difference)s. The table shows the lines' total.")


def findings(positions, totals: YearTotals, stated, threshold,
             unmapped=()) -> list[sections.Finding]:
    found = []
    for statement in stated:
        for sentence, stated_value, derived in (
            (STATED_BUDGET, statement.budget, totals.budget),
            (STATED_EXPENDITURE, statement.expenditure, totals.expenditure),
            (STATED_VARIANCE, statement.variance, totals.variance),
        ):
            if stated_value is None or stated_value == derived:
                continue
            found.append(sections.Finding(str(sentence) % {
                "stated": format_value(stated_value, "money"),
                "derived": format_value(derived, "money"),
                "difference": wording.money(stated_value - derived)}))
    for position in positions:
        if position.discrepancy.strip():
            found.append(sections.Finding(_("%(line)s: %(discrepancy)s") % {
                "line": position.name, "discrepancy": position.discrepancy.strip()}))
        if not position.commentary.strip() and threshold.is_passed_by(
                position.variance, position.budget_to_date):
            found.append(sections.Finding(_(
                "%(line)s: the variance of %(sum)s passes the commentary threshold "
                "(%(threshold)s) but no commentary explains it."
            ) % {"line": position.name, "sum": format_value(position.variance, "money"),
                 "threshold": threshold.description}))
    for missing in quarters_missing(totals.periods):
        found.append(sections.Finding(_(
            "No %(quarter)s return is held, so expenditure to date leaves that quarter out."
        ) % {"quarter": missing.label}))
    unmapped_found = unmapped_finding(list(unmapped))
    if unmapped_found is not None:
        found.append(unmapped_found)
    return found



def section_data(figures: Figures | None, *, organisation: Organisation,
                 year: FinancialYear) -> sections.SectionData:
    """Section 5.2 from the year's figures (None: the organisation recorded none)."""
    if figures is None:
        return sections.SectionData.empty(
            key=FinanceSection.key, title=FinanceSection.title,
            message=_("No financial figures were recorded for %(organisation)s in "
                      "%(year)s.") % {"organisation": organisation, "year": year.label})
    positions, totals = figures.positions, figures.totals
    blocks = [
        performance_table(positions, totals, year),
        sections.Text(wording.overall_sentence(totals)),
        *(sections.Text(paragraph) for paragraph in wording.line_paragraphs(positions)),
        budget_chart(positions, totals, year),
        variance_chart(positions, year),
    ]
    if figures.quarters:
        blocks.append(cumulative_chart(figures.quarters, year))
    return sections.SectionData(
        key=FinanceSection.key,
        title=str(FinanceSection.title),
        blocks=tuple(blocks),
        headlines=headlines(totals, figures.history),
        findings=tuple(findings(positions, totals, figures.stated, figures.threshold,
                                figures.unmapped)),
    )


class FinanceSection(ReportSection, key="finance", title=gettext_lazy("Financial performance"),
                     chapter=5, order=1, url_name="finance:dashboard"):
    def build(self, *, organisation: Organisation, year: FinancialYear) -> sections.SectionData:
        return section_data(figures_get(organisation=organisation, year=year),
                            organisation=organisation, year=year)


# Registered by the app's config (ictreport.core.section_apps).
SECTIONS = (FinanceSection(),)
