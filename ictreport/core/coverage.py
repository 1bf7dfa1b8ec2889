"""Which periods a year's returns cover, and when a year is complete.

Every section's returns are either one full-year return (historic years) or some of the
four quarters, never both: ``ONE_KIND_A_YEAR`` is that rule in words, the database
trigger (``ictreport.core.db``) is its truth. A year is *complete* when it holds a
full-year return or all four quarters; a flow (calls, items, spend) is only compared
between complete years.

A section's selectors read which periods a year holds in the same query as its figures
(``periods_held``, read back by ``periods_from_bits``), or on their own
(``quarters_held``); either way ``is_complete`` says whether the year is whole, and
figures that carry their periods say it through ``PeriodsCovered``.
"""

from collections.abc import Iterable

from django.db.models import Case, IntegerField, Model, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from ictreport.core.models import Organisation
from ictreport.core.periods import Quarter

ONE_KIND_A_YEAR = _("a year holds either one full-year return or quarterly ones")

QUARTERS = (Quarter.Q1, Quarter.Q2, Quarter.Q3, Quarter.Q4)


def is_complete(periods: Iterable[Quarter | int]) -> bool:
    """A full-year return, or all four quarters."""
    held = {Quarter(p) for p in periods}
    return held == {Quarter.FULL_YEAR} or held == set(QUARTERS)


def quarters_missing(periods: Iterable[Quarter | int]) -> tuple[Quarter, ...]:
    """The quarters before the latest of ``periods`` that a year's returns leave out
    (none for a full-year return): what its flows to date do not count."""
    held = {Quarter(p) for p in periods}
    latest = max(held, default=Quarter.FULL_YEAR)
    return tuple(q for q in QUARTERS if q < latest and q not in held)


class PeriodsCovered:
    """For figures (a frozen dataclass) that declare ``periods``, the periods they run
    over in order (``periods_from_bits``): the latest of them, and whether the year is
    complete."""

    periods: tuple[Quarter, ...]

    @property
    def quarter(self) -> Quarter:
        """The latest period: the full year, or Q1–Q4."""
        return self.periods[-1]

    @property
    def complete(self) -> bool:
        return is_complete(self.periods)


def periods_held(quarter_field: str = "quarter") -> Sum:
    """An aggregate: the periods a group of rows' returns cover, one bit a period
    (``periods_from_bits`` reads it back). ``quarter_field`` is the return's ``quarter``
    as the rows reach it (``"work_return__quarter"``). Distinct, so a return counted
    once per team or line still sets its bit once; a year holds at most one return a
    period, so the sum is a set."""
    return Sum(
        Case(*(When(**{quarter_field: q.value}, then=Value(1 << q.value)) for q in Quarter),
             output_field=IntegerField()),
        distinct=True,
    )


def periods_from_bits(bits: int | None) -> tuple[Quarter, ...]:
    """The periods, in order, that ``periods_held`` summed to ``bits``."""
    return tuple(q for q in Quarter if (bits or 0) & (1 << q.value))


def quarters_held(returns_model: type[Model], *, organisation: Organisation,
                  years: Iterable[int]) -> dict[int, tuple[Quarter, ...]]:
    """``{start year: the periods its returns cover, in order}`` for ``years``; one query.

    ``returns_model`` is a section's quarterly return (``organisation``, ``year``,
    ``quarter``); a year with no return is left out.
    """
    held: dict[int, set[Quarter]] = {}
    for year, quarter in returns_model.objects.filter(  # query: the years' periods
        organisation=organisation, year_id__in=set(years)
    ).values_list("year_id", "quarter"):
        held.setdefault(year, set()).add(Quarter(quarter))
    return {year: tuple(sorted(periods)) for year, periods in sorted(held.items())}
