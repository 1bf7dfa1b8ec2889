"""The sign-off lock is the database's: a raw ``QuerySet.update()``, ``bulk_create`` or
delete of an approved return's figures is refused by its trigger, for every
registered section's return and figure tables, whatever Python it bypasses."""

import pytest
from django.db import IntegrityError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat

from audits.models import AuditReview
from ictreport.core.models import ReturnStatus
from ictreport.core.roles import section_apps
from ictreport.core.signoff_lock import LOCKED_MARK, locked_models
from servicedesk.models import ServiceDeskReturn
from tests.audits.factories import RecommendationFactory
from tests.servicedesk.factories import ServiceLevelResultFactory
from tests.shared_data import built_for_module, for_this_test, import_shipped_report

pytestmark = pytest.mark.django_db


def _section_tables():
    labels = {config.label for config in section_apps()}
    return [(model, path) for model, path in locked_models()
            if model._meta.app_label in labels]


RETURNS = [model for model, path in _section_tables() if path == ""]
FIGURES = [(model, path) for model, path in _section_tables() if path]


def _status(path: str) -> str:
    return f"{path}__status" if path else "status"


def _changed_value(row):
    """An update expression changing one figure column of ``row`` (one it holds)."""
    model = type(row)
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key or f.is_relation)
              and getattr(row, f.attname) is not None]
    for field in fields:
        if isinstance(field, models.IntegerField | models.DecimalField):
            return {field.name: F(field.name) + 1}
    for field in fields:
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            return {field.name: Concat(F(field.name), Value("x"))}
    raise AssertionError(f"{model.__name__} has no figure column to change")


def _approve_the_shipped_year():
    """The shipped year with every section's returns approved (a status change is the
    one write the lock lets through)."""
    shipped_report = import_shipped_report()
    # Rows of the kinds the shipped file has none of.
    ServiceLevelResultFactory(desk_return=ServiceDeskReturn.objects.filter(
        year_id=2019).first(), breaches=3)
    RecommendationFactory(review=AuditReview.objects.filter(
        audit_return__year_id=2019).first())
    for model in RETURNS:
        assert model.objects.filter(year_id=2019).update(status=ReturnStatus.APPROVED)
    return shipped_report


# Built once for the module: each test's writes (refused or not) are in a savepoint of
# its own, undone before the next test (tests/shared_data.py).
_approved_once = built_for_module(_approve_the_shipped_year)


@pytest.fixture
def approved_year(db, _approved_once):
    return for_this_test(_approved_once)


def test_every_section_has_its_return_and_figure_tables_covered():
    assert {model._meta.app_label for model in RETURNS} == {
        config.label for config in section_apps()}
    assert {model._meta.app_label for model, _path in FIGURES} == {
        model._meta.app_label for model in RETURNS}


@pytest.mark.parametrize("model,path", FIGURES, ids=[m.__name__ for m, _p in FIGURES])
def test_raw_writes_to_an_approved_returns_figures_are_refused(approved_year, model, path):
    locked = model.objects.filter(**{_status(path): ReturnStatus.APPROVED})
    row = locked.order_by("pk").first()
    assert row is not None, f"the shipped file holds no {model.__name__}"
    before = model.objects.filter(pk=row.pk).values().get()
    change = _changed_value(row)

    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**change)
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        row.pk = None
        model.objects.bulk_create([row])
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        model.objects.filter(pk=before["id"]).delete()
    assert model.objects.filter(pk=before["id"]).values().get() == before

    # Writing a row back as it is writes nothing new, so a re-import passes.
    assert model.objects.filter(pk=before["id"]).update(
        **{name: F(name) for name in change}) == 1


@pytest.mark.parametrize("model,path", FIGURES, ids=[m.__name__ for m, _p in FIGURES])
def test_the_same_raw_write_passes_once_the_return_is_a_draft_again(approved_year, model,
                                                                     path):
    row = model.objects.filter(**{_status(path): ReturnStatus.APPROVED}).order_by("pk").first()
    owner = row
    for name in path.split("__"):
        owner = getattr(owner, name)
    assert type(owner).objects.filter(pk=owner.pk).update(status=ReturnStatus.DRAFT) == 1
    assert model.objects.filter(pk=row.pk).update(**_changed_value(row)) == 1


@pytest.mark.parametrize("model", RETURNS, ids=[m.__name__ for m in RETURNS])
def test_an_approved_returns_own_figures_and_its_deletion_are_refused(approved_year, model):
    ret = model.objects.filter(status=ReturnStatus.APPROVED).order_by("pk").first()
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        model.objects.filter(pk=ret.pk).update(quarter=F("quarter") + 10)
    with pytest.raises(IntegrityError, match=LOCKED_MARK), transaction.atomic():
        model.objects.filter(pk=ret.pk)._raw_delete(model.objects.db)
    # The sign-off steps move the status, and the version counter moves itself.
    assert model.objects.filter(pk=ret.pk).update(version=F("version") + 1) == 1
    assert model.objects.filter(pk=ret.pk).update(status=ReturnStatus.DRAFT) == 1
