"""CSV and XLSX downloads of a section's tables, raw values (not formatted text).

One path for every dashboard download: a ``Table`` block, through ``table_response``
(``?export=csv|xlsx&table=KEY``). A filterable django-tables2 table becomes a block with
``table_block``, as filtered and sorted. Every download — these and the admin's figure
exports (``FigureResource.export``) — goes through ``neutralise_dataset``: a text cell
that a spreadsheet would run as a formula is written as text (OWASP's CSV-injection
rule), and an XLSX file holds values only.
"""

from decimal import Decimal

import tablib
from django.http import Http404, HttpResponse
from django.utils.text import slugify

from ictreport.core.numbers import is_plain_decimal
from ictreport.core.sections import Column, Row, Table

# What a spreadsheet takes as the start of a formula (or, for tab and carriage return,
# what lets one hide in front of it).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value):
    """``value`` as a spreadsheet may hold it without running it.

    Text starting with a formula trigger gets a leading single quote; text that is
    exactly a plain decimal number (``-12.5``) and every number stay as they are. Text
    that already starts with quotes before a trigger gets one more, so that
    ``unquote_cell`` always gives back exactly what was written.
    """
    if (isinstance(value, str) and value.lstrip(QUOTE).startswith(FORMULA_TRIGGERS)
            and not is_plain_decimal(value)):
        return QUOTE + value
    return value


def unquote_cell(value: str) -> str:
    """The text ``safe_cell`` was given back, so an exported file imports unchanged."""
    if value.startswith(QUOTE) and value.lstrip(QUOTE).startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def neutralise_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of ``dataset`` (headers included) with every cell through ``safe_cell``."""
    safe = tablib.Dataset(title=dataset.title)
    if dataset.headers:
        safe.headers = [safe_cell(header) for header in dataset.headers]
    for row in dataset:
        safe.append([safe_cell(value) for value in row])
    return safe


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _raw(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def table_dataset(table: Table) -> tablib.Dataset:
    headers = [c.label or c.key for c in table.columns]
    if table.groups:  # "2017/18 No.", "2017/18 %": a flat header keeps each column's meaning
        labels, index = [], 0
        for group in table.groups:
            for column in table.columns[index:index + group.span]:
                labels.append(f"{group.label} {column.label}".strip())
            index += group.span
        headers = labels
    dataset = tablib.Dataset(headers=headers, title=table.caption[:31] or table.key)
    for row in table.rows:
        dataset.append([_raw(v) for v in row.cells])
    return neutralise_dataset(dataset)


def table_response(tables, request, *, filename_stem: str) -> HttpResponse | None:
    """The download a request asks for with ``?export=csv|xlsx&table=KEY``, or None.

    ``tables`` are the page's tables; an unknown table or format is a 404.
    """
    fmt = request.GET.get("export")
    if not fmt:
        return None
    key = request.GET.get("table", "")
    table = next((t for t in tables if t.key == key), None)
    if fmt not in CONTENT_TYPES or table is None:
        raise Http404("No such table or format.")
    data = table_dataset(table).export(fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = f"{slugify(filename_stem)}-{table.key}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_block(table, *, key: str) -> Table:
    """A django-tables2 ``table``, as its request filtered and sorted it, as a ``Table``
    block: each cell the value its column exports (``value_<column>``), not its HTML.
    Reads the rows the page renders, so it adds no query."""
    columns = list(table.columns)
    return Table(
        key=key,
        caption=str(getattr(table, "caption", "") or key),
        columns=tuple(Column(c.name, str(c.header)) for c in columns),
        rows=tuple(Row(tuple(row.get_cell_value(c.name) for c in columns))
                   for row in table.rows),
    )
