"""Bilingual content: text people enter, held in English and Welsh.

Every text field registered in an app's ``translation.py`` (through ``register`` here)
gets ``<field>_en`` and ``<field>_cy`` columns from django-modeltranslation; reading
``<field>`` gives the active language's text, and the English where the Welsh is empty.
The original column stays and always holds the English (``_keep_english``), so the
unique constraints on names stay on the English text; the Welsh is never required to be
unique (two rows may both still lack it).

What a Welsh page shows where the Welsh is missing is the English, marked ``lang="en"``:
``text_of(obj, field)`` gives the text and its language (a ``Bilingual`` str), and the
``{% bilingual obj "field" %}`` tag / ``|bilingual:"field"`` filter
(``ictreport.core.templatetags.bilingual``) render it with the marking.
``missing_welsh(report)`` lists what lacks Welsh, for the data-quality panel and the
confirmation asked before publishing.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models.signals import pre_save
from django.utils import translation
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from modeltranslation.translator import TranslationOptions, translator

ENGLISH, WELSH = "en", "cy"

# model → its translated fields, in registration order
_REGISTERED: dict[type, tuple[str, ...]] = {}


def register(model, *fields: str) -> None:
    """Register ``fields`` of ``model`` for English and Welsh."""
    _register(model, fields)
    # Its history (django-simple-history) copies every column, the new ones included.
    history = getattr(model, "history", None)
    if history is not None:
        _register(history.model, fields)


def _register(model, fields) -> None:
    options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,),
                   {"fields": tuple(fields)})
    translator.register(model, options)
    _english_only_uniqueness(model, fields)
    _REGISTERED[model] = tuple(fields)
    pre_save.connect(_keep_english, sender=model, dispatch_uid=f"bilingual-{model._meta.label}")


def _english_only_uniqueness(model, fields) -> None:
    """modeltranslation copies a unique name's uniqueness to every language; the Welsh
    is optional, so only the English (and the original column) stay unique."""
    for field in fields:
        welsh = model._meta.get_field(f"{field}_{WELSH}")
        if welsh._unique:
            welsh._unique = False
            # what the field's deconstruct() (and so migrations) says
            welsh._field_options_kwargs = {**getattr(welsh, "_field_options_kwargs", {}),
                                           "unique": False}
    model._meta.constraints = [
        c for c in model._meta.constraints if not c.name.endswith(f"-{WELSH}")]


def _keep_english(sender, instance, **kwargs) -> None:
    """The original column holds the English, whichever language was active when the
    row was written (modeltranslation sets it to the last text assigned)."""
    for field in _REGISTERED.get(sender, ()):
        english = getattr(instance, f"{field}_{ENGLISH}")
        if english is None:  # never given: the row was made with the original column only
            setattr(instance, f"{field}_{ENGLISH}", instance.__dict__.get(field) or "")
        else:
            instance.__dict__[field] = english


def translated_fields(model) -> tuple[str, ...]:
    """The fields of ``model`` held in both languages (none if it is not registered)."""
    for cls in type.mro(model) if isinstance(model, type) else type.mro(type(model)):
        if cls in _REGISTERED:
            return _REGISTERED[cls]
    return ()


def registered_models() -> dict[type, tuple[str, ...]]:
    return dict(_REGISTERED)


# Reading: the text and the language it is in ------------------------------------------


class Bilingual(str):
    """Text that knows its language: ``.lang`` is "en" or "cy"; ``.fallback`` is true
    when the page's language lacked it and the English stands in."""

    lang: str
    fallback: bool

    def __new__(cls, text, lang: str, fallback: bool = False):
        value = super().__new__(cls, text)
        value.lang = lang
        value.fallback = fallback
        return value

    def __reduce__(self):
        # Section data holding these texts is cached (pickled) under the data version:
        # str's own reduce would call __new__ with the text alone.
        return (type(self), (str(self), self.lang, self.fallback))


def welsh_of(obj, field: str) -> str:
    return getattr(obj, f"{field}_{WELSH}", None) or ""


def english_of(obj, field: str) -> str:
    return getattr(obj, f"{field}_{ENGLISH}", None) or ""


