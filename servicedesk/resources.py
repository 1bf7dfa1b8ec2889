"""The service desk's quarterly figures as spreadsheet rows (``ictreport.core.imports``):
calls per channel, and each service tier's results."""

from ictreport.core.bilingual import by_name
from ictreport.core.imports import (
    FigureResource,
    count_column,
    decimal_column,
    figure_key,
    period_columns,
)
from servicedesk.models import Channel, ChannelCalls, ServiceLevelResult, ServiceTier


class DeskFigureResource(FigureResource):
    """A service desk return's figures for one reference row (a channel, a tier),
    named in the key column in English or Welsh."""

    section_key = "servicedesk"
    return_field = "desk_return"
    reference_model: type

    organisation, year, period = period_columns("desk_return")

    def key_choices(self, organisation):
        return by_name(self.reference_model.objects.all())


class ChannelCallsResource(DeskFigureResource):
    key_field = key_column = "channel"
    reference_model = Channel

    channel = figure_key("channel", "channel__name")
    calls = count_column("calls")

    class Meta(FigureResource.Meta):
        model = ChannelCalls


class ServiceLevelResource(DeskFigureResource):
    key_field = key_column = "tier"
    reference_model = ServiceTier

    tier = figure_key("tier", "tier__name")
    availability = decimal_column("availability", required=False)
    resolved_in_time = decimal_column("resolved_in_time", required=False)
    breaches = count_column("breaches")

    class Meta(FigureResource.Meta):
        model = ServiceLevelResult
