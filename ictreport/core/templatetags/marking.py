"""The classification marking as HTML, its Welsh part marked ``lang="cy"``.

A Welsh force's marking is bilingual, e.g. "OFFICIAL SWYDDOGOL": a screen reader reading
"SWYDDOGOL" with English rules mangles it, so the Welsh words are put in a
``<span lang="cy">`` wherever the marking is shown (site header and footer, the report
page, the standalone HTML file and the PDF's cover).
"""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The Welsh forms of the Government Security Classifications' markings and descriptors.
_WELSH = re.compile(
    r"\b(?:SWYDDOGOL(?:[- ]SENSITIF)?|SENSITIF|CYFRINACH(?: UCHAF)?)\b", re.IGNORECASE
)


@register.filter(is_safe=True)
def marking(value) -> str:
    """Escape ``value`` and wrap each Welsh word or phrase in a ``lang="cy"`` span."""
    text = str(value or "")
    parts, last = [], 0
    for match in _WELSH.finditer(text):
        parts.append(conditional_escape(text[last:match.start()]))
        parts.append(format_html('<span lang="cy">{}</span>', match.group(0)))
        last = match.end()
    parts.append(conditional_escape(text[last:]))
    return mark_safe("".join(str(p) for p in parts))
