"""Numbers in imported files are plain decimal notation: a decimal comma, full-width
digits or ``1_000`` are row errors naming the row and column, never another number."""

from decimal import Decimal

import pytest

from finance.models import LineFigure
from servicedesk.models import ChannelCalls
from tests.imports.conftest import admin_confirm, admin_import
from tests.imports.factories import CSV, SECTIONS, XLSX, spreadsheet

CALLS = SECTIONS[0]
LINES = next(section for section in SECTIONS if section.name == "finance-lines")


@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.parametrize("calls", ["1,5", "１２", "1_000", "1e3", "21 044", "12,34"])
def test_calls_not_in_plain_digits_are_a_row_error(calls, file_format, organisation,
                                                   editor_client):
    CALLS.setup(organisation)
    client = editor_client(CALLS)
    rows = CALLS.file_rows(organisation, [["2019-20", "Q1", "Telephone", "100"],
                                          ["2019-20", "Q1", "Self Service", calls]])

    # As text even in XLSX: that is how a spreadsheet keeps what it cannot read as a number.
    preview = admin_import(client, CALLS, spreadsheet(CALLS.headers, rows, CSV)
                           if file_format == CSV else _text_xlsx(CALLS.headers, rows),
                           file_format)

    assert "confirm_form" not in preview.context
    [invalid] = preview.context["result"].invalid_rows
    assert invalid.number == 2
    [message] = invalid.field_specific_errors["calls"]
    assert f"“{calls}”" in message and "plain digits" in message
    page = preview.content.decode()
    assert '<th scope="row">3</th>' in page and "<strong>calls</strong>" in page
    assert ChannelCalls.objects.count() == 0


@pytest.mark.parametrize("budget", ["584,47", "1.234,50", "１２０", "1_000.00"])
def test_a_budget_with_a_decimal_comma_is_a_row_error_not_a_thousandfold(
        budget, organisation, editor_client):
    LINES.setup(organisation)
    client = editor_client(LINES)
    rows = LINES.file_rows(organisation,
                           [["2019-20", "Q1", "Airwave", budget, "1.00", "", ""]])

    preview = admin_import(client, LINES, spreadsheet(LINES.headers, rows), CSV)

    [invalid] = preview.context["result"].invalid_rows
    [message] = invalid.field_specific_errors["budget"]
    assert f"“{budget}”" in message and "plain decimal notation" in message
    assert LineFigure.objects.count() == 0


def test_uk_thousands_separators_are_read(organisation, editor_client):
    LINES.setup(organisation)
    client = editor_client(LINES)
    rows = LINES.file_rows(organisation,
                           [["2019-20", "Q1", "Airwave", "1,234,567.89", "1,000.5", "", ""]])

    preview = admin_import(client, LINES, spreadsheet(LINES.headers, rows), CSV)
    admin_confirm(client, LINES, preview)

    figure = LineFigure.objects.get()
    assert (figure.budget, figure.expenditure) == (Decimal("1234567.89"), Decimal("1000.50"))


def test_xlsx_numeric_cells_keep_their_value(organisation, editor_client):
    LINES.setup(organisation)
    client = editor_client(LINES)
    rows = LINES.file_rows(organisation,
                           [["2019-20", "Q1", "Airwave", "0.1", "30000.5", "", ""]])

    preview = admin_import(client, LINES, spreadsheet(LINES.headers, rows, XLSX), XLSX)
    admin_confirm(client, LINES, preview)

    figure = LineFigure.objects.get()
    assert (figure.budget, figure.expenditure) == (Decimal("0.10"), Decimal("30000.50"))


def _text_xlsx(headers, rows):
    """An XLSX file whose every cell is text (openpyxl keeps str as str)."""
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile("figures.xlsx", stream.getvalue())
