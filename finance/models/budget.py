"""Budget lines, each return's budget and spend per line, and the commentary rule.

A line's annual budget is a stock: each return states it as it stands at that quarter's
end, and the latest figure stands (budgets are revised during the year). Its
expenditure is a flow: each return states the spend in its own quarter, and the year's
spend is their sum. A full-year return, for a year known only from its annual report,
states the year's budget and spend as they are.

Variance is budget minus expenditure: positive is an underspend, negative an overspend.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ictreport.core.constraints import (
    extended_meta,
    names_in_order,
    never_negative,
    not_negative,
    one_per_key,
    optional,
    rule,
    table_meta,
)
from ictreport.core.fields import (
    flag_field,
    optional_text,
    organisation_link,
    percent_range,
    position_field,
    return_link,
)
from ictreport.core.formatting import format_value
from ictreport.core.models import QuarterlyReturn
from ictreport.core.periods import Quarter
from ictreport.core.recorded import Recorded

PENNY = Decimal("0.01")
NOT_NEGATIVE = _("Enter an amount of £0 or more.")


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def pounds_field(verbose_name, **kwargs):
    """An amount that cannot be below £0 (a budget, a spend, a threshold)."""
    return money_field(verbose_name, validators=[MinValueValidator(0, message=NOT_NEGATIVE)],
                       **kwargs)


def budget_to_date(annual_budget: Decimal, quarter: int) -> Decimal:
    """The share of the annual budget for the year so far, spread evenly by quarter.

    With no spending profile held, a quarter's budget is a quarter of the year's; a
    full-year figure (quarter 0) and Q4 are the whole budget.
    """
    if quarter in (Quarter.FULL_YEAR, Quarter.Q4):
        return annual_budget
    return (annual_budget * quarter / 4).quantize(PENNY, rounding=ROUND_HALF_UP)


class BudgetLine(Recorded):
    """A line of the organisation's ICT budget, e.g. SRS Collaboration or Airwave."""

    organisation = organisation_link()
    name = models.CharField(_("name"), max_length=200)
    position = position_field(
        _("Lines are listed in the financial table in this order, lowest first."))
    active = flag_field(
        _("in use"), default=True,
        help_text=_("A new return offers every line in use. Untick a line the budget no "
                    "longer has; its past figures stay."),
    )

    Meta = names_in_order(
        "organisation", _("budget line"), _("budget lines"),
        message=_("This organisation already has a budget line with that name."),
    )

    # Whether a new return offers the line changes nothing already reported, so it may
    # change while approved figures use the line (``ictreport.core.year_locks``).
    lock_exempt_fields = ("active",)

    def __str__(self):
        return self.name


def refuse_other_organisations_line(line: BudgetLine, organisation) -> None:
    """A form's message at the line field unless ``line`` is ``organisation``'s own."""
    if line.organisation_id != organisation.pk:
        raise ValidationError({"line": _(
            "This budget line belongs to another organisation; choose one of "
            "%(organisation)s's lines."
        ) % {"organisation": organisation}})


class CommentaryThreshold(Recorded):
    """When a line's variance is large enough to need an explanation.

    A variance passes the threshold when it is more than the percentage of the line's
    budget, or more than the amount, whichever is set. An organisation without a row
    uses the defaults below.
    """

    organisation = organisation_link(on_delete=models.CASCADE, one=True)
    percent = models.DecimalField(
        _("percentage of budget"), max_digits=5, decimal_places=2, null=True, blank=True,
        default=Decimal(5),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A variance of more than this share of the line's budget needs "
                    "commentary. Leave empty to use the amount alone."),
    )
    amount = pounds_field(
        _("amount (£)"), null=True, blank=True, default=Decimal(50_000),
        help_text=_("A variance of more than this many pounds, over or under, needs "
                    "commentary. Leave empty to use the percentage alone."),
    )

    Meta = table_meta(
        _("commentary threshold"), _("commentary thresholds"),
        rule(percent_range("percent"), name="finance_threshold_percent_range",
             message=_("The percentage must be between 0 and 100.")),
        rule(optional("amount", not_negative("amount")),
             name="finance_threshold_amount_not_negative",
             message=_("The amount must be £0 or more.")),
        rule(Q(percent__isnull=False) | Q(amount__isnull=False),
             name="finance_threshold_has_a_limit",
             message=_("Set a percentage, an amount, or both.")),
        ordering=["organisation"],
    )

    def __str__(self):
        return gettext("Commentary threshold for %(organisation)s") % {
            "organisation": self.organisation
        }

    @property
    def description(self) -> str:
        percent = amount = None
        if self.percent is not None:
            # normalize() drops trailing zeros (5.00 → 5); "f" keeps 100 from becoming 1E+2.
            percent = format(self.percent.normalize(), "f")
        if self.amount is not None:
            amount = format_value(self.amount, "money")
        if percent is not None and amount is not None:
            return gettext("%(percent)s%% of budget or %(amount)s") % {
                "percent": percent, "amount": amount}
        if percent is not None:
            return gettext("%(percent)s%% of budget") % {"percent": percent}
        return amount or ""

    def is_passed_by(self, variance: Decimal, budget: Decimal) -> bool:
        size = abs(variance)
        if self.amount is not None and size > self.amount:
            return True
        # Compared as size × 100 > percent × budget: exact, no division.
        return self.percent is not None and size * 100 > self.percent * budget