def text_of(obj, field: str, language: str | None = None) -> Bilingual:
    """``obj.field`` in ``language`` (the active one by default): the Welsh where asked
    for and held, otherwise the English, saying which it is."""
    language = (language or translation.get_language() or ENGLISH)[:2]
    if field not in translated_fields(obj):
        value = getattr(obj, field, "")
        return Bilingual("" if value is None else value, ENGLISH, False)
    if language == WELSH:
        welsh = welsh_of(obj, field)
        if welsh.strip():
            return Bilingual(welsh, WELSH)
        return Bilingual(english_of(obj, field), ENGLISH, fallback=True)
    return Bilingual(english_of(obj, field), ENGLISH)


def columns(path: str) -> tuple[str, str]:
    """The English and Welsh lookups of a translated field reached through a relation,
    for ``values()`` on a model that is not itself registered (whose queries read the
    original column, the English): ``columns("channel__name")`` →
    ``("channel__name_en", "channel__name_cy")``."""
    return f"{path}_{ENGLISH}", f"{path}_{WELSH}"


def from_values(row: dict, path: str, language: str | None = None) -> Bilingual:
    """The text of ``path`` in a ``values()`` row holding both ``columns(path)``, in
    ``language`` (the active one by default), falling back to the English."""
    english, welsh = (row.get(c) for c in columns(path))
    return in_language(english, welsh, language)


def in_language(english: str | None, welsh: str | None,
                language: str | None = None) -> Bilingual:
    """Of a text's English and Welsh, the one of ``language`` (the active one by
    default), falling back to the English, saying which it is."""
    english, welsh = english or "", welsh or ""
    language = (language or translation.get_language() or ENGLISH)[:2]
    if language == WELSH:
        return Bilingual(welsh, WELSH) if welsh.strip() else Bilingual(english, ENGLISH, True)
    return Bilingual(english, ENGLISH)


def lang_of(value) -> str | None:
    """The language of a value from ``text_of`` where it differs from the page's."""
    lang = getattr(value, "lang", None)
    if lang is None:
        return None
    active = (translation.get_language() or ENGLISH)[:2]
    return lang if lang != active else None


# What lacks Welsh --------------------------------------------------------------------


class Missing(NamedTuple):
    what: str   # the field's name, e.g. "title"
    where: str  # the row, e.g. "Team: Project"


def _missing_in(obj, where: str | None = None, fields=None) -> list[Missing]:
    """What of ``obj`` lacks Welsh; ``where`` names the row (by default its kind and the
    English that lacks its Welsh, read from the row itself: no query)."""
    found = []
    for field in fields or translated_fields(obj):
        english = english_of(obj, field).strip()
        if english and not welsh_of(obj, field).strip():
            found.append(Missing(str(obj._meta.get_field(field).verbose_name),
                                 where or _label(obj, english)))
    return found


def missing_welsh(report) -> list[Missing]:
    """Every text of ``report`` (its cover, narrative, section texts and the names and
    texts its sections show) that has English but no Welsh, as (what, where) pairs.
    A fixed number of queries whatever is held: one per kind of row the parts name."""
    from ictreport.core import registry

    # Labels in the page's language: the list is read on the page it is shown on.
    found = _missing_in(report.organisation, _label(report.organisation))
    found += _missing_in(report, _label(report))
    for text in report.section_texts.all():
        found += _missing_in(text)
    for part in registry.file_parts():
        rows = getattr(part, "translated_rows", None)
        if rows is None:
            continue
        for obj in rows(organisation=report.organisation, year=report.year):
            found += _missing_in(obj)
    return found


def _label(obj, name: str | None = None) -> str:
    """"Team: Project": what kind of row, and which (``name``, by default the row)."""
    name = str(obj) if name is None else name
    return gettext("%(kind)s: %(name)s") % {"kind": capfirst(obj._meta.verbose_name),
                                            "name": Truncator(name).chars(80)}


def by_name(rows, field: str = "name") -> dict:
    """Rows by their name in either language (the English winning where a Welsh name
    equals another row's English): what a person types or a spreadsheet holds finds its
    row whichever language the page is in, where ``filter(name=…)`` would look in the
    active language's column only."""
    rows = list(rows)
    found = {welsh_of(row, field): row for row in rows if field in translated_fields(row)}
    found.pop("", None)
    found.pop(None, None)
    found |= {english_of(row, field): row for row in rows}
    return found
