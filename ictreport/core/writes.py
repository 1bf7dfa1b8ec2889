"""Writes that touch only what differs from what the database holds.

Imports describe rows completely and arrive again with the same content: ``make demo``
imports the shipped report every time it runs, and a corrected file repeats every
figure it does not correct. A ``save()`` that changes nothing still moves the row's
``auto_now`` "last changed" and adds a "Changed" entry to its django-simple-history
history, and a row deleted and created again loses its history altogether. So every
section's import writes through these helpers: a row is created only when it is
missing, saved only when one of its values differs, deleted only when the file no
longer lists it.

Rows written are validated first (``full_clean`` without the checks that would each
cost a query: foreign keys to rows in hand, unique and check constraints), and what
only the database then refuses is said as the model's own constraint message.

These are the one write path with the sign-off lock built in: a write under a return or
report locks its row (``select_for_update``) and checks its status once, so the user is
told who approved it and when; the database's trigger (``ictreport.core.signoff_lock``)
refuses whatever gets past. A row that writes nothing new passes, so the same file
imports again over an approved return.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field, Model
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ictreport.core.extract_runs import current_change_reason
from ictreport.core.signoff_lock import is_lock_refusal, lock_path, locked_statuses

M = TypeVar("M", bound=Model)


def _as_stored(field: Field, value: Any) -> Any:
    """``value`` as the row holds it in ``field.attname``: a related row by its key."""
    if field.is_relation:
        return value.pk if isinstance(value, Model) else value
    return field.to_python(value)


def changed_fields(row: Model, values: dict[str, Any]) -> list[str]:
    """The names in ``values`` whose value differs from the row's (related rows are
    compared by key, without fetching them)."""
    changed = []
    for name, value in values.items():
        field = row._meta.get_field(name)
        if getattr(row, field.attname) != _as_stored(field, value):
            changed.append(name)
    return changed


def _refuse_if_locked(owner: Model) -> None:
    """``owner`` is a return or report just read ``select_for_update``."""
    if owner.status in locked_statuses(type(owner)):
        from ictreport.core.workflow import Locked, locked_message

        raise Locked(locked_message(owner), code="locked")


def _locked_owner_row(owner: Model) -> Model:
    """``owner`` as stored, its row locked for this transaction (once per write)."""
    if not getattr(owner, "_held_for_write", False):
        stored = _for_update(type(owner)._default_manager.only("status")).get(pk=owner.pk)
        owner.status = stored.status
        owner._held_for_write = True
    return owner


def _for_update(rows):
    """``rows`` locked until the transaction ends; outside one (autocommit) each
    statement is its own transaction, and there is nothing to hold the lock for."""
    return rows.select_for_update() if transaction.get_connection(rows.db).in_atomic_block \
        else rows


def _check_lock(row: Model) -> Model | None:
    """Refuse, naming who approved it, a write to ``row`` under a locked return or
    report; returns that return or report (None for rows no approval locks)."""
    path = lock_path(type(row))
    if path is None:
        return None
    owner = row
    for name in path.split("__") if path else ():
        owner = getattr(owner, name)
    _refuse_if_locked(_locked_owner_row(owner))
    return owner


def _clean(row: Model) -> None:
    # A foreign key that names a row is the database's to check, as are the unique and
    # check constraints (``_said_as_messages``): each would cost a query a row.
    named = [f.name for f in row._meta.concrete_fields
             if f.is_relation and getattr(row, f.attname) is not None]
    row.full_clean(exclude=named, validate_unique=False, validate_constraints=False)


@contextmanager
def _said_as_messages(model: type[Model]):
    """A constraint the database holds, refused there, said as the model's message."""
    try:
        yield
    except IntegrityError as exc:
        if is_lock_refusal(exc):
            raise
        text = str(exc)
        for constraint in model._meta.constraints:
            if constraint.name in text:
                raise ValidationError(constraint.get_violation_error_message(),
                                      code="constraint") from exc
        raise ValidationError(_("%(what)s: the database refused the row (%(reason)s).") % {
            "what": model._meta.verbose_name, "reason": text.splitlines()[0]},
            code="constraint") from exc


