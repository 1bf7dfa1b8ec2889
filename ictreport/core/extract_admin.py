"""The admin's "Import an extract" pages: upload → (mapping) → dry run → confirm.

The file's rows are held, between the steps, as an import preview
(``ictreport.core.previews``) under a random token tied to the user: first the rows as
read (for the mapping screen), then the dry run's figures (what the confirmation
writes, so the figures written are the figures shown). Every step asks again whether
the user may write that section's figures for that organisation; a preview that is not
theirs, or an organisation they may not see, does not exist (404).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ictreport.core import extract_import
from ictreport.core.access import can_see, visible_organisations
from ictreport.core.admin_view_only import ViewOnlyAdmin
from ictreport.core.extract_runs import ExtractRun
from ictreport.core.extracts import (
    canonical,
    compare,
    get_kind,
    kinds,
    missing_columns,
    read_raw,
    result_from_json,
    result_to_json,
)
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, parse_year_slug, year_slug
from ictreport.core.previews import TOKEN_BYTES, ImportPreview
from ictreport.core.uploads import too_large_message

PREVIEW_ROWS = 5
RAW, RESULT = "extract-rows", "extract-result"


def _preview_model(stage: str, kind_key: str) -> str:
    return f"{stage}:{kind_key}"[:100]


def _hold(*, user, stage: str, kind, file_name: str, file_format: str, data: dict):
    now = timezone.now()
    return ImportPreview.objects.create(
        token=secrets.token_urlsafe(TOKEN_BYTES), user=user,
        model=_preview_model(stage, kind.key), file_name=file_name[:255],
        file_format=file_format, rows=data, created_at=now,
        expires_at=now + timedelta(seconds=settings.IMPORT_PREVIEW_SECONDS))


def _held(request, token: str, stage: str, *, take=False):
    previews = ImportPreview.objects.filter(
        token=token, user=request.user, model__startswith=f"{stage}:",
        expires_at__gt=timezone.now())
    preview = previews.first()
    if preview is None:
        return None
    if take:
        deleted, _by_model = ImportPreview.objects.filter(pk=preview.pk).delete()
        if not deleted:
            return None
    return preview


def _importable(request, data: dict):
    """The held step's kind and organisation, asked again whether the user may import
    it: an organisation they may not see does not exist (404)."""
    kind = get_kind(data["kind"])
    organisation = get_object_or_404(visible_organisations(request.user),
                                     pk=data["organisation"])
    if not extract_import.may_import(request.user, kind, organisation):
        raise PermissionDenied
    return kind, organisation


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of extract"))
    organisation = forms.ModelChoiceField(label=_("organisation"),
                                          queryset=Organisation.objects.none())
    year = forms.ChoiceField(label=_("year"), help_text=_(
        "The financial year the extract covers; each row's quarter comes from its date."))
    file = forms.FileField(label=_("file"), help_text=_(
        "CSV (UTF-8 or Windows-1252, comma or semicolon separated) or an Excel workbook "
        "(.xlsx), its first row naming the columns."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = [(k.key, k.title) for k in kinds()]
        self.fields["organisation"].queryset = visible_organisations(user).order_by("name")
        this_year = timezone.localdate()
        start = this_year.year if this_year.month >= 4 else this_year.year - 1
        self.fields["year"].choices = [(year_slug(y), year_slug(y).replace("-", "/"))
                                       for y in range(start, start - 10, -1)]
        self.fields["file"].help_text = gettext(
            "%(formats)s At most %(limit)s.") % {
            "formats": self.fields["file"].help_text,
            "limit": _limit_text()}

    def clean(self):
        cleaned = super().clean()
        kind, organisation = cleaned.get("kind"), cleaned.get("organisation")
        if kind and organisation and not extract_import.may_import(
                self.user, get_kind(kind), organisation):
            self.add_error("organisation", gettext(
                "You may not enter %(section)s figures for %(organisation)s.") % {
                "section": get_kind(kind).title, "organisation": organisation})
        return cleaned


def _limit_text() -> str:
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)


class MappingForm(forms.Form):
    def __init__(self, *args, kind, headers, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", gettext("(not in the file)")), *((h, h) for h in headers if h)]
        for column in kind.columns:
            initial = initial_mapping.get(column.name, column.name)
            self.fields[column.name] = forms.ChoiceField(
                label=column.label, choices=choices, required=column.required,
                initial=initial if initial in headers else "",
                help_text=gettext("The extract's column “%(name)s”.") % {"name": column.name})

    def clean(self):
        cleaned = super().clean()
        used = {}
        for name, header in list(cleaned.items()):
            if header and header in used:
                self.add_error(name, gettext(
                    "The file's column “%(header)s” is already chosen for “%(other)s”.")
                    % {"header": header, "other": used[header]})
            used.setdefault(header, name)
        return cleaned


class ExtractRunAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    """Every extract imported, read-only; the "Import an extract" steps hang from it."""

    organisation_path = "organisation"
    list_display = ["at", "organisation", "year", "kind", "file_name", "rows", "rejected",
                    "quarters", "user"]
    # Only the organisations the runs listed belong to, never every organisation.
    list_filter = ["kind", ("organisation", admin.RelatedOnlyFieldListFilter), "year"]
    list_select_related = ["organisation", "year", "user"]
    readonly_fields = [f.name for f in ExtractRun._meta.fields]
    change_list_template = "admin/core/extractrun_change_list.html"

    # Who sees the runs: anyone who may read a kind's section figures, the runs of the
    # organisations they may see. Who may import: anyone who may add and change a kind's
    # returns (for which organisations, the upload form asks). Both from the user's
    # permissions, read once a request, so the admin's every page pays no query for them.

    def _may_import(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and any(
            all(user.has_perm(f"{m._meta.app_label}.{action}_{m._meta.model_name}")
                for m in extract_import.return_models(kind) for action in ("add", "change"))
            for kind in kinds())

    def _may_read(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and any(
            user.has_perm(f"{m._meta.app_label}.view_{m._meta.model_name}")
            for kind in kinds() for m in extract_import.return_models(kind))

    def has_module_permission(self, request):
        return self._may_read(request)

    def has_view_permission(self, request, obj=None):
        if obj is not None and not can_see(request.user, obj.organisation_id):
            return False
        return self._may_read(request)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {
            **(extra_context or {}), "may_import": self._may_import(request)})

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.upload_view), name="core_extractrun_import"),
            path("import/<str:token>/columns/", wrap(self.mapping_view),
                 name="core_extractrun_mapping"),
            path("import/<str:token>/check/", wrap(self.dry_run_view),
                 name="core_extractrun_dry_run"),
            *super().get_urls(),
        ]

    def _page(self, request, template, context, status=200):
        request.current_app = self.admin_site.name
        return TemplateResponse(request, template, {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "changelist_url": reverse("admin:core_extractrun_changelist"), **context,
        }, status=status)

    # Step 1: the upload -----------------------------------------------------------

    def upload_view(self, request):
        if not self._may_import(request):
            raise PermissionDenied
        ImportPreview.objects.remove_expired()
        posted = request.method == "POST"
        form = UploadForm(request.POST if posted else None, request.FILES if posted else None,
                          user=request.user)
        if request.method == "POST":
            valid = form.is_valid()
            if getattr(request, "upload_too_large", False):
                form.errors.pop("file", None)
                form.add_error("file", too_large_message(settings.IMPORT_MAX_UPLOAD_BYTES))
                valid = False
            if valid:
                response = self._read(request, form)
                if response is not None:
                    return response
        return self._page(request, "admin/core/extract_import.html", {
            "title": _("Import an extract"), "form": form,
            "kinds": kinds()}, status=400 if form.errors else 200)

    def _read(self, request, form):
        kind = get_kind(form.cleaned_data["kind"])
        organisation = form.cleaned_data["organisation"]
        upload = form.cleaned_data["file"]
        try:
            headers, frame = read_raw(upload)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            return None
        from ictreport.core.extracts import file_sha256

        with open_head(upload) as head:
            file_format = "xlsx" if head == b"PK\x03\x04" else "csv"
        preview = _hold(user=request.user, stage=RAW, kind=kind, file_name=upload.name,
                        file_format=file_format, data={
                            "kind": kind.key, "organisation": organisation.pk,
                            "year": parse_year_slug(form.cleaned_data["year"]),
                            "sha256": file_sha256(upload), "headers": headers,
                            "rows": frame.to_numpy().tolist()})
        mapping = extract_import.saved_mapping(organisation, kind)
        if missing_columns(headers, columns=kind.columns, mapping=mapping):
            return HttpResponseRedirect(reverse("admin:core_extractrun_mapping",
                                                args=[preview.token]))
        return self._compute(request, preview, mapping)

    # Step 2: the mapping screen, when the file's headers are not the extract's -----

    def _raw(self, request, token):
        preview = _held(request, token, RAW)
        if preview is None:
            raise Http404(gettext("There is no such upload; it may have expired. Upload "
                                  "the file again."))
        data = preview.rows
        kind, organisation = _importable(request, data)
        return preview, data, kind, organisation

    def mapping_view(self, request, token):
        preview, data, kind, organisation = self._raw(request, token)
        headers = data["headers"]
        form = MappingForm(request.POST if request.method == "POST" else None, kind=kind,
                           headers=headers,
                           initial_mapping=extract_import.saved_mapping(organisation, kind))
        if request.method == "POST" and form.is_valid():
            mapping = {name: header for name, header in form.cleaned_data.items() if header}
            extract_import.save_mapping(organisation, kind, mapping)
            return self._compute(request, preview, mapping)
        return self._page(request, "admin/core/extract_mapping.html", {
            "title": _("Which columns hold what"), "form": form, "kind": kind,
            "organisation": organisation, "file_name": preview.file_name,
            "headers": headers, "sample": data["rows"][:PREVIEW_ROWS]},
            status=400 if form.errors else 200)

    def _compute(self, request, preview, mapping):
        import pandas as pd

        data = preview.rows
        kind = get_kind(data["kind"])
        organisation = get_object_or_404(visible_organisations(request.user),
                                         pk=data["organisation"])
        year, _created = FinancialYear.objects.get_or_create(start_year=data["year"])
        frame = pd.DataFrame(data["rows"], columns=data["headers"], dtype="string")
        frame.index = range(2, len(frame) + 2)
        try:
            frame = canonical(frame, data["headers"], columns=kind.columns, mapping=mapping)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("admin:core_extractrun_mapping",
                                                args=[preview.token]))
        result = kind.compute(frame, organisation=organisation, year=year)
        held = _hold(user=request.user, stage=RESULT, kind=kind, file_name=preview.file_name,
                     file_format=preview.file_format, data={
                         "kind": kind.key, "organisation": organisation.pk,
                         "year": year.start_year, "sha256": data["sha256"],
                         "result": result_to_json(result)})
        preview.delete()
        return HttpResponseRedirect(reverse("admin:core_extractrun_dry_run",
                                            args=[held.token]))

    # Step 3: the dry run, and its confirmation ---------------------------------------

    def dry_run_view(self, request, token):
        preview = _held(request, token, RESULT, take=request.method == "POST")
        if preview is None:
            if request.method == "POST":
                messages.error(request, gettext(
                    "This dry run cannot be confirmed: it has expired, has been confirmed "
                    "already, or is not yours. Nothing was imported; upload the file again."))
                return HttpResponseRedirect(reverse("admin:core_extractrun_import"))
            raise Http404(gettext("There is no such dry run; it may have expired. Upload "
                                  "the file again."))
        data = preview.rows
        kind, organisation = _importable(request, data)
        year = get_object_or_404(FinancialYear, pk=data["year"])
        result = result_from_json(data["result"])
        if request.method == "POST":
            try:
                run = extract_import.confirm(
                    kind, result, organisation=organisation, year=year, user=request.user,
                    sha256=data["sha256"], file_name=preview.file_name)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                messages.error(request, gettext("Nothing was imported."))
                return HttpResponseRedirect(reverse("admin:core_extractrun_import"))
            messages.success(request, gettext(
                "Imported %(kind)s for %(organisation)s %(year)s: %(quarters)s.") % {
                "kind": kind.title, "organisation": organisation, "year": year.label,
                "quarters": ", ".join(str(Quarter(q).label) for q in run.quarters)})
            return HttpResponseRedirect(reverse("admin:core_extractrun_changelist"))
        held = kind.held(organisation=organisation, year=year)
        comparison = compare(kind, result.quarters, held)
        return self._page(request, "admin/core/extract_dry_run.html", {
            "title": _("Check the extract’s figures"), "kind": kind,
            "organisation": organisation, "year": year, "file_name": preview.file_name,
            "sha256": data["sha256"], "result": result,
            "quarters": [(f"{Quarter(q).label} {year.label}", lines)
                         for q, lines in comparison.items()],
            "refusals": extract_import.refusals(kind, organisation=organisation, year=year,
                                                quarters=result.quarters),
            "token": preview.token})


class open_head:
    """``with open_head(upload) as head:`` the first four bytes, the upload rewound."""

    def __init__(self, upload):
        self.upload = upload

    def __enter__(self):
        self.upload.seek(0)
        head = self.upload.read(4)
        self.upload.seek(0)
        return head

    def __exit__(self, *exc):
        return False


admin.site.register(ExtractRun, ExtractRunAdmin)
