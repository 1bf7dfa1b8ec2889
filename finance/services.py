"""Writes for the finance section: its part of a whole-report file, and the quarters a
ledger extract yields."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from finance import wording
from finance.models import BudgetLine, FinanceReturn, LineFigure, UnmappedAccount
from ictreport.core.models import FinancialYear, Organisation, ReturnStatus
from ictreport.core.periods import Quarter
from ictreport.core.workflow import locked_message
from ictreport.core.writes import sync_children, upsert

if TYPE_CHECKING:
    from finance.schema import FinancePart
    from ictreport.core.models import ExtractRun


@transaction.atomic
def finance_part_save(part: FinancePart, *, organisation: Organisation,
                      year: FinancialYear) -> None:
    """Write a validated part: the organisation's budget lines by name, then each return
    it lists with exactly the line figures it gives (figures it no longer lists are
    removed). Returns and lines it does not list are left alone."""
    lines = {
        name: upsert(BudgetLine, {"organisation": organisation, "name": name},
                     {"position": position})
        for position, name in enumerate(part.budget_lines, start=1)
    }
    for ret in part.returns:
        stated = ret.stated_totals
        finance_return = upsert(
            FinanceReturn, {"organisation": organisation, "year": year, "quarter": ret.period},
            {"stated_budget": stated.budget if stated else None,
             "stated_expenditure": stated.expenditure if stated else None,
             "stated_variance": stated.variance if stated else None},
        )
        sync_children(LineFigure, {"finance_return": finance_return}, [
            {"line": lines[figures.line], "budget": figures.budget,
             "expenditure": figures.expenditure, "commentary": figures.commentary,
             "discrepancy": figures.discrepancy}
            for figures in ret.lines
        ], key=["line"])


@transaction.atomic
def ledger_quarters_save(*, spend: dict[int, dict[str, Decimal]],
                         unmapped: dict[int, dict[str, tuple[Decimal, int]]],
                         organisation: Organisation, year: FinancialYear,
                         run: ExtractRun) -> None:
    """Write the quarters a ledger extract yields: each quarter's return gets, for every
    budget line in use (and every line it already holds or the extract spends on), the
    extract's spend, 0 where the extract has none. Budgets, commentary and
    discrepancies stay as held; a line the return does not hold yet takes its latest
    budget earlier in the year, or £0 where the year states none. The spend the mapping
    could not place is kept with ``run`` for the data-quality finding.

    An approved quarter, a year held as one full-year return, a line the organisation
    does not have or a quarter's net spend below £0 (credits beyond the debits) is a
    ``ValidationError`` naming it, and nothing is written.
    """
    from finance.selectors import line_position_list

    quarters = sorted(set(spend) | set(unmapped))
    returns = {r.quarter: r for r in FinanceReturn.objects.filter(
        organisation=organisation, year=year)}
    problems = []
    if Quarter.FULL_YEAR in returns:
        problems.append(gettext(
            "%(year)s is held as one full-year return, so quarterly figures cannot be "
            "written to it.") % {"year": year.label})
    problems += [locked_message(returns[q]) for q in quarters
                 if q in returns and returns[q].status == ReturnStatus.APPROVED]
    lines = {line.name: line for line in BudgetLine.objects.filter(organisation=organisation)}
    for quarter in quarters:
        for name, amount in spend.get(quarter, {}).items():
            if name not in lines:
                problems.append(gettext(
                    "%(quarter)s: %(organisation)s has no budget line called “%(line)s”."
                ) % {"quarter": Quarter(quarter).label, "organisation": organisation,
                     "line": name})
            elif amount < 0:
                problems.append(gettext(
                    "%(quarter)s: the %(line)s line's credits come to more than its spend "
                    "(%(amount)s), and a quarter's expenditure cannot be below £0. Check "
                    "the ledger, or the accounts mapped to the line."
                ) % {"quarter": Quarter(quarter).label, "line": name,
                     "amount": wording.pounds_text(amount)})
    if problems:
        raise ValidationError(problems)

    in_use = [line for line in lines.values() if line.active]
    by_pk = {line.pk: line for line in lines.values()}
    for quarter in quarters:
        finance_return = returns.get(quarter) or upsert(
            FinanceReturn, {"organisation": organisation, "year": year, "quarter": quarter},
            {})
        held = {f.line_id: f for f in finance_return.lines.all()}
        carried = {} if quarter == Quarter.Q1 else {
            p.line_id: p.budget for p in line_position_list(
                organisation=organisation, year=year, through_quarter=quarter - 1)}
        wanted = {line.pk: line for line in in_use}
        wanted |= {line_id: by_pk[line_id] for line_id in held}
        wanted |= {lines[name].pk: lines[name] for name in spend.get(quarter, {})}
        quarter_spend = spend.get(quarter, {})
        rows = []
        for line in sorted(wanted.values(), key=lambda line: (line.position, line.name)):
            figure = held.get(line.pk)
            rows.append({
                "line": line,
                "budget": figure.budget if figure else carried.get(line.pk, Decimal("0.00")),
                "expenditure": quarter_spend.get(line.name, Decimal("0.00")),
                "commentary": figure.commentary if figure else "",
                "discrepancy": figure.discrepancy if figure else "",
            })
        sync_children(LineFigure, {"finance_return": finance_return}, rows, key=["line"])
    UnmappedAccount.objects.bulk_create([
        UnmappedAccount(run=run, organisation=organisation, year=year, quarter=quarter,
                        account=account, total=total, transactions=count)
        for quarter in quarters
        for account, (total, count) in sorted(unmapped.get(quarter, {}).items())
    ])
