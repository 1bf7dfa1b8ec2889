"""An import's queries do not grow with its rows, and writing the rows in bulk keeps
what a row-by-row save kept: history (who, and the reopening's reason), the periods
rule said at the row, and the database's sign-off lock and constraints as the backstop."""

from copy import deepcopy
from decimal import Decimal

import pytest
import tablib
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ictreport.core import imports
from ictreport.core.bulk_writes import constraint_errors
from ictreport.core.models import FinancialYear, ReturnStatus, SignOff, SignOffAction
from ictreport.core.periods import Quarter
from servicedesk.models import ChannelCalls, ServiceDeskReturn, ServiceLevelResult
from servicedesk.resources import ChannelCallsResource
from tests.factories import FinancialYearFactory
from tests.imports.factories import SECTIONS, FigureEditorFactory
from tests.servicedesk.factories import ChannelFactory, ServiceDeskReturnFactory

HEADERS = SECTIONS[0].headers
CHANNELS = [f"Channel {n:02}" for n in range(10)]
PERIODS = [(year, quarter) for year in ("2017-18", "2018-19", "2019-20")
           for quarter in ("Q1", "Q2", "Q3", "Q4")]


@pytest.fixture
def editor(db):
    for start_year in (2017, 2018, 2019):
        FinancialYearFactory(start_year=start_year)
    for name in CHANNELS:
        ChannelFactory(name=name)
    return FigureEditorFactory(figures=ChannelCalls)


