"""A section's part of the whole-report file: the second protocol a section registers.

``ReportSection`` (``ictreport.core.registry``) says what the section shows;
``FilePart`` says how its figures travel in a whole-report file: the part's pydantic
``schema``, the rules the schema cannot state (``check``), and ``save``/``dump``.
Sections whose part is a list of quarterly returns subclass ``ReturnsFilePart``: the
rules every such list shares are ``check_returns``, stated once here, and the years a
part holds are declared once, as ``years_held``, for both reading and writing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ictreport.core.coverage import ONE_KIND_A_YEAR, quarters_held
from ictreport.core.file_fields import Problem
from ictreport.core.file_welsh import WelshKey
from ictreport.core.periods import Quarter, year_slug
from ictreport.core.registry import Declared

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet
    from pydantic import BaseModel

    from ictreport.core.models import FinancialYear, Organisation


class FilePart(Declared):
    """One section's part of the file, under the key ``key`` (the section's key):
    ``class AuditFilePart(ReturnsFilePart, key="audits", schema=AuditPart, …)``."""

    key: ClassVar[str]
    schema: ClassVar[type[BaseModel]]
    # The part's keys whose text may have Welsh beside it (``<key>_cy``), as patterns
    # within the part ("portfolio[].name", "[]" for every item of a list), and where
    # that Welsh is held (``ictreport.core.file_welsh``).
    welsh_keys: ClassVar[dict[str, WelshKey]] = {}

    facts = ("key", "schema")
    required = ("key", "schema")

    def check(self, part: BaseModel, *, organisation: Organisation | None, year: int,
              path: str) -> list[Problem]:
        """Rules the schema cannot state (duplicates, cross-row sums), with key paths.

        ``organisation`` is None when the file names none that exists; ``year`` is the
        report's start year."""
        return []

    def save(self, part: BaseModel, *, organisation: Organisation, year: FinancialYear) -> None:
        """Write a checked part; runs inside the import's transaction."""
        raise NotImplementedError

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        """The part for this report, or None if the section holds nothing for it."""
        raise NotImplementedError

    def translated_rows(self, *, organisation: Organisation, year: FinancialYear) -> list:
        """The rows whose text this part carries in both languages (for what lacks
        Welsh, ``ictreport.core.bilingual.missing_welsh``): those ``welsh_keys`` reach."""
        rows: dict[tuple, Any] = {}
        scopes = {(key.model, tuple(sorted(key.scope(organisation, year).items())))
                  for key in self.welsh_keys.values()}  # one query per kind of row
        for model, scope in scopes:
            for row in model._base_manager.filter(**dict(scope)):
                rows.setdefault((model, row.pk), row)
        return list(rows.values())


def organisation_rows(lookup: str = "organisation") -> Callable[[Any, Any], dict]:
    """A ``WelshKey`` scope: the rows of the report's organisation, whatever their year,
    reached by ``lookup`` (``"audit_return__organisation"``)."""
    def scope(organisation, year) -> dict:
        return {lookup: organisation}
    return scope


def duplicate_problems(values: Sequence[Hashable], path: str, key: str = "",
                       describe: Callable[[Any], str] = repr,
                       message: Callable[[Any, str], str] | None = None) -> list[Problem]:
    """A problem for every value given again in the list at ``path``: at
    ``path[i].key`` (or ``path[i]`` without a key), naming where it was first given.
    ``message(value, first)`` says it as one whole sentence where the default ("'X' is
    already given at path[i]") does not fit."""
    if message is None:
        def message(value, first):
            return _("%(name)s is already given at %(first)s") % {
                "name": describe(value), "first": first}
    problems, seen = [], {}
    for index, value in enumerate(values):
        if value in seen:
            at = f"{path}[{index}].{key}" if key else f"{path}[{index}]"
            problems.append(Problem(at, message(value, f"{path}[{seen[value]}]")))
        else:
            seen[value] = index
    return problems


def duplicate_period_problems(periods: list[tuple[int, Quarter]], prefix: str) -> list[Problem]:
    """Within the file: no period twice at ``prefix[i]``, and no year with both a
    full-year return and quarterly ones."""
    problems, seen, kinds = [], {}, {}
    for index, (year, quarter) in enumerate(periods):
        path = f"{prefix}[{index}]"
        if (year, quarter) in seen:
            problems.append(Problem(
                f"{path}.period",
                _("%(period)s is already given at %(first)s") % {
                    "period": f"{year_slug(year)} {quarter.code}",
                    "first": f"{prefix}[{seen[year, quarter]}]"},
            ))
            continue
        seen[year, quarter] = index
        full_year = quarter == Quarter.FULL_YEAR
        if year in kinds and kinds[year][0] != full_year:
            problems.append(Problem(
                f"{path}.period",
                _("%(year)s cannot have both a full-year return and quarterly ones "
                  "(see %(first)s)") % {"year": year_slug(year),
                                        "first": f"{prefix}[{kinds[year][1]}]"},
            ))
        kinds.setdefault(year, (full_year, index))
    return problems


