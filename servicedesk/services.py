"""Writing the service desk's figures from a whole-report file."""

from django.db import transaction

from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.writes import file_positions, sync_children, upsert
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
    channels = {
        c.name: upsert(Channel, {"name": c.name},
                       {"self_service": c.self_service, "position": channel_at[c.name]})
        for c in part.channels
    }
    tiers = {
        t.name: upsert(ServiceTier, {"name": t.name}, {
            "position": tier_at[t.name],
            "availability_target": t.availability_target,
            "resolution_hours": t.resolution_hours,
            "resolution_target": t.resolution_target,
        })
        for t in part.tiers
    }
    # Returns may name channels and tiers held already but not listed in the file.
    channels |= {c.name: c for c in Channel.objects.exclude(name__in=channels)}
    tiers |= {t.name: t for t in ServiceTier.objects.exclude(name__in=tiers)}

    for entry in part.returns:
        year, _ = FinancialYear.objects.get_or_create(start_year=entry.year)
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
             "resolved_in_time": result.resolved_in_time, "breaches": result.breaches}
            for result in entry.service_levels
        ], key=["tier"])
