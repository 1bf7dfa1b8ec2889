"""What the core's Meta and column factories derive from a section's declarations: a
row's order and its uniqueness from its parent and key, and a value column's reading
from its model field."""

import pytest
from django.db import models

from audits.models import RemediationProgress
from ictreport.core.import_columns import CountWidget, DecimalWidget, value_column
from servicedesk.models import ChannelCalls, ServiceLevelResult


def test_a_row_one_per_parent_and_key_is_listed_and_made_unique_by_them():
    meta = ChannelCalls._meta
    assert meta.ordering == ["desk_return", "channel"]
    unique = meta.constraints[0]
    assert isinstance(unique, models.UniqueConstraint)
    assert unique.fields == ("desk_return", "channel")
    # Named after its app, model and key unless the model names it itself.
    assert unique.name == "servicedesk_channelcalls_one_per_channel"
    assert ServiceLevelResult._meta.constraints[0].name == "servicedesk_servicelevel_one_per_tier"


def test_a_value_column_reads_its_cell_as_its_field_holds_it():
    percent = value_column(RemediationProgress._meta.get_field("percent_complete"))
    assert isinstance(percent.widget, DecimalWidget) and percent.widget.required
    incidents = value_column(ServiceLevelResult._meta.get_field("incidents"))
    assert isinstance(incidents.widget, CountWidget) and not incidents.widget.required
    with pytest.raises(TypeError):
        value_column(ChannelCalls._meta.get_field("channel"))
