"""Writing the service desk's figures from a whole-report file."""

from django.db import models, transaction

from ictreport.core.models import FinancialYear, Organisation
from servicedesk.models import (
    Channel,
    ChannelCalls,
    ServiceDeskReturn,
    ServiceLevelResult,
    ServiceTier,
)
from servicedesk.schema import FirstContactPart, ServiceDeskPart


def _upsert(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """Create or update one row, saving only when something changed, so importing the
    same file again writes no change history."""
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        return model._default_manager.create(**lookup, **values)
    changed = [field for field, value in values.items() if getattr(row, field) != value]
    if changed:
        for field in changed:
            setattr(row, field, values[field])
        row.save()
    return row


@transaction.atomic
def report_part_save(*, part: ServiceDeskPart, organisation: Organisation) -> None:
    """Write a validated part: channels and tiers by name, then each return it lists.

    A return the file lists is brought to exactly what the file says (figures it no
    longer lists are removed); returns it does not list are left alone.
    """
    channels = {
        c.name: _upsert(Channel, {"name": c.name},
                        {"self_service": c.self_service, "position": position})
        for position, c in enumerate(part.channels)
    }
    tiers = {
        t.name: _upsert(ServiceTier, {"name": t.name}, {
            "position": position,
            "availability_target": t.availability_target,
            "resolution_hours": t.resolution_hours,
            "resolution_target": t.resolution_target,
        })
        for position, t in enumerate(part.tiers)
    }
    # Returns may name channels and tiers held already but not listed in the file.
    channels |= {c.name: c for c in Channel.objects.exclude(name__in=channels)}
    tiers |= {t.name: t for t in ServiceTier.objects.exclude(name__in=tiers)}

    for entry in part.returns:
        year, _ = FinancialYear.objects.get_or_create(start_year=entry.year)
        first_contact = entry.first_contact or FirstContactPart()
        desk_return = _upsert(
            ServiceDeskReturn,
            {"organisation": organisation, "year": year, "quarter": entry.period},
            {
                "first_contact_closed": first_contact.closed,
                "first_contact_measured": first_contact.measured,
                "first_contact_target": first_contact.target,
            },
        )
        for calls in entry.calls:
            _upsert(ChannelCalls,
                    {"desk_return": desk_return, "channel": channels[calls.channel]},
                    {"calls": calls.calls})
        ChannelCalls.objects.filter(desk_return=desk_return).exclude(
            channel__name__in=[c.channel for c in entry.calls]
        ).delete()
        for result in entry.service_levels:
            _upsert(ServiceLevelResult,
                    {"desk_return": desk_return, "tier": tiers[result.tier]},
                    {"availability": result.availability,
                     "resolved_in_time": result.resolved_in_time,
                     "breaches": result.breaches})
        ServiceLevelResult.objects.filter(desk_return=desk_return).exclude(
            tier__name__in=[r.tier for r in entry.service_levels]
        ).delete()
