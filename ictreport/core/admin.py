from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ictreport.core import registry, workflow
from ictreport.core.access import can_approve
from ictreport.core.admin_base import EntryFieldsMixin, SignOffAdmin
from ictreport.core.admin_bilingual import BilingualAdmin, BilingualInline
from ictreport.core.admin_view_only import ViewOnlyAdmin
from ictreport.core.models import (
    AnnualReport,
    FinancialYear,
    Membership,
    Organisation,
    ReportEdition,
    ReportStatus,
    SectionText,
    SignOff,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(BilingualAdmin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    list_display = ["label", "start_year"]


def _section_choices():
    return [("", "---------"), *((section.key, section.title) for section in registry.sections())]


class SectionTextForm(forms.ModelForm):
    """The section is one of the report's registered sections, chosen, not typed."""

    section = forms.ChoiceField(label=_("section"), choices=_section_choices,
                                help_text=_("The report section the text belongs to."))

    class Meta:
        model = SectionText
        fields = ["section", "intro", "commentary"]


class SectionTextInline(BilingualInline, EntryFieldsMixin, admin.StackedInline):
    model = SectionText
    form = SectionTextForm
    extra = 0


@admin.register(AnnualReport)
class AnnualReportAdmin(BilingualAdmin, SignOffAdmin):
    list_display = ["title", "organisation", "year", "status", "publicly_disclosable",
                    "updated_at"]
    list_filter = ["status", "organisation", "year"]
    list_select_related = ["organisation", "year"]
    search_fields = ["title"]
    inlines = [SectionTextInline]
    readonly_fields = ["status"]
    fieldsets = [
        (None, {"fields": ["organisation", "year", "status", "publicly_disclosable"]}),
        (_("Cover"), {"fields": ["title", "issuing_office", "lead_chief_officer",
                                 "report_date", "timing", "purpose", "classification"]}),
        (_("Narrative"), {"fields": ["recommendation", "introduction", "strategy",
                                     "governance", "next_steps", "financial", "personnel",
                                     "legal", "equalities", "risk", "public_interest",
                                     "contact_officer", "annexes"]}),
    ]

    def steps(self, request, obj):
        approver, status = can_approve(request.user, obj.organisation_id), obj.status
        return {
            "approve": (_("Approve"),
                        lambda o, user: workflow.report_approve(report=o, user=user),
                        False, approver and status == ReportStatus.DRAFT),
            "publish": (_("Publish"),
                        lambda o, user: workflow.report_publish(report=o, user=user),
                        False, approver and status == ReportStatus.APPROVED),
            "reopen": (_("Reopen"),
                       lambda o, user, reason: workflow.report_reopen(
                           report=o, user=user, reason=reason),
                       True, approver and status != ReportStatus.DRAFT),
        }


@admin.register(SignOff)
class SignOffStepAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    """The trail of sign-off steps: written only by the steps themselves."""

    organisation_path = "organisation"
    list_display = ["at", "description", "action", "user", "reason"]
    list_filter = ["action", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation", "user"]
    search_fields = ["description", "reason"]
    date_hierarchy = "at"



@admin.register(ReportEdition)
class ReportEditionAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    """Published editions, to look at only: they are frozen when published, and the
    database refuses any change."""

    organisation_path = "report__organisation"
    list_display = ["title", "number", "published_at", "published_by"]
    list_filter = [("report__organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["report__organisation", "report__year", "published_by"]
    fields = ["report", "number", "published_at", "published_by", "title", "classification",
              "publicly_disclosable", "reasons", "changes", "content_sha256"]
    readonly_fields = fields
    date_hierarchy = "published_at"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("html", "data", "pdf")

# The extracts imported, and the "Import an extract" pages; users, with their sign-in
# dates shown rather than typed.
from ictreport.core import admin_users, extract_admin  # noqa: E402, F401
