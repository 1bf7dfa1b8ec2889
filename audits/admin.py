from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.choices import RecommendationStatus
from audits.models import (
    AuditOpinion,
    AuditReturn,
    AuditReview,
    ComplianceCertificate,
    HealthCheck,
    Recommendation,
    RecommendationCount,
    RemediationProgress,
)
from audits.resources import RecommendationCountResource, RemediationProgressResource
from ictreport.core import admin_base
from ictreport.core.access import visible_organisations
from ictreport.core.admin_bilingual import BilingualAdmin, BilingualInline, PostedEnglishMixin
from ictreport.core.figure_admin import register_figure_admin


@admin.register(AuditOpinion)
class AuditOpinionAdmin(BilingualAdmin, admin_base.EntryFieldsMixin, admin_base.ReferenceAdmin):
    list_display = ["name", "position", "limited"]
    ordering = ["position"]


# A dozen reviews go on one page: short note boxes keep it scannable.
SHORT_NOTES = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


class AuditReviewInline(BilingualInline, admin_base.FigureRowsMixin, admin.TabularInline):
    model = AuditReview
    fields = ["title", "opinion", "reported_on", "notes"]
    formfield_overrides = SHORT_NOTES
    extra = 0
    show_change_link = True  # its recommendations are entered on the review's own page


class RecommendationCountInline(admin_base.ExpectedRowsInline):
    """A count for every priority, or none (where the recommendations themselves are
    recorded): never some priorities and not others."""

    model = RecommendationCount
    choice_field = "priority"
    all_or_none = True
    max_num = 3
    verbose_name_plural = _("recommendation counts (only where the recommendations "
                            "themselves are not recorded)")


class HealthCheckInline(admin_base.FigureRowsMixin, admin.TabularInline):
    model = HealthCheck
    extra = 0


class RemediationProgressInline(admin_base.ExpectedRowsInline):
    """Progress for every severity, or none (no health check to report)."""

    model = RemediationProgress
    choice_field = "severity"
    all_or_none = True
    max_num = 4
    verbose_name_plural = _("IT health check remediation: percent complete by severity")


class ComplianceCertificateInline(BilingualInline, admin_base.FigureRowsMixin, admin.StackedInline):
    model = ComplianceCertificate
    formfield_overrides = SHORT_NOTES
    extra = 0


@admin.register(AuditReturn)
class AuditReturnAdmin(PostedEnglishMixin, admin_base.ReturnAdmin):
    fieldsets = [
        *admin_base.ReturnAdmin.fieldsets,
        (_("Recommendations"), {"fields": ["recommendations_stated_total"]}),
    ]
    inlines = [AuditReviewInline, RecommendationCountInline, HealthCheckInline,
               RemediationProgressInline, ComplianceCertificateInline]


class RecommendationInline(BilingualInline, admin_base.FigureRowsMixin, admin.StackedInline):
    model = Recommendation
    extra = 0


def _scoped_returns(request):
    return AuditReturn.objects.filter(
        organisation__in=visible_organisations(request.user)
    ).select_related("organisation", "year")


@admin.register(AuditReview)
class AuditReviewAdmin(BilingualAdmin, admin_base.OrganisationScopedAdmin):
    organisation_path = "audit_return__organisation"
    list_display = ["title", "opinion", "audit_return", "reported_on"]
    list_filter = ["opinion", "audit_return__organisation", "audit_return__year"]
    list_select_related = ["opinion", "audit_return__organisation", "audit_return__year"]
    search_fields = ["title"]
    fields = ["audit_return", "title", "opinion", "reported_on", "notes"]
    inlines = [RecommendationInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "audit_return":
            kwargs["queryset"] = _scoped_returns(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        overdue = {"status": RecommendationStatus.OPEN, "due_on__lt": timezone.localdate()}
        if self.value() == "yes":
            return queryset.filter(**overdue)
        if self.value() == "no":
            return queryset.exclude(**overdue)
        return queryset


@admin.register(Recommendation)
class RecommendationAdmin(BilingualAdmin, admin_base.OrganisationScopedAdmin):
    organisation_path = "review__audit_return__organisation"
    list_display = ["__str__", "review", "priority", "owner", "due_on", "status", "overdue"]
    list_filter = ["status", "priority", OverdueFilter, "review__audit_return__organisation",
                   "review__audit_return__year"]
    list_select_related = ["review__opinion"]
    search_fields = ["description", "owner", "review__title"]
    fields = ["review", "priority", "description", "owner", "due_on", "status",
              "status_changed_on"]

    @admin.display(boolean=True, description=_("overdue"))
    def overdue(self, obj):
        return obj.status == RecommendationStatus.OPEN and obj.due_on < timezone.localdate()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "review":
            kwargs["queryset"] = AuditReview.objects.filter(
                audit_return__in=_scoped_returns(request)
            ).select_related("opinion")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Spreadsheet import and export of the counted figures (``ictreport.core.imports``).


register_figure_admin(RemediationProgressResource, "audit_return", "severity", "percent_complete")
register_figure_admin(RecommendationCountResource, "audit_return", "priority", "count")
