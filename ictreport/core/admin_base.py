"""Admin classes the section apps build their data-entry pages on.

The admin is the data-entry screen, so what a user may see and change is decided here,
once, for every section: lists, forms, history and choices are limited to the
organisations the user may see (``ictreport.core.access``); another organisation's rows
do not exist for them. An approved return (or report) opens read-only, saying who
approved it and when, and carries its sign-off steps as buttons, each confirmed on a
page of its own and done by POST.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ictreport.core import workflow, year_locks
from ictreport.core.access import can_approve, can_change_model, visible_organisations
from ictreport.core.models import ExtractRun, Organisation, ReturnStatus, SignOff
from ictreport.core.numbers import plain_number_formfield
from ictreport.core.roles import organisation_path


def scoped_choices(model_admin, db_field, request, kwargs) -> dict:
    """A foreign key's choices limited to the organisations ``request.user`` sees:
    another organisation's returns, budget lines or reports are never offered (nor
    named) in a form, whether a change form, an inline row or a history page."""
    related = db_field.remote_field.model
    if related is Organisation:
        return {**kwargs, "queryset": visible_organisations(request.user)}
    path = organisation_path(related)
    if path is None:
        return kwargs  # reference data shared by every organisation
    queryset = kwargs.get("queryset")
    if queryset is None:
        queryset = model_admin.get_field_queryset(kwargs.get("using"), db_field, request)
    if queryset is None:
        queryset = related._default_manager.all()
    return {**kwargs, "queryset": queryset.filter(
        **{f"{path}__in": visible_organisations(request.user)})}


class ScopedChoicesMixin:
    """Mixed into every admin and inline: foreign keys offer visible rows only."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **scoped_choices(self, db_field, request, kwargs))


def lock_checked(form_class):
    """``form_class`` refusing, as a form error, a change the year locks refuse
    (``ictreport.core.year_locks``): a locked reference row, a year's project, a priority
    a report names; without it the refusal would come from the save, as a 500."""

    class LockChecked(form_class):
        def _post_clean(self):
            super()._post_clean()
            try:
                year_locks.check(self.instance)
            except workflow.Locked as exc:
                self.add_error(None, exc)

    LockChecked.__name__ = form_class.__name__
    return LockChecked


class LockCheckedAdmin:
    """Change forms, list-editable rows and history (revert) forms checked against the
    year locks before saving."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return lock_checked(super().get_form(request, obj, change, **kwargs))

    def get_changelist_form(self, request, **kwargs):
        return lock_checked(super().get_changelist_form(request, **kwargs))


class ReferenceAdmin(LockCheckedAdmin, SimpleHistoryAdmin):
    """An admin for reference data shared by every organisation (channels, tiers, teams,
    opinions): a new name may always be added; one approved figures show is locked."""


class EntryFieldsMixin:
    """Every number typed as plain decimal notation (``ictreport.core.numbers``), in a
    text box the browser cannot silently empty; every field that may be left empty
    says so in its help text."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = plain_number_formfield(
            db_field, **{k: v for k, v in kwargs.items() if k != "widget"})
        if field is None:
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (field is not None and not field.required and not field.widget.is_hidden
                and not isinstance(field, forms.BooleanField)):
            field.help_text = (gettext("Optional. %(help)s") % {"help": field.help_text}
                               if field.help_text else gettext("Optional."))
        return field


class FigureRowsMixin(EntryFieldsMixin):
    """An inline of figure rows: what a row is for (a channel, a team, a line) is
    chosen, never added, changed or deleted from beside the figure."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.is_relation and field is not None:
            for action in ("add", "change", "delete", "view"):
                setattr(field.widget, f"can_{action}_related", False)
        return field


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


class _ReadOnlyInline:
    """Mixed into an inline on a page its user may not change (locked, or not theirs)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _owned_relation(model, lookup: str) -> bool:
    """Whether a list filter's ``lookup`` ends at an organisation or at rows of one."""
    try:
        field = get_fields_from_path(model, lookup)[-1]
    except (FieldDoesNotExist, NotRelationField):
        return False
    related = getattr(field, "related_model", None)
    return related is not None and (related is Organisation
                                    or organisation_path(related) is not None)


