"""The service desk's part of the whole-report file (see docs/report-file-servicedesk.md)."""

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from ictreport.core.files import Count, Name, Percent, Period, StrictModel, YearSlug

Hours = Annotated[int, Field(ge=1, strict=True)]
HoursTaken = Annotated[Decimal, Field(ge=0, decimal_places=1, max_digits=8)]


class ChannelPart(StrictModel):
    name: Name
    self_service: bool = False


class TierPart(StrictModel):
    """One performance level under ``servicedesk.tiers`` (shared by every
    organisation) and its targets."""

    name: Name
    availability_target: Percent | None = None
    resolution_hours: Hours | None = None
    resolution_target: Percent | None = None


class CallsPart(StrictModel):
    """A return's calls for service through one channel (``calls``)."""

    channel: Name
    calls: Count


class FirstContactPart(StrictModel):
    closed: Count | None = None  # both or neither (``ServiceDeskSection.check``)
    measured: Count | None = None
    target: Percent | None = None


class ServiceLevelPart(StrictModel):
    tier: Name
    availability: Percent | None = None
    resolved_in_time: Percent | None = None
    breaches: Count
    incidents: Count | None = None
    median_hours: HoursTaken | None = None  # no more than p90_hours (the section's check)
    p90_hours: HoursTaken | None = None


class ReturnPart(StrictModel):
    year: YearSlug
    period: Period
    calls: list[CallsPart] = []
    first_contact: FirstContactPart | None = None
    service_levels: list[ServiceLevelPart] = []


class ServiceDeskPart(StrictModel):
    channels: list[ChannelPart] = []
    tiers: list[TierPart] = []
    returns: list[ReturnPart] = []
