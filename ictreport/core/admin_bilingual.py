"""English and Welsh side by side in the admin's forms and inlines.

``BilingualAdmin`` / ``BilingualInline`` are mixed in first into the admin classes of
models with text held in both languages (``ictreport.core.bilingual``): each such field
becomes two boxes, one after the other, labelled "Title (English)" and "Title (Cymraeg)"
— a label of its own for each, never a bare language code — the Welsh box marked
``lang="cy"`` for assistive technology. The English is required where the field was;
the Welsh is optional. No script and nothing from elsewhere: django-modeltranslation's
tabbed variant loads jQuery UI, which is not needed to show two boxes.
"""

from django.utils.translation import gettext
from modeltranslation.admin import TranslationAdmin, TranslationInlineModelAdmin

from ictreport.core.bilingual import ENGLISH, WELSH, translated_fields


def _language_label(field, language: str) -> str:
    name = str(field.translated_field.verbose_name)
    name = name[:1].upper() + name[1:]
    if language == WELSH:
        return gettext("%(field)s (Cymraeg)") % {"field": name}
    return gettext("%(field)s (English)") % {"field": name}


class _BilingualFields:
    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if field is None or language not in (ENGLISH, WELSH):
            return
        field.label = _language_label(db_field, language)
        if field.required:  # the English of a required field: not "Optional." after all
            field.help_text = db_field.translated_field.help_text
        self._get_widget_from_field(field).attrs["lang"] = language


def _english_posted_as_before(request, models) -> None:
    """A form posting a translated field under its own name (``name``, or an inline's
    ``teams-0-name``), as forms did before the Welsh came, gives its English."""
    fields = {field for model in models for field in translated_fields(model)}
    data = request.POST
    renamed = {}
    for key in data:
        name = key.rsplit("-", 1)[-1]
        english = f"{key}_{ENGLISH}"
        if name in fields and english not in data:
            renamed[english] = data.getlist(key)
    if renamed:
        data = data.copy()
        for key, values in renamed.items():
            data.setlist(key, values)
        request.POST = data


class PostedEnglishMixin:
    """Mixed into a model admin whose form or inlines have translated fields: a field
    posted under its own name is taken as its English (``_english_posted_as_before``)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            _english_posted_as_before(request, [self.model, *(
                inline.model for inline in self.inlines)])
        return super().changeform_view(request, object_id, form_url, extra_context)


class BilingualAdmin(PostedEnglishMixin, _BilingualFields, TranslationAdmin):
    """A model admin whose translated fields show in English and Welsh."""


class BilingualInline(_BilingualFields, TranslationInlineModelAdmin):
    """An inline (tabular or stacked, mixed in before it) whose translated fields show
    in English and Welsh."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class NamedUniqueChecks(formset):
            def get_unique_error_message(self, unique_check):
                # A name unique in English is checked on its English column: the
                # message names the field, not its column ("title", not "title_en").
                suffix = f"_{ENGLISH}"
                return super().get_unique_error_message([
                    field[:-len(suffix)] if field.endswith(suffix) else field
                    for field in unique_check])

        NamedUniqueChecks.__name__ = formset.__name__
        return NamedUniqueChecks
