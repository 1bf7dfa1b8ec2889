"""Writes that touch only what differs from what the database holds.

Imports describe rows completely and arrive again with the same content: ``make demo``
imports the shipped report every time it runs, and a corrected file repeats every
figure it does not correct. A ``save()`` that changes nothing still moves the row's
``auto_now`` "last changed" and adds a "Changed" entry to its django-simple-history
history, and a row deleted and created again loses its history altogether. So every
section's import writes through these two helpers: a row is created only when it is
missing, saved only when one of its values differs, deleted only when the file no
longer lists it.

Rows written are validated first (``full_clean``), so a rule the model states gives its
message rather than the database's refusal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db.models import Field, Model

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


def _create(model: type[M], values: dict[str, Any]) -> M:
    row = model(**values)
    row.full_clean()
    row.save()
    return row


def _update(row: M, values: dict[str, Any]) -> M:
    changed = changed_fields(row, values)
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.full_clean()
        row.save()
    return row


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """The row ``lookup`` finds, brought to ``values``, or created with both; saved
    only when a value differs."""
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        return _create(model, {**lookup, **values})
    return _update(row, values)


def sync_children(model: type[M], parent: dict[str, Any], rows: Iterable[dict[str, Any]],
                  *, key: Sequence[str]) -> list[M]:
    """Make the rows of ``model`` under ``parent`` (a lookup such as
    ``{"desk_return": desk_return}``) exactly ``rows``, returned in their order.

    Each of ``rows`` gives the row's values, including the ``key`` fields that tell the
    rows under one parent apart (what their unique constraint holds with the parent).
    A row held under the same key is updated where it differs; one not held is
    created; a held row ``rows`` does not list is deleted, one by one so that each
    deletion is recorded in the row's history and passes the sign-off lock. Deletions
    come first, so a row created can take a unique value a deleted one held.
    """
    key_fields = [model._meta.get_field(name) for name in key]
    held = {tuple(getattr(row, f.attname) for f in key_fields): row
            for row in model._default_manager.filter(**parent)}
    wanted = [(tuple(_as_stored(f, values[f.name]) for f in key_fields), values)
              for values in rows]
    listed = {row_key for row_key, _values in wanted}
    for row_key, row in held.items():
        if row_key not in listed:
            row.delete()
    return [
        _update(held[row_key], values) if row_key in held
        else _create(model, {**parent, **values})
        for row_key, values in wanted
    ]


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
