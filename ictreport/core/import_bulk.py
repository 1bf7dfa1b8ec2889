"""How ``ictreport.core.imports.FigureResource`` reads and writes a file's rows in a
number of queries that does not grow with the rows (the "no query in a loop" standard).

Before the first row, one query loads the returns of the organisations and years the
file names (locked for the confirmed import, ``select_for_update``, as the write
services lock a return) and one loads their figures: each row then finds its return,
its lock and its figure in a dict. A period without a return gets a draft one, kept
until the rows are written; the full-year-or-quarters rule is checked against the
returns loaded and those the file adds. The rows are written together, new returns
first, in a few statements per batch with their history (``ictreport.core.bulk_writes``);
the database's constraints and triggers (the sign-off lock, the periods rule, the data
version) hold for every row of them, and a refusal rolls the whole import back.
"""

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Model
from django.utils.translation import gettext

from ictreport.core.bulk_writes import create_with_history, update_with_history
from ictreport.core.import_columns import ORGANISATION, YEAR, cell_text
from ictreport.core.periods import Quarter, parse_year_slug


class DatabaseRefused(Exception):
    """The database refused the rows when they were written; nothing was imported."""


def shared(*objects) -> None:
    """Rows every line of the file points at (organisations, years, returns, what a
    figure is for) are not copied with a line's figure: django-import-export
    ``deepcopy``s each line's instance for its diff, and copying them with it was a
    third of a line's time. No line changes them."""
    for obj in objects:
        if isinstance(obj, Model):
            obj.__deepcopy__ = lambda memo, obj=obj: obj


class PreloadedRows:
    """The rows' returns and figures loaded once, and the rows written in bulk."""

    def _start_import(self, *, dry_run: bool) -> None:
        self._dry_run = dry_run
        self._returns: dict[tuple[int, int, int], object] = {}
        self._periods: dict[tuple[int, int], set[int]] = {}
        self._figures: dict[tuple[int, object], object] = {}
        self._new_returns: list = []
        self._refused = False

    def _named(self, dataset, column: str) -> set[str]:
        if column not in (dataset.headers or []):
            return set()
        return {cell_text({column: value}, column) for value in dataset[column]}

    def _preload(self, dataset) -> None:
        """The returns and figures of every organisation and year the file names."""
        organisations = [self._organisations[slug]
                         for slug in self._named(dataset, ORGANISATION)
                         if slug in self._organisations]
        years = set()
        for value in self._named(dataset, YEAR):
            try:
                years.add(parse_year_slug(value))
            except ValueError:
                continue
        years &= set(self._years)
        if not organisations or not years:
            return
        by_pk = {organisation.pk: organisation for organisation in organisations}
        shared(*organisations, *self._years.values())
        returns = self.return_model._default_manager.filter(
            organisation__in=organisations, year_id__in=years)
        if not self._dry_run:
            returns = returns.select_for_update()
        loaded = {}
        for figure_return in returns:
            figure_return.organisation = by_pk[figure_return.organisation_id]
            figure_return.year = self._years[figure_return.year_id]
            self._add_return(figure_return)
            loaded[figure_return.pk] = figure_return
        model = self._meta.model
        key_attname = model._meta.get_field(self.key_field).attname
        for figure in model._default_manager.filter(**{
                f"{self.return_field}__organisation__in": organisations,
                f"{self.return_field}__year_id__in": years}):
            figure_return = loaded[getattr(figure, f"{self.return_field}_id")]
            setattr(figure, self.return_field, figure_return)
            self._figures[(figure_return.pk, getattr(figure, key_attname))] = figure

    def _add_return(self, figure_return) -> None:
        shared(figure_return)
        organisation_pk, start_year = figure_return.organisation_id, figure_return.year_id
        self._returns[(organisation_pk, start_year, figure_return.quarter)] = figure_return
        self._periods.setdefault((organisation_pk, start_year), set()).add(
            figure_return.quarter)

    def _existing_return(self, organisation, start_year, quarter):
        return self._returns.get((organisation.pk, start_year, quarter))

    def _stored_figure(self, figure_return, key):
        if figure_return.pk is None:
            return None
        return self._figures.get((figure_return.pk, key))

    def _mixed_periods(self, organisation, start_year, quarter) -> str | None:
        """The full-year-or-quarters rule (``QuarterlyReturn.clean``, and the database's
        trigger) against the returns loaded and the ones this file adds."""
        others = self._periods.get((organisation.pk, start_year), set())
        if quarter == Quarter.FULL_YEAR and others - {Quarter.FULL_YEAR}:
            return gettext("This year already has quarterly returns; it cannot also have "
                           "a full-year one.")
        if quarter != Quarter.FULL_YEAR and Quarter.FULL_YEAR in others:
            return gettext("This year already has a full-year return; it cannot also have "
                           "quarterly ones.")
        return None

    def _add_new_return(self, figure_return) -> None:
        self._new_returns.append(figure_return)
        self._add_return(figure_return)

    # The writes, called by django-import-export (``use_bulk``) once a batch is full
    # and after the last row.

    def _write(self, write, result, raise_errors) -> None:
        if self._refused:
            return  # the import is rolled back already; later rows may need its returns
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                if self._new_returns:
                    returns, self._new_returns = self._new_returns, []
                    create_with_history(returns, user=self.user)
                write()
        except (DatabaseError, ValidationError) as exc:
            # A rule only the database (or a lock held in ``pre_save``) knows, or a
            # change since the rows were checked: the whole file is rolled back.
            self._refused = True
            reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else exc
            self.handle_import_error(result, DatabaseRefused(gettext(
                "The database refused the file's rows, so nothing was imported: "
                "%(reason)s"
            ) % {"reason": reason}), raise_errors)

    def _pending(self, name: str, using_transactions, dry_run) -> list | None:
        """The instances waiting in ``name``, taken off it; None if nothing may be
        written (a dry run without a transaction to roll it back)."""
        waiting = getattr(self, name)
        instances = list(waiting)
        waiting.clear()
        return instances if using_transactions or not dry_run else None

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None,
                    result=None):
        instances = self._pending("create_instances", using_transactions, dry_run)
        if instances is not None and (instances or self._new_returns):
            self._write(lambda: create_with_history(
                instances, user=self.user, owner_field=self.return_field,
                batch_size=batch_size), result, raise_errors)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None,
                    result=None):
        if instances := self._pending("update_instances", using_transactions, dry_run):
            self._write(lambda: update_with_history(
                instances, self._value_fields(), user=self.user,
                owner_field=self.return_field, batch_size=batch_size), result, raise_errors)

    def _value_fields(self) -> list[str]:
        """The model fields a file's row sets: what an update writes."""
        return [field.attribute for field in self.get_import_fields()
                if not field.readonly and "__" not in field.attribute]

