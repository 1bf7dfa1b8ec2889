"""The year locks are the database's (issue 14): a raw ``QuerySet.update()``,
``bulk_create`` or delete of an approved year's rows, or of a reference row approved
figures show, is refused by its trigger, for every model the locks judge, whatever
Python it bypasses; a write that changes nothing, and a new reference row, pass."""

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F

from ictreport.core.models import AnnualReport, ReportStatus
from ictreport.core.signoff_lock import LOCKED_MARK
from ictreport.core.year_locks import reference_uses, year_paths
from tests.workflow.test_lock_triggers import (  # noqa: F401  (fixtures: the shipped year)
    _approved_once,
    _changed_value,
    approved_year,
)

pytestmark = pytest.mark.django_db

YEAR_ROWS = [m for m in apps.get_models() if year_paths(m)]
REFERENCE_ROWS = [m for m in apps.get_models() if reference_uses(m)]


def _label(model):
    return model._meta.label


@pytest.fixture
def approved_report(approved_year):  # noqa: F811  (the fixture imported above)
    """The shipped year's returns and its report approved, with the year's rows the
    shipped file has none of."""
    from finance.models import UnmappedAccount
    from ictreport.core.models import ExtractRun
    from projects.models import Project
    from tests.projects.factories import ProjectUpdateFactory

    organisation, year = approved_year.organisation, approved_year.year
    project = Project.objects.filter(organisation=organisation, year=year).first()
    ProjectUpdateFactory(project=project, quarter=next(
        q for q in (1, 2, 3, 4) if not project.updates.filter(quarter=q).exists()))
    run = ExtractRun.objects.create(organisation=organisation, year=year, kind="ledger",
                                    app_label="finance", sha256="a" * 64, rows=1)
    UnmappedAccount.objects.create(run=run, organisation=organisation, year=year,
                                   quarter=1, account="CC9999", total=1, transactions=1)
    assert AnnualReport.objects.filter(pk=approved_year.pk).update(
        status=ReportStatus.APPROVED) == 1
    return approved_year


def _refused(write):
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        write()


def test_the_locks_judge_a_years_rows_and_reference_rows():
    names = {_label(m) for m in YEAR_ROWS} | {_label(m) for m in REFERENCE_ROWS}
    assert {"projects.Project", "projects.Deliverable", "servicedesk.Channel",
            "projects.Team", "finance.BudgetLine"} <= names


@pytest.mark.parametrize("model", YEAR_ROWS, ids=_label)
def test_raw_writes_to_an_approved_years_rows_are_refused(approved_report, model):
    organisation, year = year_paths(model)
    rows = model._default_manager.filter(**{organisation: approved_report.organisation,
                                            year: approved_report.year})
    row = rows.order_by("pk").first()
    assert row is not None, f"the shipped file holds no {model.__name__} in its year"
    before = model._default_manager.filter(pk=row.pk).values().get()
    change = _changed_value(row)

    _refused(lambda: model._default_manager.filter(pk=row.pk).update(**change))
    copy = model._default_manager.get(pk=row.pk)
    copy.pk = None
    _refused(lambda: model._default_manager.bulk_create([copy]))
    _refused(lambda: model._default_manager.filter(pk=row.pk)._raw_delete(
        model._default_manager.db))
    assert model._default_manager.filter(pk=row.pk).values().get() == before
    # Written back as it is: nothing the report shows changes.
    assert model._default_manager.filter(pk=row.pk).update(
        **{name: F(name) for name in change}) == 1

    # Reopened, the same write passes.
    AnnualReport.objects.filter(pk=approved_report.pk).update(status=ReportStatus.DRAFT)
    assert model._default_manager.filter(pk=row.pk).update(**change) == 1


def _shown_reference_row(model):
    for user, fk in reference_uses(model):
        pks = user._default_manager.values(fk)
        row = model._default_manager.filter(pk__in=pks).order_by("pk").first()
        if row is not None:
            return row
    return None


@pytest.mark.parametrize("model", REFERENCE_ROWS, ids=_label)
def test_raw_writes_to_a_reference_row_approved_figures_show_are_refused(approved_report,
                                                                         model):
    row = _shown_reference_row(model)
    assert row is not None, f"the shipped file's figures name no {model.__name__}"
    exempt = set(getattr(model, "lock_exempt_fields", ()))
    change = _changed_value(row)
    assert not set(change) & exempt

    _refused(lambda: model._default_manager.filter(pk=row.pk).update(**change))
    _refused(lambda: model._default_manager.filter(pk=row.pk)._raw_delete(
        model._default_manager.db))
    assert model._default_manager.filter(pk=row.pk).update(
        **{name: F(name) for name in change}) == 1
    # A new row (a new name) is always allowed.
    copy = model._default_manager.get(pk=row.pk)
    copy.pk = None
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key and isinstance(getattr(copy, field.attname),
                                                                str):
            setattr(copy, field.attname, getattr(copy, field.attname) + " (new)")
    with transaction.atomic():
        try:
            model._default_manager.bulk_create([copy])
        except IntegrityError as exc:
            assert LOCKED_MARK not in str(exc)  # a unique name, not the lock
