"""The audit section's quarterly figures as spreadsheet rows (``ictreport.core.imports``):
health-check remediation by severity, and recommendations counted by priority."""

from audits.choices import Priority, Severity
from audits.models import RecommendationCount, RemediationProgress
from ictreport.core.imports import (
    FigureResource,
    count_column,
    decimal_column,
    figure_key,
    period_columns,
)


class RemediationProgressResource(FigureResource):
    section_key = "audits"
    return_field = "audit_return"
    key_field = "severity"
    key_column = "severity"

    organisation, year, period = period_columns("audit_return")
    severity = figure_key("severity", "severity")
    percent_complete = decimal_column("percent_complete")

    class Meta(FigureResource.Meta):
        model = RemediationProgress
        fields = ["organisation", "year", "period", "severity", "percent_complete"]
        import_id_fields = ["organisation", "year", "period", "severity"]

    def key_choices(self, organisation):
        return {severity: severity for severity in Severity.values}


class RecommendationCountResource(FigureResource):
    section_key = "audits"
    return_field = "audit_return"
    key_field = "priority"
    key_column = "priority"

    organisation, year, period = period_columns("audit_return")
    priority = figure_key("priority", "priority")
    count = count_column("count")

    class Meta(FigureResource.Meta):
        model = RecommendationCount
        fields = ["organisation", "year", "period", "priority", "count"]
        import_id_fields = ["organisation", "year", "period", "priority"]

    def key_choices(self, organisation):
        return {priority: priority for priority in Priority.values}