def _rows(count, calls=5):
    """``count`` rows, ten figures to a return: each ten more rows add a return."""
    return [["gwent-police", *PERIODS[n // 10], CHANNELS[n % 10], str(calls + n)]
            for n in range(count)]


def _year(start_year):
    return FinancialYear.objects.get(start_year=start_year)


def _import(user, rows, *, dry_run, **kwargs):
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    return ChannelCallsResource(user=user).import_data(
        dataset, dry_run=dry_run, raise_errors=False, rollback_on_validation_errors=True,
        **kwargs)


def _queries(user, rows, *, dry_run):
    user = type(user).objects.get(pk=user.pk)  # its permissions not yet cached
    ContentType.objects.clear_cache()  # each run reads the kinds it names
    with CaptureQueriesContext(connection) as queries:
        result = _import(user, rows, dry_run=dry_run)
    assert not result.has_errors() and not result.has_validation_errors()
    return len(queries)


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry run", "confirm"])
def test_new_rows_cost_the_same_queries_for_ten_rows_as_for_a_hundred(editor, dry_run):
    few = _queries(editor, _rows(10), dry_run=dry_run)
    ChannelCalls.objects.all().delete()
    ServiceDeskReturn.objects.all().delete()
    many = _queries(editor, _rows(100), dry_run=dry_run)
    assert few == many
    # The years, organisations, returns, figures and channels are read once; the rows
    # are written as the returns, their history, the figures and theirs; the rest is the
    # transaction and its savepoints.
    assert many <= 21


def test_changed_rows_cost_the_same_queries_for_ten_rows_as_for_a_hundred(editor):
    _import(editor, _rows(100), dry_run=False)
    few = _queries(editor, _rows(10, calls=50), dry_run=False)
    many = _queries(editor, _rows(100, calls=500), dry_run=False)
    assert few == many <= 21
    assert list(ChannelCalls.objects.order_by("calls").values_list("calls", flat=True)) == [
        500 + n for n in range(100)]


def test_bulk_written_rows_and_returns_have_their_history_by_the_importing_user(editor):
    _import(editor, _rows(20), dry_run=False)
    assert ChannelCalls.history.filter(history_type="+", history_user=editor).count() == 20
    assert ServiceDeskReturn.history.filter(history_type="+", history_user=editor).count() == 2
    assert set(ServiceDeskReturn.objects.values_list("status", flat=True)) == {
        ReturnStatus.DRAFT}


def test_a_figure_of_a_reopened_return_carries_the_reopenings_reason(editor):
    reopened = ServiceDeskReturnFactory(organisation=editor.memberships.get().organisation,
                                        year=_year(2017), quarter=Quarter.Q1)
    SignOff.objects.create(target=reopened, organisation=reopened.organisation,
                           description=str(reopened), action=SignOffAction.REOPENED,
                           user=editor, reason="Q1 calls double-counted")
    _import(editor, _rows(20), dry_run=False)
    reasons = {record.desk_return_id: record.history_change_reason
               for record in ChannelCalls.history.all()}
    assert reasons[reopened.pk] == "After reopening: Q1 calls double-counted"
    assert [reason for pk, reason in reasons.items() if pk != reopened.pk] == [None]


def test_a_full_year_and_quarters_of_one_year_in_one_file_are_refused_at_the_row(editor):
    rows = [["gwent-police", "2019-20", "Q1", CHANNELS[0], "5"],
            ["gwent-police", "2019-20", "full-year", CHANNELS[0], "5"]]
    result = _import(editor, rows, dry_run=False)
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert invalid.error.message_dict["period"] == [
        "This year already has quarterly returns; it cannot also have a full-year one."]
    assert not ServiceDeskReturn.objects.exists()


def test_the_databases_sign_off_lock_still_refuses_bulk_written_rows(editor, monkeypatch):
    """Were the lock's check to miss a return (approved meanwhile, say), the trigger
    refuses the bulk write and the whole file is rolled back."""
    approved = ServiceDeskReturnFactory(organisation=editor.memberships.get().organisation,
                                        year=_year(2017), quarter=Quarter.Q1,
                                        status=ReturnStatus.APPROVED)
    monkeypatch.setattr(imports, "is_locked", lambda figure_return: False)
    result = _import(editor, _rows(20), dry_run=False)
    assert result.has_errors()
    assert "nothing was imported" in str(result.base_errors[0].error)
    assert "locked by sign-off" in str(result.base_errors[0].error)
    assert not ChannelCalls.objects.exists()
    assert list(ServiceDeskReturn.objects.all()) == [approved]


@pytest.mark.parametrize(("median", "p90"), [
    (None, None), (Decimal("1"), None), (None, Decimal("1")), (Decimal("2"), Decimal("3")),
    (Decimal("3"), Decimal("3")), (Decimal("4"), Decimal("3")), (Decimal("-1"), None),
])
def test_check_constraints_evaluated_in_python_agree_with_the_database(db, median, p90):
    result = ServiceLevelResult(availability=None, resolved_in_time=Decimal("101"),
                                breaches=0, median_hours=median, p90_hours=p90)
    with CaptureQueriesContext(connection) as queries:
        ours = constraint_errors(result, exclude=set())
    assert len(queries) == 0
    databases = {}
    try:
        result.validate_constraints()  # Django's way: the database asked
    except ValidationError as exc:
        databases = exc.message_dict
    assert ours == databases
    assert ours  # resolved_in_time over 100 always breaks one


def test_a_constraint_naming_an_excluded_field_is_not_checked(db):
    result = ServiceLevelResult(breaches=-1, median_hours=None, p90_hours=None)
    assert constraint_errors(result, exclude={"breaches"}) == {}
    assert constraint_errors(result, exclude=set())


def test_a_lines_diff_copies_its_figure_but_shares_the_rows_every_line_points_at(editor):
    _import(editor, _rows(10), dry_run=False)
    result = _import(editor, _rows(10, calls=50), dry_run=True,
                     retain_instance_in_row_result=True)
    row = result.rows[0]
    assert row.import_type == "update"
    original = deepcopy(row.instance)  # as django-import-export copies it for the diff
    assert original is not row.instance
    assert original.desk_return is row.instance.desk_return
    assert original.channel is row.instance.channel
    assert original.desk_return.organisation is row.instance.desk_return.organisation
