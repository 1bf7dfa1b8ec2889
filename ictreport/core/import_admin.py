"""The admin's spreadsheet import and export of one figure model
(``ictreport.core.imports``): upload, a preview shown line by line, then a confirm
step that applies the previewed file in one transaction, or nothing.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from ictreport.core.previews import ImportPreview
from ictreport.core.uploads import (
    UploadRefused,
    dataset_from_json,
    dataset_to_json,
    read_upload,
    too_large_message,
)


class ConfirmPreviewForm(forms.Form):
    """The confirm step's only field: the token of the preview shown."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class FigureImportExportAdmin(ImportExportMixin):
    """Import and export of one figure model, mixed into its admin (before the admin
    class, e.g. ``OrganisationScopedAdmin``, which limits the list and so the export).

    Figures are entered on their return's page or imported here; this list shows and
    exports them, so it offers no add or change form of its own.
    """

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    import_template_name = "admin/import_export/figures_import.html"
    # Every column, always: an exported file is a file the import reads back.
    export_form_class = ExportForm

    def has_add_permission(self, request):
        return False

    # The two import steps, each file read within limits (``ictreport.core.uploads``)
    # and the preview kept in the database under a token (``ictreport.core.previews``):
    # django-import-export's own steps would keep the upload in the temporary folder
    # and read back whatever file name the confirmation posts.

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        ImportPreview.objects.remove_expired()
        context = self.get_import_context_data()
        import_form = self.create_import_form(request)
        resource_kwargs = self.get_import_resource_kwargs(request, form=import_form, **kwargs)
        resources = [cls(**resource_kwargs)
                     for cls in self.get_import_resource_classes(request)]
        if request.method == "POST":
            valid = import_form.is_valid()
            if getattr(request, "upload_too_large", False):
                import_form.errors.pop("import_file", None)
                import_form.add_error("import_file",
                                      too_large_message(settings.IMPORT_MAX_UPLOAD_BYTES))
                valid = False
            if valid:
                result = self._dry_run(request, import_form, **kwargs)
                if result is not None:
                    context["result"], preview = result
                    if preview is not None:
                        context["confirm_form"] = ConfirmPreviewForm(
                            initial={"token": preview.token})
        return self._import_page(request, context, import_form, resources)

    def _dry_run(self, request, import_form, **kwargs):
        """The dry run's result and, if it passed, the preview kept for confirming it;
        None (with the reason on the form) if the file cannot be read."""
        input_format = self.get_import_formats()[int(import_form.cleaned_data["format"])]()
        file_format = input_format.get_title()
        import_file = import_form.cleaned_data["import_file"]
        try:
            dataset = read_upload(import_file, file_format)
        except UploadRefused as refused:
            import_form.add_error("import_file", refused.message)
            return None
        resource = self.choose_import_resource_class(import_form, request)(
            **self.get_import_resource_kwargs(request, form=import_form, **kwargs))
        result = resource.import_data(
            dataset, dry_run=True, raise_errors=False, file_name=import_file.name,
            user=request.user,
            **self.get_import_data_kwargs(request=request, form=import_form, **kwargs))
        if result.has_errors() or result.has_validation_errors():
            return result, None
        preview = ImportPreview.objects.create_for(
            user=request.user, model=self.model, file_name=import_file.name,
            file_format=file_format, rows=dataset_to_json(dataset))
        return result, preview

    def _import_page(self, request, context, import_form, resources, status=200):
        context.update(self.admin_site.each_context(request))
        context.update({
            "title": _("Import"),
            "form": import_form,
            "opts": self.model._meta,
            "media": self.media + import_form.media,
            "fields_list": [(resource.get_display_name(),
                             [f.column_name for f in resource.get_user_visible_fields()])
                            for resource in resources],
            "import_error_display": self.import_error_display,
            "import_limits": {"bytes": settings.IMPORT_MAX_UPLOAD_BYTES,
                              "rows": settings.IMPORT_MAX_ROWS},
        })
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context, status=status)

    def process_import(self, request, **kwargs):
        """The confirmation: only a token, which must name the posting user's own
        unexpired preview of this model's figures; anything else is a 400 that says to
        upload the file again."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = ConfirmPreviewForm(request.POST)
        preview = None
        if form.is_valid():
            preview = ImportPreview.objects.take(token=form.cleaned_data["token"],
                                                 user=request.user, model=self.model)
        if preview is None:
            resources = [cls(**self.get_import_resource_kwargs(request))
                         for cls in self.get_import_resource_classes(request)]
            import_form = self.get_import_form_class(request)(
                self.get_import_formats(), self.get_import_resource_classes(request))
            context = {"confirm_errors": [gettext(
                "This preview cannot be confirmed: it has expired, has been confirmed "
                "already, or is not yours. Nothing was imported; upload the file again."
            )]}
            return self._import_page(request, context, import_form, resources, status=400)
        result = self.process_dataset(dataset_from_json(preview.rows), form, request,
                                      file_name=preview.file_name, **kwargs)
        return self.process_result(result, request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        """Importing adds and changes figures, so it needs both permissions (the
        organisations a row may name are checked row by row)."""
        opts = self.opts
        return all(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("add", "change")
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}

    def get_import_data_kwargs(self, **kwargs):
        # The confirmed import is all or nothing: a row that has become wrong since the
        # preview (its period approved meanwhile, say) rolls back every row.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Import"),
                "opts": self.model._meta,
                "result": result,
                "nothing_imported": True,
                "import_error_display": self.import_error_display,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)