def _organisation_id(obj, path: str):
    for name in path.split("__")[:-1]:
        obj = getattr(obj, name)
        if obj is None:
            return None
    return getattr(obj, f"{path.split('__')[-1]}_id")


class OrganisationScopedAdmin(EntryFieldsMixin, ScopedChoicesMixin, LockCheckedAdmin,
                              SimpleHistoryAdmin):
    """An admin for rows that belong to one organisation, with their change history.

    ``organisation_path`` is the lookup from the model to its organisation, e.g.
    ``"organisation"`` or ``"review__organisation"``; by default it is found from the
    model's foreign keys.
    """

    organisation_path: str | None = None

    def _path(self) -> str:
        return self.organisation_path or organisation_path(self.model)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            **{f"{self._path()}__in": visible_organisations(request.user)}
        )

    def get_list_filter(self, request):
        # The stock filter would list every organisation (or every organisation's budget
        # lines, returns …), the user's or not; this one lists those the rows use.
        return [(name, admin.RelatedOnlyFieldListFilter)
                if isinstance(name, str) and _owned_relation(self.model, name) else name
                for name in super().get_list_filter(request)]

    def lock(self, obj):
        """The approved return or report that makes ``obj`` read-only, if any."""
        if obj is None or obj.pk is None:
            return None
        if not hasattr(obj, "_admin_lock"):
            obj._admin_lock = workflow.lock_of(obj) or year_locks.lock_of(obj)
        return obj._admin_lock

    def _may_write(self, request, obj) -> bool:
        if obj is None:
            return True
        return (can_change_model(request.user, self.model, _organisation_id(obj, self._path()))
                and self.lock(obj) is None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (super().has_delete_permission(request, obj) and self._may_write(request, obj)
                and (obj is None or year_locks.deletable(obj)))

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is None or self._may_write(request, obj):
            return [type(f"Scoped{inline.__name__}", (ScopedChoicesMixin, inline), {})
                    for inline in inlines]
        return [type(f"ReadOnly{inline.__name__}", (_ReadOnlyInline, ScopedChoicesMixin, inline),
                     {}) for inline in inlines]

    def _visible_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No such record."))
        return obj

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            owner = self.lock(obj)
            if owner is not None:
                if request.method == "POST":
                    messages.error(request, workflow.locked_message(owner))
                    return HttpResponseRedirect(request.get_full_path())
                messages.warning(request, workflow.locked_message(owner))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # simple_history falls back to the history of rows the list cannot see.
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._visible_or_404(request, object_id)
        if request.method == "POST" and not self.has_change_permission(request, obj):
            owner = self.lock(obj)
            if owner is None:
                raise PermissionDenied
            messages.error(request, workflow.locked_message(owner))
            return HttpResponseRedirect(request.get_full_path())
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or not self._may_write(request, obj)


def _inline_fk(model, parent):
    from django.forms.models import _get_foreign_key

    return _get_foreign_key(parent, model)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the sign-off steps and in the history of every figure "
                    "changed before it is approved again."),
    )


