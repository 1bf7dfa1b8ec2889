"""Admin classes the section apps build their data-entry pages on.

The admin is the data-entry screen, so what a user may see and change is decided here,
once, for every section: lists, forms and choices are limited to the organisations the
user may see (``ictreport.core.access``).
"""

from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ictreport.core.access import visible_organisations
from ictreport.core.models import Organisation


class OrganisationScopedAdmin(SimpleHistoryAdmin):
    """An admin for rows that belong to one organisation, with their change history.

    ``organisation_path`` is the lookup from the model to its organisation, e.g.
    ``"organisation"`` or ``"review__organisation"``.
    """

    organisation_path = "organisation"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            **{f"{self.organisation_path}__in": visible_organisations(request.user)}
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.remote_field.model is Organisation:
            kwargs["queryset"] = visible_organisations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReturnAdmin(OrganisationScopedAdmin):
    """One page per quarterly (or full-year) return, its figures as inlines."""

    list_display = ["organisation", "year", "quarter", "status", "updated_at"]
    list_filter = ["organisation", "year", "quarter", "status"]
    list_select_related = ["organisation", "year"]
    readonly_fields = ["status"]
    fieldsets = [(_("Period"), {"fields": ["organisation", "year", "quarter", "status"]})]

