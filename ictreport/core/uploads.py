"""Reading an uploaded spreadsheet within limits, before any of it is trusted.

A file's size is checked before it is read (``ImportUploadLimitHandler`` stops the
upload itself as soon as it passes the limit); an XLSX file's zip directory is checked
first — how many members, how large they say they are once decompressed, and how much
they say they expand — and Python's ``zipfile`` holds every member to the size it
declares. Rows are then streamed (openpyxl's read-only mode, or Python's ``csv``), each
cell checked for length and the rows counted, so a zip bomb, a gigantic cell or a
million-row sheet is refused in a moment with a sentence saying why, and nothing is held
but the rows of a file within the limits.

The limits are settings (``IMPORT_MAX_*``, see README.md); the upload size comes from
the environment.
"""

import csv
import datetime
import io
import math
import zipfile
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext

CSV, XLSX = "csv", "xlsx"
# A zip member expanding more than this is a bomb, not a spreadsheet, once it is large
# enough to matter (small members such as styles may compress very well).
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


class UploadRefused(Exception):
    """The file cannot be read; ``message`` says why, in words for the person importing."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_uncompressed_bytes: int
    max_compression_ratio: int
    max_zip_members: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_columns=settings.IMPORT_MAX_COLUMNS,
            max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
            max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            max_compression_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
            max_zip_members=settings.IMPORT_MAX_ZIP_MEMBERS,
        )


def too_large_message(limit_bytes: int) -> str:
    return gettext(
        "The file is larger than %(limit)s, the most that can be imported at once. Split "
        "it into smaller files."
    ) % {"limit": filesizeformat(limit_bytes)}


class ImportUploadLimitHandler(FileUploadHandler):
    """Stops receiving an uploaded file once it passes ``IMPORT_MAX_UPLOAD_BYTES``.

    First in ``FILE_UPLOAD_HANDLERS``: the rest of the file is skipped, not stored, and
    the request is marked so the import page can say why the file is missing.
    """

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.IMPORT_MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def read_upload(upload, file_format: str, limits: Limits | None = None) -> tablib.Dataset:
    """The rows of ``upload`` (a Django ``UploadedFile``) as a Dataset, its first row the
    headers; UploadRefused, saying why, for anything beyond the limits or unreadable."""
    limits = limits or Limits.from_settings()
    if upload.size is not None and upload.size > limits.max_bytes:
        raise UploadRefused(too_large_message(limits.max_bytes))
    upload.seek(0)
    rows = xlsx_rows(upload, limits) if file_format == XLSX else _csv_rows(upload)
    return _dataset(rows, limits)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _cell_message(row: int, column: int, limits: Limits) -> str:
    return gettext(
        "Row %(row)s, column %(column)s holds more than %(limit)s characters, the most a "
        "cell may hold."
    ) % {"row": _number(row), "column": _number(column),
         "limit": _number(limits.max_cell_chars)}


def _rows_message(limits: Limits) -> str:
    return gettext(
        "The file has more than %(limit)s rows, the most that can be imported at once. "
        "Split it into smaller files."
    ) % {"limit": _number(limits.max_rows)}


def _dataset(rows, limits: Limits) -> tablib.Dataset:
    """Rows (sequences of cell values) as a Dataset, checked as they stream past.

    Blank rows at the end are not part of the data (spreadsheets keep formatted empty
    rows); they are counted, not held.
    """
    dataset = tablib.Dataset()
    width = None
    blank_run = 0
    for number, raw in enumerate(rows, start=1):
        if number > 2 * limits.max_rows + 1:
            raise UploadRefused(_rows_message(limits))
        cells = list(raw)
        for column, value in enumerate(cells, start=1):
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise UploadRefused(_cell_message(number, column, limits))
        if width is None:
            headers = _headers(cells, limits)
            width = len(headers)
            if not width:
                break
            dataset.headers = headers
            continue
        while cells and _blank(cells[-1]) and len(cells) > width:
            cells.pop()
        if len(cells) > width:
            raise UploadRefused(gettext(
                "Row %(row)s has a value in column %(column)s, which has no name in the "
                "first row. Name every column in the first row, or remove the value."
            ) % {"row": _number(number), "column": _number(width + 1)})
        if all(_blank(value) for value in cells):
            blank_run += 1
            continue
        if dataset.height + blank_run + 1 > limits.max_rows:
            raise UploadRefused(_rows_message(limits))
        for _blank_row in range(blank_run):
            dataset.append([""] * width)
        blank_run = 0
        dataset.append([_plain(value) for value in cells] + [""] * (width - len(cells)))
    if not width:
        raise UploadRefused(gettext(
            "The file is empty or its first row is blank. Its first row must name the "
            "columns; export the figures to get a file to start from."))
    if not dataset.height:
        raise UploadRefused(gettext(
            "The file has no rows of figures below the column names in its first row."))
    return dataset


def _headers(cells, limits: Limits) -> list[str]:
    while cells and _blank(cells[-1]):
        cells.pop()
    if len(cells) > limits.max_columns:
        raise UploadRefused(gettext(
            "The first row names more than %(limit)s columns; a figures file has far fewer."
        ) % {"limit": _number(limits.max_columns)})
    headers = ["" if value is None else str(value).strip() for value in cells]
    repeated = repeated_header_message(headers)
    if repeated:
        raise UploadRefused(repeated)
    return headers


def repeated_header_message(headers: list[str]) -> str | None:
    """The sentence refusing a first row that names a column twice, or None (for the
    figures import and the extracts alike)."""
    seen = set()
    for header in headers:
        if header and header in seen:
            return gettext(
                "The first row names the column “%(column)s” twice; name each column once."
            ) % {"column": header}
        seen.add(header)
    return None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _plain(value):
    """A cell as JSON can hold it (a preview keeps the rows in the database)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _csv_rows(upload):
    text = io.TextIOWrapper(upload.file, encoding="utf-8-sig", errors="strict", newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError:
        raise UploadRefused(gettext(
            "The file is not CSV text in UTF-8. Save it from the spreadsheet as “CSV UTF-8”, "
            "or choose the format it really has.")) from None
    except csv.Error:
        raise UploadRefused(gettext(
            "The file cannot be read as CSV (it holds a cell that is too long, a stray quote "
            "or a NUL character). Save it from the spreadsheet as “CSV UTF-8” and try "
            "again.")) from None
    finally:
        text.detach()  # the upload is Django's to close


def xlsx_rows(upload, limits: Limits, *, data_only: bool = True, not_xlsx: str | None = None):
    """The active sheet's rows as tuples of cell values, streamed, the workbook's zip
    directory checked first; ``UploadRefused`` with ``not_xlsx`` (by default: choose the
    format it really has) for anything that is not a readable workbook. ``data_only``
    False reads formulas as their text rather than their cached values.

    The one XLSX reader: the figures import and the extracts
    (``ictreport.core.extract_files``) both read through it."""
    from openpyxl import load_workbook

    if not_xlsx is None:
        not_xlsx = gettext("The file is not an XLSX workbook. Choose the format it really "
                           "has, or save it from the spreadsheet as an Excel workbook "
                           "(.xlsx).")
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UploadRefused(not_xlsx) from None
    with archive:
        _inspect_zip(archive, limits)
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=data_only)
    except UploadRefused:
        raise
    except Exception:  # openpyxl raises many kinds of error for a malformed workbook
        raise UploadRefused(not_xlsx) from None
    try:
        sheet = workbook.active
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise UploadRefused(not_xlsx)
        # The stored dimension may claim thousands of columns; each row is read as wide
        # as its own last cell instead.
        sheet.reset_dimensions()
        try:
            yield from sheet.iter_rows(values_only=True)
        except UploadRefused:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError,
                SyntaxError, EOFError):
            # zipfile refuses a member that expands past its declared size (bad CRC);
            # the XML parser refuses malformed sheets.
            raise UploadRefused(not_xlsx) from None
    finally:
        workbook.close()


def _inspect_zip(archive: zipfile.ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_zip_members:
        raise UploadRefused(gettext(
            "The workbook holds more than %(limit)s parts; a figures workbook has far fewer."
        ) % {"limit": _number(limits.max_zip_members)})
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise UploadRefused(gettext(
            "The workbook would expand to more than %(limit)s when opened, the most that "
            "can be imported at once. Split it into smaller files."
        ) % {"limit": filesizeformat(limits.max_uncompressed_bytes)})
    for member in members:
        if (member.file_size > RATIO_CHECKED_FROM_BYTES
                and member.file_size > limits.max_compression_ratio * max(
                    member.compress_size, 1)):
            raise UploadRefused(gettext(
                "The workbook is compressed more than %(ratio)s to 1, which no spreadsheet "
                "needs; it cannot be imported."
            ) % {"ratio": _number(limits.max_compression_ratio)})


def dataset_to_json(dataset: tablib.Dataset) -> dict:
    return {"headers": list(dataset.headers or []), "rows": [list(row) for row in dataset]}


def dataset_from_json(data: dict) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=data["headers"])
    for row in data["rows"]:
        dataset.append(row)
    return dataset