STATED_FIELDS = ("stated_budget", "stated_expenditure", "stated_variance")
STATED_FULL_YEAR_ONLY = _("Only a full-year return, copied from a document, states the "
                          "document's totals; leave this empty for a quarter.")


class FinanceReturn(QuarterlyReturn):
    """One quarter's (or a historic full year's) budget and spend for every line."""

    stated_budget = pounds_field(
        _("stated total budget"), null=True, blank=True,
        help_text=_("Only for figures copied from a document: the total the document "
                    "states, kept to check against the lines. The report shows the lines' "
                    "own total."),
    )
    stated_expenditure = pounds_field(
        _("stated total expenditure"), null=True, blank=True,
        help_text=_("As the stated total budget, for expenditure."),
    )
    stated_variance = money_field(
        _("stated total variance"), null=True, blank=True,
        help_text=_("As the stated total budget, for the variance; negative for an "
                    "overspend."),
    )

    Meta = extended_meta(
        QuarterlyReturn.Meta, _("finance return"), _("finance returns"),
        rule(optional("stated_budget", not_negative("stated_budget"))
             & optional("stated_expenditure", not_negative("stated_expenditure")),
             name="finance_financereturn_stated_not_negative",
             message=_("A stated total budget or expenditure must be £0 or more.")),
        rule(Q(quarter=Quarter.FULL_YEAR) | (
            Q(stated_budget__isnull=True) & Q(stated_expenditure__isnull=True)
            & Q(stated_variance__isnull=True)),
             name="finance_financereturn_stated_full_year_only",
             message=STATED_FULL_YEAR_ONLY),
    )

    def clean(self):
        super().clean()
        if self.quarter not in (None, Quarter.FULL_YEAR):
            errors = {field: STATED_FULL_YEAR_ONLY for field in STATED_FIELDS
                      if getattr(self, field) is not None}
            if errors:
                raise ValidationError(errors)

    def submission_problems(self) -> list[str]:
        """Every line whose variance passes the threshold needs its commentary.

        For a quarterly return the variance is the year's to the end of its quarter:
        the budget spread evenly so far against the spend in this and earlier quarters.
        """
        from finance.selectors import (  # selectors import this module
            commentary_threshold_get,
            line_position_list,
        )

        rows = list(self.lines.select_related("line"))
        if not rows:
            return [gettext("No figures have been entered for any budget line.")]
        threshold = commentary_threshold_get(organisation=self.organisation)
        positions = {p.line_id: p for p in line_position_list(
            organisation=self.organisation, year=self.year, through_quarter=self.quarter)}
        problems = []
        for row in rows:
            position = positions[row.line_id]
            if row.commentary.strip() or not threshold.is_passed_by(
                    position.variance, position.budget_to_date):
                continue
            problems.append(gettext(
                "%(line)s: a variance of %(variance)s passes the commentary threshold "
                "(%(threshold)s); explain it in the line's commentary."
            ) % {"line": row.line.name, "variance": format_value(position.variance, "money"),
                 "threshold": threshold.description})
        return problems


class LineFigure(Recorded):
    """One budget line's figures in one return."""

    finance_return = return_link(FinanceReturn, related_name="lines")
    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="figures",
        verbose_name=_("budget line"),
    )
    budget = pounds_field(
        _("annual budget (£)"),
        help_text=_("The line's budget for the whole year as it stands now; a revised "
                    "budget replaces the earlier figure."),
    )
    expenditure = pounds_field(
        _("expenditure (£)"),
        help_text=_("Spent in this quarter alone (for a full-year return, in the year)."),
    )
    commentary = optional_text(
        _("commentary"),
        _("Why the line is over or under budget. Needed before the return is "
                    "submitted when the variance passes the organisation's threshold."),
    )
    discrepancy = optional_text(
        _("discrepancy in the source"),
        _("Only for figures copied from a document that contradicts itself: say "
                    "how. Shown to staff as a data-quality finding, never as report text."),
    )

    Meta = one_per_key(
        "finance_return", "line", _("budget line figures"), _("budget line figures"),
        never_negative("budget", message=_("The budget must be £0 or more.")),
        never_negative("expenditure", message=_("Expenditure must be £0 or more.")),
        message=_("This return already has figures for that budget line."),
        ordering=["finance_return", "line__position", "line__name"],
    )

    def __str__(self):
        return f"{self.finance_return}: {self.line}"

    def clean(self):
        super().clean()
        if self.line_id is None:
            return
        try:
            finance_return = self.finance_return
        except FinanceReturn.DoesNotExist:
            return
        if finance_return.organisation_id is not None:
            refuse_other_organisations_line(self.line, finance_return.organisation)
