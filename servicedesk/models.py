"""The service desk's figures: calls by channel, first-point-of-contact resolution and
service levels, one return per organisation and quarter (or full year).

Channels and service tiers are reference data shared by every organisation: a new
channel (email, walk-in) or tier is a row added in the admin, never a code change.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ictreport.core.constraints import (
    extended_meta,
    never_negative,
    not_negative,
    one_per_key,
    optional,
    rule,
)
from ictreport.core.fields import (
    flag_field,
    percent_field,
    percent_range,
    position_field,
    reference_link,
    return_link,
)
from ictreport.core.formatting import format_value
from ictreport.core.models import QuarterlyReturn
from ictreport.core.naming import OrderedName
from ictreport.core.recorded import Recorded


class Channel(OrderedName):
    """A way of asking the service desk for help: telephone, self-service portal, …"""

    name = models.CharField(
        _("name"), max_length=100, unique=True,
        help_text=_("As the report's tables name it, e.g. Telephone or Self Service."),
    )
    self_service = flag_field(
        _("self-service"), _("Counts towards the share of calls raised through self-service."),
    )
    position = position_field(_("Where the channel comes in tables: lowest first."))

    class Meta(OrderedName.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")


class ServiceTier(OrderedName):
    """A performance level police systems are delivered to (Platinum, Gold, …), with
    its targets."""

    position = position_field(_("Where the tier comes in tables: lowest first."))
    availability_target = percent_field(
        _("availability target (%)"),
        _("The share of the time systems at this tier must be available, e.g. 99.90."),
    )
    resolution_hours = models.PositiveSmallIntegerField(
        _("resolution time target (hours)"), null=True, blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("The hours within which an incident at this tier must be resolved."),
    )
    resolution_target = percent_field(
        _("resolved in time target (%)"),
        _("The share of incidents that must be resolved within the resolution time."),
    )

    class Meta(OrderedName.Meta):
        verbose_name = _("service tier")
        verbose_name_plural = _("service tiers")
        constraints = [
            rule(percent_range("availability_target"),
                 name="servicedesk_tier_availability_target_percent",
                 message=_("The availability target must be between 0 and 100.")),
            rule(percent_range("resolution_target"),
                 name="servicedesk_tier_resolution_target_percent",
                 message=_("The resolved in time target must be between 0 and 100.")),
            rule(optional("resolution_hours", Q(resolution_hours__gte=1)),
                 name="servicedesk_tier_resolution_hours_positive",
                 message=_("The resolution time target must be at least one hour.")),
            rule(optional("resolution_target", Q(resolution_hours__isnull=False)),
                 name="servicedesk_tier_resolution_target_needs_hours",
                 message=_("A resolved in time target needs the resolution time it refers "
                           "to.")),
        ]

    def clean(self):
        super().clean()
        if self.resolution_target is not None and self.resolution_hours is None:
            raise ValidationError({"resolution_hours": _(
                "Give the resolution time the resolved in time target refers to."
            )})


class ServiceDeskReturn(QuarterlyReturn):
    """One organisation's service desk figures for a quarter or, for historic years, a
    whole year. Calls by channel and service levels hang from it."""

    first_contact_closed = models.PositiveIntegerField(
        _("calls closed at first point of contact"), null=True, blank=True,
        help_text=_("Calls resolved by the service desk without passing them on."),
    )
    first_contact_measured = models.PositiveIntegerField(
        _("calls the first-contact measure is taken over"), null=True, blank=True,
        help_text=_("The calls the first-point-of-contact rate is measured against. It may "
                    "differ from the total calls by channel: give the figure as reported."),
    )
    first_contact_target = percent_field(
        _("first-contact target (%)"),
        _("The first-point-of-contact rate aimed for in this period, if one is set."),
    )

    Meta = extended_meta(
        QuarterlyReturn.Meta, _("service desk return"), _("service desk returns"),
        rule((Q(first_contact_closed__isnull=True) & Q(first_contact_measured__isnull=True))
             | (Q(first_contact_closed__isnull=False)
                & Q(first_contact_measured__isnull=False)),
             name="servicedesk_return_first_contact_pair",
             message=_("Give both the calls closed at first point of contact and the calls "
                       "measured, or neither.")),
        rule(optional("first_contact_closed",
                      Q(first_contact_closed__lte=models.F("first_contact_measured"))),
             name="servicedesk_return_closed_within_measured",
             message=_("Calls closed at first point of contact cannot be more than the "
                       "calls measured.")),
        rule(percent_range("first_contact_target"),
             name="servicedesk_return_first_contact_target_percent",
             message=_("The first-contact target must be between 0 and 100.")),
    )

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        # A field a form has already refused (say "-5": not below zero) is excluded;
        # clean() must not then call it missing ("give the calls closed …"), since a
        # value was given. Remember which they are for clean().
        self._refused_fields = set(exclude or ())
        try:
            super().full_clean(exclude=exclude, validate_unique=validate_unique,
                               validate_constraints=validate_constraints)
        finally:
            del self._refused_fields

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        closed, measured = self.first_contact_closed, self.first_contact_measured
        # One of the pair given but refused: its own message says why; the pair is
        # checked once both are known.
        pair_known = not ({"first_contact_closed", "first_contact_measured"}
                          & getattr(self, "_refused_fields", set()))
        if not pair_known:
            pass
        elif closed is not None and measured is None:
            errors.setdefault("first_contact_measured", []).append(ValidationError(_(
                "Give the calls measured, which the closed calls are a part of."
            )))
        elif measured is not None and closed is None:
            errors.setdefault("first_contact_closed", []).append(ValidationError(_(
                "Give the calls closed at first point of contact, or leave both empty."
            )))
        elif closed is not None and measured is not None and closed > measured:
            errors.setdefault("first_contact_closed", []).append(ValidationError(
                _("Cannot be more than the calls measured (%(measured)s).")
                % {"measured": number_format(measured, force_grouping=True)}
            ))
        if errors:
            raise ValidationError(errors)

    def submission_problems(self) -> list[str]:
        if not self.channel_calls.exists():
            return [str(_("No calls are entered for any channel."))]
        return []


class ChannelCalls(Recorded):
    """The calls one channel received in one return's period."""

    desk_return = return_link(ServiceDeskReturn, related_name="channel_calls")
    channel = reference_link(Channel, _("channel"))
    calls = models.PositiveIntegerField(_("calls received"))

    Meta = one_per_key(
        "desk_return", "channel", _("calls by channel"), _("calls by channel"),
        never_negative("calls", message=_("Calls cannot be negative.")),
        message=_("This return already has calls for that channel."),
    )

    def __str__(self):
        return f"{self.channel}: {self.calls:,}"


