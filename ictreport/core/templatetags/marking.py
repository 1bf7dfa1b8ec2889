"""The classification marking as HTML, its Welsh part marked ``lang="cy"``.

A Welsh force's marking is bilingual, e.g. "OFFICIAL SWYDDOGOL": a screen reader reading
"SWYDDOGOL" with English rules mangles it, so on an English page the Welsh words are put
in a ``<span lang="cy">``, and on a Welsh page the English words in a ``<span lang="en">``,
wherever the marking is shown (site header and footer, the admin, the report page, the
standalone HTML file and the PDF's cover).
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
# Their English forms, marked on a Welsh page.
_ENGLISH = re.compile(
    r"\b(?:OFFICIAL(?:[- ]SENSITIVE)?|SENSITIVE|(?:TOP )?SECRET)\b", re.IGNORECASE
)


@register.filter(is_safe=True)
def marking(value) -> str:
    """Escape ``value`` and wrap each word or phrase not in the page's language (Welsh
    on an English page, English on a Welsh one) in a span giving its ``lang``."""
    text = str(value or "")
    welsh_page = (get_language() or "en").split("-")[0] == "cy"
    other, other_lang = (_ENGLISH, "en") if welsh_page else (_WELSH, "cy")
    parts, last = [], 0
    for match in other.finditer(text):
        parts.append(conditional_escape(text[last:match.start()]))
        parts.append(format_html('<span lang="{}">{}</span>', other_lang, match.group(0)))
        last = match.end()
    parts.append(conditional_escape(text[last:]))
    return mark_safe("".join(str(p) for p in parts))
