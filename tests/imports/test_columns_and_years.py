"""An import names the columns it expects and lacks in plain words, and never creates a
financial year: a year that does not exist is a row error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ictreport.core.models import FinancialYear
from servicedesk.models import ChannelCalls, ServiceDeskReturn
from tests.imports.conftest import admin_import
from tests.imports.factories import CSV, SECTIONS, XLSX, spreadsheet

CALLS = SECTIONS[0]
LINES = next(section for section in SECTIONS if section.name == "finance-lines")


@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.parametrize("year", ["2099-00", "2018-19", "2020-21"])
def test_an_import_creates_no_financial_year(year, file_format, organisation, editor_client):
    CALLS.setup(organisation)
    years_before = list(FinancialYear.objects.values_list("pk", flat=True))
    rows = CALLS.file_rows(organisation, [["2019-20", "Q1", "Telephone", "5"],
                                          [year, "Q1", "Telephone", "6"]])

    preview = admin_import(editor_client(CALLS), CALLS,
                           spreadsheet(CALLS.headers, rows, file_format), file_format)

    assert "confirm_form" not in preview.context
    [invalid] = preview.context["result"].invalid_rows
    assert invalid.number == 2
    assert invalid.field_specific_errors["year"] == [
        f"There is no financial year {year} to enter figures for; an administrator adds "
        "each year before its figures are entered."]
    assert list(FinancialYear.objects.values_list("pk", flat=True)) == years_before
    assert ServiceDeskReturn.objects.count() == ChannelCalls.objects.count() == 0


@pytest.mark.parametrize(("headers", "missing"), [
    (["organisation", "year", "period", "channel"], "calls"),
    (["organisation", "year", "period", "channel", "Calls answered"], "calls"),
    (["org", "year", "period", "channel", "calls"], "organisation"),
    (["organisation", "year", "quarter", "channel_name", "calls"], "period, channel"),
    (["calls"], "organisation, year, period, channel"),
])
@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_missing_or_renamed_columns_are_named(headers, missing, file_format, organisation,
                                              editor_client):
    CALLS.setup(organisation)
    rows = [["gwent-police", "2019-20", "Q1", "Telephone", "5"][:len(headers)]]

    response = admin_import(editor_client(CALLS), CALLS,
                            spreadsheet(headers, rows, file_format), file_format)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "NoneType" not in page and "Traceback" not in page
    assert (f"The file has no column for: {missing}. Its first row must name the columns "
            "organisation, year, period, channel, calls") in page
    assert ChannelCalls.objects.count() == 0


def test_column_names_are_read_without_surrounding_space(organisation, editor_client):
    CALLS.setup(organisation)
    content = (b" organisation ,year,period, channel,calls \n"
               b"gwent-police,2019-20,Q1,Telephone,5\n")

    preview = admin_import(editor_client(CALLS), CALLS,
                           SimpleUploadedFile("f.csv", content), CSV)

    assert "confirm_form" in preview.context


def test_a_column_named_twice_is_refused(organisation, editor_client):
    CALLS.setup(organisation)
    content = b"organisation,year,period,channel,calls,calls\ngwent-police,2019-20,Q1,T,5,6\n"

    response = admin_import(editor_client(CALLS), CALLS,
                            SimpleUploadedFile("f.csv", content), CSV)

    assert response.context["form"].errors["import_file"] == [
        "The first row names the column “calls” twice; name each column once."]
