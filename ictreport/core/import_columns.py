"""The columns of a section's figure spreadsheet (``ictreport.core.imports``): the
organisation, year and period every row names, what the figure is for, and its
values, each cell read with one clear message per kind of bad cell.
"""

import math
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from import_export.fields import Field
from import_export.widgets import Widget

from ictreport.core.export import unquote_cell
from ictreport.core.numbers import parse_plain_decimal

ORGANISATION, YEAR, PERIOD = "organisation", "year", "period"


# Widgets: one clear message per kind of bad cell, never a parser's own words.


class CountWidget(Widget):
    """A whole number of things, 0 or more; XLSX numbers arrive as int or float."""

    def __init__(self, *, required=True):
        super().__init__(coerce_to_string=False)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            if self.required:
                raise ValueError(gettext("Enter a whole number of 0 or more."))
            return None
        try:
            number = _decimal(value)
        except ValueError:
            number = None
        if number is None or number != number.to_integral_value() or number < 0:
            raise ValueError(gettext(
                "Enter a whole number of 0 or more in plain digits, such as 1234 or 1,234, "
                "not “%(value)s”."
            ) % {"value": value})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class DecimalWidget(Widget):
    """An amount of money or a percentage; the model's field checks its range and places."""

    def __init__(self, *, required=True):
        super().__init__(coerce_to_string=False)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            if self.required:
                raise ValueError(gettext("Enter a number."))
            return None
        return _decimal(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class TextWidget(Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        # An exported cell that began like a formula was written with a leading quote
        # (``ictreport.core.export.safe_cell``); reading it back takes the quote off.
        return "" if value is None else unquote_cell(str(value).strip())

    def render(self, value, obj=None, **kwargs):
        return value or ""


def cell_text(row, column: str) -> str:
    """A naming cell's text, as exported (``safe_cell``'s quote taken off)."""
    return unquote_cell(str(row.get(column) or "").strip())


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(value) -> Decimal:
    """The cell as a Decimal, or ValueError saying what to write.

    Text must be plain decimal notation (``ictreport.core.numbers``): ``1,5`` is refused,
    never read as 15. An XLSX numeric cell arrives as int or float; a float goes through
    ``repr`` so 0.1 stays 0.1. Dates, true/false and non-finite numbers are not numbers.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float | Decimal) and math.isfinite(value):
        return Decimal(repr(value)) if isinstance(value, float) else value
    if isinstance(value, str):
        return parse_plain_decimal(value)
    raise ValueError(gettext(
        "Write a number in plain decimal notation, such as 1234.5 or 1,234.5, not "
        "“%(value)s”."
    ) % {"value": value})


def count_column(attribute: str, *, required=True) -> Field:
    return Field(attribute=attribute, column_name=attribute,
                 widget=CountWidget(required=required))


def decimal_column(attribute: str, *, required=True) -> Field:
    return Field(attribute=attribute, column_name=attribute,
                 widget=DecimalWidget(required=required))


def text_column(attribute: str) -> Field:
    return Field(attribute=attribute, column_name=attribute, widget=TextWidget())


def figure_key(column_name: str, attribute: str) -> Field:
    """The column naming what a figure is for; ``FigureResource`` resolves it itself."""
    return Field(attribute=attribute, column_name=column_name, readonly=True)


def period_columns(return_field: str) -> tuple[Field, Field, Field]:
    """The organisation, year and period columns, read from the figure's return.

    They are read-only as fields: an import resolves them itself, row by row, with
    the user's scope and the return's lock (``FigureResource.before_import_row``).
    """
    return (
        Field(attribute=f"{return_field}__organisation__slug", column_name=ORGANISATION,
              readonly=True),
        Field(attribute=f"{return_field}__year__slug", column_name=YEAR, readonly=True),
        Field(attribute=f"{return_field}__period__code", column_name=PERIOD, readonly=True),
    )


def value_column(field) -> Field:
    """The column of a figure's value, read as its model field holds it: text, a
    decimal or a whole count, which may be left empty only where the field may."""
    if isinstance(field, models.TextField):
        return text_column(field.name)
    if isinstance(field, models.DecimalField):
        return decimal_column(field.name, required=not field.null)
    if isinstance(field, models.IntegerField):
        return count_column(field.name, required=not field.null)
    raise TypeError(f"No spreadsheet column reads a {type(field).__name__} ({field.name}).")
