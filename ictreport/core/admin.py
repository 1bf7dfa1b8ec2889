from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ictreport.core import registry, workflow
from ictreport.core.access import can_approve
from ictreport.core.admin_base import EntryFieldsMixin, SignOffAdmin
from ictreport.core.admin_bilingual import BilingualAdmin, BilingualInline
from ictreport.core.admin_view_only import ViewOnlyAdmin
from ictreport.core.bilingual import missing_welsh
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


class PublishWithoutWelshForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Publish it with the English where the Welsh is missing"),
        error_messages={"required": _("Tick the box to publish the report while some of "
                                      "its Welsh is missing, or add the Welsh first.")},
    )


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

    def sign_off_view(self, request, object_id, step):
        """Publishing a report whose Welsh is incomplete is confirmed first: a page lists
        what lacks Welsh (the Welsh edition shows the English there) and asks the
        approver to tick that they publish it so; without the tick nothing is published."""
        if step == "publish":
            obj = self._visible_or_404(request, object_id)
            allowed = self.steps(request, obj)["publish"][3]
            missing = missing_welsh(obj) if allowed else []
            if missing:
                form = PublishWithoutWelshForm(
                    request.POST if request.method == "POST" else None)
                if request.method != "POST" or not form.is_valid():
                    return self._publish_confirm_page(request, obj, missing, form)
        response = super().sign_off_view(request, object_id, step)
        if (step == "publish" and request.method == "POST" and AnnualReport.objects.filter(
                pk=object_id, status=ReportStatus.PUBLISHED).exists()):
            # The worker draws the PDFs (ictreport.reports.edition_jobs), not this request.
            messages.info(request, _("The edition's PDF board paper is being prepared in "
                                     "each language: the edition's page links it once it "
                                     "is ready, usually within a few minutes."))
        return response

    def _publish_confirm_page(self, request, obj, missing, form):
        opts = obj._meta
        label = self.steps(request, obj)["publish"][0]
        return TemplateResponse(request, "bilingual/publish_confirm.html", {
            **self.admin_site.each_context(request),
            "opts": opts, "object": obj, "title": label, "step_label": label,
            "form": form, "missing": missing,
            "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                  args=[obj.pk]),
        })

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
        return super().get_queryset(request).defer("html", "data")

# The extracts imported, and the "Import an extract" pages; users, with their sign-in
# dates shown rather than typed.
from ictreport.core import admin_users, extract_admin  # noqa: E402, F401
