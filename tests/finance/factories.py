import csv
import io
from decimal import Decimal

import factory

from finance.models import (
    AccountMapping,
    BudgetLine,
    CommentaryThreshold,
    FinanceReturn,
    LineFigure,
)
from ictreport.core.periods import Quarter
from tests.factories import FinancialYearFactory, OrganisationFactory


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Budget line {n}")
    position = factory.Sequence(lambda n: n)


class FinanceReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinanceReturn

    organisation = factory.SubFactory(OrganisationFactory)
    year = factory.SubFactory(FinancialYearFactory)
    quarter = Quarter.FULL_YEAR


class LineFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LineFigure

    finance_return = factory.SubFactory(FinanceReturnFactory)
    line = factory.SubFactory(
        BudgetLineFactory, organisation=factory.SelfAttribute("..finance_return.organisation")
    )
    budget = Decimal("100000.00")
    expenditure = Decimal("90000.00")


class CommentaryThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentaryThreshold

    organisation = factory.SubFactory(OrganisationFactory)
    percent = Decimal(5)
    amount = Decimal(50_000)


def record(organisation, start_year, quarter, figures, **return_fields):
    """One return with its lines: ``figures`` maps a line name to (budget, expenditure)."""
    finance_return = FinanceReturnFactory(
        organisation=organisation, year=FinancialYearFactory(start_year=start_year),
        quarter=quarter, **return_fields,
    )
    for position, (name, (budget, expenditure)) in enumerate(figures.items()):
        LineFigureFactory(
            finance_return=finance_return,
            line=BudgetLineFactory(organisation=organisation, name=name, position=position),
            budget=Decimal(budget), expenditure=Decimal(expenditure),
        )
    return finance_return


class AccountMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountMapping

    organisation = factory.SubFactory(OrganisationFactory)
    account = factory.Sequence(lambda n: f"CC{n:04d}")
    line = factory.SubFactory(BudgetLineFactory,
                              organisation=factory.SelfAttribute("..organisation"))


LEDGER_HEADERS = ["date", "account", "amount"]


def ledger_csv(rows, headers=LEDGER_HEADERS, *, delimiter=",", encoding="utf-8") -> bytes:
    """A ledger export as a finance system writes it: ``rows`` of (date, account,
    amount) text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)