class ReturnsFilePart(FilePart):
    """A part whose ``returns`` list holds quarterly returns (``year``, ``period``).

    ``returns_model`` is the section's ``QuarterlyReturn`` subclass. ``years_held`` is
    how many years, ending with the report's, the part holds: 1 is the report's year
    only, 3 the report's and the two before, None every year up to the report's. An
    import takes what an export gives: a return outside the window is refused.
    """

    returns_model: ClassVar[type[Model]]
    years_held: ClassVar[int | None] = None

    facts = (*FilePart.facts, "returns_model", "years_held")
    required = (*FilePart.required, "returns_model")

    def check(self, part: BaseModel, *, organisation: Organisation | None, year: int,
              path: str) -> list[Problem]:
        """``check_returns`` on the part's ``returns``, then the part's own rules."""
        problems = self.check_returns(part.returns, organisation=organisation, year=year,
                                      path=f"{path}.returns")
        return problems + self.part_problems(part, path=path)

    def part_problems(self, part: BaseModel, *, path: str) -> list[Problem]:
        """The rules of the section's own (beyond what every list of returns shares),
        with key paths below ``path``."""
        return []

    def year_filter(self, year: int) -> dict[str, int]:
        """The window as lookups on ``year_id``, for the dump's queries."""
        lookups = {"year_id__lte": year}
        if self.years_held is not None:
            lookups["year_id__gt"] = year - self.years_held
        return lookups

    def returns_held(self, *, organisation: Organisation, year: FinancialYear) -> QuerySet:
        """The returns the part writes for the report, oldest period first."""
        return self.returns_model.objects.filter(
            organisation=organisation, **self.year_filter(year.start_year)
        ).order_by("year_id", "quarter")

    def _window_problem(self, entry_year: int, year: int) -> str | None:
        if self.years_held == 1:
            if entry_year != year:
                return _("must be the report's year, %(year)s") % {"year": year_slug(year)}
            return None
        if entry_year > year:
            return _("must not be after the report's year, %(year)s") % {
                "year": year_slug(year)}
        if self.years_held is not None and entry_year <= year - self.years_held:
            return ngettext(
                "must not be before %(first)s; the file for %(year)s holds %(count)d year "
                "of returns",
                "must not be before %(first)s; the file for %(year)s holds %(count)d years "
                "of returns",
                self.years_held,
            ) % {"first": year_slug(year - self.years_held + 1), "year": year_slug(year),
                 "count": self.years_held}
        return None

    def check_returns(self, returns: Sequence[Any], *, organisation: Organisation | None,
                      year: int, path: str) -> list[Problem]:
        """The rules every list of returns shares, at ``path`` (e.g. ``audits.returns``):
        no period twice, one kind of return a year (in the file, and against the
        returns the database already holds that the file does not list), and each
        return's year within ``years_held``. One query when ``organisation`` is given.
        """
        problems = duplicate_period_problems([(r.year, r.period) for r in returns], path)
        for index, entry in enumerate(returns):
            message = self._window_problem(entry.year, year)
            if message:
                problems.append(Problem(f"{path}[{index}].year", message))
        if organisation is None or not returns:
            return problems
        held = quarters_held(self.returns_model, organisation=organisation,
                             years={r.year for r in returns})
        listed = {(r.year, r.period) for r in returns}
        for index, entry in enumerate(returns):
            full_year = entry.period == Quarter.FULL_YEAR
            clash = [q for q in held.get(entry.year, ())
                     if (q == Quarter.FULL_YEAR) != full_year and (entry.year, q) not in listed]
            if not clash:
                continue
            said = {"year": year_slug(entry.year), "rule": ONE_KIND_A_YEAR,
                    "quarters": ", ".join(q.code for q in clash)}
            problems.append(Problem(f"{path}[{index}].period", (
                _("%(year)s already holds quarterly returns (%(quarters)s) in the "
                  "database; %(rule)s") if full_year else
                _("%(year)s already holds a full-year return in the database; %(rule)s")
            ) % said))
        return problems