class SignOffAdmin(OrganisationScopedAdmin):
    """Sign-off buttons on the change form; ``steps`` maps a step's URL name to
    (label, service, needs a reason, whether ``request.user`` may take it from ``obj``)."""

    change_form_template = "admin/core/sign_off_change_form.html"

    def steps(self, request, obj) -> dict:
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        # The status moves by the sign-off steps only, whatever a subclass lists.
        fields = list(super().get_readonly_fields(request, obj))
        return fields if "status" in fields else [*fields, "status"]

    def get_urls(self):
        opts = self.model._meta
        return [
            path("<path:object_id>/sign-off/<slug:step>/",
                 self.admin_site.admin_view(self.sign_off_view),
                 name=f"{opts.app_label}_{opts.model_name}_sign_off"),
            *super().get_urls(),
        ]

    def available_steps(self, request, obj) -> list[tuple[str, str]]:
        return [(name, label) for name, (label, _service, _reason, allowed)
                in self.steps(request, obj).items() if allowed]

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if obj is not None and obj.pk is not None:
            opts = self.model._meta
            context["sign_off_steps"] = [
                (label, reverse(f"admin:{opts.app_label}_{opts.model_name}_sign_off",
                                args=[obj.pk, name]))
                for name, label in self.available_steps(request, obj)]
            context["sign_off_trail"] = SignOff.objects.filter(
                content_type__app_label=opts.app_label, content_type__model=opts.model_name,
                object_id=obj.pk).select_related("user")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def sign_off_view(self, request, object_id, step):
        obj = self._visible_or_404(request, object_id)
        steps = self.steps(request, obj)
        if step not in steps:
            raise Http404(_("No such step."))
        label, service, needs_reason, allowed = steps[step]
        change_url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change",
                             args=[obj.pk])
        if not allowed:
            messages.error(request, _("You cannot take this step now."))
            return HttpResponseRedirect(change_url)
        form = ReasonForm(request.POST or None) if needs_reason else None
        if request.method == "POST" and (form is None or form.is_valid()):
            kwargs = {"reason": form.cleaned_data["reason"]} if form is not None else {}
            try:
                service(obj, user=request.user, **kwargs)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("%(what)s: %(step)s.") % {"what": obj, "step": label})
            return HttpResponseRedirect(change_url)
        ctx = {
            **self.admin_site.each_context(request),
            "opts": obj._meta, "object": obj, "title": label, "step_label": label,
            "form": form, "change_url": change_url,
            "problems": obj.submission_problems() if step == "submit" else [],
        }
        return TemplateResponse(request, "admin/core/sign_off_confirm.html", ctx)


def last_change(obj) -> tuple[str, object]:
    """Who last changed a return or one of its figure rows, and when, from their
    histories (one query per table)."""
    records = [obj.history.select_related("history_user").first()]
    for rel in obj._meta.related_objects:
        history = getattr(rel.related_model, "history", None)
        if rel.one_to_many and history is not None:
            records.append(history.filter(**{rel.field.attname: obj.pk})
                           .select_related("history_user").order_by("-history_date").first())
    latest = max((r for r in records if r is not None), key=lambda r: r.history_date,
                 default=None)
    if latest is None:
        return gettext("someone"), None
    user = latest.history_user
    who = (user.get_full_name() or user.get_username()) if user else gettext("someone")
    return who, latest.history_date


def stale_message(obj) -> str:
    who, when = last_change(obj)
    if when is None:
        return gettext("This return was changed since you opened it, so nothing was "
                       "saved. Open it again to see the change, then make yours.")
    return gettext(
        "This return was changed by %(who)s at %(when)s since you opened it, so nothing "
        "was saved. Open it again to see the change, then make yours."
    ) % {"who": who, "when": date_format(localtime(when), "DATETIME_FORMAT")}


class StaleReturn(Exception):
    """Another save of the return won the race between this form's check and its
    write; raised inside the admin's transaction so that nothing is written."""


class ReturnForm(forms.ModelForm):
    """A return's form carries the version it was opened at (a hidden field); a save
    from an older version than the stored one is refused, saying who changed it and
    when, so two people editing one return never overwrite each other unseen."""

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("version")
        if "version" not in self.fields:
            return cleaned
        if self.instance.pk is None:
            cleaned["version"] = 0
        else:
            current = type(self.instance)._default_manager.filter(
                pk=self.instance.pk).values_list("version", flat=True).first()
            if opened != current:
                raise ValidationError(stale_message(self.instance), code="stale")
        return cleaned


