"""CSV and XLSX downloads of a section's tables, raw values (not formatted text)."""

from decimal import Decimal

import tablib
from django.http import Http404, HttpResponse
from django.utils.text import slugify

from ictreport.core.sections import Table

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
    return dataset


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
