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


def never_negative(*fields: str, message, name: str | None = None) -> models.CheckConstraint:
    """The rule that every one of ``fields`` is 0 or more, named
    ``<app>_<model>_<fields>_not_negative`` unless ``name`` is given."""
    name = name or f"%(app_label)s_%(class)s_{'_'.join(fields)}_not_negative"
    return rule(not_negative(*fields), name=name, message=message)


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


def table_meta(verbose_name, verbose_name_plural, *constraints, ordering) -> type:
    """A section table's ``Meta``: its names, its order and its constraints, as a
    ``class Meta`` would state them (the migrations see the same options)."""
    return type("Meta", (), {
        "ordering": list(ordering),
        "verbose_name": verbose_name,
        "verbose_name_plural": verbose_name_plural,
        "constraints": list(constraints),
    })


def extended_meta(base: type, verbose_name, verbose_name_plural, *rules) -> type:
    """The ``Meta`` of a model whose abstract parent's ``Meta`` is ``base`` (e.g.
    ``QuarterlyReturn.Meta``): the parent's options and constraints, then the model's
    own names and ``rules``, as ``class Meta(base)`` would state them."""
    return type("Meta", (base,), {
        "verbose_name": verbose_name,
        "verbose_name_plural": verbose_name_plural,
        "constraints": [*base.constraints, *rules],
    })


def one_per_key(parent: str, key: str, verbose_name, verbose_name_plural, *rules,
                message, name: str | None = None, ordering=None) -> type:
    """The ``Meta`` of a row that is one per ``parent`` (its return, organisation or
    project) and ``key`` (the channel, severity, quarter, … it is for): at most one row
    for each pair (``message`` is the form's wording), then ``rules``; listed by the
    pair unless ``ordering`` says otherwise.

    The uniqueness is named ``<app>_<model>_one_per_<key>`` unless ``name`` is given
    (Django fills in the app and model: ``%(app_label)s``, ``%(class)s``)."""
    name = name or f"%(app_label)s_%(class)s_one_per_{key}"
    return table_meta(verbose_name, verbose_name_plural,
                      one_per(parent, key, name=name, message=message), *rules,
                      ordering=ordering or [parent, key])


def names_in_order(parent: str, verbose_name, verbose_name_plural, *rules, message) -> type:
    """The ``Meta`` of a row named within its ``parent`` (a project's deliverables, an
    organisation's budget lines): one ``name`` per parent, named
    ``<app>_<model>_unique_name``, listed by ``position`` then name within the parent."""
    return one_per_key(parent, "name", verbose_name, verbose_name_plural, *rules,
                       message=message, name="%(app_label)s_%(class)s_unique_name",
                       ordering=[parent, "position", "name"])
