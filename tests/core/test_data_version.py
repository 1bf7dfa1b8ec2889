"""Every write to a table the report reads changes the report's data version, in the
same transaction, whatever wrote it: proved with raw SQL, which no Python hook sees."""

import pytest
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from audits.models import AuditReview
from finance.models import UnmappedAccount
from ictreport.core.data_version import (
    TABLE,
    ReportDataVersion,
    covered_models,
    data_version,
    install_data_version_triggers,
    scope_sql,
)
from ictreport.core.models import (
    AnnualReport,
    ExtractMapping,
    ExtractRun,
    FinancialYear,
    Organisation,
    ReportEdition,
    SectionText,
)
from tests.audits.factories import RecommendationFactory
from tests.editions.factories import (
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)
from tests.factories import OrganisationFactory
from tests.finance.factories import AccountMappingFactory, CommentaryThresholdFactory
from tests.shared_data import built_for_module, for_this_test
from tests.yearround.factories import year_round

# The database refuses these outright (ictreport.core.editions): nothing changes, so
# there is nothing to bump. On SQLite a DELETE is refused in Python, not by a trigger.
REFUSED = {(ReportEdition, "update"), (ReportEdition, "delete")}

COVERED = covered_models()


def _hold(patch):
    """A row in every covered table: every section's years for two organisations, and
    a report taken through sign-off to a published edition (memberships, sign-offs)."""
    from ictreport.core import registry

    data = year_round([s.key for s in registry.sections()])
    organisation = OrganisationFactory(name="Published force", slug="published-force")
    stand_in_pdf(patch)
    report, desk_return = small_report(organisation)
    approve_and_publish(report, [desk_return], editor=editor_of(organisation),
                        approver=approver_of(organisation))
    # What the year-round data leaves out.
    first = data.organisations[0]
    year = FinancialYear.objects.get(start_year=2019)
    SectionText.objects.create(report=first.reports.get(year=year), section="servicedesk",
                               intro="Intro.", commentary="Commentary.")
    RecommendationFactory(review=AuditReview.objects.filter(
        audit_return__organisation=first).first())
    run = ExtractRun.objects.create(organisation=first, year=year, kind="ledger",
                                    app_label="finance", sha256="a" * 64, rows=1)
    ExtractMapping.objects.create(organisation=first, kind="ledger", columns={})
    CommentaryThresholdFactory(organisation=first)
    AccountMappingFactory(organisation=first)
    UnmappedAccount.objects.create(run=run, organisation=first, year=year, quarter=1,
                                   account="CC9999", total=1, transactions=1)
    return data


def _hold_with_stand_in_pdf():
    with pytest.MonkeyPatch.context() as patch:
        return _hold(patch)


# Built once for the module; every test writes inside a savepoint of its own, so each
# starts from these rows as built (tests/shared_data.py).
_held_once = built_for_module(_hold_with_stand_in_pdf)


@pytest.fixture
def held(db, _held_once):
    return for_this_test(_held_once)


def _unlock_everything():
    """Every report and return back to draft, so neither lock refuses the writes here
    (they are tests/workflow's): what is measured is the bump."""
    from ictreport.core.db import return_models
    from ictreport.core.models import ReportStatus, ReturnStatus

    AnnualReport.objects.update(status=ReportStatus.DRAFT)
    for model in return_models():
        model._default_manager.update(status=ReturnStatus.DRAFT)


def _row(model):
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {model._meta.db_table} ORDER BY {pk} LIMIT 1")
        values = cursor.fetchone()
        columns = [c[0] for c in cursor.description]
    return (dict(zip(columns, values, strict=True)) if values else None), pk


def _owner(model, pk_value) -> int:
    """The organisation the row belongs to by the trigger's own lookup (0: shared)."""
    scope = scope_sql(model, "NEW")
    if scope is None:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {scope[0]} FROM {model._meta.db_table} NEW "
                       f"WHERE NEW.{model._meta.pk.column} = %s", [pk_value])
        return cursor.fetchone()[0] or 0


def _versions(pks=None) -> dict[int, int]:
    pks = Organisation.objects.values_list("pk", flat=True) if pks is None else pks
    return {pk: data_version(pk) for pk in pks}


def _changed(before: dict, owner: int) -> bool:
    after = _versions(before)
    if owner == 0:  # shared: every organisation's report changes
        return all(after[pk] > before[pk] for pk in before)
    return after[owner] > before[owner]


def _write(sql: str, params, refused: bool):
    if refused:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("model", COVERED, ids=lambda m: m._meta.label)
