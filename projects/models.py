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
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ictreport.core.models import FinancialYear, Organisation, QuarterlyReturn
from ictreport.core.naming import OrderedName
from ictreport.core.periods import Quarter


class Team(OrderedName):
    """A team of the shared service; core planned work is counted per team."""

    position = models.PositiveSmallIntegerField(
        _("position"), default=0,
        help_text=_("Teams are listed in this order in tables and charts, lowest first."),
    )

    class Meta(OrderedName.Meta):
        verbose_name = _("team")
        verbose_name_plural = _("teams")


class Theme(OrderedName):
    """A programme of work the portfolio's projects are grouped under, e.g. FIRMS."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0,
        help_text=_("Themes are listed in this order in the report, lowest first."),
    )

    class Meta(OrderedName.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class CoreWorkReturn(QuarterlyReturn):
    """One organisation's core planned work for one quarter, or a whole year."""

    class Meta(QuarterlyReturn.Meta):
        verbose_name = _("core planned work return")
        verbose_name_plural = _("core planned work returns")


class TeamWork(models.Model):
    work_return = models.ForeignKey(
        CoreWorkReturn, on_delete=models.CASCADE, related_name="teams",
        verbose_name=_("return"),
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("team"))
    completed = models.PositiveIntegerField(
        _("completed"),
        help_text=_("Items of core planned work the team completed in the period."),
    )
    outstanding = models.PositiveIntegerField(
        _("outstanding"),
        help_text=_("Items still open at the end of the period."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["work_return", "team__position", "team__name"]
        verbose_name = _("team's core planned work")
        verbose_name_plural = _("teams' core planned work")
        constraints = [
            models.UniqueConstraint(
                fields=["work_return", "team"], name="projects_teamwork_one_per_team",
                violation_error_message=_("This return already has figures for that team."),
            ),
            models.CheckConstraint(
                condition=Q(completed__gte=0) & Q(outstanding__gte=0),
                name="projects_teamwork_counts_not_negative",
                violation_error_message=_("Counts of work items cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.team}: {self.completed} / {self.outstanding}"


class CompletedWorkHighlight(models.Model):
    """A notable piece of completed core planned work, e.g. "Gov Wi-fi Implementation"."""

    work_return = models.ForeignKey(
        CoreWorkReturn, on_delete=models.CASCADE, related_name="highlights",
        verbose_name=_("return"),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Listed in this order, lowest first."),
    )
    text = models.CharField(_("completed work"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["work_return", "position", "id"]
        verbose_name = _("completed work highlight")
        verbose_name_plural = _("completed work highlights")
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="projects_highlight_not_empty",
                violation_error_message=_("Say what was completed."),
            ),
        ]

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


def _in_choices(field, choices, *, blank):
    allowed = [value for value, _label in choices]
    condition = Q(**{f"{field}__in": allowed})
    return condition | Q(**{field: ""}) if blank else condition


class Project(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("organisation"),
    )
    year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("year"),
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
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    target_date = models.DateField(
        _("target date"), null=True, blank=True,
        help_text=_("When the project is due to be delivered."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0,
        help_text=_("Projects are listed in this order within their theme, lowest first."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-year", "position", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "name"], name="projects_project_unique_name",
                violation_error_message=_(
                    "This organisation already has a project of that name in that year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(target_date__isnull=True)
                | Q(target_date__gte=F("start_date")),
                name="projects_project_target_after_start",
                violation_error_message=_("The target date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=_in_choices("status", ProjectStatus.choices, blank=True),
                name="projects_project_status_known",
                violation_error_message=_("Choose a status from the list."),
            ),
            models.CheckConstraint(
                condition=_in_choices("delivery_route", DeliveryRoute.choices, blank=True),
                name="projects_project_route_known",
                violation_error_message=_("Choose a delivery route from the list."),
            ),
            models.CheckConstraint(
                condition=_in_choices("planned_as", PlannedAs.choices, blank=True),
                name="projects_project_planned_as_known",
                violation_error_message=_("Choose priority or preparedness, or leave empty."),
            ),
        ]

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
            raise ValidationError(
                {"target_date": _("The target date cannot be before the start date.")}
            )


class Deliverable(models.Model):
    """One of several things a project delivers, e.g. one of the intranet apps."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="deliverables",
        verbose_name=_("project"),
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Listed in this order, lowest first."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position", "name"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="projects_deliverable_unique_name",
                violation_error_message=_("This project already has a deliverable of that name."),
            ),
        ]

    def __str__(self):
        return self.name


class ProjectUpdate(models.Model):
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
        validators=[MaxValueValidator(100, message=_("Enter a percentage from 0 to 100."))],
        help_text=_("A whole number from 0 to 100; leave empty if not assessed."),
    )
    commentary = models.TextField(_("commentary"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "quarter"]
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "quarter"], name="projects_update_one_per_quarter",
                violation_error_message=_("This project already has an update for that quarter."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                name="projects_update_quarter_known",
                violation_error_message=_("Choose a quarter from Q1 to Q4."),
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__isnull=True)
                | (Q(percent_complete__gte=0) & Q(percent_complete__lte=100)),
                name="projects_update_percent_in_range",
                violation_error_message=_("Enter a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=_in_choices("rag", Rag.choices, blank=False),
                name="projects_update_rag_known",
                violation_error_message=_("Choose red, amber or green."),
            ),
        ]

    def __str__(self):
        return f"{self.project.name} Q{self.quarter}: {self.get_rag_display()}"
