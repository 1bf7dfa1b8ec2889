"""Every rule held by the database itself, whatever code path writes (run on SQLite and
PostgreSQL alike)."""

from decimal import Decimal

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, connection, transaction

from finance.db import _drop_sql
from finance.models import CommentaryThreshold, FinanceReturn, LineFigure
from ictreport.core.periods import Quarter
from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.finance.factories import (
    BudgetLineFactory,
    FinanceReturnFactory,
    LineFigureFactory,
)

pytestmark = pytest.mark.django_db


def refused(**kwargs):
    return pytest.raises(IntegrityError, **kwargs)


def test_quarterly_return_refused_in_a_year_holding_a_full_year_one(gwent):
    FinanceReturnFactory(organisation=gwent, quarter=Quarter.FULL_YEAR)
    with refused(), transaction.atomic():
        FinanceReturn.objects.create(organisation=gwent, year_id=2019, quarter=Quarter.Q1)


def test_full_year_return_refused_in_a_year_holding_quarterly_ones(gwent):
    FinanceReturnFactory(organisation=gwent, quarter=Quarter.Q2)
    with refused(), transaction.atomic():
        FinanceReturn.objects.create(organisation=gwent, year_id=2019,
                                     quarter=Quarter.FULL_YEAR)


def test_other_organisations_and_years_do_not_clash(gwent):
    FinanceReturnFactory(organisation=gwent, quarter=Quarter.FULL_YEAR)
    FinanceReturnFactory(organisation=OrganisationFactory(), quarter=Quarter.Q1)
    FinanceReturnFactory(organisation=gwent, year=FinancialYearFactory(start_year=2020),
                         quarter=Quarter.Q1)
    assert FinanceReturn.objects.count() == 3


def test_one_return_per_period(gwent):
    FinanceReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    with refused(), transaction.atomic():
        FinanceReturn.objects.create(organisation=gwent, year_id=2019, quarter=Quarter.Q1)


@pytest.mark.parametrize("field", ["budget", "expenditure"])
def test_negative_money_refused(field):
    figure = LineFigureFactory()
    with refused(match="not_negative"), transaction.atomic():
        LineFigure.objects.filter(pk=figure.pk).update(**{field: Decimal("-0.01")})


def test_a_line_once_per_return():
    figure = LineFigureFactory()
    with refused(), transaction.atomic():
        LineFigure.objects.create(finance_return=figure.finance_return, line=figure.line,
                                  budget=1, expenditure=1)


def test_figures_refused_for_another_organisations_line(gwent):
    finance_return = FinanceReturnFactory(organisation=gwent)
    elsewhere = BudgetLineFactory(organisation=OrganisationFactory())
    with refused(), transaction.atomic():
        LineFigure.objects.create(finance_return=finance_return, line=elsewhere,
                                  budget=1, expenditure=1)


def test_line_rule_comes_back_after_migrate_when_a_table_rebuild_dropped_it(gwent):
    finance_return = FinanceReturnFactory(organisation=gwent)
    elsewhere = BudgetLineFactory(organisation=OrganisationFactory())
    with connection.cursor() as cursor:  # what SQLite's rebuild of a table does
        for sql in _drop_sql(connection.vendor):
            cursor.execute(sql)
    stray = LineFigure.objects.create(finance_return=finance_return, line=elsewhere,
                                      budget=1, expenditure=1)
    stray.delete()
    # As migrate sends it (a flush, without a plan, leaves triggers as they are).
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default", plan=[])
    with refused(), transaction.atomic():
        LineFigure.objects.create(finance_return=finance_return, line=elsewhere,
                                  budget=1, expenditure=1)


def test_moving_figures_to_another_organisations_line_refused(gwent):
    figure = LineFigureFactory(finance_return__organisation=gwent)
    elsewhere = BudgetLineFactory(organisation=OrganisationFactory())
    with refused(), transaction.atomic():
        LineFigure.objects.filter(pk=figure.pk).update(line=elsewhere)


def test_moving_a_return_with_figures_to_another_organisation_refused(gwent):
    figure = LineFigureFactory(finance_return__organisation=gwent)
    with refused(), transaction.atomic():
        FinanceReturn.objects.filter(pk=figure.finance_return_id).update(
            organisation=OrganisationFactory())


def test_moving_a_line_with_figures_to_another_organisation_refused(gwent):
    figure = LineFigureFactory(finance_return__organisation=gwent)
    with refused(), transaction.atomic():
        figure.line.__class__.objects.filter(pk=figure.line_id).update(
            organisation=OrganisationFactory())


def test_a_line_without_figures_can_move():
    line = BudgetLineFactory()
    other = OrganisationFactory()
    line.__class__.objects.filter(pk=line.pk).update(organisation=other)
    line.refresh_from_db()
    assert line.organisation == other


def test_stated_totals_only_on_a_full_year_return(gwent):
    with refused(match="stated_full_year_only"), transaction.atomic():
        FinanceReturn.objects.create(organisation=gwent, year_id=FinancialYearFactory().pk,
                                     quarter=Quarter.Q1, stated_variance=Decimal(1))


@pytest.mark.parametrize(("values", "rule"), [
    ({"percent": Decimal("100.01")}, "percent_range"),
    ({"percent": Decimal(-1)}, "percent_range"),
    ({"amount": Decimal(-1)}, "amount_not_negative"),
    ({"percent": None, "amount": None}, "has_a_limit"),
])
def test_threshold_rules(gwent, values, rule):
    with refused(match=rule), transaction.atomic():
        CommentaryThreshold.objects.create(organisation=gwent, **values)
