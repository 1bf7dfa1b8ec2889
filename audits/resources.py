"""The audit section's quarterly figures as spreadsheet rows (``ictreport.core.imports``):
health-check remediation by severity, and recommendations counted by priority."""

from audits.models import RecommendationCount, RemediationProgress
from ictreport.core.figure_resources import ChoiceKeyed, figure_resource
from ictreport.core.imports import period_columns


class AuditFigureResource(ChoiceKeyed):
    """An audit return's figures for one choice (a severity, a priority)."""

    section_key = "audits"
    return_field = "audit_return"
    organisation, year, period = period_columns("audit_return")


RemediationProgressResource = figure_resource(AuditFigureResource, RemediationProgress,
                                              "severity", "percent_complete")
RecommendationCountResource = figure_resource(AuditFigureResource, RecommendationCount,
                                              "priority", "count")
