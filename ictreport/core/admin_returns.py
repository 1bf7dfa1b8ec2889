"""Sign-off steps as buttons on a change form (each confirmed on a page of its own and
done by POST), the quarterly return's admin (its figures as inlines, its history, a
stale save refused), and "view on site" for what the user may see only."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ictreport.core import workflow
from ictreport.core.access import can_approve, can_change_model
from ictreport.core.admin_rows import ExpectedRowsInline
from ictreport.core.admin_scoping import OrganisationScopedAdmin, _inline_fk
from ictreport.core.models import ExtractRun, ReturnStatus, SignOff


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
