"""The finance system's ledger export as an extract (``ictreport.core.extracts``):
each quarter's spend per budget line, computed by ``finance.ledger``.

A quarter's figures, as the dry run shows and the confirm writes them::

    {"expenditure": {"<budget line>": "1234.56", ...},
     "unmapped": {"<account code>": {"total": "12.00", "transactions": 3}, ...}}

Money travels as text of pounds and pence (the dry run is kept as JSON between the
upload and the confirm) and is read back as ``Decimal``, never as a float.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ictreport.core.extracts import Column, ExtractKind, ExtractResult, Rejection, start_year
from ictreport.core.formatting import format_value
from ictreport.core.periods import Quarter


class LedgerExtract(ExtractKind, key="finance-ledger", title=_("Finance ledger transactions"),
                    columns=[Column("date", _("date")), Column("account", _("account")),
                             Column("amount", _("amount"))]):

    def compute(self, frame, *, organisation, year) -> ExtractResult:
        from finance.ledger import compute_ledger, normalise_account
        from finance.models import AccountMapping
        from finance.wording import pounds_text

        accounts = {normalise_account(account): name for account, name in
                    AccountMapping.objects.filter(organisation=organisation)
                    .values_list("account", "line__name")}
        figures = compute_ledger(frame, start_year=start_year(year),
                                 today=timezone.localdate(), accounts=accounts)
        quarters = {}
        for quarter in figures.quarters:
            quarters[quarter] = {
                "expenditure": {name: str(amount) for name, amount in
                                sorted(figures.spend.get(quarter, {}).items())},
                "unmapped": {account: {"total": str(total), "transactions": count}
                             for account, (total, count) in
                             sorted(figures.unmapped_spend.get(quarter, {}).items())},
            }
        notes = []
        if figures.unmapped:
            total = sum((u.total for u in figures.unmapped), Decimal("0.00"))
            notes.append(ngettext(
                "%(count)s account is mapped to no budget line, so its spend of %(total)s "
                "is counted in none: add it to the ledger account mappings and import the "
                "file again.",
                "%(count)s accounts are mapped to no budget line, so their spend of "
                "%(total)s is counted in none: add them to the ledger account mappings "
                "and import the file again.",
                len(figures.unmapped),
            ) % {"count": format_value(len(figures.unmapped), "int"),
                 "total": pounds_text(total)})
            notes += [ngettext(
                "Unmapped account %(account)s: %(total)s in %(count)s transaction.",
                "Unmapped account %(account)s: %(total)s in %(count)s transactions.",
                u.transactions,
            ) % {"account": u.account, "total": pounds_text(u.total),
                 "count": format_value(u.transactions, "int")} for u in figures.unmapped]
        for quarter, by_line in sorted(figures.spend.items()):
            notes += [gettext(
                "%(quarter)s: the %(line)s line's credits come to more than its spend "
                "(%(amount)s); a quarter's expenditure cannot be below £0, so the extract "
                "cannot be confirmed as it is."
            ) % {"quarter": Quarter(quarter).label, "line": line,
                 "amount": pounds_text(amount)}
                for line, amount in sorted(by_line.items()) if amount < 0]
        return ExtractResult(
            quarters=quarters,
            rejections=[Rejection(row=r.row, reason=r.reason) for r in figures.rejections],
            rows=figures.rows,
            notes=notes,
        )

    def held(self, *, organisation, year) -> dict[int, dict]:
        from finance.models import FinanceReturn, LineFigure, UnmappedAccount

        held: dict[int, dict] = {}
        figures = (LineFigure.objects
                   .filter(finance_return__organisation=organisation,
                           finance_return__year=year,
                           finance_return__quarter__in=[1, 2, 3, 4])
                   .values_list("finance_return__quarter", "line__name", "expenditure")
                   .order_by("finance_return__quarter", "line__position", "line__name"))
        for quarter in (FinanceReturn.objects.filter(
                organisation=organisation, year=year, quarter__in=[1, 2, 3, 4])
                .values_list("quarter", flat=True)):
            held[quarter] = {"expenditure": {}, "unmapped": {}}
        for quarter, name, expenditure in figures:
            held[quarter]["expenditure"][name] = str(expenditure)
        latest = latest_ledger_run(organisation=organisation, year=year)
        if latest is not None:
            for row in UnmappedAccount.objects.filter(run_id=latest).order_by("quarter",
                                                                               "account"):
                held.setdefault(row.quarter, {"expenditure": {}, "unmapped": {}})
                held[row.quarter]["unmapped"][row.account] = {
                    "total": str(row.total), "transactions": row.transactions}
        return held

    def write(self, result: ExtractResult, *, organisation, year, user, run) -> None:
        from finance.services import ledger_quarters_save

        ledger_quarters_save(
            spend={int(q): {name: Decimal(amount) for name, amount in
                            figures.get("expenditure", {}).items()}
                   for q, figures in result.quarters.items()},
            unmapped={int(q): {account: (Decimal(u["total"]), int(u["transactions"]))
                               for account, u in figures.get("unmapped", {}).items()}
                      for q, figures in result.quarters.items()},
            organisation=organisation, year=year, run=run,
        )

    def label(self, path: tuple[str, ...]) -> str:
        if len(path) == 2 and path[0] == "expenditure":
            return gettext("%(line)s: spent in the quarter (£)") % {"line": path[1]}
        if len(path) == 3 and path[0] == "unmapped" and path[2] == "total":
            return gettext("Account %(account)s, mapped to no budget line: spent (£)") % {
                "account": path[1]}
        if len(path) == 3 and path[0] == "unmapped" and path[2] == "transactions":
            return gettext("Account %(account)s, mapped to no budget line: transactions"
                           ) % {"account": path[1]}
        return super().label(path)


def latest_ledger_run(*, organisation, year):
    """The pk of the latest ledger extract import for the organisation's year, or None."""
    from ictreport.core.models import ExtractRun

    return (ExtractRun.objects.filter(organisation=organisation, year=year,
                                      kind=LedgerExtract.key)
            .order_by("-at", "-pk").values_list("pk", flat=True).first())


# Registered by the app's config (ictreport.core.section_apps).
EXTRACTS = (LedgerExtract(),)
