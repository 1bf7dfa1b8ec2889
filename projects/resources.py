"""Core planned work's quarterly figures as spreadsheet rows (``ictreport.core.imports``):
each team's items completed in the period and outstanding at its end."""

from ictreport.core.figure_resources import NamedRowKeyed, figure_resource
from ictreport.core.imports import period_columns
from projects.models import TeamWork


class CoreWorkFigureResource(NamedRowKeyed):
    """A core planned work return's figures for one team."""

    section_key = "projects"
    return_field = "work_return"
    organisation, year, period = period_columns("work_return")


TeamWorkResource = figure_resource(CoreWorkFigureResource, TeamWork, "team",
                                   "completed", "outstanding")
