"""Spreadsheet import and export of a section's quarterly figures in the admin.

One row is one figure of one return, named only by natural keys: the organisation's
short name, the year (``2019-20``), the period (``full-year`` or ``Q1`` … ``Q4``) and
what the figure is for (a channel, a team, a budget line, a severity …), then its
values. No database id is read or written, so a spreadsheet cannot address a row the
user may not see.

An import is checked whole first (django-import-export's dry run, shown line by line:
new, update, unchanged or wrong, each wrong cell named by row and column) and then
applied in one transaction, or not at all: a row that is wrong when confirmed rolls
every row back. A row may not touch an organisation the user may not enter figures for,
nor an approved (locked) return. A return is created, as a draft, for a period that has
none; the full-year-or-quarters rule is the database's, and its refusal is a row error.

Each section declares a ``FigureResource`` subclass in its ``resources.py`` and an admin
on ``FigureImportExportAdmin`` for the figure model.
"""

import math
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ImportExportMixin
from import_export.fields import Field
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm
from import_export.widgets import Widget

from ictreport.core.access import visible_organisations
from ictreport.core.export import neutralise_dataset, unquote_cell
from ictreport.core.models import FinancialYear, Organisation, ReturnStatus
from ictreport.core.numbers import parse_plain_decimal
from ictreport.core.periods import Quarter, parse_year_slug, year_slug
from ictreport.core.previews import ImportPreview
from ictreport.core.uploads import (
    UploadRefused,
    dataset_from_json,
    dataset_to_json,
    read_upload,
    too_large_message,
)

ORGANISATION, YEAR, PERIOD = "organisation", "year", "period"
FIRST_YEAR, LAST_YEAR = 2000, 2099


def importable_organisations(*, user, section_key: str):
    """The organisations whose ``section_key`` figures ``user`` may import.

    The one place the import asks who may write: while the per-section editor role is
    not yet in ``ictreport.core.access``, anyone who may see an organisation may import
    its figures (the admin already demands the model's add and change permissions).
    """
    return visible_organisations(user)


def is_locked(figure_return) -> bool:
    """An approved return's figures are signed off: no import may change them."""
    return figure_return.status == ReturnStatus.APPROVED


# Widgets: one clear message per kind of bad cell, never a parser's own words.


