"""The service desk's quarterly figures as spreadsheet rows (``ictreport.core.imports``):
calls per channel, and each service tier's results."""

from ictreport.core.figure_resources import NamedRowKeyed, figure_resource
from ictreport.core.imports import period_columns
from servicedesk.models import ChannelCalls, ServiceLevelResult


class DeskFigureResource(NamedRowKeyed):
    """A service desk return's figures for one reference row (a channel, a tier)."""

    section_key = "servicedesk"
    return_field = "desk_return"
    organisation, year, period = period_columns("desk_return")


ChannelCallsResource = figure_resource(DeskFigureResource, ChannelCalls, "channel", "calls")
ServiceLevelResource = figure_resource(DeskFigureResource, ServiceLevelResult, "tier",
                                       "availability", "resolved_in_time", "breaches")