def _create(model: type[M], values: dict[str, Any]) -> M:
    row = model(**values)
    if lock_path(model):
        _check_lock(row)
    _judge_by_year_locks([row])
    _clean(row)
    with _said_as_messages(model):
        row.save()
    # Created in this transaction: nobody else sees it yet, nor has it been reopened.
    row._held_for_write = row._created_here = True
    return row


def update(row: M, values: dict[str, Any]) -> M:
    """``row`` (held) brought to ``values``: validated, lock-checked and saved only when
    a value differs."""
    changed = changed_fields(row, values)
    if changed:
        _check_lock(row)
        for name in changed:
            setattr(row, name, values[name])
        _judge_by_year_locks([row])
        _clean(row)
        with _said_as_messages(type(row)):
            row.save()
    return row


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """The row ``lookup`` finds, brought to ``values``, or created with both; saved
    only when a value differs. A return or report is read ``select_for_update``: what
    is written under it next is checked against the status read here."""
    rows = model._default_manager.filter(**lookup)
    if lock_path(model) == "":
        rows = _for_update(rows)
    row = rows.first()
    if row is None:
        return _create(model, {**lookup, **values})
    row._held_for_write = lock_path(model) == ""
    return update(row, values)


def sync_children(model: type[M], parent: dict[str, Any], rows: Iterable[dict[str, Any]],
                  *, key: Sequence[str]) -> list[M]:
    """Make the rows of ``model`` under ``parent`` (a lookup such as
    ``{"desk_return": desk_return}``) exactly ``rows``, returned in their order.

    Each of ``rows`` gives the row's values, including the ``key`` fields that tell the
    rows under one parent apart (what their unique constraint holds with the parent).
    A row held under the same key is updated where it differs; one not held is
    created; a held row ``rows`` does not list is deleted, one by one so that each
    deletion is recorded in the row's history. Deletions come first, so a row created
    can take a unique value a deleted one held. New and changed rows are written in
    bulk, with their history, under a parent return checked once against the lock.
    """
    key_fields = [model._meta.get_field(name) for name in key]
    held = {tuple(getattr(row, f.attname) for f in key_fields): row
            for row in model._default_manager.filter(**parent)}
    wanted = [(tuple(_as_stored(f, values[f.name]) for f in key_fields), values)
              for values in rows]
    listed = {row_key for row_key, _values in wanted}
    gone = [row for row_key, row in held.items() if row_key not in listed]
    new, changed, names, result = [], [], set(), []
    for row_key, values in wanted:
        row = held.get(row_key)
        if row is None:
            row = model(**parent, **values)
            new.append(row)
        elif fields := changed_fields(row, values):
            for name in fields:
                setattr(row, name, values[name])
            names.update(fields)
            changed.append(row)
        result.append(row)
    if not (gone or new or changed):
        return result
    # Every row here hangs from the one parent: the lock is checked once, for them all.
    owner = _check_lock(model(**parent))
    _judge_by_year_locks([*changed, *new])
    reason = current_change_reason() or _reopen_reason(owner)
    delete(gone, reason=reason)
    for row in [*changed, *new]:
        _clean(row)
    with _said_as_messages(model):
        if changed:
            bulk_update_with_history(changed, model, sorted(names),
                                     default_change_reason=reason)
        if new:
            created = iter(bulk_create_with_history(new, model,
                                                    default_change_reason=reason))
            fresh = {id(row) for row in new}
            result = [next(created) if id(row) in fresh else row for row in result]
    return result


def delete(rows: Iterable[Model], *, reason: str | None = None) -> None:
    """Delete ``rows`` one by one, so that each deletion is recorded in the row's
    history, with ``reason`` or the change's own (an extract run's); the year locks
    judge them first (the database refuses them too)."""
    rows = list(rows)
    _judge_by_year_locks(rows, deleting=True)
    reason = reason or current_change_reason()
    for row in rows:
        if reason:
            row._change_reason = reason
        row.delete()