def test_insert_update_delete_bump_the_version(held, model):
    _unlock_everything()
    row, pk = _row(model)
    assert row is not None, f"Add a {model._meta.label} row to the `held` fixture."
    table, key = model._meta.db_table, row[pk]
    owner = _owner(model, key)
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    refused = (model, "update") in REFUSED

    # Written back as it was: nothing any report shows changed.
    before = _versions(organisations)
    _write(f"UPDATE {table} SET {pk} = {pk} WHERE {pk} = %s", [key], refused)
    assert _versions(organisations) == before, "unchanged update"

    # Changed (its key, the one column every table has that no rule reads, moved to
    # the next free one), and back.
    assert isinstance(key, int), f"{model._meta.label}'s key is not a number"
    moved = model._default_manager.aggregate(top=models.Max("pk"))["top"] + 1
    before = _versions(organisations)
    _write(f"UPDATE {table} SET {pk} = %s WHERE {pk} = %s", [moved, key], refused)
    if not refused:
        _write(f"UPDATE {table} SET {pk} = %s WHERE {pk} = %s", [key, moved], False)
    assert _changed(before, owner) != refused, "update"

    if (model, "delete") in REFUSED:
        # Nothing can delete one (on SQLite Python refuses it), so nothing can re-insert
        # it; the fixture's publish inserted one, which test_publishing_bumps covers.
        return
    before = _versions(organisations)
    _write(f"DELETE FROM {table} WHERE {pk} = %s", [key], refused=False)
    assert _changed(before, owner), "delete"

    before = _versions(organisations)
    columns = ", ".join(row)
    marks = ", ".join(["%s"] * len(row))
    _write(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()),
           refused=False)
    assert _changed(before, owner), "insert"


def test_an_unchanged_save_does_not_bump_but_a_change_stamps_the_time(held):
    report = AnnualReport.objects.filter(organisation=held.organisations[0]).first()
    row = ReportDataVersion.objects.get(organisation_pk=report.organisation_id,
                                        year_pk=report.year_id)
    before = data_version(report.organisation)
    AnnualReport.objects.filter(pk=report.pk).update(title=report.title)
    assert data_version(report.organisation) == before
    AnnualReport.objects.filter(pk=report.pk).update(title="Changed")
    assert data_version(report.organisation) == before + 2
    row.refresh_from_db()
    assert row.changed_at is not None
    assert row.changed_at <= timezone.now()


def test_every_section_app_and_core_is_covered():
    labels = {m._meta.app_label for m in COVERED}
    assert {"core", "servicedesk", "audits", "projects", "finance"} <= labels
    names = {m._meta.label for m in COVERED}
    assert "core.AnnualReport" in names and "core.SectionText" in names
    assert not any(n.split(".")[1].startswith("Historical") for n in names)
    assert "core.ReportDataVersion" not in names


def test_a_figure_bumps_its_organisation_only(held):
    first, second = held.organisations
    from servicedesk.models import ChannelCalls

    before = (data_version(first, 2019), data_version(second, 2019))
    row = ChannelCalls.objects.filter(desk_return__organisation=first).first()
    ChannelCalls.objects.filter(pk=row.pk).update(calls=row.calls + 1)
    assert data_version(first, 2019) > before[0]
    assert data_version(second, 2019) == before[1]


def test_a_reference_name_bumps_every_organisation(held):
    from servicedesk.models import Channel

    _unlock_everything()
    before = _versions()
    Channel.objects.filter(pk=Channel.objects.first().pk).update(name="Renamed")
    after = _versions()
    assert all(after[pk] > before[pk] for pk in before)


def test_the_bump_is_in_the_writing_transaction(held):
    report = AnnualReport.objects.filter(organisation=held.organisations[0]).first()
    before = data_version(report.organisation)
    try:
        with transaction.atomic():
            AnnualReport.objects.filter(pk=report.pk).update(title="Changed")
            assert data_version(report.organisation) > before
            raise RuntimeError
    except RuntimeError:
        pass
    assert data_version(report.organisation) == before


def test_reinstalling_is_idempotent(held):
    tables = install_data_version_triggers()
    assert tables and TABLE not in tables
    install_data_version_triggers()
    before = data_version(held.organisations[0])
    AnnualReport.objects.filter(organisation=held.organisations[0]).update(title="Again")
    # Two bumps (the old and the new side) per report row, not more per install.
    assert data_version(held.organisations[0]) == before + 2 * 4
    assert ReportDataVersion.objects.exists()


def test_data_version_is_one_query(held, django_assert_num_queries):
    with django_assert_num_queries(1):
        data_version(held.organisations[0], 2019)


def test_publishing_bumps(db, monkeypatch):
    # Not held's organisation: held's rows are in the database while the module runs.
    organisation = OrganisationFactory(name="Newly published force",
                                       slug="newly-published-force")
    stand_in_pdf(monkeypatch)
    report, desk_return = small_report(organisation)
    editor, approver = editor_of(organisation), approver_of(organisation)
    before = data_version(organisation)
    approve_and_publish(report, [desk_return], editor=editor, approver=approver)
    assert report.editions.exists()
    assert data_version(organisation) > before