class CountWidget(Widget):
    """A whole number of things, 0 or more; XLSX numbers arrive as int or float."""

    def __init__(self, *, required=True):
        super().__init__(coerce_to_string=False)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            if self.required:
                raise ValueError(gettext("Enter a whole number of 0 or more."))
            return None
        try:
            number = _decimal(value)
        except ValueError:
            number = None
        if number is None or number != number.to_integral_value() or number < 0:
            raise ValueError(gettext(
                "Enter a whole number of 0 or more in plain digits, such as 1234 or 1,234, "
                "not “%(value)s”."
            ) % {"value": value})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class DecimalWidget(Widget):
    """An amount of money or a percentage; the model's field checks its range and places."""

    def __init__(self, *, required=True):
        super().__init__(coerce_to_string=False)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            if self.required:
                raise ValueError(gettext("Enter a number."))
            return None
        return _decimal(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class TextWidget(Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        # An exported cell that began like a formula was written with a leading quote
        # (``ictreport.core.export.safe_cell``); reading it back takes the quote off.
        return "" if value is None else unquote_cell(str(value).strip())

    def render(self, value, obj=None, **kwargs):
        return value or ""


def _cell_text(row, column: str) -> str:
    """A naming cell's text, as exported (``safe_cell``'s quote taken off)."""
    return unquote_cell(str(row.get(column) or "").strip())


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(value) -> Decimal:
    """The cell as a Decimal, or ValueError saying what to write.

    Text must be plain decimal notation (``ictreport.core.numbers``): ``1,5`` is refused,
    never read as 15. An XLSX numeric cell arrives as int or float; a float goes through
    ``repr`` so 0.1 stays 0.1. Dates, true/false and non-finite numbers are not numbers.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float | Decimal) and math.isfinite(value):
        return Decimal(repr(value)) if isinstance(value, float) else value
    if isinstance(value, str):
        return parse_plain_decimal(value)
    raise ValueError(gettext(
        "Write a number in plain decimal notation, such as 1234.5 or 1,234.5, not "
        "“%(value)s”."
    ) % {"value": value})


def count_column(attribute: str, *, required=True) -> Field:
    return Field(attribute=attribute, column_name=attribute,
                 widget=CountWidget(required=required))


def decimal_column(attribute: str, *, required=True) -> Field:
    return Field(attribute=attribute, column_name=attribute,
                 widget=DecimalWidget(required=required))


def text_column(attribute: str) -> Field:
    return Field(attribute=attribute, column_name=attribute, widget=TextWidget())


def figure_key(column_name: str, attribute: str) -> Field:
    """The column naming what a figure is for; ``FigureResource`` resolves it itself."""
    return Field(attribute=attribute, column_name=column_name, readonly=True)


def period_columns(return_field: str) -> tuple[Field, Field, Field]:
    """The organisation, year and period columns, read from the figure's return.

    They are read-only as fields: an import resolves them itself, row by row, with
    the user's scope and the return's lock (``FigureResource.before_import_row``).
    """
    return (
        Field(attribute=f"{return_field}__organisation__slug", column_name=ORGANISATION,
              readonly=True),
        Field(attribute=f"{return_field}__year__slug", column_name=YEAR, readonly=True),
        Field(attribute=f"{return_field}__period__code", column_name=PERIOD, readonly=True),
    )


class FigureResource(resources.ModelResource):
    """A figure model's rows as spreadsheet lines; see the module's docstring.

    Subclasses set ``section_key`` (the registry's key, for who may import),
    ``return_field`` (the figure's ForeignKey to its return), ``key_field`` and
    ``key_column`` (what the figure is for, and its column); declare the period columns
    with ``period_columns``, the key column with ``figure_key`` and a column per value;
    and implement ``key_choices``.
    """

    section_key: str
    return_field: str
    key_field: str
    key_column: str

    class Meta:
        use_transactions = True
        clean_model_instances = True
        # Importing the same file again changes nothing and writes no history.
        skip_unchanged = True
        report_skipped = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._organisations: dict[str, Organisation] | None = None
        self._returns: dict[tuple[int, int, int], object] = {}
        self._key_choices: dict[int, dict[str, object]] = {}
        self._seen: dict[tuple, int] = {}
        self._years: dict[int, FinancialYear] = {}

    # What a figure can be for.

    def key_choices(self, organisation: Organisation) -> dict[str, object]:
        """What the key column may say for ``organisation``'s figures, and what each
        names: a model instance, or the stored value of a choice. Asked once per
        organisation in an import."""
        raise NotImplementedError

    @property
    def return_model(self):
        return self._meta.model._meta.get_field(self.return_field).related_model

    def _key_label(self) -> str:
        return str(self._meta.model._meta.get_field(self.key_field).verbose_name)

    # Export.

    def filter_export(self, queryset, **kwargs):
        """Only what the user may see, joined so that no row costs a query."""
        related = [f"{self.return_field}__organisation", f"{self.return_field}__year"]
        if self._meta.model._meta.get_field(self.key_field).is_relation:
            related.append(self.key_field)
        return queryset.filter(**{
            f"{self.return_field}__organisation__in": visible_organisations(self.user),
        }).select_related(*related)

    def export(self, queryset=None, **kwargs):
        """The rows, every cell safe to open in a spreadsheet (no live formulas)."""
        return neutralise_dataset(super().export(queryset, **kwargs))

    # Import: the file as a whole.

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions,
                          collect_failed_rows, **kwargs):
        """A file without every column is refused whole, in words, before any row is
        read (django-import-export would go on to read each row regardless)."""
        columns = [field.column_name for field in self.get_import_fields()]
        missing = [column for column in columns if column not in (dataset.headers or [])]
        if not missing:
            return super().import_data_inner(dataset, dry_run, raise_errors,
                                             using_transactions, collect_failed_rows,
                                             **kwargs)
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.total_rows = len(dataset)
        self.handle_import_error(result, ValueError(gettext(
            "The file has no column for: %(missing)s. Its first row must name the "
            "columns %(columns)s; export the figures to get a file to start from."
        ) % {"missing": ", ".join(missing), "columns": ", ".join(columns)}), raise_errors)
        return result

    def before_import(self, dataset, **kwargs):
        # Spreadsheets often end in rows that were formatted or cleared but hold
        # nothing; they are not lines of the file. (Trimmed at the end only, so every
        # other row keeps the number the spreadsheet shows.)
        while dataset.height and all(_is_empty(value) for value in dataset[-1]):
            del dataset[-1]
        # Years are created by administrators: a file cannot add one (an editor's
        # "2099-00" would otherwise appear for everyone).
        self._years = {year.start_year: year for year in FinancialYear.objects.all()}
        self._organisations = {
            organisation.slug: organisation
            for organisation in importable_organisations(user=self.user,
                                                         section_key=self.section_key)
        }

    # Import: one row. Every problem found is kept, keyed by its column, so the preview
    # names every wrong cell of a row at once.

    def before_import_row(self, row, **kwargs):
        self._row_errors: dict[str, list[str]] = {}
        self._row_return = None
        self._row_key = None
        organisation = self._row_organisation(row)
        start_year = self._row_year(row)
        quarter = self._row_period(row)
        if organisation is not None:
            self._row_key = self._row_key_choice(row, organisation)
        if organisation is None or start_year is None or quarter is None:
            return
        self._period = (organisation, start_year, quarter)
        self._row_return = self._existing_return(organisation, start_year, quarter)
        if self._row_return is not None and is_locked(self._row_return):
            self._error(PERIOD, gettext(
                "%(period)s of %(year)s is approved and locked: an approver must reopen it "
                "before its figures can change."
            ) % {"period": Quarter(quarter).code, "year": year_slug(start_year)})
        if self._row_key is not None:
            identity = (organisation.pk, start_year, quarter, self._key_identity())
            first = self._seen.setdefault(identity, kwargs["row_number"])
            if first != kwargs["row_number"]:
                self._error(self.key_column, gettext(
                    "Row %(row)s already gives this figure for the same period; give each "
                    "figure once."
                ) % {"row": first + 1})

    def _error(self, column: str, message: str) -> None:
        self._row_errors.setdefault(column, []).append(message)

    def _row_organisation(self, row) -> Organisation | None:
        slug = _cell_text(row, ORGANISATION)
        organisation = self._organisations.get(slug)
        if organisation is None:
            # The same words whether the organisation exists or not: an import must
            # not tell a user which other organisations there are.
            self._error(ORGANISATION, gettext(
                "“%(slug)s” is not the short name of an organisation you may enter "
                "figures for."
            ) % {"slug": slug})
        return organisation

    def _row_year(self, row) -> int | None:
        value = _cell_text(row, YEAR)
        try:
            start_year = parse_year_slug(value)
        except ValueError:
            start_year = None
        # FinancialYear's check constraint, stated here so a row needs no query for it.
        if start_year is None or not FIRST_YEAR <= start_year <= LAST_YEAR:
            self._error(YEAR, gettext(
                "Write the financial year like 2019-20, from %(first)s to %(last)s, not "
                "“%(value)s”."
            ) % {"first": year_slug(FIRST_YEAR), "last": year_slug(LAST_YEAR),
                 "value": value})
            return None
        if start_year not in self._years:
            self._error(YEAR, gettext(
                "There is no financial year %(year)s to enter figures for; an administrator "
                "adds each year before its figures are entered."
            ) % {"year": year_slug(start_year)})
            return None
        return start_year

    def _row_period(self, row) -> int | None:
        value = _cell_text(row, PERIOD)
        try:
            return Quarter.from_code(value).value
        except ValueError:
            self._error(PERIOD, gettext(
                "Write the period as full-year, Q1, Q2, Q3 or Q4, not “%(value)s”."
            ) % {"value": value})
            return None

    def _row_key_choice(self, row, organisation):
        value = _cell_text(row, self.key_column)
        if organisation.pk not in self._key_choices:
            self._key_choices[organisation.pk] = self.key_choices(organisation)
        choices = self._key_choices[organisation.pk]
        if value not in choices:
            self._error(self.key_column, gettext(
                "“%(value)s” is not a %(what)s known for %(organisation)s; use one of: "
                "%(known)s."
            ) % {"value": value, "what": self._key_label(), "organisation": organisation,
                 "known": ", ".join(choices) or "—"})
            return None
        return choices[value]

    def _key_identity(self):
        return getattr(self._row_key, "pk", self._row_key)

    def _existing_return(self, organisation, start_year, quarter):
        lookup = (organisation.pk, start_year, quarter)
        if lookup not in self._returns:
            self._returns[lookup] = self.return_model._default_manager.filter(
                organisation=organisation, year_id=start_year, quarter=quarter
            ).first()
        return self._returns[lookup]

    def get_instance(self, instance_loader, row):
        if self._row_errors or self._row_return is None or self._row_key is None:
            return None
        return self._meta.model._default_manager.filter(
            **{self.return_field: self._row_return, self.key_field: self._row_key}
        ).first()

    def after_init_instance(self, instance, new, row, **kwargs):
        if self._row_errors:
            return
        if self._row_return is None:
            self._row_return = self._create_return(*self._period)
        if self._row_return is not None:
            setattr(instance, self.return_field, self._row_return)
            setattr(instance, self.key_field, self._row_key)

    def _create_return(self, organisation, start_year, quarter):
        """A draft return for a period that has none. The model's ``clean`` states the
        full-year-or-quarters rule in words; the database trigger holds it regardless."""
        figure_return = self.return_model(organisation=organisation,
                                          year=self._years[start_year],
                                          quarter=quarter)
        try:
            figure_return.full_clean()
            with transaction.atomic():
                figure_return.save()
        except ValidationError as exc:
            for message in exc.messages:
                self._error(PERIOD, message)
            return None
        except IntegrityError:
            self._error(PERIOD, gettext(
                "%(year)s holds either one full-year return or quarterly returns, never "
                "both."
            ) % {"year": year_slug(start_year)})
            return None
        self._returns[(organisation.pk, start_year, quarter)] = figure_return
        return figure_return

    def _columns(self) -> dict[str, str]:
        """Model field name → the column a message about it belongs to."""
        columns = {field.attribute: field.column_name for field in self.get_import_fields()
                   if not field.readonly}
        return {**columns, self.return_field: PERIOD, self.key_field: self.key_column}

    def import_instance(self, instance, row, **kwargs):
        errors = {column: list(messages) for column, messages in self._row_errors.items()}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            columns = self._columns()
            for field, messages in exc.message_dict.items():
                errors.setdefault(columns.get(field, field), []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        columns = self._columns()
        # The model's own checks on every cell not already found wrong; what the row
        # could not name (its return, its key) is left out rather than called missing.
        exclude = {field for field, column in columns.items() if column in errors}
        opts = self._meta.model._meta
        for field in (self.return_field, self.key_field):
            if getattr(instance, opts.get_field(field).attname) in (None, ""):
                exclude.add(field)
        try:
            instance.full_clean(exclude=exclude,
                                validate_unique=validate_unique and not exclude)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(columns.get(field, NON_FIELD_ERRORS), []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        try:
            with transaction.atomic():
                instance.save(force_insert=is_create)
        except IntegrityError as exc:
            # Every rule is also checked above; this is a concurrent change, or a rule
            # only the database holds.
            raise ValidationError({NON_FIELD_ERRORS: [gettext(
                "The database refused this row: %(reason)s"
            ) % {"reason": exc}]}) from exc


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
