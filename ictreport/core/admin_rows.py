"""Inlines of figure rows of which every expected one (each channel, team, budget line
…) is offered on a return's page and must be filled before it is saved."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext

from ictreport.core.admin_scoping import FigureRowsMixin, _inline_fk


class ExpectedRowsFormSet(BaseInlineFormSet):
    """Figure rows of which every expected one (each channel, team, budget line …)
    must be filled: a blank or removed one is refused, the message naming the row and
    the field. "None this quarter" is entered as 0, so a stored row always says what
    was entered and a missing one that nothing was.

    With ``all_or_none`` the rows are a group a return may leave out entirely (e.g.
    remediation progress where no health check was done), but once one is filled
    every one is expected. Set up by ``ExpectedRowsInline.get_formset``.
    """

    choice_field: str
    expected: list[str] = []
    row_labels: dict[str, str] = {}
    all_or_none = False

    def _choice(self, form) -> str:
        value = form[self.choice_field].value()
        if value in (None, "") and form.instance.pk is not None:
            value = getattr(form.instance, form.instance._meta.get_field(
                self.choice_field).attname)
        return "" if value is None else str(value)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        choice = form.fields.get(self.choice_field)
        if getattr(choice, "queryset", None) is not None:
            # Each form's select would run its own query: one list serves every row.
            if not hasattr(self, "_choice_list"):
                self._choice_list = list(choice.choices)
            choice.choices = self._choice_list
        label = self.row_labels.get(self._choice(form))
        if label:
            for name, field in form.fields.items():
                if name == self.choice_field:
                    continue
                field.row_label = label
                field.error_messages = {**field.error_messages, "required": _row_required(
                    label, field)}
        return form

    def _deleted(self, form) -> bool:
        return self.can_delete and self._should_delete_form(form)

    def clean(self):
        super().clean()
        kept = [form for form in self.forms if not self._deleted(form)]
        entered = [form for form in kept
                   if form in self.initial_forms or form.has_changed()]
        if self.all_or_none and not entered:
            return
        expected = set(self.expected)
        problems = []
        for form in self.forms:
            choice = self._choice(form)
            if choice not in expected:
                continue
            if self._deleted(form):
                problems.append(ValidationError(gettext(
                    "%(row)s: its figures cannot be removed; enter 0 where there were "
                    "none this quarter.") % {"row": self.row_labels[choice]}))
            elif form not in entered:
                for name, field in form.fields.items():
                    if field.required and name != self.choice_field and form[name].value() in (
                            None, ""):
                        form.add_error(name, _row_required(self.row_labels[choice], field))
        present = {self._choice(form) for form in self.forms}  # a removed one is told above
        for choice in self.expected:
            if choice not in present:
                problems.append(ValidationError(gettext(
                    "%(row)s has no row: add one and enter its figures (0 where there were "
                    "none this quarter).") % {"row": self.row_labels[choice]}))
        if problems:
            raise ValidationError(problems)


def _row_required(label, field) -> str:
    return gettext("%(row)s, %(field)s: enter a figure; enter 0 if there were none this "
                   "quarter.") % {"row": label, "field": field.label}


class ExpectedRowsInline(FigureRowsMixin, admin.TabularInline):
    """One row per expected choice of ``choice_field`` (a reference row or one of the
    field's choices): a return's page offers a row for each it does not hold yet, and
    ``ExpectedRowsFormSet`` refuses the page while any is left blank."""

    formset = ExpectedRowsFormSet
    choice_field: str
    all_or_none = False
    extra = 0

    def _choice_model_field(self):
        return self.model._meta.get_field(self.choice_field)

    def row_labels(self, request, obj) -> dict[str, str]:
        """Every choice's name, by its value as posted (one query, kept for the
        request: inline instances are made afresh for each)."""
        if not hasattr(self, "_labels"):
            field = self._choice_model_field()
            if field.is_relation:
                self._labels = {str(row.pk): str(row)
                                for row in self.choice_queryset(request, obj)}
            else:
                self._labels = {str(value): str(label) for value, label in field.choices}
        return self._labels

    def choice_queryset(self, request, obj):
        return self._choice_model_field().related_model._default_manager.all()

    def expected_choices(self, request, obj) -> list[str]:
        """The choices every return must hold a row for, in page order."""
        return list(self.row_labels(request, obj))

    def held_choices(self, obj) -> set[str]:
        if obj is None or obj.pk is None:
            return set()
        fk = self._choice_model_field().attname
        parent = _inline_fk(self.model, self.parent_model).name
        return {str(v) for v in self.model._default_manager.filter(
            **{parent: obj}).values_list(fk, flat=True)}

    def missing_choices(self, request, obj) -> list[str]:
        if not hasattr(self, "_missing"):
            held = self.held_choices(obj)
            self._missing = [c for c in self.expected_choices(request, obj) if c not in held]
        return self._missing

    def initial_rows(self, request, obj) -> list[dict]:
        """The offered rows' initial values: the same on the form and on its POST, so
        an untouched row counts as left blank."""
        field = self._choice_model_field()
        return [{self.choice_field: field.to_python(choice)}
                for choice in self.missing_choices(request, obj)]

    def get_extra(self, request, obj=None, **kwargs):
        return len(self.initial_rows(request, obj))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.choice_field = self.choice_field
        formset.all_or_none = self.all_or_none
        formset.row_labels = self.row_labels(request, obj)
        formset.expected = self.expected_choices(request, obj)
        return formset