class ServiceLevelResult(Recorded):
    """What one tier achieved in one return's period, and how often it was breached."""

    desk_return = return_link(ServiceDeskReturn, related_name="service_levels")
    tier = reference_link(ServiceTier, _("tier"))
    availability = percent_field(
        _("availability achieved (%)"),
        _("The share of the period the tier's systems were available, e.g. 99.95."),
    )
    resolved_in_time = percent_field(
        _("resolved in time (%)"),
        _("The share of the tier's incidents resolved within its resolution time."),
    )
    breaches = models.PositiveIntegerField(
        _("breaches"), help_text=_("How many times the tier's service level was breached.")
    )
    incidents = models.PositiveIntegerField(
        _("incidents"), null=True, blank=True,
        help_text=_("The tier's incidents in the period, where they were counted (an "
                    "extract of tickets counts them)."),
    )
    median_hours = models.DecimalField(
        _("median hours to resolve"), max_digits=8, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Half the tier's resolved incidents took this long or less."),
    )
    p90_hours = models.DecimalField(
        _("90th percentile hours to resolve"), max_digits=8, decimal_places=1, null=True,
        blank=True, validators=[MinValueValidator(0)],
        help_text=_("Nine in ten of the tier's resolved incidents took this long or less."),
    )

    Meta = one_per_key(
        "desk_return", "tier", _("service level result"), _("service level results"),
        rule(percent_range("availability"), name="servicedesk_servicelevel_availability_percent",
             message=_("Availability must be between 0 and 100.")),
        rule(percent_range("resolved_in_time"), name="servicedesk_servicelevel_resolved_percent",
             message=_("Resolved in time must be between 0 and 100.")),
        never_negative("breaches", name="servicedesk_servicelevel_breaches_not_negative",
                       message=_("Breaches cannot be negative.")),
        rule(optional("median_hours", not_negative("median_hours"))
             & optional("p90_hours", not_negative("p90_hours")),
             name="servicedesk_servicelevel_hours_not_negative",
             message=_("Hours to resolve cannot be negative.")),
        rule(Q(median_hours__isnull=True) | Q(p90_hours__isnull=True)
             | Q(median_hours__lte=models.F("p90_hours")),
             name="servicedesk_servicelevel_median_within_p90",
             message=_("The median hours to resolve cannot be more than the 90th percentile.")),
        name="servicedesk_servicelevel_one_per_tier",
        message=_("This return already has results for that tier."),
    )

    def __str__(self):
        return ngettext("%(tier)s: %(count)s breach", "%(tier)s: %(count)s breaches",
                        self.breaches or 0) % {
            "tier": self.tier, "count": format_value(self.breaches or 0, "int")}
