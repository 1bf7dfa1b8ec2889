"""Field factories: the model fields every section declares the same way.

A factory returns an ordinary field with the same arguments each section wrote out by
hand, so the migrations see no change; a model passes what differs (its verbose name,
its help text).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def return_link(model, *, related_name: str) -> models.ForeignKey:
    """A figure's link to the quarterly return it belongs to: deleted with the return."""
    return models.ForeignKey(model, on_delete=models.CASCADE, related_name=related_name,
                             verbose_name=_("return"))


def percent_field(verbose_name, help_text) -> models.DecimalField:
    """An optional percentage, 0 to 100 with two decimal places (99.95)."""
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS, help_text=help_text,
    )


def percent_range(field: str) -> Q:
    """The database's check for a ``percent_field``: empty, or from 0 to 100."""
    return Q(**{f"{field}__isnull": True}) | (
        Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 100})
    )


def position_field(help_text=None) -> models.PositiveSmallIntegerField:
    """Where a row comes in its list: lowest first."""
    return models.PositiveSmallIntegerField(_("position"), default=0, help_text=help_text)


def optional_text(verbose_name, help_text="") -> models.TextField:
    """Free text a row may leave empty: notes, a commentary, a description."""
    return models.TextField(verbose_name, blank=True, help_text=help_text)


def flag_field(verbose_name, help_text, *, default=False) -> models.BooleanField:
    """A yes-or-no a row always holds, ``default`` until someone ticks or unticks it."""
    return models.BooleanField(verbose_name, default=default, help_text=help_text)


def reference_link(model, verbose_name, **kwargs) -> models.ForeignKey:
    """A row's link to the reference row it is for (its channel, tier, team, year): kept
    from deletion while rows use it, with no reverse accessor."""
    return models.ForeignKey(model, on_delete=models.PROTECT, related_name="+",
                             verbose_name=verbose_name, **kwargs)


def organisation_link(*, on_delete=models.PROTECT, one=False) -> models.ForeignKey:
    """A row's organisation: kept from deletion while it has rows (``on_delete``), with
    no reverse accessor. ``one`` makes it one row an organisation at the most."""
    field = models.OneToOneField if one else models.ForeignKey
    return field("core.Organisation", on_delete=on_delete, related_name="+",
                 verbose_name=_("organisation"))
