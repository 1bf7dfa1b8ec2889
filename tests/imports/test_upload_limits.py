"""Hostile uploads are refused quickly, with a sentence saying why, before they are read:
too large, a zip bomb, too many rows, a gigantic cell, not the format they claim."""

import html
import io
import resource
import tracemalloc
import zipfile
import zlib

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ictreport.core import uploads
from ictreport.core.previews import ImportPreview
from servicedesk.models import ChannelCalls
from tests.imports.conftest import admin_import
from tests.imports.factories import CSV, SECTIONS, XLSX, spreadsheet

CALLS = SECTIONS[0]
SHEET = "xl/worksheets/sheet1.xml"


def _refusal(response) -> str:
    assert response.status_code == 200
    assert "result" not in response.context, "nothing may be read into a preview"
    assert ImportPreview.objects.count() == 0
    assert ChannelCalls.objects.count() == 0
    [message] = response.context["form"].errors["import_file"]
    page = html.unescape(response.content.decode())
    assert "Traceback" not in page
    assert message in page
    return message.replace("\xa0", " ")


def _xlsx_bomb(cell_bytes: int) -> bytes:
    """A real XLSX workbook whose one cell is ``cell_bytes`` of inline text, compressed
    about a thousand to one: the attack of issue 13 (1.5 MB expanding to 1.5 GB).

    Deflate output after a full flush depends on nothing before it, so each megabyte of
    the cell is compressed once and its bytes repeated (zipfile still computes the CRC)."""
    workbook = openpyxl.Workbook()
    workbook.active.append(CALLS.headers)
    plain = io.BytesIO()
    workbook.save(plain)
    source = zipfile.ZipFile(plain)
    chunk = b"A" * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated_chunk = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)

    class RepeatingCompressor:
        def compress(self, data):
            if data is chunk:
                return deflated_chunk
            return deflate.compress(data) + deflate.flush(zlib.Z_FULL_FLUSH)

        def flush(self):
            return deflate.flush()

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != SHEET:
                archive.writestr(info, source.read(info.filename))
        with archive.open(SHEET, "w", force_zip64=True) as member:
            member._compressor = RepeatingCompressor()
            member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                         b'2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            for _ in range(cell_bytes >> 20):
                member.write(chunk)
            member.write(b"</t></is></c></row></sheetData></worksheet>")
    return bomb.getvalue()


def test_the_bomb_helper_makes_a_real_workbook():
    """The same construction, small enough to open: openpyxl reads the whole cell."""
    content = _xlsx_bomb(3 << 20)
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    [[cell]] = list(workbook.active.iter_rows(values_only=True))
    assert len(cell) == 3 << 20


def test_a_zip_bomb_is_refused_within_200_mb(organisation, editor_client):
    content = _xlsx_bomb(1500 << 20)
    assert len(content) < 2 * 1024 * 1024
    assert zipfile.ZipFile(io.BytesIO(content)).getinfo(SHEET).file_size > 1500 << 20
    client = editor_client(CALLS)
    # The first request of a test process imports the URLconf (WeasyPrint alone takes
    # seconds); that is start-up, not the upload's cost.
    assert client.get(reverse(f"admin:{CALLS.admin_name}_import")).status_code == 200
    upload = SimpleUploadedFile("bomb.xlsx", content)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    try:
        response = admin_import(client, CALLS, upload, XLSX)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before

    assert "would expand to more than" in _refusal(response)
    assert peak < 200 * 1024 * 1024, f"Python allocations peaked at {peak / 2**20:.0f} MB"
    assert rss_growth < 200 * 1024, f"the process grew by {rss_growth / 1024:.0f} MB"


