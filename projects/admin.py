from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from ictreport.core import admin_base
from ictreport.core.admin_bilingual import BilingualAdmin, BilingualInline, PostedEnglishMixin
from ictreport.core.figure_admin import register_figure_admin
from projects.models import (
    CompletedWorkHighlight,
    CoreWorkReturn,
    Deliverable,
    Project,
    ProjectUpdate,
    Rag,
    Team,
    TeamWork,
    Theme,
)
from projects.resources import TeamWorkResource

_SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}


@admin.register(Team)
class TeamAdmin(BilingualAdmin, admin_base.EntryFieldsMixin, admin_base.ReferenceAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Theme)
class ThemeAdmin(BilingualAdmin, admin_base.EntryFieldsMixin, admin_base.ReferenceAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


class TeamWorkInline(admin_base.ExpectedRowsInline):
    """Every team's figures, each filled in (0 and 0 for a team with no core work)."""

    model = TeamWork
    choice_field = "team"
    fields = ["team", "completed", "outstanding"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team")


class HighlightInline(BilingualInline, admin_base.EntryFieldsMixin, admin.TabularInline):
    model = CompletedWorkHighlight
    fields = ["position", "text"]
    extra = 1
    verbose_name = _("notable completed work")
    verbose_name_plural = _("notable completed work")


@admin.register(CoreWorkReturn)
class CoreWorkReturnAdmin(PostedEnglishMixin, admin_base.ReturnAdmin):
    """One page enters a period's core planned work for every team at once: a row per
    team is laid out ready; a row left empty is refused, naming the team."""

    inlines = [TeamWorkInline, HighlightInline]


class DeliverableInline(BilingualInline, admin_base.FigureRowsMixin, admin.TabularInline):
    model = Deliverable
    fields = ["position", "name"]
    extra = 1


class ProjectUpdateInline(BilingualInline, admin_base.FigureRowsMixin, admin.TabularInline):
    model = ProjectUpdate
    fields = ["quarter", "rag", "percent_complete", "commentary"]
    extra = 1
    formfield_overrides = _SHORT_TEXT


@admin.register(Project)
class ProjectAdmin(BilingualAdmin, admin_base.OrganisationScopedAdmin):
    list_display = ["name", "organisation", "year", "theme", "delivery_route", "status",
                    "latest_rag", "planned_as"]
    list_filter = ["organisation", "year", "theme", "status", "delivery_route", "planned_as"]
    list_select_related = ["organisation", "year", "theme"]
    search_fields = ["name", "description", "owner"]
    inlines = [DeliverableInline, ProjectUpdateInline]
    fieldsets = [
        (None, {"fields": ["organisation", "year", "name", "theme", "position"]}),
        (_("Delivery"), {"fields": ["delivery_route", "status", "owner", "start_date",
                                    "target_date", "description"]}),
        (_("Planning"), {"fields": ["planned_as"]}),
    ]

    def get_queryset(self, request):
        latest = ProjectUpdate.objects.filter(project=OuterRef("pk")).order_by("-quarter")
        return super().get_queryset(request).annotate(
            latest_rag_value=Subquery(latest.values("rag")[:1])
        )

    @admin.display(description=_("latest RAG status"), ordering="latest_rag_value")
    def latest_rag(self, project):
        if not project.latest_rag_value:
            return _("No update yet")
        return Rag(project.latest_rag_value).label


# Spreadsheet import and export of each team's core planned work
# (``ictreport.core.imports``).
register_figure_admin(TeamWorkResource, "work_return", "team", "completed", "outstanding")
