"""What every admin page of organisation data is limited to, and what it refuses.

Lists, forms, history and choices are limited to the organisations the user may see
(``ictreport.core.access``); another organisation's rows do not exist for them. A change
the year locks refuse is a form error, not a 500; an approved return (or report) opens
read-only. Every number is typed as plain decimal notation.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ictreport.core import workflow, year_locks
from ictreport.core.access import can_change_model, visible_organisations
from ictreport.core.models import Organisation
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
        return named_cells(lock_checked(super().get_changelist_form(request, **kwargs)))


def named_cells(form_class):
    """``form_class`` (a list-editable row's form) with each box named by its column and
    its row, e.g. "Position — Telephone": the list shows the column in its header only."""
    from ictreport.core.templatetags.admin_labels import cell_name

    class NamedCells(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is None:
                return
            for field in self.fields.values():
                if not field.widget.is_hidden:
                    field.widget.attrs["aria-label"] = cell_name(field.label, self.instance)

    NamedCells.__name__ = form_class.__name__
    return NamedCells


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
