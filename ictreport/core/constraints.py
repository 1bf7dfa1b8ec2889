"""Constraint factories: each rule a section's table holds, stated once.

The database constraint is the rule's truth; its ``violation_error_message`` is what a
form shows when ``validate_constraints`` finds a row breaking it. ``one_per`` and
``rule`` build the ordinary Django constraints with the same arguments the sections wrote
out by hand, so the migrations see no change. The conditions (``not_negative``,
``in_choices``, ``month_start``, …) are the ones several tables share.
"""

from django.db import models
from django.db.models import F, Q


def one_per(*fields: str, name: str, message) -> models.UniqueConstraint:
    """At most one row for each combination of ``fields``."""
    return models.UniqueConstraint(fields=list(fields), name=name,
                                   violation_error_message=message)


def rule(condition: Q, *, name: str, message=None) -> models.CheckConstraint:
    """A check the database makes on every row; ``message`` is the form's wording."""
    return models.CheckConstraint(condition=condition, name=name,
                                  violation_error_message=message)


def not_negative(*fields: str) -> Q:
    """Every one of ``fields`` is 0 or more."""
    return Q(**{f"{field}__gte": 0 for field in fields})


def optional(field: str, condition: Q) -> Q:
    """``field`` is empty, or ``condition`` holds."""
    return Q(**{f"{field}__isnull": True}) | condition


def in_choices(field: str, choices, *, blank: bool = False) -> Q:
    """``field`` holds one of ``choices`` (a TextChoices' ``choices``), or is blank
    where ``blank`` allows it."""
    condition = Q(**{f"{field}__in": [value for value, _label in choices]})
    return condition | Q(**{field: ""}) if blank else condition


def not_before(later: str, earlier: str) -> Q:
    """Either date may be empty; given both, ``later`` is on or after ``earlier``."""
    return (Q(**{f"{earlier}__isnull": True}) | Q(**{f"{later}__isnull": True})
            | Q(**{f"{later}__gte": F(earlier)}))
