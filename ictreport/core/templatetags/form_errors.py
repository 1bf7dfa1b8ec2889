"""Error summaries that name the field each message is about."""

from django import template
from django.utils.translation import gettext

register = template.Library()


def _after_label(message: str) -> str:
    """``message`` to follow "<label>: ": its first letter in lower case, unless the
    first word is an acronym or a name in capitals ("CSV …", "I …")."""
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        return message[0].lower() + message[1:]
    return message


@register.simple_tag
def field_error(field, error) -> str:
    """"Username: this field is required." — the field's label and one of its errors,
    as one sentence for an error summary (autoescaped where it is output)."""
    return gettext("%(label)s: %(error)s") % {
        "label": field.label, "error": _after_label(str(error)),
    }
