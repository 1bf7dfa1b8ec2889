"""Writes of many rows at once that keep what a row-by-row save keeps.

A spreadsheet import (``ictreport.core.imports``) writes its rows in a few statements,
not one or more per row. What a single ``save()`` would have done stays done:

- history: every row written gets its django-simple-history row
  (``bulk_create_with_history`` / ``bulk_update_with_history``), by the importing user,
  with the change reason of the extract being written if one is, else, for a figure
  changed while its return is reopened, the reopening's reason, as
  ``ictreport.core.workflow`` gives it to a single save (``reopen_reasons``);
- the year and reference locks (``ictreport.core.year_locks``), held in ``pre_save``,
  which a bulk write passes, judge each row of a model they cover, as
  ``ictreport.core.writes`` has them do;
- the sign-off lock and the data version are database triggers, which fire for every
  row of a bulk statement as they do for one;
- a model's check constraints are checked before anything is written, in Python where
  the condition is a plain comparison of the row's own fields (``constraint_errors``),
  so checking a row needs no query. The database's constraint stays the rule.
"""

import operator

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import CheckConstraint, F, Q
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ictreport.core.extract_runs import current_change_reason
from ictreport.core.models import SignOff, SignOffAction

_COMPARE = {"exact": operator.eq, "gt": operator.gt, "gte": operator.ge,
            "lt": operator.lt, "lte": operator.le}


class _NotPlain(Exception):
    """A condition this module does not evaluate: the database is asked instead."""


def _value(instance, name: str):
    if "__" in name:
        raise _NotPlain(name)
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist as exc:
        raise _NotPlain(name) from exc
    return getattr(instance, field.attname)


def _lookup(instance, lookup: str, expected):
    """SQL's answer for one ``field__lookup=value``: True, False or None (unknown)."""
    name, _sep, kind = lookup.partition("__")
    kind = kind or "exact"
    value = _value(instance, name)
    if isinstance(expected, F):
        expected = _value(instance, expected.name)
    elif hasattr(expected, "resolve_expression"):
        raise _NotPlain(lookup)
    if kind == "isnull":
        return (value is None) == bool(expected)
    if kind == "exact" and expected is None:
        return value is None
    if kind == "in":
        return None if value is None else value in expected
    if kind not in _COMPARE:
        raise _NotPlain(lookup)
    if value is None or expected is None:
        return None
    try:
        return _COMPARE[kind](value, expected)
    except TypeError as exc:
        raise _NotPlain(lookup) from exc


def _evaluate(node, instance):
    """SQL's three-valued answer for a ``Q``: a check constraint passes unless False."""
    if not isinstance(node, Q):
        if isinstance(node, tuple) and len(node) == 2:
            return _lookup(instance, *node)
        raise _NotPlain(node)
    answers = [_evaluate(child, instance) for child in node.children]
    if node.connector == Q.AND:
        answer = False if False in answers else (None if None in answers else True)
    elif node.connector == Q.OR:
        answer = True if True in answers else (None if None in answers else False)
    else:
        raise _NotPlain(node)
    return answer if answer is None or not node.negated else not answer


def _fields_named(node) -> set[str]:
    if isinstance(node, tuple):
        lookup, expected = node
        names = {lookup.split("__")[0]}
        return names | ({expected.name} if isinstance(expected, F) else set())
    if isinstance(node, Q):
        return set().union(*(_fields_named(child) for child in node.children))
    return set()


def constraint_errors(instance, exclude) -> dict[str, list[str]]:
    """The check constraints of ``instance``'s model it breaks, as ``full_clean``'s
    ``validate_constraints`` would report them (under NON_FIELD_ERRORS), without a query
    for a plain condition; a constraint naming an excluded field is not checked."""
    errors: dict = {}
    model = type(instance)
    for constraint in model._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        try:
            if _fields_named(constraint.condition) & set(exclude):
                continue
            if _evaluate(constraint.condition, instance) is not False:
                continue
            error = ValidationError(constraint.get_violation_error_message(),
                                    code=constraint.violation_error_code)
        except _NotPlain:
            try:
                constraint.validate(model, instance, exclude=exclude)
                continue
            except ValidationError as exc:
                error = exc
        errors = error.update_error_dict(errors)
    return ValidationError(errors).message_dict if errors else {}


def reopen_reasons(owner_model, owner_ids) -> dict[int, str]:
    """Owner id → the history note of a row changed while that return is reopened,
    "After reopening: …", for the owners whose last sign-off step reopened them: what
    ``ictreport.core.workflow`` notes on each single save, for many owners in one query."""
    ids = sorted({owner_id for owner_id in owner_ids if owner_id is not None})
    if not ids:
        return {}
    content_type = ContentType.objects.get_for_model(owner_model, for_concrete_model=False)
    last: dict[int, SignOff] = {}
    for step in SignOff.objects.filter(content_type=content_type, object_id__in=ids).only(
            "object_id", "action", "reason"):
        last.setdefault(step.object_id, step)
    return {owner_id: gettext("After reopening: %(reason)s") % {"reason": step.reason}
            for owner_id, step in last.items() if step.action == SignOffAction.REOPENED}


def _prepare(instances, owner_field: str | None) -> None:
    """What a single save's signals would have done for each row: the year and
    reference locks' judgement, and the history's change reason."""
    from ictreport.core import year_locks

    model = type(instances[0])
    if year_locks.judges(model):
        for obj in instances:
            year_locks.check(obj)
    if (reason := current_change_reason()) is not None:
        reasons, attname = {}, None
    elif owner_field is not None:
        field = model._meta.get_field(owner_field)
        attname = field.attname
        reasons = reopen_reasons(field.related_model,
                                 (getattr(obj, attname) for obj in instances))
    else:
        return
    for obj in instances:
        note = reason or reasons.get(getattr(obj, attname))
        if note and not getattr(obj, "_change_reason", None):
            obj._change_reason = note


def create_with_history(instances, *, user=None, owner_field=None, batch_size=None):
    """Insert ``instances`` (all of one model) and their history rows: a few statements
    per batch. ``owner_field`` names the return they hang from, for reopening notes."""
    if not instances:
        return
    model = type(instances[0])
    _prepare(instances, owner_field)
    bulk_create_with_history(instances, model, batch_size=batch_size,
                             default_user=_saved(user))


def update_with_history(instances, fields, *, user=None, owner_field=None, batch_size=None):
    """Update ``fields`` of ``instances`` (all of one model) and add their history rows."""
    if not instances:
        return
    model = type(instances[0])
    _prepare(instances, owner_field)
    bulk_update_with_history(instances, model, fields, batch_size=batch_size,
                             default_user=_saved(user))


def _saved(user):
    """The user a history row may name: a stored one, or none."""
    return user if getattr(user, "pk", None) is not None else None
