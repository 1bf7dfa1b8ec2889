"""Core planned work by team, the project portfolio and next year's priorities.

Core planned work is a quarterly return: per team, the items completed in the quarter
(a flow: a year sums its quarters) and the items outstanding at the quarter's end (a
stock: a year takes its latest quarter). Projects belong to the portfolio of one
organisation's financial year; a priority named for next year in a report is a project
of that next year's portfolio, marked with how the report named it.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ictreport.core.constraints import (
    extended_meta,
    in_choices,
    names_in_order,
    never_negative,
    not_before,
    one_per,
    one_per_key,
    rule,
    table_meta,
)
from ictreport.core.fields import (
    optional_text,
    organisation_link,
    percent_range,
    position_field,
    reference_link,
    return_link,
)
from ictreport.core.models import FinancialYear, QuarterlyReturn
from ictreport.core.naming import OrderedName
from ictreport.core.periods import Quarter
from ictreport.core.recorded import Recorded

LISTED_IN_ORDER = _("Listed in this order, lowest first.")
TARGET_BEFORE_START = _("The target date cannot be before the start date.")
PERCENT_FROM_0_TO_100 = _("Enter a percentage from 0 to 100.")


class Team(OrderedName):
    """A team of the shared service; core planned work is counted per team."""

    position = position_field(
        _("Teams are listed in this order in tables and charts, lowest first."))

    class Meta(OrderedName.Meta):
        verbose_name = _("team")
        verbose_name_plural = _("teams")


class Theme(OrderedName):
    """A programme of work the portfolio's projects are grouped under, e.g. FIRMS."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    position = position_field(_("Themes are listed in this order in the report, lowest first."))

    class Meta(OrderedName.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class CoreWorkReturn(QuarterlyReturn):
    """One organisation's core planned work for one quarter, or a whole year."""

    Meta = extended_meta(
        QuarterlyReturn.Meta, _("core planned work return"), _("core planned work returns"),
    )


class TeamWork(Recorded):
    work_return = return_link(CoreWorkReturn, related_name="teams")
    team = reference_link(Team, _("team"))
    completed = models.PositiveIntegerField(
        _("completed"),
        help_text=_("Items of core planned work the team completed in the period."),
    )
    outstanding = models.PositiveIntegerField(
        _("outstanding"),
        help_text=_("Items still open at the end of the period."),
    )

    Meta = one_per_key(
        "work_return", "team", _("team's core planned work"), _("teams' core planned work"),
        never_negative("completed", "outstanding", name="projects_teamwork_counts_not_negative",
                       message=_("Counts of work items cannot be negative.")),
        message=_("This return already has figures for that team."),
        ordering=["work_return", "team__position", "team__name"],
    )

    def __str__(self):
        return f"{self.team}: {self.completed} / {self.outstanding}"


class CompletedWorkHighlight(Recorded):
    """A notable piece of completed core planned work, e.g. "Gov Wi-fi Implementation"."""

    work_return = return_link(CoreWorkReturn, related_name="highlights")
    position = position_field(LISTED_IN_ORDER)
    text = models.CharField(_("completed work"), max_length=300)

    Meta = table_meta(
        _("completed work highlight"), _("completed work highlights"),
        rule(~Q(text=""), name="projects_highlight_not_empty",
             message=_("Say what was completed.")),
        ordering=["work_return", "position", "id"],
    )

    def __str__(self):
        return self.text


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_PROGRESS = "in-progress", _("In progress")
    COMPLETE = "complete", _("Complete")
    ON_HOLD = "on-hold", _("On hold")
    CLOSED = "closed", _("Closed")


class DeliveryRoute(models.TextChoices):
    OWN = "own", _("This organisation only")
    JOINT = "joint", _("Joint, through the Digital Services Division")


class PlannedAs(models.TextChoices):
    """How the previous year's report named the project among next year's plans."""

    PRIORITY = "priority", _("Priority")
    PREPAREDNESS = "preparedness", _("Preparedness")


class Rag(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")


class Project(Recorded):
    organisation = organisation_link()
    year = reference_link(
        FinancialYear, _("year"),
        help_text=_("The financial year whose portfolio lists the project."),
    )
    name = models.CharField(_("name"), max_length=200)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="projects", null=True, blank=True,
        verbose_name=_("theme"),
        help_text=_("The programme the project is reported under; leave empty if none."),
    )
    planned_as = models.CharField(
        _("named in last year's plans as"), max_length=20, choices=PlannedAs.choices,
        blank=True,
        help_text=_("Where the previous year's report listed this project among next year's "
                    "priorities (its section 4.1): as a priority or a preparedness item. "
                    "Leave empty otherwise."),
    )
    delivery_route = models.CharField(
        _("delivery route"), max_length=20, choices=DeliveryRoute.choices, blank=True,
        help_text=_("Delivered by this organisation alone, or jointly with the partner force "
                    "through the Digital Services Division. Leave empty if not known."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, blank=True,
        help_text=_("Leave empty if not known."),
    )
    description = optional_text(_("description"))
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    target_date = models.DateField(
        _("target date"), null=True, blank=True,
        help_text=_("When the project is due to be delivered."),
    )
    position = position_field(
        _("Projects are listed in this order within their theme, lowest first."))

    Meta = table_meta(
        _("project"), _("projects"),
        one_per("organisation", "year", "name", name="projects_project_unique_name",
                message=_("This organisation already has a project of that name in that "
                          "year.")),
        rule(not_before("target_date", "start_date"),
             name="projects_project_target_after_start", message=TARGET_BEFORE_START),
        rule(in_choices("status", ProjectStatus.choices, blank=True),
             name="projects_project_status_known", message=_("Choose a status from the list.")),
        rule(in_choices("delivery_route", DeliveryRoute.choices, blank=True),
             name="projects_project_route_known",
             message=_("Choose a delivery route from the list.")),
        rule(in_choices("planned_as", PlannedAs.choices, blank=True),
             name="projects_project_planned_as_known",
             message=_("Choose priority or preparedness, or leave empty.")),
        ordering=["organisation", "-year", "position", "name"],
    )

    # The previous year's report names its priorities (section 4.1) by these fields:
    # they are locked while that report is approved (``ictreport.core.year_locks``).
    locked_by_previous_year = ("name", "planned_as")
    # The same test as ``shown_in_previous_year_report``, for the database's trigger.
    shown_in_previous_year_sql = "{row}.planned_as <> ''"

    def __str__(self):
        return f"{self.name} ({self.year})"

    def shown_in_previous_year_report(self) -> bool:
        return bool(self.planned_as)

    def clean(self):
        super().clean()
        if self.start_date and self.target_date and self.target_date < self.start_date:
            raise ValidationError({"target_date": TARGET_BEFORE_START})


class Deliverable(Recorded):
    """One of several things a project delivers, e.g. one of the intranet apps."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="deliverables",
        verbose_name=_("project"),
    )
    name = models.CharField(_("name"), max_length=200)
    position = position_field(LISTED_IN_ORDER)

    Meta = names_in_order(
        "project", _("deliverable"), _("deliverables"),
        message=_("This project already has a deliverable of that name."),
    )

    def __str__(self):
        return self.name


class ProjectUpdate(Recorded):
    """A project's position at the end of a quarter of its year."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="updates", verbose_name=_("project"),
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q.value, q.label) for q in Quarter if q != Quarter.FULL_YEAR],
    )
    rag = models.CharField(
        _("RAG status"), max_length=10, choices=Rag.choices,
        help_text=_("Red: at risk and needs help; amber: at risk, in hand; green: on track."),
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("per cent complete"), null=True, blank=True,
        validators=[MaxValueValidator(100, message=PERCENT_FROM_0_TO_100)],
        help_text=_("A whole number from 0 to 100; leave empty if not assessed."),
    )
    commentary = optional_text(_("commentary"))

    Meta = one_per_key(
        "project", "quarter", _("project update"), _("project updates"),
        rule(Q(quarter__gte=1) & Q(quarter__lte=4), name="projects_update_quarter_known",
             message=_("Choose a quarter from Q1 to Q4.")),
        rule(percent_range("percent_complete"), name="projects_update_percent_in_range",
             message=PERCENT_FROM_0_TO_100),
        rule(in_choices("rag", Rag.choices), name="projects_update_rag_known",
             message=_("Choose red, amber or green.")),
        name="projects_update_one_per_quarter",
        message=_("This project already has an update for that quarter."),
    )

    def __str__(self):
        return f"{self.project.name} Q{self.quarter}: {self.get_rag_display()}"
