"""Data entry: one page holds one quarter's whole service desk return.

A new return's page opens with a row for every channel and every tier already filled
in, so entering a quarter means typing its figures, not choosing what they are for; a
row left blank is refused, naming it (``ictreport.core.admin_base.ExpectedRowsInline``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ictreport.core import admin_base
from ictreport.core.admin_bilingual import BilingualAdmin
from ictreport.core.figure_admin import register_figure_admin
from servicedesk.models import (
    Channel,
    ChannelCalls,
    ServiceDeskReturn,
    ServiceLevelResult,
    ServiceTier,
)
from servicedesk.resources import ChannelCallsResource, ServiceLevelResource


class ChannelCallsInline(admin_base.ExpectedRowsInline):
    """Every channel's calls, each filled in (0 for a channel not used this quarter)."""

    model = ChannelCalls
    choice_field = "channel"
    fields = ["channel", "calls"]
    verbose_name = _("calls by channel")
    verbose_name_plural = _("calls received, by channel")


class ServiceLevelInline(admin_base.ExpectedRowsInline):
    """Every tier's results, or none: a return may leave service levels out, but not
    some of its tiers."""

    model = ServiceLevelResult
    choice_field = "tier"
    all_or_none = True
    fields = ["tier", "availability", "resolved_in_time", "breaches"]
    verbose_name = _("service level result")
    verbose_name_plural = _("service levels, by tier")


@admin.register(ServiceDeskReturn)
class ServiceDeskReturnAdmin(admin_base.ReturnAdmin):
    inlines = [ChannelCallsInline, ServiceLevelInline]
    fieldsets = [
        *admin_base.ReturnAdmin.fieldsets,
        (_("First point of contact"), {
            "fields": ["first_contact_closed", "first_contact_measured", "first_contact_target"],
        }),
    ]


@admin.register(Channel)
class ChannelAdmin(BilingualAdmin, admin_base.EntryFieldsMixin, admin_base.ReferenceAdmin):
    list_display = ["name", "self_service", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(ServiceTier)
class ServiceTierAdmin(BilingualAdmin, admin_base.EntryFieldsMixin, admin_base.ReferenceAdmin):
    list_display = ["name", "availability_target", "resolution_hours", "resolution_target",
                    "position"]
    list_editable = ["position"]
    search_fields = ["name"]


# Spreadsheet import and export of the figures (``ictreport.core.imports``).


register_figure_admin(ChannelCallsResource, "desk_return", "channel", "calls")
register_figure_admin(ServiceLevelResource, "desk_return", "tier", "availability",
                      "resolved_in_time", "breaches")
