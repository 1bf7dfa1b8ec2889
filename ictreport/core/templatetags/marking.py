"""The classification marking as HTML, its Welsh part marked ``lang="cy"``.

A Welsh force's marking is bilingual, e.g. "OFFICIAL SWYDDOGOL": a screen reader reading
"SWYDDOGOL" with English rules mangles it, so the Welsh words are put in a
``<span lang="cy">`` wherever the marking is shown (site header and footer, the report
page, the standalone HTML file and the PDF's cover). On a Welsh page the marking is kept
as the document has it, and it is the English words that are marked, ``lang="en"``.
"""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# The Welsh forms of the Government Security Classifications' markings and descriptors.
_WELSH = re.compile(
    r"\b(?:SWYDDOGOL(?:[- ]SENSITIF)?|SENSITIF|CYFRINACH(?: UCHAF)?)\b", re.IGNORECASE
)


@register.filter(is_safe=True)
def marking(value) -> str:
    """Escape ``value`` and wrap each part in the other language than the page's in a
    span saying its language: the Welsh words ``lang="cy"`` on an English page, the
    English words ``lang="en"`` on a Welsh one."""
    text = str(value or "")
    welsh_page = (get_language() or "").split("-")[0] == "cy"
    parts, last = [], 0
    for match in _WELSH.finditer(text):
        parts.append(_other(text[last:match.start()], "en" if welsh_page else None))
        parts.append(_other(match.group(0), None if welsh_page else "cy"))
        last = match.end()
    parts.append(_other(text[last:], "en" if welsh_page else None))
    return mark_safe("".join(str(p) for p in parts))


def _other(text: str, language: str | None) -> str:
    """``text`` escaped; in a ``lang`` span when ``language`` is given and it has words
    (the spaces between the halves stay outside)."""
    if language is None or not text.strip():
        return conditional_escape(text)
    stripped = text.strip()
    start = text.index(stripped)
    return (conditional_escape(text[:start])
            + format_html('<span lang="{}">{}</span>', language, stripped)
            + conditional_escape(text[start + len(stripped):]))
