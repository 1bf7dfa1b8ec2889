"""Text in the page's language, and the English marked as English where the Welsh is
missing (``ictreport.core.bilingual``).

    {% load bilingual %}
    {% bilingual report "title" %}          the text; <span lang="en">…</span> on a Welsh
                                            page that lacks the Welsh
    {% with title=report|bilingual:"title" %}<h1{{ title|lang_attr }}>{{ title }}</h1>{% endwith %}
    <td{{ value|lang_attr }}>{{ value }}</td>   ' lang="en"' for a value from ``text_of``
                                            (a ``Bilingual``) in another language than
                                            the page's; nothing for any other value
    {% missing_welsh report as missing %}   what lacks Welsh, as (what, where) pairs
"""

from django import template
from django.utils.html import format_html

from ictreport.core import bilingual as texts

register = template.Library()


@register.filter(name="bilingual")
def bilingual_filter(obj, field):
    """``obj.<field>`` in the page's language, knowing its language."""
    if obj is None:
        return ""
    return texts.text_of(obj, field)


@register.simple_tag(name="bilingual")
def bilingual_tag(obj, field):
    value = bilingual_filter(obj, field)
    lang = texts.lang_of(value)
    if lang:
        return format_html('<span lang="{}">{}</span>', lang, value)
    return value


@register.filter
def lang_attr(value):
    """`` lang="en"`` for text in another language than the page's, else nothing."""
    lang = texts.lang_of(value)
    return format_html(' lang="{}"', lang) if lang else ""


@register.simple_tag
def missing_welsh(report):
    return texts.missing_welsh(report) if report is not None else []
