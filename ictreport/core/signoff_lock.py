"""The sign-off lock, held by the database: what an approved return or an approved or
published report shows cannot change, whichever code writes (admin, services, imports,
a raw ``QuerySet.update()`` or ``bulk_create``, SQL typed at a prompt).

A trigger on every table the lock covers refuses:

* a change to a locked return's or report's own columns, other than the ones the
  sign-off steps and the version counter move (``status``, its "last changed" time,
  ``version``), and its deletion;
* an insert, a changing update, or a delete of a row hanging from one (a return's
  figures, an audit review's recommendations, a report's section texts).

An update that writes a row's values back unchanged passes: a re-import saves rows as
they are. The refusal is an ``IntegrityError`` carrying ``LOCKED_MARK``; the write
services check the parent return once beforehand (``ictreport.core.writes``) so a user
is told who approved it and when, and the database's refusal is the backstop.

The triggers are (re)installed after every ``migrate`` and dropped before one, with the
project's other triggers (``ictreport.core.db``): SQLite cannot rebuild a table another
table's trigger names.
"""

from functools import cache

from django.apps import apps
from simple_history.models import HistoricalChanges

from ictreport.core.models import (
    AnnualReport,
    QuarterlyReturn,
    ReportEdition,
    ReportStatus,
    ReturnStatus,
    SectionText,
)
from ictreport.core.triggers import create_sql, differs_sql, drop_sql, refuse_sql

LOCKED_MARK = "locked by sign-off"
# Columns the sign-off steps and the version counter move on a locked return or report.
_MOVABLE = {"status", "version"}


def locked_statuses(model) -> tuple[str, ...]:
    """The statuses of ``model`` (a return or the report) that lock it."""
    if model is AnnualReport:
        return (ReportStatus.APPROVED, ReportStatus.PUBLISHED)
    return (ReturnStatus.APPROVED,)


@cache
def lock_path(model) -> str | None:
    """The lookup from ``model`` to the return or report whose approval locks it: ""
    for a return or report itself, None for rows no approval locks."""
    if issubclass(model, HistoricalChanges) or model is ReportEdition:
        # An edition is written by the publish step itself and is never changed at all
        # (ictreport.core.editions).
        return None
    if model is AnnualReport or (issubclass(model, QuarterlyReturn) and not model._meta.abstract):
        return ""
    if model is SectionText:
        return "report"
    for field in model._meta.get_fields():
        if not ((field.many_to_one or field.one_to_one) and field.concrete):
            continue
        parent = field.related_model
        if parent is model or parent._meta.app_label != model._meta.app_label:
            continue
        path = lock_path(parent)
        if path is not None:
            return f"{field.name}__{path}" if path else field.name
    return None


def owner_model(model, path: str):
    """The return or report model at the end of ``path`` from ``model``."""
    for name in path.split("__") if path else ():
        model = model._meta.get_field(name).related_model
    return model


def locked_models() -> list[tuple[type, str]]:
    """(model, lock path) of every table the lock covers."""
    return [(model, lock_path(model)) for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy and lock_path(model) is not None]


# The triggers --------------------------------------------------------------------------


def _statuses_sql(model) -> str:
    return ", ".join(f"'{status}'" for status in locked_statuses(model))


def _columns(model, *, owner: bool) -> list[str]:
    return [f.column for f in model._meta.concrete_fields
            if not f.primary_key and not getattr(f, "auto_now", False)
            and not (owner and f.name in _MOVABLE)]


def _owner_locked_sql(model, path: str, ref: str) -> str:
    """SQL that is true when the row ``ref`` (NEW or OLD) hangs from a locked owner."""
    names = path.split("__")
    field = model._meta.get_field(names[0])
    current = field.related_model
    sql = f"SELECT 1 FROM {current._meta.db_table} o1"
    where = f"o1.{current._meta.pk.column} = {ref}.{field.column}"
    for depth, name in enumerate(names[1:], start=2):
        step = current._meta.get_field(name)
        nxt = step.related_model
        sql += (f" JOIN {nxt._meta.db_table} o{depth} "
                f"ON o{depth}.{nxt._meta.pk.column} = o{depth - 1}.{step.column}")
        current = nxt
    return (f"EXISTS ({sql} WHERE {where} "
            f"AND o{len(names)}.status IN ({_statuses_sql(current)}))")


def _conditions(vendor: str, model, path: str) -> dict[str, str]:
    """When each event on ``model``'s table is refused."""
    if path == "":
        held = f"OLD.status IN ({_statuses_sql(model)})"
        return {"update": f"{held} AND {differs_sql(vendor, _columns(model, owner=True))}",
                "delete": held}
    old, new = (_owner_locked_sql(model, path, ref) for ref in ("OLD", "NEW"))
    return {"insert": new,
            "update": f"{differs_sql(vendor, _columns(model, owner=False))} "
                      f"AND ({old} OR {new})",
            "delete": old}


def _create_sql(vendor: str, model, path: str) -> list[str]:
    table = model._meta.db_table
    refuse = refuse_sql(vendor, f"{table}: {LOCKED_MARK}; reopen the approved return or "
                                "report first")
    return create_sql(vendor, f"{table}_signoff", table, timing="BEFORE", events={
        event: (condition, [refuse])
        for event, condition in _conditions(vendor, model, path).items()})


def lock_trigger_sql(vendor: str, existing: set[str], *, drop: bool = False) -> list[str]:
    """The statements (re)installing, or with ``drop`` removing, every lock trigger on
    the tables in ``existing``."""
    sql = []
    for model, path in locked_models():
        table = model._meta.db_table
        if table not in existing or (path and owner_model(model, path)._meta.db_table
                                     not in existing):
            continue
        sql += (drop_sql(vendor, f"{table}_signoff", table) if drop
                else _create_sql(vendor, model, path))
    return sql


def is_lock_refusal(exc: BaseException) -> bool:
    """Whether a database error is the lock's refusal."""
    return LOCKED_MARK in str(exc)
