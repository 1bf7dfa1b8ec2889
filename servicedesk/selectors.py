"""Reading the service desk's figures, aggregated in SQL.

Calls and first-contact counts are flows: a year's figure is the sum of its quarters'
(a full-year return, for historic years, is used as is). A target is a setting, not a
flow: a year takes the latest one its returns give. Each function is a fixed number of
queries, whatever the number of years, quarters, channels or tiers held.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, OuterRef, Subquery, Sum

from ictreport.core import bilingual
from ictreport.core.coverage import is_complete, periods_from_bits, periods_held
from ictreport.core.formatting import percent_of
from ictreport.core.models import Organisation
from ictreport.core.periods import Quarter
from servicedesk.models import (
    ChannelCalls,
    ServiceDeskReturn,
    ServiceLevelResult,
)


@dataclass(frozen=True)
class ChannelFigure:
    channel_id: int
    name: str
    self_service: bool
    position: int
    calls: int


@dataclass(frozen=True)
class PeriodFigures:
    """Calls by channel and first-contact resolution for one year or one quarter."""

    year: int  # the start year: 2019 is 2019/20
    quarters: tuple[Quarter, ...]  # the returns summed: (FULL_YEAR,) or some of Q1–Q4
    channels: tuple[ChannelFigure, ...]  # in the channels' order
    first_contact_closed: int | None
    first_contact_measured: int | None
    # How many of ``quarters`` give first-contact figures.
    first_contact_returns: int
    first_contact_target: Decimal | None

    @property
    def is_complete(self) -> bool:
        return is_complete(self.quarters)

    @property
    def total_calls(self) -> int:
        return sum(c.calls for c in self.channels)

    @property
    def has_self_service_channel(self) -> bool:
        return any(c.self_service for c in self.channels)

    @property
    def self_service_calls(self) -> int:
        return sum(c.calls for c in self.channels if c.self_service)

    def calls_for(self, channel_id: int) -> int | None:
        return next((c.calls for c in self.channels if c.channel_id == channel_id), None)


@dataclass(frozen=True)
class TierFigures:
    """One service tier's targets and what it achieved over a year or in a quarter."""

    tier_id: int
    name: str
    quarter: Quarter | None  # None: the year's figures over ``periods`` returns
    periods: int
    availability_target: Decimal | None
    resolution_hours: int | None
    resolution_target: Decimal | None
    availability: Decimal | None  # the mean over the periods that give it
    resolved_in_time: Decimal | None
    breaches: int
    # Counted from tickets (an extract): the period's incidents and hours to resolve.
    # Medians do not add up, so a year over several quarters has none (see its quarters).
    incidents: int | None = None
    median_hours: Decimal | None = None
    p90_hours: Decimal | None = None


def _period_figures(*, organisation: Organisation, by_quarter: bool,
                    **filters) -> list[PeriodFigures]:
    returns = ServiceDeskReturn.objects.filter(organisation=organisation, **filters)
    calls = ChannelCalls.objects.filter(
        **{f"desk_return__{k}": v for k, v in filters.items()},
        desk_return__organisation=organisation,
    )
    if by_quarter:
        group = ["year_id", "quarter"]
        target = Max("first_contact_target")  # one return per quarter: its own target
    else:
        group = ["year_id"]
        target = Subquery(
            ServiceDeskReturn.objects.filter(
                organisation=organisation, year_id=OuterRef("year_id"),
                first_contact_target__isnull=False,
            ).order_by("-quarter").values("first_contact_target")[:1]
        )
    period_rows = (  # query: the returns' first-contact figures, summed per period
        returns.values(*group)
        .annotate(
            bits=periods_held(),
            closed=Sum("first_contact_closed"),
            measured=Sum("first_contact_measured"),
            measured_returns=Count("first_contact_measured"),
            target=target,
        )
        .order_by(*group)
    )
    channel_rows = (  # query: calls per period and channel, summed
        calls.values(*(f"desk_return__{g}" for g in group), "channel_id",
                     *bilingual.columns("channel__name"), "channel__self_service",
                     "channel__position")
        .annotate(calls=Sum("calls"))
        .order_by(*(f"desk_return__{g}" for g in group), "channel__position", "channel__name")
    )
    by_period: dict[tuple, list[ChannelFigure]] = {}
    for row in channel_rows:
        key = tuple(row[f"desk_return__{g}"] for g in group)
        by_period.setdefault(key, []).append(ChannelFigure(
            channel_id=row["channel_id"], name=bilingual.from_values(row, "channel__name"),
            self_service=row["channel__self_service"], position=row["channel__position"],
            calls=row["calls"],
        ))
    return [
        PeriodFigures(
            year=row["year_id"],
            quarters=periods_from_bits(row["bits"]),
            channels=tuple(by_period.get(tuple(row[g] for g in group), ())),
            first_contact_closed=row["closed"],
            first_contact_measured=row["measured"],
            first_contact_returns=row["measured_returns"],
            first_contact_target=row["target"],
        )
        for row in period_rows
    ]


def year_totals_get(*, organisation: Organisation, year: int) -> PeriodFigures | None:
    """The year's figures (its quarters summed), or None if it has no return."""
    figures = _period_figures(organisation=organisation, by_quarter=False, year_id=year)
    return figures[0] if figures else None


def year_series_list(*, organisation: Organisation,
                     up_to: int | None = None) -> list[PeriodFigures]:
    """Every year held, oldest first; ``up_to`` (a start year) leaves out later ones."""
    filters = {} if up_to is None else {"year_id__lte": up_to}
    return _period_figures(organisation=organisation, by_quarter=False, **filters)


