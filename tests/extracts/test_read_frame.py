"""ictreport.core.extracts.read_frame: any CSV or XLSX within the limits, as strings."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ictreport.core.extracts import Column, read_frame

COLUMNS = [Column("reference", "reference"), Column("logged_at", "logged at"),
           Column("tier", "tier", required=False)]


def upload(data: bytes, name="extract.csv"):
    return SimpleUploadedFile(name, data)


def test_csv_utf8_comma_values_are_strings_indexed_by_spreadsheet_row():
    frame = read_frame(upload(b"reference,logged_at\nINC1,2019-04-01 09:00\nINC2,=1+1\n"),
                       columns=COLUMNS, mapping={})
    assert list(frame.columns) == ["reference", "logged_at", "tier"]
    assert str(frame["reference"].dtype) == "string"
    assert frame.loc[3, "logged_at"] == "=1+1"  # a formula is text, never evaluated
    assert list(frame.index) == [2, 3]
    assert list(frame["tier"]) == ["", ""]


def test_csv_windows_1252_semicolon_with_a_mapping():
    data = "Ticket;Opened;Büro\nINC1;01/04/2019;Café\n".encode("cp1252")
    frame = read_frame(upload(data), columns=COLUMNS,
                       mapping={"reference": "Ticket", "logged_at": "Opened"})
    assert frame.loc[2, "reference"] == "INC1"
    assert frame.loc[2, "logged_at"] == "01/04/2019"


def test_xlsx_formulas_stay_text():
    book = Workbook()
    sheet = book.active
    sheet.append(["reference", "logged_at"])
    sheet.append(["INC1", "=NOW()"])
    buffer = io.BytesIO()
    book.save(buffer)
    frame = read_frame(upload(buffer.getvalue(), "x.xlsx"), columns=COLUMNS, mapping={})
    assert frame.loc[2, "logged_at"] == "=NOW()"


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"\x00\x01\x02\xff\xfe" * 100, "neither CSV"),
    (b"reference,logged_at\n", "no rows"),
    (b"Ticket,When\nINC1,x\n", "no column for"),
    (b"PK\x03\x04not really a zip", "neither CSV"),
])
def test_unreadable_files_are_refused_in_words(data, words):
    with pytest.raises(ValidationError) as raised:
        read_frame(upload(data), columns=COLUMNS, mapping={})
    assert words in raised.value.messages[0]


def test_too_many_rows(settings):
    settings.EXTRACT_MAX_ROWS = 10
    data = b"reference,logged_at\n" + b"INC,2019-04-01\n" * 11
    with pytest.raises(ValidationError, match="more than 10 rows"):
        read_frame(upload(data), columns=COLUMNS, mapping={})


def test_larger_than_the_upload_limit_said_plainly(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    big = upload(b"x" * 10)
    big.size = 60 * 1024 * 1024
    with pytest.raises(ValidationError, match="larger than 50"):
        read_frame(big, columns=COLUMNS, mapping={})
