"""Data entry: one page holds one quarter's whole service desk return.

A new return's page opens with a row for every channel and every tier already filled
in, so entering a quarter means typing its figures, not choosing what they are for.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ictreport.core.admin_base import OrganisationScopedAdmin, ReferenceAdmin, ReturnAdmin
from ictreport.core.imports import FigureImportExportAdmin
from servicedesk.models import (
    Channel,
    ChannelCalls,
    ServiceDeskReturn,
    ServiceLevelResult,
    ServiceTier,
)
from servicedesk.resources import ChannelCallsResource, ServiceLevelResource


class _OneRowPerChoiceInline(admin.TabularInline):
    """An inline whose rows are one per row of a reference table (``choice_field``):
    the page offers a row for each choice the return does not have yet."""

    choice_field: str
    extra = 0

    def missing_choices(self, obj):
        choices = self.model._meta.get_field(self.choice_field).related_model.objects.all()
        if obj is not None and obj.pk is not None:
            held = self.model.objects.filter(desk_return=obj).values(self.choice_field)
            choices = choices.exclude(pk__in=held)
        return list(choices.values_list("pk", flat=True))

    def get_extra(self, request, obj=None, **kwargs):
        return len(self.missing_choices(obj))


class ChannelCallsInline(_OneRowPerChoiceInline):
    model = ChannelCalls
    choice_field = "channel"
    fields = ["channel", "calls"]
    verbose_name = _("calls by channel")
    verbose_name_plural = _("calls received, by channel")


class ServiceLevelInline(_OneRowPerChoiceInline):
    model = ServiceLevelResult
    choice_field = "tier"
    fields = ["tier", "availability", "resolved_in_time", "breaches"]
    verbose_name = _("service level result")
    verbose_name_plural = _("service levels, by tier")


@admin.register(ServiceDeskReturn)
class ServiceDeskReturnAdmin(ReturnAdmin):
    inlines = [ChannelCallsInline, ServiceLevelInline]
    fieldsets = [
        *ReturnAdmin.fieldsets,
        (_("First point of contact"), {
            "fields": ["first_contact_closed", "first_contact_measured", "first_contact_target"],
        }),
    ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, _OneRowPerChoiceInline):
            kwargs["initial"] = [{inline.choice_field: pk}
                                 for pk in inline.missing_choices(obj)]
        return kwargs


@admin.register(Channel)
class ChannelAdmin(ReferenceAdmin):
    list_display = ["name", "self_service", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(ServiceTier)
class ServiceTierAdmin(ReferenceAdmin):
    list_display = ["name", "availability_target", "resolution_hours", "resolution_target",
                    "position"]
    list_editable = ["position"]
    search_fields = ["name"]


# Spreadsheet import and export of the figures (``ictreport.core.imports``).


@admin.register(ChannelCalls)
class ChannelCallsAdmin(FigureImportExportAdmin, OrganisationScopedAdmin):
    resource_classes = [ChannelCallsResource]
    organisation_path = "desk_return__organisation"
    list_display = ["desk_return", "channel", "calls"]
    list_filter = ["desk_return__organisation", "desk_return__year", "desk_return__quarter",
                   "channel"]
    list_select_related = ["desk_return__organisation", "desk_return__year", "channel"]


@admin.register(ServiceLevelResult)
class ServiceLevelResultAdmin(FigureImportExportAdmin, OrganisationScopedAdmin):
    resource_classes = [ServiceLevelResource]
    organisation_path = "desk_return__organisation"
    list_display = ["desk_return", "tier", "availability", "resolved_in_time", "breaches"]
    list_filter = ["desk_return__organisation", "desk_return__year", "desk_return__quarter",
                   "tier"]
    list_select_related = ["desk_return__organisation", "desk_return__year", "tier"]
