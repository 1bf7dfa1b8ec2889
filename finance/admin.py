from urllib.parse import urlencode

from django.contrib import admin
from django.db import models
from django.db.models import F, Max
from django.forms import Textarea
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from finance.models import (
    AccountMapping,
    BudgetLine,
    CommentaryThreshold,
    FinanceReturn,
    LineFigure,
)
from finance.resources import LineFigureResource
from finance.selectors import budget_line_list, line_position_list
from ictreport.core import admin_base
from ictreport.core.access import visible_organisations
from ictreport.core.admin_bilingual import BilingualAdmin, BilingualInline, PostedEnglishMixin
from ictreport.core.figure_admin import FigureAdmin
from ictreport.core.models import FinancialYear
from ictreport.core.periods import Quarter


@admin.register(BudgetLine)
class BudgetLineAdmin(BilingualAdmin, admin_base.OrganisationScopedAdmin):
    list_display = ["name", "organisation", "position", "active"]
    list_filter = ["organisation", "active"]
    list_select_related = ["organisation"]
    search_fields = ["name"]
    fields = ["organisation", "name", "position", "active"]


@admin.register(AccountMapping)
class AccountMappingAdmin(admin_base.OrganisationScopedAdmin):
    """Which budget line each ledger account counts towards, for the ledger extract
    (``finance.extracts``); an account left out is listed as unmapped spend."""

    list_display = ["account", "line", "organisation"]
    list_filter = ["organisation", "line"]
    list_select_related = ["organisation", "line"]
    search_fields = ["account", "line__name"]
    fields = ["organisation", "account", "line"]


@admin.register(CommentaryThreshold)
class CommentaryThresholdAdmin(admin_base.OrganisationScopedAdmin):
    list_display = ["organisation", "percent", "amount"]
    list_select_related = ["organisation"]
    fields = ["organisation", "percent", "amount"]


def _param(request, name):
    try:
        return int(request.GET[name])
    except (KeyError, ValueError):
        return None


class LineFigureFormSet(admin_base.ExpectedRowsFormSet):
    def get_unique_error_message(self, unique_check):
        return _("A budget line can be given only once in a return; remove the repeated "
                 "row.")


def _following(latest, years) -> dict:
    """The period after ``latest`` (year × 10 + quarter), where that year exists."""
    if latest is None:
        return {}
    year, quarter = divmod(latest, 10)
    year, quarter = (year + 1, 1) if quarter == Quarter.Q4 else (year, quarter + 1)
    return {"year": year, "quarter": quarter} if year in years else {}


def _latest_quarters(organisations) -> dict:
    """Each organisation's latest quarterly return as year × 10 + quarter (one query)."""
    return dict(
        FinanceReturn.objects.filter(organisation__in=organisations, quarter__gt=0)
        .values("organisation")
        .annotate(latest=Max(F("year_id") * 10 + F("quarter")))
        .values_list("organisation", "latest")
    )


def next_period(organisation_id) -> dict:
    """The period an organisation enters next: the quarter after its latest quarterly
    return, where that year exists (``{}`` when there is none to go by)."""
    years = set(FinancialYear.objects.values_list("start_year", flat=True))
    return _following(_latest_quarters([organisation_id]).get(organisation_id), years)


def add_period(request) -> dict:
    """The organisation, year and quarter a new return's page opens at: those in its
    address (the list page's links), else the user's own organisation (the first of
    their memberships; for someone without any, the one with the latest return) and
    its next quarter."""
    if request.method == "POST":
        return {}
    if not hasattr(request, "_finance_add_period"):
        visible = visible_organisations(request.user)
        organisation = _param(request, "organisation")
        if organisation is not None:
            period = ({"organisation": organisation}
                      if visible.filter(pk=organisation).exists() else {})
            for name in ("year", "quarter"):
                if _param(request, name) is not None:
                    period[name] = _param(request, name)
        else:
            own = (request.user.memberships.filter(organisation__in=visible)
                   .order_by("pk").values_list("organisation", flat=True).first())
            if own is None:  # e.g. a shared-service administrator: the latest entered
                own = (FinanceReturn.objects.filter(organisation__in=visible)
                       .order_by("-year_id", "-quarter", "-updated_at")
                       .values_list("organisation", flat=True).first())
            period = {} if own is None else {"organisation": own, **next_period(own)}
        request._finance_add_period = period
    return request._finance_add_period


