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


class AuditFigureResource(FigureResource):
    """An audit return's figures for one choice (a severity, a priority): the key
    column holds the choice's stored value."""

    section_key = "audits"
    return_field = "audit_return"
    choices: type

    organisation, year, period = period_columns("audit_return")

    def key_choices(self, organisation):
        return {value: value for value in self.choices.values}


class RemediationProgressResource(AuditFigureResource):
    key_field = key_column = "severity"
    choices = Severity

    severity = figure_key("severity", "severity")
    percent_complete = decimal_column("percent_complete")

    class Meta(FigureResource.Meta):
        model = RemediationProgress


class RecommendationCountResource(AuditFigureResource):
    key_field = key_column = "priority"
    choices = Priority

    priority = figure_key("priority", "priority")
    count = count_column("count")

    class Meta(FigureResource.Meta):
        model = RecommendationCount
