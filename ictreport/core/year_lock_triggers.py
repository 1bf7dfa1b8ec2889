"""The year locks (``ictreport.core.year_locks``), held by the database: whichever code
writes -- a service, the admin, a raw ``QuerySet.update()``, ``bulk_create``, a delete,
SQL typed at a prompt -- a trigger on each table refuses

* for a year's rows (``year_paths``): an insert into, a changing update of (from or
  to), or a delete from a year whose report is approved or published; and, for the
  fields a model's previous-year report names (``locked_by_previous_year``, on the rows
  ``shown_in_previous_year_sql`` picks), the same while the previous year's report is;
* for reference rows (``reference_uses``): a changing update of a column other than
  ``lock_exempt_fields``, or a delete, while a row that names it is approved (its
  return) or shown by an approved or published report. A new reference row is allowed.

An update writing the row back unchanged passes. The refusal carries ``LOCKED_MARK``,
like the sign-off lock's; ``year_locks.check`` is the Python pre-check that words it.
Installed and dropped with the project's other triggers (``ictreport.core.db``).
"""

import hashlib

from ictreport.core.models import AnnualReport
from ictreport.core.signoff_lock import (
    LOCKED_MARK,
    _owner_locked_sql,
    lock_path,
    locked_statuses,
    owner_model,
)
from ictreport.core.triggers import create_sql, differs_sql, drop_sql, refuse_sql


def _name(table: str) -> str:
    digest = hashlib.sha1(table.encode()).hexdigest()[:8]
    return f"yl_{table[:40]}_{digest}"


def path_sql(model, path: str, ref: str, depth: int = 0) -> str:
    """SQL for the column at the end of the lookup ``path`` from the row ``ref``."""
    first, _sep, rest = path.partition("__")
    field = model._meta.get_field(first)
    if not rest:
        return f"{ref}.{field.column}"
    parent, alias = field.related_model, f"y{depth + 1}"
    return (f"(SELECT {path_sql(parent, rest, alias, depth + 1)} "
            f"FROM {parent._meta.db_table} {alias} "
            f"WHERE {alias}.{field.target_field.column} = {ref}.{field.column})")


def _report_locked_sql(organisation: str, year: str) -> str:
    statuses = ", ".join(f"'{s}'" for s in locked_statuses(AnnualReport))
    return (f"EXISTS (SELECT 1 FROM {AnnualReport._meta.db_table} r "
            f"WHERE r.organisation_id = {organisation} AND r.year_id = {year} "
            f"AND r.status IN ({statuses}))")


def _year_conditions(vendor: str, model, paths) -> dict[str, str]:
    from ictreport.core.year_locks import _concrete

    def locked(ref, offset=""):
        return _report_locked_sql(path_sql(model, paths[0], ref),
                                  path_sql(model, paths[1], ref) + offset)

    changed = differs_sql(vendor, [f.column for f in _concrete(model)])
    conditions = {"insert": locked("NEW"),
                  "update": f"{changed} AND ({locked('OLD')} OR {locked('NEW')})",
                  "delete": locked("OLD")}
    fields = getattr(model, "locked_by_previous_year", ())
    shown = getattr(model, "shown_in_previous_year_sql", None)
    if fields and shown:
        # Year pks are start years (``FinancialYear``): the previous year is one less.
        def previous(ref):
            return f"({shown.format(row=ref)} AND {locked(ref, ' - 1')})"

        named = differs_sql(vendor, [model._meta.get_field(f).column for f in fields])
        conditions = {
            "insert": f"{conditions['insert']} OR {previous('NEW')}",
            "update": f"({conditions['update']}) OR ({named} AND "
                      f"({previous('OLD')} OR {previous('NEW')}))",
            "delete": f"{conditions['delete']} OR {previous('OLD')}",
        }
    return conditions


def _user_locked_sql(user, ref: str) -> str:
    """True when the row ``ref`` of ``user`` (a locked kind of row) is locked."""
    from ictreport.core.year_locks import year_paths

    path = lock_path(user)
    if path is None:
        organisation, year = year_paths(user)
        return _report_locked_sql(path_sql(user, organisation, ref), path_sql(user, year, ref))
    if path == "":
        statuses = ", ".join(f"'{s}'" for s in locked_statuses(user))
        approved = f"{ref}.status IN ({statuses})"
        organisation, year = "organisation", "year"
    else:
        approved = _owner_locked_sql(user, path, ref)
        organisation, year = f"{path}__organisation", f"{path}__year"
    report = _report_locked_sql(path_sql(user, organisation, ref), path_sql(user, year, ref))
    return f"({approved} OR {report})"


def _reference_conditions(vendor: str, model, uses) -> dict[str, str]:
    from ictreport.core.year_locks import _concrete

    used = " OR ".join(
        f"EXISTS (SELECT 1 FROM {user._meta.db_table} u{n} "
        f"WHERE u{n}.{user._meta.get_field(fk).column} = OLD.{model._meta.pk.column} "
        f"AND {_user_locked_sql(user, f'u{n}')})"
        for n, (user, fk) in enumerate(uses, start=1))
    exempt = getattr(model, "lock_exempt_fields", ())
    changed = differs_sql(vendor, [f.column for f in _concrete(model, exempt)])
    return {"update": f"{changed} AND ({used})", "delete": f"({used})"}


def _tables_of(model, uses) -> set[str]:
    tables = {model._meta.db_table}
    for user, _fk in uses:
        tables.add(user._meta.db_table)
        path = lock_path(user)
        if path:
            tables.add(owner_model(user, path)._meta.db_table)
    return tables


def year_lock_trigger_sql(vendor: str, existing: set[str], *, drop: bool = False) -> list[str]:
    """The statements (re)installing, or with ``drop`` removing, every year-lock trigger
    on the tables in ``existing``."""
    from django.apps import apps

    from ictreport.core.year_locks import reference_uses, year_paths

    sql = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        table = model._meta.db_table
        paths, uses = year_paths(model), reference_uses(model)
        if not (paths or uses) or not _tables_of(model, uses) <= existing \
                or AnnualReport._meta.db_table not in existing:
            continue
        name = _name(table)
        if drop:
            sql += drop_sql(vendor, name, table)
            continue
        conditions = (_year_conditions(vendor, model, paths) if paths
                      else _reference_conditions(vendor, model, uses))
        refuse = refuse_sql(vendor, f"{table}: {LOCKED_MARK} (an approved year shows "
                                    "it); reopen the approved return or report first")
        sql += create_sql(vendor, name, table, timing="BEFORE", events={
            event: (condition, [refuse]) for event, condition in conditions.items()})
    return sql
