"""A file with one bad line changes nothing, and the dry run names its row and column."""

import pytest

from ictreport.core.models import ReturnStatus
from ictreport.core.periods import Quarter
from servicedesk.models import ChannelCalls, ServiceDeskReturn
from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.finance.factories import BudgetLineFactory
from tests.imports.conftest import admin_import
from tests.imports.factories import (
    CSV,
    SECTIONS,
    XLSX,
    FigureEditorFactory,
    as_dataset,
    spreadsheet,
)
from tests.servicedesk.factories import ServiceDeskReturnFactory

CALLS = SECTIONS[0]
LINES = next(section for section in SECTIONS if section.name == "finance-lines")


def _approved_q1(organisation):
    ServiceDeskReturnFactory(organisation=organisation, quarter=Quarter.Q1,
                             status=ReturnStatus.APPROVED)


def _q2_entered(organisation):
    ServiceDeskReturnFactory(organisation=organisation, quarter=Quarter.Q2)


def _elsewhere(organisation):
    OrganisationFactory(slug="dyfed-powys-police")


# (what is wrong, the bad line, anything already held, the column named, words in the
# message)
CALLS_CASES = [
    ("negative", ["2019-20", "Q1", "Self Service", "-5"], None, "calls", "0 or more"),
    ("non-numeric", ["2019-20", "Q1", "Self Service", "lots"], None, "calls", "“lots”"),
    ("fractional", ["2019-20", "Q1", "Self Service", "2.5"], None, "calls", "whole number"),
    ("empty value", ["2019-20", "Q1", "Self Service", ""], None, "calls", "whole number"),
    ("unknown channel", ["2019-20", "Q1", "Carrier pigeon", "5"], None, "channel",
     "Telephone, Self Service"),
    ("bad year", ["2019", "Q1", "Self Service", "5"], None, "year", "like 2019-20"),
    ("bad period", ["2019-20", "Q5", "Self Service", "5"], None, "period", "full-year, Q1"),
    ("locked period", ["2019-20", "Q1", "Self Service", "5"], _approved_q1, "period",
     "approved and locked"),
    ("full year after quarters held", ["2019-20", "full-year", "Self Service", "5"],
     _q2_entered, "period", "already has quarterly returns"),
    ("full year after quarters in the file", ["2019-20", "full-year", "Self Service", "5"],
     None, "period", "already has quarterly returns"),
    ("the same figure twice", ["2019-20", "Q2", "Telephone", "7"], None, "channel",
     "Row 2 already gives this figure"),
]


@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.parametrize(("bad_line", "held", "column", "words"),
                         [case[1:] for case in CALLS_CASES], ids=[c[0] for c in CALLS_CASES])
def test_one_bad_line_names_row_and_column_and_changes_nothing(
        bad_line, held, column, words, file_format, organisation, editor_client):
    CALLS.setup(organisation)
    if held:
        held(organisation)
    returns_before = list(ServiceDeskReturn.objects.values_list("pk", "quarter", "status"))
    rows = CALLS.file_rows(organisation, [["2019-20", "Q2", "Telephone", "100"], bad_line,
                                          ["2019-20", "Q3", "Telephone", "3"]])
    client = editor_client(CALLS)

    preview = admin_import(client, CALLS, spreadsheet(CALLS.headers, rows, file_format),
                           file_format)

    result = preview.context["result"]
    assert "confirm_form" not in preview.context, "a wrong file cannot be confirmed"
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert any(words in message for message in invalid.field_specific_errors[column])
    page = preview.content.decode()
    assert '<th scope="row">3</th>' in page, "the spreadsheet's row: 1 holds the headers"
    assert f"<strong>{column}</strong>" in page
    assert "Traceback" not in page
    assert ChannelCalls.objects.count() == 0
    assert list(ServiceDeskReturn.objects.values_list("pk", "quarter", "status")) == (
        returns_before)


def test_unknown_and_other_organisations_are_refused_in_the_same_words(
        organisation, monkeypatch):
    """Rows for an organisation the user may not enter figures for are errors, and say
    no more than for one that does not exist: an import reveals no other organisation."""
    CALLS.setup(organisation)
    other = OrganisationFactory(slug="dyfed-powys-police")
    monkeypatch.setattr("ictreport.core.imports.importable_organisations",
                        lambda *, user, section_key: [organisation])
    rows = [[other.slug, "2019-20", "Q1", "Telephone", "5"],
            ["no-such-force", "2019-20", "Q1", "Telephone", "5"]]

    result = CALLS.resource(user=None).import_data(
        as_dataset(CALLS.headers, rows), dry_run=False, rollback_on_validation_errors=True)

    other_error, unknown_error = (row.field_specific_errors["organisation"]
                                  for row in result.invalid_rows)
    assert other_error == [unknown_error[0].replace("no-such-force", other.slug)]
    assert ChannelCalls.objects.count() == ServiceDeskReturn.objects.count() == 0


@pytest.mark.parametrize(("line", "held"), [
    ("Telephony", None),
    ("Airwave", lambda: BudgetLineFactory(
        organisation=OrganisationFactory(slug="dyfed-powys-police"), name="Telephony")),
], ids=["unknown line", "another organisation's line"])
def test_a_budget_line_must_be_the_organisations_own(line, held, organisation, editor_client):
    LINES.setup(organisation)
    if held:
        held()
        line = "Telephony"
    rows = LINES.file_rows(organisation, [["2019-20", "Q1", "Airwave", "1.00", "1.00", "", ""],
                                          ["2019-20", "Q1", line, "1.00", "1.00", "", ""]])

    preview = admin_import(editor_client(LINES), LINES, spreadsheet(LINES.headers, rows), CSV)

    [invalid] = preview.context["result"].invalid_rows
    assert invalid.number == 2
    assert "budget_line" in invalid.field_specific_errors
    assert LINES.model.objects.count() == 0


def test_a_file_without_a_column_is_refused_without_a_traceback(organisation, editor_client):
    CALLS.setup(organisation)
    upload = spreadsheet(["organisation", "year", "period", "channel"],
                         [["gwent-police", "2019-20", "Q1", "Telephone"]])

    preview = admin_import(editor_client(CALLS), CALLS, upload, CSV)

    page = preview.content.decode()
    assert "The file has no column for: calls" in page
    assert "Traceback" not in page
    assert ChannelCalls.objects.count() == 0


def test_year_outside_the_range_the_database_holds_is_a_row_error(organisation):
    CALLS.setup(organisation)
    FinancialYearFactory(start_year=2019)
    rows = CALLS.file_rows(organisation, [["1999-00", "Q1", "Telephone", "5"]])

    result = CALLS.resource(user=FigureEditorFactory()).import_data(as_dataset(CALLS.headers, rows),
                                                            dry_run=True)

    [invalid] = result.invalid_rows
    assert "from 2000-01 to 2099-00" in invalid.field_specific_errors["year"][0]


def test_empty_rows_at_the_end_of_a_spreadsheet_are_not_lines(organisation, editor_client):
    CALLS.setup(organisation)
    rows = [*CALLS.file_rows(organisation), ["", "", "", "", ""], [None] * 5]

    preview = admin_import(editor_client(CALLS), CALLS, spreadsheet(CALLS.headers, rows, XLSX),
                           XLSX)

    result = preview.context["result"]
    assert not result.has_validation_errors()
    assert len(result.valid_rows()) == len(CALLS.rows)
