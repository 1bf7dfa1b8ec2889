"""Reading outputs as a reader sees them: visible text, exported cells, money."""

import csv
import html
import io
import re
from decimal import Decimal, InvalidOperation

import openpyxl

_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# A number with three or more decimal places: "4,820,735.10000000", "-2,266.960000000".
LONG_DECIMAL = re.compile(r"\d\.\d{3,}")


def visible_text(page: str) -> str:
    """The page's text without its markup, scripts and styles, spaces collapsed."""
    text = _TAG.sub(" ", _HIDDEN.sub(" ", page))
    return " ".join(html.unescape(text).split())


def long_decimals(text: str) -> list[str]:
    return [text[max(m.start() - 30, 0):m.end() + 10] for m in LONG_DECIMAL.finditer(text)]


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))
            for cell in row]


def xlsx_cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    return [cell for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True) for cell in row]


def as_number(cell) -> Decimal | None:
    """A cell's number, exactly as written (a float by its shortest repr), or None."""
    if isinstance(cell, bool) or cell is None:
        return None
    try:
        return Decimal(repr(cell) if isinstance(cell, float) else str(cell))
    except InvalidOperation:
        return None


def places(number: Decimal) -> int:
    return max(-number.normalize().as_tuple().exponent, 0)
