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


class ChannelCallsResource(FigureResource):
    section_key = "servicedesk"
    return_field = "desk_return"
    key_field = key_column = "channel"

    organisation, year, period = period_columns("desk_return")
    channel = figure_key("channel", "channel__name")
    calls = count_column("calls")

    class Meta(FigureResource.Meta):
        model = ChannelCalls
        fields = ["organisation", "year", "period", "channel", "calls"]
        import_id_fields = ["organisation", "year", "period", "channel"]

    def key_choices(self, organisation):
        return by_name(Channel.objects.all())


class ServiceLevelResource(FigureResource):
    section_key = "servicedesk"
    return_field = "desk_return"
    key_field = key_column = "tier"

    organisation, year, period = period_columns("desk_return")
    tier = figure_key("tier", "tier__name")
    availability = decimal_column("availability", required=False)
    resolved_in_time = decimal_column("resolved_in_time", required=False)
    breaches = count_column("breaches")

    class Meta(FigureResource.Meta):
        model = ServiceLevelResult
        fields = ["organisation", "year", "period", "tier", "availability",
                  "resolved_in_time", "breaches"]
        import_id_fields = ["organisation", "year", "period", "tier"]

    def key_choices(self, organisation):
        return by_name(ServiceTier.objects.all())