def _judge_by_year_locks(rows: Sequence[Model], *, deleting: bool = False) -> None:
    """The locks of a year's rows and of reference rows are the database's
    (``ictreport.core.year_locks``); each row is judged here first, so a refusal names
    the report or return and who approved it."""
    from ictreport.core import year_locks

    for row in rows:
        if year_locks.judges(type(row)):
            year_locks.check(row, deleting=deleting)


def upsert_many(model: type[M], rows: Sequence[dict[str, Any]], *,
                key: Sequence[str]) -> list[M]:
    """``upsert`` of each of ``rows`` (the values, ``key`` naming those that find the
    row), read in one query and created in bulk; returned in their order. For rows no
    return or report owns: reference rows, a year's projects."""
    key_fields = [model._meta.get_field(name) for name in key]
    lookup = {f"{key[0]}__in": [values[key[0]] for values in rows]}
    if len(key) > 1:
        lookup |= {name: rows[0][name] for name in key[1:]
                   if len({_as_stored(model._meta.get_field(name), v[name]) for v in rows}) == 1}
    held = {tuple(getattr(row, f.attname) for f in key_fields): row
            for row in model._default_manager.filter(**lookup)} if rows else {}
    new, result = [], []
    for values in rows:
        row = held.get(tuple(_as_stored(f, values[f.name]) for f in key_fields))
        if row is None:
            row = model(**values)
            new.append(row)
        elif fields := changed_fields(row, values):
            for name in fields:
                setattr(row, name, values[name])
            _judge_by_year_locks([row])
            _clean(row)
            with _said_as_messages(model):
                row.save()
        result.append(row)
    for row in new:
        _clean(row)
    _judge_by_year_locks(new)
    if new:
        with _said_as_messages(model):
            bulk_create_with_history(new, model, default_change_reason=current_change_reason())
    return result


def financial_years(start_years: Iterable[int]) -> dict:
    """The financial years starting in ``start_years``, by start year, the missing ones
    added: one query for those held, one for those added."""
    from ictreport.core.models import FinancialYear

    wanted = set(start_years)
    held = {y.start_year: y for y in FinancialYear.objects.filter(start_year__in=wanted)}
    missing = [FinancialYear(start_year=start) for start in sorted(wanted - set(held))]
    if missing:
        FinancialYear.objects.bulk_create(missing)
    return held | {y.start_year: y for y in missing}


def _reopen_reason(owner: Model | None) -> str | None:
    """Why ``owner`` was last reopened, if its latest sign-off step is a reopening: the
    history of each figure written in bulk carries it (saves get it from
    ``ictreport.core.workflow``)."""
    if owner is None or getattr(owner, "_created_here", False):
        return None
    from django.contrib.contenttypes.models import ContentType

    from ictreport.core.models import SignOff, SignOffAction

    last = SignOff.objects.filter(
        content_type=ContentType.objects.get_for_model(owner, for_concrete_model=False),
        object_id=owner.pk,
    ).only("action", "reason").first()
    if last is not None and last.action == SignOffAction.REOPENED:
        return _("After reopening: %(reason)s") % {"reason": last.reason}
    return None


def file_positions(model: type[Model], names: Sequence[str], *, field: str = "name",
                   **lookup: Any) -> dict[str, int]:
    """The ``position`` each of ``names`` (listed in a file's order) should hold.

    Reference rows such as channels may be shared by every organisation: a file that
    lists the ones held in the order they are held moves none of them (their positions
    may have gaps, or start at 1), and names not held yet go after the last. Only a
    file that lists held names in another order renumbers them all, in its order — a
    real change of what every report shows, which the locks then judge.
    """
    rows = model._default_manager.filter(**lookup)
    listed = list(rows.filter(**{f"{field}__in": names}).order_by("position", field)
                  .values_list(field, "position"))
    held = dict(listed)
    if [name for name in names if name in held] != [name for name, _at in listed]:
        return {name: index for index, name in enumerate(names)}
    last = max(rows.values_list("position", flat=True), default=-1)
    positions = {}
    for name in names:
        if name in held:
            positions[name] = held[name]
        else:
            last += 1
            positions[name] = last
    return positions
