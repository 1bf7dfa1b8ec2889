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
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ictreport.core import workflow, year_locks
from ictreport.core.access import can_approve, can_change_model, visible_organisations
from ictreport.core.models import Organisation, ReturnStatus, SignOff
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


class OrganisationScopedAdmin(ScopedChoicesMixin, LockCheckedAdmin, SimpleHistoryAdmin):
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


class ReturnAdmin(SignOffAdmin):
    """One page per quarterly (or full-year) return, its figures as inlines."""

    object_history_template = "admin/core/return_object_history.html"

    list_display = ["organisation", "year", "quarter", "status", "updated_at"]
    list_filter = ["organisation", "year", "quarter", "status"]
    list_select_related = ["organisation", "year"]
    readonly_fields = ["status"]
    fieldsets = [(_("Period"), {"fields": ["organisation", "year", "quarter", "status"]})]

    def history_view(self, request, object_id, extra_context=None):
        """The return's history and, below it, that of every figure entered on its page."""
        obj = self._visible_or_404(request, object_id)
        extra_context = {**(extra_context or {}),
                         "figure_history": self.figure_history(request, obj)}
        return super().history_view(request, object_id, extra_context)

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
