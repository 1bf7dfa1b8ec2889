"""Sortable versions of a section's ``Table`` blocks, for any dashboard (django-tables2).

Sorting is done by the server from the header links (``?<table>-sort=<column>``), so it
works from the keyboard and without JavaScript; the values sorted are the raw figures,
not their formatted text. Downloads are the raw ``Table`` (``ictreport.core.export``).
"""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ictreport.core.formatting import format_value
from ictreport.core.sections import Table


class FigureColumn(tables.Column):
    """A column showing values as the report formats them (``format_value``)."""

    def __init__(self, *args, fmt: str = "text", **kwargs):
        self.fmt = fmt
        numeric = fmt != "text"
        kwargs.setdefault("attrs", {
            "th": {"scope": "col", **({"class": "num"} if numeric else {})},
            "td": {"class": "num"} if numeric else {},
        })
        super().__init__(*args, default="–", **kwargs)

    def render(self, value):
        return format_value(value, self.fmt)


class SortableTable(tables.Table):
    """A ``Table`` block as a django-tables2 table, shown by
    ``tables/sortable_table.html`` (its first column is the row header)."""

    class Meta:
        orderable = True

    def __init__(self, block: Table, **kwargs):
        self.block = block
        columns = [
            (column.key, FigureColumn(verbose_name=column.label or _("Period"),
                                      fmt=column.format))
            for column in block.columns
        ]
        data = [dict(zip((c.key for c in block.columns), row.cells, strict=True))
                for row in block.rows]
        super().__init__(data, extra_columns=columns, prefix=f"{block.key}-", **kwargs)


def sortable_table(block: Table, request) -> SortableTable:
    table = SortableTable(block)
    tables.RequestConfig(request, paginate=False).configure(table)
    return table
