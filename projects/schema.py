"""The projects app's parts of the whole-report file, ``projects:`` and ``priorities:``
(see docs/report-file-projects.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import BeforeValidator, Field, field_validator

from ictreport.core.file_fields import (
    Count,
    Name,
    Period,
    StrictModel,
    YearSlug,
    at_least_one,
)
from ictreport.core.periods import Quarter
from projects.models import DeliveryRoute, ProjectStatus, Rag


def _one_of(values: list[str]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in values:
            # Marked for translation as every other problem with the file is.
            raise ValueError(gettext("must be one of: %(values)s") % {
                "values": ", ".join(values)})
        return value

    return check


def _choice(choices) -> Any:
    return Annotated[str, BeforeValidator(_one_of([value for value, _label in choices]))]


Text200 = Annotated[str, Field(max_length=200)]
Highlight = Annotated[str, Field(min_length=1, max_length=300)]
PercentComplete = Annotated[int, Field(ge=0, le=100, strict=True)]


class TeamPart(StrictModel):
    team: Name
    completed: Count
    outstanding: Count


class CoreWorkPart(StrictModel):
    year: YearSlug
    period: Period
    teams: list[TeamPart]
    highlights: list[Highlight] = []

    _some_teams = at_least_one("teams", _("must list at least one team"))


class UpdatePart(StrictModel):
    period: Period
    rag: _choice(Rag.choices)
    percent_complete: PercentComplete | None = None
    commentary: str = ""

    @field_validator("period")
    @classmethod
    def _a_quarter(cls, period):
        if period == Quarter.FULL_YEAR:
            raise ValueError("must be Q1, Q2, Q3 or Q4: updates are quarterly")
        return period


class ProjectPart(StrictModel):
    name: Name
    theme: Name | None = None
    delivery_route: _choice(DeliveryRoute.choices) | None = None
    status: _choice(ProjectStatus.choices) | None = None
    owner: Text200 = ""
    start_date: dt.date | None = None
    target_date: dt.date | None = None
    description: str = ""
    deliverables: list[Name] = []
    updates: list[UpdatePart] = []


class ProjectsPart(StrictModel):
    returns: list[CoreWorkPart] = []
    portfolio: list[ProjectPart] = []


class PrioritiesPart(StrictModel):
    projects: list[Name] = []
    preparedness: list[Name] = []
