"""What the core derives from a section's declarations: a figure resource's columns and
identity from the columns it declares, a figure admin's scope, filters and joins from its
resource, and the one history a ``Recorded`` model gets."""

import pytest
from django.contrib import admin

from audits.models import HealthCheck, RemediationProgress
from audits.resources import RemediationProgressResource
from finance.models import LineFigure
from finance.resources import LineFigureResource
from servicedesk.models import ChannelCalls
from servicedesk.resources import ChannelCallsResource


def test_a_resource_lists_its_declared_columns_and_is_identified_by_period_and_key():
    assert RemediationProgressResource._meta.fields == [
        "organisation", "year", "period", "severity", "percent_complete"]
    assert LineFigureResource._meta.import_id_fields == [
        "organisation", "year", "period", "budget_line"]
    exported = [field.column_name for field in ChannelCallsResource().get_export_fields()]
    assert exported == ["organisation", "year", "period", "channel", "calls"]


@pytest.mark.parametrize(("model", "joins"), [
    # A key that is a row (a channel) is joined; a choice (a severity) is not.
    (ChannelCalls, ["desk_return__organisation", "desk_return__year", "channel"]),
    (RemediationProgress, ["audit_return__organisation", "audit_return__year"]),
])
def test_a_figure_admin_is_scoped_filtered_and_joined_by_its_resource(model, joins):
    model_admin = admin.site._registry[model]
    link = joins[0].removesuffix("__organisation")
    key = model_admin.figure_resource.key_field
    assert model_admin.organisation_path == f"{link}__organisation"
    assert model_admin.list_filter == [f"{link}__organisation", f"{link}__year",
                                       f"{link}__quarter", key]
    assert model_admin.list_select_related == joins


def test_what_a_figure_admin_sets_itself_stands():
    assert admin.site._registry[LineFigure].list_filter == [
        "finance_return__organisation", "finance_return__year", "finance_return__quarter"]


def test_a_recorded_model_keeps_its_changes_in_its_own_history():
    history = HealthCheck.history.model
    assert history._meta.db_table == "audits_historicalhealthcheck"
    assert history._meta.app_label == "audits"
