"""The service desk's part of the whole-report file: its checks, save and dump.

The part's schema is ``schema.py`` (shared with ``services.py``, which writes it); the
rules every list of returns shares are ``ReturnsFilePart.check_returns``. The part holds
the years the section's tables show (``YEARS_SHOWN``).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ictreport.core.file_fields import Problem
from ictreport.core.file_parts import ReturnsFilePart, duplicate_problems
from ictreport.core.file_welsh import WelshKey
from ictreport.core.formatting import format_value
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_slug
from servicedesk.models import (
    Channel,
    ChannelCalls,
    ServiceDeskReturn,
    ServiceLevelResult,
    ServiceTier,
)
from servicedesk.schema import ServiceDeskPart
from servicedesk.selectors import YEARS_SHOWN
from servicedesk.services import report_part_save


class ServiceDeskFilePart(ReturnsFilePart, key="servicedesk", schema=ServiceDeskPart,
                          returns_model=ServiceDeskReturn, years_held=YEARS_SHOWN):
    # The names are the shared reference rows'; a return names them (channel:, tier:),
    # and a _cy beside that reference gives the row's Welsh name too.
    welsh_keys = {
        # The part defines its channels and tiers in lists of their own: their Welsh
        # names are given there, once, not beside every return that names them.
        "channels[].name": WelshKey(Channel, "name"),
        "tiers[].name": WelshKey(ServiceTier, "name"),
    }

    def part_problems(self, part: ServiceDeskPart, *, path: str) -> list[Problem]:
        problems = duplicate_problems([c.name for c in part.channels], f"{path}.channels",
                                       "name")
        problems += duplicate_problems([t.name for t in part.tiers], f"{path}.tiers", "name")
        for index, tier in enumerate(part.tiers):
            if tier.resolution_target is not None and tier.resolution_hours is None:
                problems.append(Problem(f"{path}.tiers[{index}].resolution_hours",
                                        _("is required when resolution_target is given")))

        channels = {c.name for c in part.channels} | set(
            Channel.objects.values_list("name", flat=True))
        tiers = {t.name for t in part.tiers} | set(
            ServiceTier.objects.values_list("name", flat=True))
        for index, entry in enumerate(part.returns):
            problems += _return_problems(entry, f"{path}.returns[{index}]", path=path,
                                         channels=channels, tiers=tiers)
        return problems

    def save(self, part: ServiceDeskPart, *, organisation: Organisation,
             year: FinancialYear) -> None:
        report_part_save(part=part, organisation=organisation)

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        returns = list(
            self.returns_held(organisation=organisation, year=year)
            .prefetch_related(
                Prefetch("channel_calls",
                         ChannelCalls.objects.select_related("channel")
                         .order_by("channel__position", "channel__name")),
                Prefetch("service_levels",
                         ServiceLevelResult.objects.select_related("tier")
                         .order_by("tier__position", "tier__name")),
            )
        )
        if not returns:
            return None
        part = {"channels": [{"name": c.name, "self_service": c.self_service}
                             for c in Channel.objects.all()]}
        tiers = [_without_none({"name": t.name, "availability_target": t.availability_target,
                                "resolution_hours": t.resolution_hours,
                                "resolution_target": t.resolution_target})
                 for t in ServiceTier.objects.all()]
        if tiers:
            part["tiers"] = tiers
        part["returns"] = [_dump_return(r) for r in returns]
        return part


def _return_problems(entry, at: str, *, path: str, channels: set[str],
                     tiers: set[str]) -> list[Problem]:
    """One return's own rules: names it may use, first-contact pairs, medians."""
    problems = []
    for key, rows, attr, known, listed in (
        ("calls", entry.calls, "channel", channels, "channels"),
        ("service_levels", entry.service_levels, "tier", tiers, "tiers"),
    ):
        names = [getattr(row, attr) for row in rows]
        problems += duplicate_problems(names, f"{at}.{key}", attr)
        problems += [
            Problem(f"{at}.{key}[{i}].{attr}",
                    _("%(name)s is not listed in %(listed)s nor held already") % {
                        "name": repr(name), "listed": f"{path}.{listed}"})
            for i, name in enumerate(names) if name not in known
        ]
    first_contact = entry.first_contact
    if first_contact is not None:
        closed, measured = first_contact.closed, first_contact.measured
        if closed is not None and measured is None:
            problems.append(Problem(f"{at}.first_contact.measured",
                                    _("is required when closed is given")))
        elif measured is not None and closed is None:
            problems.append(Problem(f"{at}.first_contact.closed",
                                    _("is required when measured is given")))
        elif closed is not None and closed > measured:
            problems.append(Problem(f"{at}.first_contact.closed",
                                    _("must not be more than measured (%(measured)s)") % {
                                        "measured": format_value(measured, "int")}))
    for i, level in enumerate(entry.service_levels):
        if (level.median_hours is not None and level.p90_hours is not None
                and level.median_hours > level.p90_hours):
            problems.append(Problem(f"{at}.service_levels[{i}].median_hours",
                                    _("must not be more than p90_hours (%(p90)s)") % {
                                        "p90": format_value(level.p90_hours, "decimal")}))
    return problems


def _without_none(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def _dump_return(desk_return: ServiceDeskReturn) -> dict:
    entry = {"year": year_slug(desk_return.year_id),
             "period": Quarter(desk_return.quarter).code}
    calls = [{"channel": c.channel.name, "calls": c.calls}
             for c in desk_return.channel_calls.all()]
    if calls:
        entry["calls"] = calls
    first_contact = _without_none({"closed": desk_return.first_contact_closed,
                                   "measured": desk_return.first_contact_measured,
                                   "target": desk_return.first_contact_target})
    if first_contact:
        entry["first_contact"] = first_contact
    levels = [_without_none({"tier": s.tier.name, "availability": s.availability,
                             "resolved_in_time": s.resolved_in_time, "breaches": s.breaches,
                             "incidents": s.incidents, "median_hours": s.median_hours,
                             "p90_hours": s.p90_hours})
              for s in desk_return.service_levels.all()]
    if levels:
        entry["service_levels"] = levels
    return entry


# Registered by the app's config (ictreport.core.section_apps).
FILE_PARTS = (ServiceDeskFilePart(),)