class ReturnAdmin(SignOffAdmin):
    """One page per quarterly (or full-year) return, its figures as inlines.

    A draft return can be deleted, with its figures, by whoever may change it; a
    submitted or approved one cannot (reopen it first, or ask for it to be sent back).
    """

    object_history_template = "admin/core/return_object_history.html"
    form = ReturnForm

    list_display = ["organisation", "year", "quarter", "status", "updated_at"]
    list_filter = ["organisation", "year", "quarter", "status"]
    list_select_related = ["organisation", "year"]
    readonly_fields = ["status"]
    fieldsets = [(_("Period"), {"fields": ["organisation", "year", "quarter", "status",
                                          "version"]})]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version":
            return forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # A read-only page has nothing to save, so no version to carry.
        return [(name, {**options, "fields": [f for f in options["fields"] if f != "version"]})
                for name, options in fieldsets]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ExpectedRowsInline):
            initial = inline.initial_rows(request, obj)
            if initial:
                kwargs["initial"] = initial
        return kwargs

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.status == ReturnStatus.DRAFT)

    def get_deleted_objects(self, objs, request):
        """As Django's, but a return's own figure rows go with it wherever their model
        permission allows: their lists offer no delete (rows are entered, and removed,
        on the return's page), which Django would read as a refusal."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        own = {str(rel.related_model._meta.verbose_name)
               for rel in self.model._meta.related_objects
               if rel.one_to_many and request.user.has_perm(
                   f"{rel.related_model._meta.app_label}.delete_"
                   f"{rel.related_model._meta.model_name}")}
        return deleted, counts, {name for name in perms_needed if str(name) not in own}, protected

    def get_actions(self, request):
        # Deleting from the list would pass over the draft-only rule; a return is
        # deleted from its own page, where that rule is checked.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        opened = form.cleaned_data.get("version")
        if change and opened is not None:
            # The check in the form and the write are apart: claim the version in one
            # UPDATE … WHERE version = opened, so of two saves racing only one writes.
            claimed = type(obj)._default_manager.filter(pk=obj.pk, version=opened).update(
                version=F("version") + 1)
            if not claimed:
                raise StaleReturn(stale_message(obj))
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleReturn as exc:  # the admin's transaction is rolled back by now
            messages.error(request, str(exc))
            return HttpResponseRedirect(request.get_full_path())

    def history_view(self, request, object_id, extra_context=None):
        """The return's history and, below it, that of every figure entered on its page."""
        obj = self._visible_or_404(request, object_id)
        extra_context = {**(extra_context or {}),
                         "figure_history": self.figure_history(request, obj),
                         "extract_runs": ExtractRun.for_return(obj)}
        return super().history_view(request, object_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if obj is not None and obj.pk is not None:
            context["extract_runs"] = ExtractRun.for_return(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def figure_history(self, request, obj) -> list:
        records = []
        for inline in self.get_inlines(request, obj):
            model = inline.model
            history = getattr(model, "history", None)
            if history is None:
                continue
            fk = _inline_fk(model, self.model)
            related = [f.name for f in history.model._meta.concrete_fields
                       if f.many_to_one and f.name != fk.name]
            records += history.filter(**{fk.attname: obj.pk}).select_related(
                "history_user", *related)
        return sorted(records, key=lambda r: r.history_date, reverse=True)

    def steps(self, request, obj):
        user, status = request.user, obj.status
        approver = can_approve(user, obj.organisation_id)
        return {
            "submit": (_("Submit for approval"),
                       lambda o, user: workflow.return_submit(quarterly_return=o, user=user),
                       False,
                       status == ReturnStatus.DRAFT
                       and can_change_model(user, type(obj), obj.organisation_id)),
            "approve": (_("Approve"),
                        lambda o, user: workflow.return_approve(quarterly_return=o, user=user),
                        False,
                        status == ReturnStatus.SUBMITTED and approver),
            "reopen": (_("Reopen"),
                       lambda o, user, reason: workflow.return_reopen(
                           quarterly_return=o, user=user, reason=reason),
                       True,
                       status == ReturnStatus.APPROVED and approver),
        }


def view_on_site(request, content_type_id, object_id):
    """``/admin/r/<content type>/<id>/`` ("view on site"), for what ``request.user`` may
    see only. Django's own answers a redirect for any row that exists, whoever asks, so
    a staff user could find out which organisations have which reports; here anything
    the user may not see gives the same 404 as what does not exist."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut

    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type is not None else None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        raise Http404
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