def quarter_series_list(*, organisation: Organisation, year: int) -> list[PeriodFigures]:
    """The year's quarters held, in order; empty for a year held only as a full year."""
    return _period_figures(organisation=organisation, by_quarter=True, year_id=year,
                           quarter__gt=Quarter.FULL_YEAR)


def _mean(total: Decimal | None, count: int) -> Decimal | None:
    """The mean of ``count`` percentages to two places, rounded half up. The database
    sums and counts; dividing here keeps the result exact on SQLite and PostgreSQL."""
    if not count:
        return None
    return (Decimal(total) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _tier_figures(*, organisation: Organisation, year: int,
                  by_quarter: bool) -> list[TierFigures]:
    group = ["desk_return__quarter"] if by_quarter else []
    rows = (  # query: each tier's results (per quarter if asked), with its targets
        ServiceLevelResult.objects.filter(
            desk_return__organisation=organisation, desk_return__year_id=year
        )
        .values(*group, "tier_id", *bilingual.columns("tier__name"), "tier__position",
                "tier__availability_target", "tier__resolution_hours",
                "tier__resolution_target")
        .annotate(
            periods=Count("id"),
            availability_sum=Sum("availability"),
            availability_count=Count("availability"),
            resolved_sum=Sum("resolved_in_time"),
            resolved_count=Count("resolved_in_time"),
            breaches=Sum("breaches"),
            incidents=Sum("incidents"),
            median_hours=Max("median_hours"),
            p90_hours=Max("p90_hours"),
        )
        .order_by(*group, "tier__position", "tier__name")
    )
    return [
        TierFigures(
            tier_id=row["tier_id"],
            name=bilingual.from_values(row, "tier__name"),
            quarter=Quarter(row["desk_return__quarter"]) if by_quarter else None,
            periods=row["periods"],
            availability_target=row["tier__availability_target"],
            resolution_hours=row["tier__resolution_hours"],
            resolution_target=row["tier__resolution_target"],
            availability=_mean(row["availability_sum"], row["availability_count"]),
            resolved_in_time=_mean(row["resolved_sum"], row["resolved_count"]),
            breaches=row["breaches"],
            incidents=row["incidents"],
            # One return's own figures (a quarter, or a full year), never a year's
            # quarters combined.
            median_hours=row["median_hours"] if row["periods"] == 1 else None,
            p90_hours=row["p90_hours"] if row["periods"] == 1 else None,
        )
        for row in rows
    ]


def service_levels_list(*, organisation: Organisation, year: int) -> list[TierFigures]:
    """Each tier's year: breaches summed over the quarters, availability and resolved
    in time the mean of the quarters that give them (quarters are near enough equal in
    length for the mean to be the year's figure)."""
    return _tier_figures(organisation=organisation, year=year, by_quarter=False)


def service_level_quarters_list(*, organisation: Organisation,
                                year: int) -> list[TierFigures]:
    """Each tier's figures in each period of the year, in period then tier order."""
    return _tier_figures(organisation=organisation, year=year, by_quarter=True)


# Everything the section shows ---------------------------------------------------------

# The source's tables show the report's year and the two before it; the section's file
# part holds the same years.
YEARS_SHOWN = 3


@dataclass(frozen=True)
class Figures:
    """Everything the section and its dashboard show, read in a fixed number of queries."""

    year: int
    years: tuple[PeriodFigures, ...]  # every year held up to ``year``, oldest first
    service_levels: tuple[TierFigures, ...]  # the year's, per tier
    quarters: tuple[PeriodFigures, ...] = ()  # the year's quarters (dashboard only)
    tier_quarters: tuple[TierFigures, ...] = ()  # per period and tier

    def get(self, year: int) -> PeriodFigures | None:
        return next((f for f in self.years if f.year == year), None)

    @property
    def current(self) -> PeriodFigures | None:
        return self.get(self.year)

    @property
    def shown(self) -> tuple[PeriodFigures, ...]:
        return tuple(f for f in self.years if f.year > self.year - YEARS_SHOWN)


def figures_get(*, organisation: Organisation, year: int, dashboard: bool = False) -> Figures:
    """Two queries for the years, one for the tiers, one for the tiers' quarters (their
    times to resolve); the dashboard adds two for the year's quarters."""
    extra = {
        "tier_quarters": tuple(service_level_quarters_list(
            organisation=organisation, year=year)),
    }
    if dashboard:
        extra["quarters"] = tuple(quarter_series_list(organisation=organisation,
                                                                year=year))
    return Figures(
        year=year,
        years=tuple(year_series_list(organisation=organisation, up_to=year)),
        service_levels=tuple(service_levels_list(organisation=organisation,
                                                           year=year)),
        **extra,
    )


def first_contact_rate(figures: PeriodFigures) -> int | None:
    """The share of measured calls closed at first point of contact, or None unmeasured."""
    if figures.first_contact_measured is None:
        return None
    return percent_of(figures.first_contact_closed, figures.first_contact_measured)


def channels_of(years: tuple[PeriodFigures, ...]) -> list[tuple[int, str]]:
    """Every channel with figures in any of ``years``, in the channels' order."""
    order, seen = [], set()
    for figures in years:
        for channel in figures.channels:
            if channel.channel_id not in seen:
                seen.add(channel.channel_id)
                order.append((channel.position, channel.name, channel.channel_id))
    return [(channel_id, name) for _position, name, channel_id in sorted(order)]


def resolution_times(figures: Figures) -> list[TierFigures]:
    """The tiers' periods that give a time to resolve: tier by tier (in the tiers'
    order), each tier's periods in turn."""
    order = {tier_id: i for i, tier_id in
             enumerate(dict.fromkeys(t.tier_id for t in figures.tier_quarters))}
    return sorted((t for t in figures.tier_quarters
                   if t.median_hours is not None or t.p90_hours is not None),
                  key=lambda t: (order[t.tier_id], t.quarter))
