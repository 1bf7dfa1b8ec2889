"""Core planned work's quarterly figures as spreadsheet rows (``ictreport.core.imports``):
each team's items completed in the period and outstanding at its end."""

from ictreport.core.bilingual import by_name
from ictreport.core.imports import (
    FigureResource,
    count_column,
    figure_key,
    period_columns,
)
from projects.models import Team, TeamWork


class TeamWorkResource(FigureResource):
    section_key = "projects"
    return_field = "work_return"
    key_field = key_column = "team"

    organisation, year, period = period_columns("work_return")
    team = figure_key("team", "team__name")
    completed = count_column("completed")
    outstanding = count_column("outstanding")

    class Meta(FigureResource.Meta):
        model = TeamWork

    def key_choices(self, organisation):
        return by_name(Team.objects.all())
