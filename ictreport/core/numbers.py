"""Numbers as people type them: plain decimal notation, and nothing else.

A figure is digits with an optional leading minus and an optional decimal point, the
digits before the point optionally grouped in threes by commas the UK way
(``1,234,567.89``). Everything Python's ``Decimal`` or ``int`` would also take —
``1e5``, ``1_000``, ``NaN``, ``Infinity``, full-width or other non-ASCII digits — is
refused, and so is a comma that is not a thousands separator (``1,5``, ``584,47``): in
a continental notation it would be a decimal point, so reading it either way could
invent a figure.

``parse_decimal`` and ``parse_integer`` are the one rule for every door a figure comes
in by (admin forms, spreadsheet imports); ``PlainDecimalField`` and
``PlainIntegerField`` are the form fields built on them, shown as text boxes so that
a browser never silently drops what it cannot read as a number.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ictreport.core.formatting import format_value

_DIGITS = r"(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)"
_DECIMAL = re.compile(rf"-?(?:{_DIGITS}(?:\.[0-9]*)?|\.[0-9]+)")
_INTEGER = re.compile(rf"-?{_DIGITS}")


class NotPlainNumber(ValueError):
    """The text is not a number in plain decimal notation."""


def _plain(text, pattern) -> str:
    if not isinstance(text, str):
        raise NotPlainNumber(text)
    stripped = text.strip()
    if not pattern.fullmatch(stripped):
        raise NotPlainNumber(text)
    return stripped.replace(",", "")


def parse_decimal(text) -> Decimal:
    """``text`` as a Decimal, if it is a number in plain decimal notation; an ``int``
    or a finite ``Decimal`` is taken as it is. Raises ``NotPlainNumber`` otherwise."""
    if isinstance(text, Decimal) and text.is_finite():
        return text
    if isinstance(text, int) and not isinstance(text, bool):
        return Decimal(text)
    return Decimal(_plain(text, _DECIMAL))


def parse_integer(text) -> int:
    """``text`` as an int, if it is a whole number in plain notation (``1,234`` but not
    ``1.0``); an ``int`` is taken as it is. Raises ``NotPlainNumber`` otherwise."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    return int(_plain(text, _INTEGER))


class _PlainNumberField:
    """What both fields share: a text box the browser leaves alone, and a message
    naming the field (and the row, where a formset names it: ``row_label``)."""

    inputmode = "decimal"
    row_label = None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # The number input's step/min/max would bring back the browser's own checks.
        for name in ("step", "min", "max"):
            attrs.pop(name, None)
        attrs.update({"inputmode": self.inputmode, "autocomplete": "off"})
        return attrs

    def run_validators(self, value):
        # A figure that may not be below zero says so, quoting what was given, rather
        # than Django's "Ensure this value is greater than or equal to 0."
        if value is not None and self.min_value == 0 and value < 0:
            raise self._negative(value)
        super().run_validators(value)

    def _negative(self, value) -> ValidationError:
        field = self.label or gettext("this field")
        given = format_value(value, "decimal")
        if self.row_label:
            message = gettext("%(row)s, %(field)s: cannot be negative (you gave "
                              "%(value)s).") % {"row": self.row_label, "field": field,
                                                "value": given}
        else:
            message = gettext("%(field)s: cannot be negative (you gave %(value)s).") % {
                "field": field, "value": given}
        return ValidationError(message, code="min_value")

    def _refusal(self) -> ValidationError:
        field = self.label or gettext("this field")
        if self.row_label:
            message = self.row_message % {"row": self.row_label, "field": field}
        else:
            message = self.field_message % {"field": field}
        # No params: a label such as "% complete" must not be read as a format.
        return ValidationError(message, code="invalid")


class PlainDecimalField(_PlainNumberField, forms.DecimalField):
    widget = forms.TextInput
    field_message = _("%(field)s: enter a number in plain figures, such as 1234.5 or "
                      "1,234.5 (no letters, spaces or exponents; commas only between "
                      "thousands).")
    row_message = _("%(row)s, %(field)s: enter a number in plain figures, such as 1234.5 "
                    "or 1,234.5 (no letters, spaces or exponents; commas only between "
                    "thousands).")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except NotPlainNumber:
            raise self._refusal() from None


class PlainIntegerField(_PlainNumberField, forms.IntegerField):
    widget = forms.TextInput
    inputmode = "numeric"
    field_message = _("%(field)s: enter a whole number in plain figures, such as 1234 or "
                      "1,234 (no letters, spaces, decimals or exponents).")
    row_message = _("%(row)s, %(field)s: enter a whole number in plain figures, such as "
                    "1234 or 1,234 (no letters, spaces, decimals or exponents).")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_integer(value)
        except NotPlainNumber:
            raise self._refusal() from None


def plain_number_formfield(db_field, **kwargs):
    """The plain-notation form field for a model's number field, or None for any other
    field (choices and keys keep theirs)."""
    from django.db import models

    if db_field.choices or db_field.is_relation or db_field.primary_key:
        return None
    if isinstance(db_field, models.DecimalField):
        return db_field.formfield(form_class=PlainDecimalField, **kwargs)
    if isinstance(db_field, models.IntegerField):
        return db_field.formfield(form_class=PlainIntegerField, **kwargs)
    return None


def parse_plain_decimal(text) -> Decimal:
    """``text`` as a Decimal for an imported cell, or ``NotPlainNumber`` (a ValueError)
    whose message quotes the value and says what to write. A cell a spreadsheet already
    holds as a number comes as its text (``str``), so it meets the same rule."""
    value = text if isinstance(text, int | Decimal) else str(text)
    try:
        return parse_decimal(value)
    except NotPlainNumber:
        raise NotPlainNumber(gettext(
            "Write a number in plain decimal notation, such as 1234.5 or 1,234.5, not "
            "“%(value)s”."
        ) % {"value": str(text).strip()}) from None


def is_plain_decimal(text) -> bool:
    """Whether ``text`` is exactly a number in plain decimal notation (no space around)."""
    return isinstance(text, str) and _DECIMAL.fullmatch(text) is not None