def test_a_highly_compressed_member_is_refused_even_within_the_total(
        organisation, editor_client, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1 << 30
    client = editor_client(CALLS)

    response = admin_import(client, CALLS, SimpleUploadedFile("b.xlsx", _xlsx_bomb(50 << 20)),
                            XLSX)

    assert "compressed more than 100 to 1" in _refusal(response)


def test_a_workbook_of_many_parts_is_refused(organisation, editor_client, settings):
    settings.IMPORT_MAX_ZIP_MEMBERS = 20
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        for index in range(21):
            archive.writestr(f"part{index}.xml", "<x/>")

    response = admin_import(editor_client(CALLS), CALLS,
                            SimpleUploadedFile("parts.xlsx", content.getvalue()), XLSX)

    assert "more than 20 parts" in _refusal(response)


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
        file_format, organisation, editor_client, settings, monkeypatch):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10_000
    read = []
    monkeypatch.setattr("ictreport.core.uploads._dataset",
                        lambda *args: read.append(args) or pytest.fail("read"))
    rows = CALLS.file_rows(organisation, [["2019-20", "Q1", "Telephone", str(n)]
                                          for n in range(1000)])

    response = admin_import(editor_client(CALLS), CALLS,
                            spreadsheet(CALLS.headers, rows, file_format), file_format)

    assert _refusal(response) == (
        "The file is larger than 9.8 KB, the most that can be imported at once. Split it "
        "into smaller files.")
    assert read == []


def test_the_upload_handler_stops_receiving_a_file_past_the_limit(rf, settings):
    """The file is skipped while the request is parsed: never stored whole."""
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    from django.test.client import encode_multipart

    body = encode_multipart("BoUnDaRy", {"format": "0", "import_file": SimpleUploadedFile(
        "big.csv", b"x" * 5000)})
    request = rf.post("/", data=body, content_type="multipart/form-data; boundary=BoUnDaRy")

    assert "import_file" not in request.FILES
    assert request.POST["format"] == "0"
    assert request.upload_too_large is True


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_too_many_rows_are_refused_while_streaming(file_format, organisation, editor_client,
                                                   settings):
    settings.IMPORT_MAX_ROWS = 100
    rows = CALLS.file_rows(organisation, [["2019-20", "Q1", "Telephone", str(n)]
                                          for n in range(101)])

    response = admin_import(editor_client(CALLS), CALLS,
                            spreadsheet(CALLS.headers, rows, file_format), file_format)

    assert "more than 100 rows" in _refusal(response)


def test_a_sheet_far_past_the_row_limit_is_refused_quickly(organisation, editor_client,
                                                           monkeypatch):
    """Rows are counted as they stream: the file is not read past the limit (1,000).
    (Counted, not timed: the rows the reader was asked for.)"""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(CALLS.headers)
    for n in range(20_000):
        sheet.append(["gwent-police", "2019-20", "Q1", "Telephone", n])
    content = io.BytesIO()
    workbook.save(content)
    pulled = []
    read = uploads.xlsx_rows

    def counted(*args, **kwargs):
        for row in read(*args, **kwargs):
            pulled.append(row)
            yield row

    monkeypatch.setattr(uploads, "xlsx_rows", counted)

    response = admin_import(editor_client(CALLS), CALLS,
                            SimpleUploadedFile("rows.xlsx", content.getvalue()), XLSX)

    assert "more than 1,000 rows" in _refusal(response)
    assert len(pulled) <= 1_002  # the headers, the limit's rows and the one past it


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_a_gigantic_cell_is_refused_naming_its_row_and_column(
        file_format, organisation, editor_client):
    rows = CALLS.file_rows(organisation, [["2019-20", "Q1", "Telephone", "5"],
                                          ["2019-20", "Q1", "x" * 10_001, "5"]])

    response = admin_import(editor_client(CALLS), CALLS,
                            spreadsheet(CALLS.headers, rows, file_format), file_format)

    assert _refusal(response) == (
        "Row 3, column 4 holds more than 10,000 characters, the most a cell may hold.")


