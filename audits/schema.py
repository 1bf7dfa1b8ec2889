"""The audit section's part of the whole-report file (see docs/report-file-audits.md)."""

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from ictreport.core.files import Count, Name, Percent, Period, StrictModel, YearSlug

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: Any) -> dt.date:
    match = _MONTH.match(str(value)) if isinstance(value, str) else None
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            pass
    raise ValueError("must be a month written like 2019-04")


def _month_or_date(value: Any) -> tuple[dt.date, bool]:
    """A day (``2020-03-16``) or only a month (``2020-03``): ``(date, month only)``."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value, False
    if isinstance(value, str):
        if _MONTH.match(value):
            return _month(value), True
        try:
            return dt.date.fromisoformat(value), False
        except ValueError:
            pass
    raise ValueError("must be a date written like 2020-03-16, or a month written like 2020-03")


# The first day stands for the month.
Month = Annotated[dt.date, BeforeValidator(_month)]
MonthOrDate = Annotated[tuple[dt.date, bool], BeforeValidator(_month_or_date)]
Text = Annotated[str, Field(min_length=1)]


class RecommendationPart(StrictModel):
    priority: Literal["high", "medium", "low"]
    description: Text
    owner: Name
    due: dt.date
    status: Literal["open", "implemented", "superseded"] = "open"
    status_changed: dt.date | None = None


class ReviewPart(StrictModel):
    title: Name
    opinion: Name
    reported: dt.date | None = None
    notes: str = ""
    recommendations: list[RecommendationPart] = []


class RecommendationCountsPart(StrictModel):
    """Where only the number of recommendations per priority is known."""

    high: Count | None = None
    medium: Count | None = None
    low: Count | None = None


class HealthCheckPart(StrictModel):
    """One IT health check under a return's ``health_checks``: a stock, its tasks and
    hosts completed and in progress as the period ends."""

    carried_out: Month
    tasks_completed: Count
    hosts_completed: Count
    tasks_in_progress: Count
    hosts_in_progress: Count


class RemediationPart(StrictModel):
    """Percent complete by severity."""

    high: Percent | None = None
    medium: Percent | None = None
    low: Percent | None = None
    information: Percent | None = None


class CertificatePart(StrictModel):
    name: Name
    issuer: str = ""
    achieved: MonthOrDate
    expires: dt.date | None = None
    notes: str = ""


class ReturnPart(StrictModel):
    year: YearSlug
    period: Period
    reviews: list[ReviewPart] = []
    recommendations_stated_total: Count | None = None
    recommendation_counts: RecommendationCountsPart | None = None
    health_checks: list[HealthCheckPart] = []
    remediation_percent_complete: RemediationPart | None = None
    certificates: list[CertificatePart] = []


class AuditPart(StrictModel):
    returns: list[ReturnPart]
