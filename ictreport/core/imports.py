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

The jobs are split: the columns and how a cell is read (``import_columns``), the rows
of one figure model (``FigureResource``, here), and the admin's upload, preview and
confirm steps (``import_admin``). Sections import all three from here.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext
from import_export import resources

from ictreport.core.access import visible_organisations
from ictreport.core.bulk_writes import constraint_errors
from ictreport.core.export import neutralise_dataset
from ictreport.core.import_admin import ConfirmPreviewForm, FigureImportExportAdmin
from ictreport.core.import_bulk import PreloadedRows, shared
from ictreport.core.import_columns import (
    ORGANISATION,
    PERIOD,
    YEAR,
    CountWidget,
    DecimalWidget,
    TextWidget,
    cell_text,
    count_column,
    decimal_column,
    figure_key,
    is_empty,
    period_columns,
    text_column,
)
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, parse_year_slug, year_slug
from ictreport.core.signoff_lock import locked_statuses

__all__ = [
    "ORGANISATION", "PERIOD", "YEAR", "ConfirmPreviewForm", "CountWidget", "DecimalWidget",
    "FigureImportExportAdmin", "FigureResource", "TextWidget", "count_column",
    "decimal_column", "figure_key", "importable_organisations", "is_locked",
    "period_columns", "text_column",
]

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
    return figure_return.status in locked_statuses(type(figure_return))


class FigureResource(PreloadedRows, resources.ModelResource):
    """A figure model's rows as spreadsheet lines; see the module's docstring.

    Subclasses set ``section_key`` (the registry's key, for who may import),
    ``return_field`` (the figure's ForeignKey to its return), ``key_field`` and
    ``key_column`` (what the figure is for, and its column); declare the period columns
    with ``period_columns``, the key column with ``figure_key`` and a column per value;
    name the model in a ``Meta(FigureResource.Meta)`` (its ``fields`` and
    ``import_id_fields`` follow from the declared columns); and implement
    ``key_choices``.

    A file's rows cost a number of queries that does not grow with them: its returns
    and figures are loaded before the first row and the rows written in bulk
    (``ictreport.core.import_bulk``).
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
        # Written together, a batch at a time, after being checked row by row (no
        # savepoint per row): ``PreloadedRows.bulk_create`` and ``bulk_update``.
        use_bulk = True
        batch_size = 1000

    def __init_subclass__(cls, **kwargs):
        # A subclass's own Meta names its model; its columns are the ones it declares,
        # in order, and a line is identified by its period and key columns. (The
        # metaclass reads Meta after this runs.)
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is not None and getattr(meta, "fields", None) is None:
            meta.fields = list(cls.fields)
            meta.import_id_fields = [ORGANISATION, YEAR, PERIOD, cls.key_column]

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._organisations: dict[str, Organisation] | None = None
        self._start_import(dry_run=True)
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
        self._start_import(dry_run=dry_run)
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
        while dataset.height and all(is_empty(value) for value in dataset[-1]):
            del dataset[-1]
        # Years are created by administrators: a file cannot add one (an editor's
        # "2099-00" would otherwise appear for everyone).
        self._years = {year.start_year: year for year in FinancialYear.objects.all()}
        self._organisations = {
            organisation.slug: organisation
            for organisation in importable_organisations(user=self.user,
                                                         section_key=self.section_key)
        }
        self._preload(dataset)

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
        slug = cell_text(row, ORGANISATION)
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
        value = cell_text(row, YEAR)
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
        value = cell_text(row, PERIOD)
        try:
            return Quarter.from_code(value).value
        except ValueError:
            self._error(PERIOD, gettext(
                "Write the period as full-year, Q1, Q2, Q3 or Q4, not “%(value)s”."
            ) % {"value": value})
            return None

    def _row_key_choice(self, row, organisation):
        value = cell_text(row, self.key_column)
        if organisation.pk not in self._key_choices:
            self._key_choices[organisation.pk] = self.key_choices(organisation)
            shared(*self._key_choices[organisation.pk].values())
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

    def get_instance(self, instance_loader, row):
        if self._row_errors or self._row_return is None or self._row_key is None:
            return None
        return self._stored_figure(self._row_return, self._key_identity())

    def after_init_instance(self, instance, new, row, **kwargs):
        if self._row_errors:
            return
        if self._row_return is None:
            self._row_return = self._create_return(*self._period)
        if self._row_return is not None:
            setattr(instance, self.return_field, self._row_return)
            setattr(instance, self.key_field, self._row_key)

    def _create_return(self, organisation, start_year, quarter):
        """A draft return for a period that has none, written with the rows. It holds
        only its organisation, year and period: its field checks and check constraints
        are asked here, and the full-year-or-quarters rule (the model's ``clean``, and
        the database's trigger) against the returns loaded and those this file adds."""
        figure_return = self.return_model(organisation=organisation,
                                          year=self._years[start_year],
                                          quarter=quarter)
        problem = self._mixed_periods(organisation, start_year, quarter)
        if problem is not None:
            self._error(PERIOD, problem)
            return None
        exclude = {"organisation", "year"}
        try:
            figure_return.clean_fields(exclude=exclude)
            errors = constraint_errors(figure_return, exclude)
            if errors:
                raise ValidationError(errors)
        except ValidationError as exc:
            for message in exc.messages:
                self._error(PERIOD, message)
            return None
        self._add_new_return(figure_return)
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
        # The return and the key were resolved from what was loaded, so exist; the
        # figure is unique for them, as it was looked up by them and the file gives it
        # once (``before_import_row``); the database's foreign keys and unique
        # constraint hold regardless. Check constraints are evaluated without a query.
        opts = self._meta.model._meta
        for field in (self.return_field, self.key_field):
            if (opts.get_field(field).is_relation
                    or getattr(instance, opts.get_field(field).attname) in (None, "")):
                exclude.add(field)
        try:
            instance.full_clean(exclude=exclude, validate_unique=False,
                                validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(columns.get(field, NON_FIELD_ERRORS), []).extend(messages)
        else:
            for field, messages in constraint_errors(instance, exclude).items():
                errors.setdefault(columns.get(field, NON_FIELD_ERRORS), []).extend(messages)
        if errors:
            raise ValidationError(errors)