@pytest.mark.parametrize(("content", "file_format", "words"), [
    (b"organisation,year\xff\xfe\n", CSV, "not CSV text in UTF-8"),
    (b"organisation,year\n\"" + b"x" * 200_000 + b"\",2019-20\n", CSV,
     "cannot be read as CSV"),
    (b"organisation,year,period,channel,calls\n", XLSX, "not an XLSX workbook"),
    (b"PK\x03\x04 truncated", XLSX, "not an XLSX workbook"),
    (b"", CSV, "The submitted file is empty"),
    (b"\n\n", CSV, "The file is empty or its first row is blank"),
    (b",,\norganisation,year\n", CSV, "The file is empty or its first row is blank"),
    (b"organisation,year,period,channel,calls\n,,,,\n", CSV, "no rows of figures"),
])
def test_a_file_not_in_its_format_is_refused_in_words(content, file_format, words,
                                                      organisation, editor_client):
    response = admin_import(editor_client(CALLS), CALLS,
                            SimpleUploadedFile(f"f.{file_format}", content), file_format)

    assert words in _refusal(response)


def test_an_xlsx_zip_that_is_not_a_workbook_is_refused(organisation, editor_client):
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("readme.txt", "hello")

    response = admin_import(editor_client(CALLS), CALLS,
                            SimpleUploadedFile("f.xlsx", content.getvalue()), XLSX)

    assert "not an XLSX workbook" in _refusal(response)


def test_a_first_row_of_too_many_columns_is_refused(organisation, editor_client):
    content = ",".join(f"c{n}" for n in range(51)).encode() + b"\n" + b"1," * 50 + b"1\n"

    response = admin_import(editor_client(CALLS), CALLS,
                            SimpleUploadedFile("f.csv", content), CSV)

    assert "names more than 50 columns" in _refusal(response)


def test_a_value_beyond_the_named_columns_is_refused(organisation, editor_client):
    content = b"organisation,year,period,channel,calls\ngwent-police,2019-20,Q1,Telephone,5,9\n"

    response = admin_import(editor_client(CALLS), CALLS,
                            SimpleUploadedFile("f.csv", content), CSV)

    assert "Row 2 has a value in column 6" in _refusal(response)


def test_the_import_page_states_the_limits_before_a_file_is_chosen(organisation,
                                                                  editor_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    page = editor_client(CALLS).get(reverse(f"admin:{CALLS.admin_name}_import"))

    text = page.content.decode().replace("\xa0", " ")
    assert "A file may be up to 50.0 MB in size, with up to 1000 rows of figures." in text
    assert text.index('id="import-limits"') < text.index('type="file"')


def test_the_upload_limit_comes_from_the_environment(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from ictreport.env import env_int

    monkeypatch.setenv("IMPORT_MAX_UPLOAD_BYTES", "1048576")
    # As the settings read it: a limit of at least one byte.
    assert env_int("IMPORT_MAX_UPLOAD_BYTES", 5, minimum=1) == 1048576
    monkeypatch.delenv("IMPORT_MAX_UPLOAD_BYTES")
    assert env_int("IMPORT_MAX_UPLOAD_BYTES", 5, minimum=1) == 5
    for wrong in ("50MB", "-1", "0"):
        monkeypatch.setenv("IMPORT_MAX_UPLOAD_BYTES", wrong)
        with pytest.raises(ImproperlyConfigured, match="IMPORT_MAX_UPLOAD_BYTES"):
            env_int("IMPORT_MAX_UPLOAD_BYTES", 5, minimum=1)


@pytest.mark.parametrize("fields", [
    {},
    {"format": "9"},
    {"format": "x", "import_file": "not a file"},
    {"format": ["0", "1"]},
    {"format": "0", "resource": "99"},
], ids=["nothing", "format out of range", "format garbage", "format twice", "resource"])
def test_tampered_uploads_are_form_errors(fields, organisation, editor_client):
    response = editor_client(CALLS).post(reverse(f"admin:{CALLS.admin_name}_import"), fields)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors or not form.is_bound  # an empty post is the page again
    assert "result" not in response.context
    assert ImportPreview.objects.count() == 0