class LineFigureInline(BilingualInline, admin_base.ExpectedRowsInline):
    """One row per budget line. A new return opens with a row for every line in use,
    each budget carried over from the year's latest return, so a quarter's figures are
    entered on one page; every line in use must be filled (0 where nothing was spent)."""

    model = LineFigure
    formset = LineFigureFormSet
    choice_field = "line"
    fields = ["line", "budget", "expenditure", "commentary", "discrepancy"]
    extra = 0
    # A row per line on one screen: short text boxes, which the user can drag taller.
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}

    def _organisation_id(self, request, obj):
        if obj is not None and obj.organisation_id is not None:
            return obj.organisation_id
        if request.method == "POST":
            # The admin builds the inlines before it validates the return's own form.
            try:
                posted = int(request.POST.get("organisation", ""))
            except ValueError:
                return None
            return (posted if visible_organisations(request.user).filter(pk=posted).exists()
                    else None)
        return add_period(request).get("organisation")

    def choice_queryset(self, request, obj):
        return BudgetLine.objects.filter(organisation__in=visible_organisations(request.user))

    def expected_choices(self, request, obj) -> list[str]:
        organisation_id = self._organisation_id(request, obj)
        if organisation_id is None:
            return []
        return [str(line.pk) for line in budget_line_list(organisation=organisation_id,
                                                          active_only=True)]

    def initial_rows(self, request, obj) -> list[dict]:
        return self.prefill(request, obj)

    def prefill(self, request, obj) -> list[dict]:
        """The rows offered: every line in use the return does not hold yet (all of them
        for a new return), each with its latest budget this year before the period."""
        if request.method == "POST":
            return []
        if not hasattr(self, "_prefill"):
            self._prefill = []
            organisation_id = self._organisation_id(request, obj)
            if organisation_id is not None:
                held = self.held_choices(obj)
                lines = [line for line in budget_line_list(organisation=organisation_id,
                                                           active_only=True)
                         if str(line.pk) not in held]
                budgets = self._budgets(request, organisation_id, obj) if lines else {}
                self._prefill = [{"line": line.pk, "budget": budgets.get(line.pk)}
                                 for line in lines]
        return self._prefill

    def _budgets(self, request, organisation_id, obj) -> dict:
        if obj is not None and obj.pk is not None:
            year, quarter = obj.year_id, obj.quarter
        else:
            period = add_period(request)
            year, quarter = period.get("year"), period.get("quarter")
        if year is None or quarter is None or quarter <= Quarter.Q1:
            return {}
        positions = line_position_list(organisation=organisation_id,
                                       year=FinancialYear(start_year=year),
                                       through_quarter=quarter - 1)
        return {p.line_id: p.budget for p in positions}

    def get_extra(self, request, obj=None, **kwargs):
        return len(self.prefill(request, obj)) or (3 if obj is None or obj.pk is None else 0)

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made afresh for each request, so this is the request's.
        # A form offers the return's own lines; a submitted one accepts any visible line
        # so that a wrong one is refused with the model's message naming the problem.
        self.organisation_id = (None if request.method == "POST"
                                else self._organisation_id(request, obj))
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "line":
            lines = BudgetLine.objects.select_related("organisation")
            if self.organisation_id is not None:
                kwargs["queryset"] = lines.filter(organisation_id=self.organisation_id)
            else:
                kwargs["queryset"] = lines.filter(
                    organisation__in=visible_organisations(request.user))
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            if self.organisation_id is None:
                field.label_from_instance = lambda line: f"{line.name} ({line.organisation})"
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(FinanceReturn)
class FinanceReturnAdmin(PostedEnglishMixin, admin_base.ReturnAdmin):
    inlines = [LineFigureInline]
    readonly_fields = [*admin_base.ReturnAdmin.readonly_fields, "submission_check"]
    fieldsets = [
        *admin_base.ReturnAdmin.fieldsets,
        (_("Before submission"), {"fields": ["submission_check"]}),
        (_("Totals stated by a source document"), {
            "classes": ["collapse"],
            "description": _("Only for a full year copied from a document such as an "
                             "earlier annual report: the totals it states, to check its "
                             "lines against. Leave empty otherwise."),
            "fields": ["stated_budget", "stated_expenditure", "stated_variance"],
        }),
    ]
    change_list_template = "admin/finance/financereturn/change_list.html"

    @admin.display(description=_("still to do"))
    def submission_check(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the return first.")
        problems = obj.submission_problems()
        if not problems:
            return _("Nothing: the return can be submitted.")
        return format_html("<ul>{}</ul>",
                           format_html_join("", "<li>{}</li>", ((p,) for p in problems)))

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), **add_period(request)}

    def changelist_view(self, request, extra_context=None):
        """A link per organisation to enter its next quarter, the page already holding
        every line and the budgets carried over."""
        organisations = list(visible_organisations(request.user))
        latest = _latest_quarters(organisations)
        years = set(FinancialYear.objects.values_list("start_year", flat=True))
        add_url = reverse("admin:finance_financereturn_add")
        links = [(organisation, "{}?{}".format(add_url, urlencode(
                     {"organisation": organisation.pk,
                      **_following(latest.get(organisation.pk), years)})))
                 for organisation in organisations]
        extra_context = {**(extra_context or {}), "enter_links": links}
        return super().changelist_view(request, extra_context)


@admin.register(LineFigure)
class LineFigureAdmin(BilingualAdmin, FigureAdmin):
    """Spreadsheet import and export of the lines' figures (``ictreport.core.imports``)."""

    figure_resource = LineFigureResource
    list_display = ["finance_return", "line", "budget", "expenditure"]
    # Not by line: a filter on it would offer every organisation's budget lines.
    list_filter = ["finance_return__organisation", "finance_return__year",
                   "finance_return__quarter"]
