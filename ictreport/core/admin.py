from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ictreport.core.models import AnnualReport, FinancialYear, Organisation, SectionText


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    list_display = ["label", "start_year"]


class SectionTextInline(admin.StackedInline):
    model = SectionText
    extra = 0


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "year", "status", "publicly_disclosable",
                    "updated_at"]
    list_filter = ["status", "organisation", "year"]
    list_select_related = ["organisation", "year"]
    search_fields = ["title"]
    inlines = [SectionTextInline]
    fieldsets = [
        (None, {"fields": ["organisation", "year", "status", "publicly_disclosable"]}),
        (_("Cover"), {"fields": ["title", "issuing_office", "lead_chief_officer",
                                 "report_date", "timing", "purpose", "classification"]}),
        (_("Narrative"), {"fields": ["recommendation", "introduction", "strategy",
                                     "governance", "next_steps", "financial", "personnel",
                                     "legal", "equalities", "risk", "public_interest",
                                     "contact_officer", "annexes"]}),
    ]
