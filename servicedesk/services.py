"""Writing the service desk's figures from a whole-report file."""

from django.db import transaction

from ictreport.core.bilingual import by_name
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.writes import (
    file_positions,
    financial_years,
    sync_children,
    upsert,
    upsert_many,
)
from servicedesk.models import (
    Channel,
    ChannelCalls,
    ServiceDeskReturn,
    ServiceLevelResult,
    ServiceTier,
)
from servicedesk.schema import FirstContactPart, ServiceDeskPart


@transaction.atomic
def report_part_save(*, part: ServiceDeskPart, organisation: Organisation) -> None:
    """Write a validated part: channels and tiers by name, then each return it lists.

    A return the file lists is brought to exactly what the file says (figures it no
    longer lists are removed); returns it does not list are left alone.
    """
    # Shared by every organisation: listed in the order held, they keep their places.
    channel_at = file_positions(Channel, [c.name for c in part.channels])
    tier_at = file_positions(ServiceTier, [t.name for t in part.tiers])
    channels = {c.name: c for c in upsert_many(Channel, [
        {"name": c.name, "self_service": c.self_service, "position": channel_at[c.name]}
        for c in part.channels
    ], key=["name"])}
    tiers = {t.name: t for t in upsert_many(ServiceTier, [{
        "name": t.name,
        "position": tier_at[t.name],
        "availability_target": t.availability_target,
        "resolution_hours": t.resolution_hours,
        "resolution_target": t.resolution_target,
    } for t in part.tiers], key=["name"])}
    # Returns may name channels and tiers held already but not listed in the file.
    channels |= {c.name: c for c in Channel.objects.exclude(name__in=channels)}
    tiers |= {t.name: t for t in ServiceTier.objects.exclude(name__in=tiers)}

    years = financial_years(entry.year for entry in part.returns)
    for entry in part.returns:
        year = years[entry.year]
        first_contact = entry.first_contact or FirstContactPart()
        desk_return = upsert(
            ServiceDeskReturn,
            {"organisation": organisation, "year": year, "quarter": entry.period},
            {
                "first_contact_closed": first_contact.closed,
                "first_contact_measured": first_contact.measured,
                "first_contact_target": first_contact.target,
            },
        )
        sync_children(ChannelCalls, {"desk_return": desk_return}, [
            {"channel": channels[calls.channel], "calls": calls.calls} for calls in entry.calls
        ], key=["channel"])
        sync_children(ServiceLevelResult, {"desk_return": desk_return}, [
            {"tier": tiers[result.tier], "availability": result.availability,
             "resolved_in_time": result.resolved_in_time, "breaches": result.breaches,
             "incidents": result.incidents, "median_hours": result.median_hours,
             "p90_hours": result.p90_hours}
            for result in entry.service_levels
        ], key=["tier"])


def _decimal(value):
    from decimal import Decimal

    return None if value is None else Decimal(value)


@transaction.atomic
def extract_quarters_save(*, quarters: dict[int, dict], organisation: Organisation,
                          year: FinancialYear) -> list[ServiceDeskReturn]:
    """Write the quarters a ticket extract yields (``servicedesk.extracts``).

    Each quarter's return is created as a draft if missing; its calls by channel become
    exactly the extract's; its first-contact figures are the extract's (the target is
    kept); each tier's incidents, share resolved in time, breaches and hours to resolve
    are the extract's, its availability kept (tickets do not measure it). A tier with no
    resolution time target keeps its breaches as held.
    """
    channels = by_name(Channel.objects.all())
    tiers = by_name(ServiceTier.objects.all())
    written = []
    for quarter, figures in sorted(quarters.items()):
        desk_return = upsert(
            ServiceDeskReturn,
            {"organisation": organisation, "year": year, "quarter": quarter},
            {"first_contact_closed": figures["first_contact"]["closed"],
             "first_contact_measured": figures["first_contact"]["measured"]},
        )
        sync_children(ChannelCalls, {"desk_return": desk_return}, [
            {"channel": channels[name], "calls": calls}
            for name, calls in figures["calls"].items()
        ], key=["channel"])
        held = {level.tier_id: level for level in desk_return.service_levels.all()}
        for name, level in figures.get("tiers", {}).items():
            tier = tiers[name]
            before = held.get(tier.pk)
            breaches = level["breaches"]
            if breaches is None:
                breaches = before.breaches if before is not None else 0
            upsert(ServiceLevelResult, {"desk_return": desk_return, "tier": tier}, {
                "incidents": level["incidents"],
                "resolved_in_time": _decimal(level["resolved_in_time"]),
                "breaches": breaches,
                "median_hours": _decimal(level["median_hours"]),
                "p90_hours": _decimal(level["p90_hours"]),
            })
        written.append(desk_return)
    return written
