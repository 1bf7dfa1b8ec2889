"""Accessible names for the admin's table cells: each input of an inline row (or of a
list-editable row) is labelled with its column and its row, e.g. "Calls — Telephone",
so a screen reader user moving from box to box hears which figure goes in it."""

from django import template
from django.utils.translation import gettext

register = template.Library()


def row_name(form, number: int) -> str:
    """What a row of figures is for: the name of its expected choice (a channel, a
    team, a budget line; ``ExpectedRowsFormSet`` gives it), else the row itself, else
    its place among the new rows."""
    for field in form.fields.values():
        label = getattr(field, "row_label", None)
        if label:
            return str(label)
    if form.instance is not None and form.instance.pk is not None:
        return str(form.instance)
    return gettext("new row %(number)s") % {"number": number}


@register.simple_tag
def inline_row_name(inline_admin_form, number) -> str:
    return row_name(inline_admin_form.form, number)


def cell_name(column, row) -> str:
    return gettext("%(column)s — %(row)s") % {"column": str(column).rstrip("?:"), "row": row}


@register.simple_tag
def cell_label(column, row) -> str:
    return cell_name(column, row)
