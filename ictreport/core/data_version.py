"""A data version per report: one cheap read that changes whenever anything it shows does.

``ReportDataVersion`` holds one counter per (organisation, year) written, plus
organisation-wide rows (``year_pk = 0``: the organisation's own row, its memberships)
and one row for everything shared by every organisation (``0, 0``: reference names such
as channels, tiers and audit opinions, the financial years). Database triggers on every
table the report reads add one to the row a written row belongs to, in the same
transaction as the write, so no write path -- a service, the admin, an import, a
migration, raw SQL -- can forget it.

``data_version(organisation, year)`` is the sum of the organisation's rows and the
shared row. Every counter only ever goes up, so the sum changes with every committed
write, whichever rows it touched and in whatever order concurrent writers commit. It
sums all of the organisation's years, not only the report's: a report shows other
years too (trends over every year held), so a change to any of them is a change to it.

Which tables: every concrete model of ``core`` and of the apps whose sections are
registered (``ictreport.core.registry``), auto-created many-to-many tables included,
historical copies and ``NOT_SHOWN`` left out. A new model in a section app is covered by the next
``migrate`` without naming it anywhere. Where a row belongs is found from its foreign
keys: a table with ``organisation``/``year`` keys uses them; a table that hangs from
one (a return's figures, a report's texts) looks them up through its parent, up to
three levels; anything else is shared. The triggers are dropped before every
``migrate`` and installed after it (``post_migrate``), like ``ictreport.core.db``'s:
SQLite drops a table's triggers when it rebuilds it, and refuses to rebuild a table
another table's trigger names.

Read the version *before* the data it keys: data read later is at least as new, so an
entry can be newer than its key but never older.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections, models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ictreport.core import triggers

logger = logging.getLogger(__name__)

TABLE = "core_reportdataversion"
# Tables that are no part of any report: a user's import preview, before anything is
# written. Every other table of core and the sections' apps is covered.
# A user's own settings (the language they read in) are in no report either, nor is
# an edition's PDF: its source is frozen with the edition (which is covered) and the
# worker's drawing it later changes nothing any page or PDF of the report shows.
NOT_SHOWN = {"core.ImportPreview", "core.UserPreference", "core.EditionPdfSource",
             "core.EditionPdf"}
# How many foreign keys a row may be away from its organisation and year.
MAX_DEPTH = 3


class ReportDataVersion(models.Model):
    """A counter per organisation and year, bumped by triggers (never by code)."""

    # Plain numbers, not foreign keys: 0 stands for "every organisation"/"every year",
    # and a deleted organisation's last bump must not fail on its own row.
    organisation_pk = models.BigIntegerField(
        _("organisation"), help_text=_("The organisation's id; 0 for data every "
                                       "organisation's report shows."))
    year_pk = models.BigIntegerField(
        _("year"), help_text=_("The financial year's id; 0 for the organisation as a whole."))
    version = models.BigIntegerField(_("version"), default=0)
    # Stamped by the same triggers: when the last write to these rows was made, so the
    # worker's sweep (ictreport.reports.jobs) finds what changed and waits for a pause.
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        app_label = "core"
        db_table = TABLE
        ordering = ["organisation_pk", "year_pk"]
        verbose_name = _("report data version")
        verbose_name_plural = _("report data versions")
        constraints = [models.UniqueConstraint(fields=["organisation_pk", "year_pk"],
                                               name="core_reportdataversion_unique")]

    def __str__(self):
        return f"{self.organisation_pk}/{self.year_pk}: {self.version}"


def data_version(organisation, year=None) -> int:
    """The version of everything ``organisation``'s report for ``year`` shows (one query).

    ``organisation`` is an ``Organisation`` or its pk; ``year`` (a ``FinancialYear``,
    its pk, or None) is accepted for the key's readability but does not narrow the sum:
    a report shows the organisation's other years too."""
    organisation_pk = getattr(organisation, "pk", organisation)
    total = (ReportDataVersion.objects.filter(organisation_pk__in=(0, organisation_pk))
             .aggregate(total=models.Sum("version"))["total"])
    return int(total or 0)


# --- which tables, and where their rows belong ---------------------------------------


def covered_models() -> list[type[models.Model]]:
    """Every table the report reads: core's and the registered sections' apps' models."""
    from simple_history.models import HistoricalChanges

    from ictreport.core import registry

    configs = {apps.get_app_config("core")}
    for item in (*registry.sections(), *registry.file_parts()):
        config = apps.get_containing_app_config(type(item).__module__)
        if config is not None:
            configs.add(config)
    found = []
    for config in sorted(configs, key=lambda c: c.label):
        for model in config.get_models(include_auto_created=True):
            meta = model._meta
            if (not meta.managed or meta.proxy or model is ReportDataVersion
                    or meta.label in NOT_SHOWN
                    or issubclass(model, HistoricalChanges)):
                continue
            found.append(model)
    return found


def _keys(model) -> tuple[models.Field | None, models.Field | None, list[models.Field]]:
    from ictreport.core.models import FinancialYear, Organisation

    organisation = year = None
    parents = []
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model is None:
            continue
        if issubclass(field.related_model, Organisation) and organisation is None:
            organisation = field
        elif issubclass(field.related_model, FinancialYear) and year is None:
            year = field
        elif field.related_model._meta.app_label not in {"auth", "contenttypes"}:
            parents.append(field)
    return organisation, year, parents


def scope_sql(model, row: str, depth: int = 0) -> tuple[str, str] | None:
    """SQL for (organisation pk, year pk) of the row aliased ``row`` in ``model``'s
    table, or None when it belongs to no organisation (shared)."""
    from ictreport.core.models import Organisation

    if issubclass(model, Organisation):
        return f"{row}.{model._meta.pk.column}", "0"
    organisation, year, parents = _keys(model)
    if organisation is not None:
        return (f"{row}.{organisation.column}",
                f"{row}.{year.column}" if year is not None else "0")
    if depth >= MAX_DEPTH:
        return None
    for field in parents:
        parent = field.related_model
        alias = f"p{depth + 1}"
        inner = scope_sql(parent, alias, depth + 1)
        if inner is None:
            continue
        target = field.target_field.column
        source = (f"FROM {parent._meta.db_table} {alias} "
                  f"WHERE {alias}.{target} = {row}.{field.column}")
        return tuple(f"(SELECT {expr} {source})" for expr in inner)
    return None


def _now_sql(vendor: str) -> str:
    # The write's own time (not its transaction's start), to the microsecond.
    if vendor == "postgresql":
        return "clock_timestamp()"
    return "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _bump_sql(vendor: str, model, row: str) -> str:
    scope = scope_sql(model, row) or ("0", "0")
    organisation, year = (f"COALESCE({expr}, 0)" for expr in scope)
    now = _now_sql(vendor)
    return (f"INSERT INTO {TABLE} (organisation_pk, year_pk, version, changed_at) "
            f"VALUES ({organisation}, {year}, 1, {now}) "
            f"ON CONFLICT (organisation_pk, year_pk) "
            f"DO UPDATE SET version = {TABLE}.version + 1, changed_at = {now}")


def _name(table: str) -> str:
    # PostgreSQL cuts names at 63 bytes; two long tables must not end up with one name.
    digest = hashlib.sha1(table.encode()).hexdigest()[:8]
    return f"dv_{table[:40]}_{digest}"


def _create_sql(vendor: str, model) -> list[str]:
    new, old = _bump_sql(vendor, model, "NEW"), _bump_sql(vendor, model, "OLD")
    columns = [f.column for f in model._meta.concrete_fields]
    return triggers.create_sql(vendor, _name(model._meta.db_table), model._meta.db_table,
                               timing="AFTER", events={
        "insert": (None, [new]),
        # Only an update that changed the row: one writing it back as it was (a
        # re-import, ``loaddata``) changes nothing any report shows. Both sides: a row
        # moved to another organisation changes two.
        "update": (triggers.differs_sql(vendor, columns, whole_row=True), [old, new]),
        "delete": (None, [old]),
    })


def _drop_sql(vendor: str, table: str) -> list[str]:
    return triggers.drop_sql(vendor, _name(table), table)


def data_version_trigger_sql(vendor: str, existing: set[str], *, drop: bool = False):
    """The statements (re)installing, or with ``drop`` removing, the triggers on every
    covered table in ``existing``."""
    if TABLE not in existing and not drop:
        return []
    return [sql for model in covered_models() if model._meta.db_table in existing
            for sql in (_drop_sql(vendor, model._meta.db_table) if drop
                        else _create_sql(vendor, model))]


def install_data_version_triggers(using: str = "default", **kwargs) -> list[str]:
    """Install the triggers on every covered table that exists; returns the tables."""
    from ictreport.core.db import run_trigger_sql

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if TABLE not in existing:
        return []
    run_trigger_sql(using, data_version_trigger_sql)
    with connection.cursor() as cursor:
        # The shared row starts at a random number, once per database: a database made
        # afresh (``make demo``, a restore) then never repeats an old database's versions
        # under which a shared cache that outlived it still holds pages.
        cursor.execute(f"SELECT 1 FROM {TABLE} WHERE organisation_pk = 0 AND year_pk = 0")
        if cursor.fetchone() is None:
            cursor.execute(f"INSERT INTO {TABLE} (organisation_pk, year_pk, version) "
                           "VALUES (0, 0, %s)", [secrets.randbelow(2**40)])
    return [m._meta.db_table for m in covered_models() if m._meta.db_table in existing]


# --- caching under it ----------------------------------------------------------------

# How long an entry stays: the key changes with the data, so this only clears out
# entries nobody asks for any more.
CACHE_SECONDS = 60 * 60 * 24 * 7
_SOURCES = ("*.py", "*.html", "*.css", "*.mo")


@functools.cache
def code_version() -> str:
    """A hash of the code and templates that turn data into pages (once per process),
    so a deployment never serves what the previous code assembled."""
    root = Path(settings.BASE_DIR)
    # The project's own apps, templates and translations; never the virtualenv.
    folders = {Path(config.path) for config in apps.get_app_configs()
               if Path(config.path).is_relative_to(root)}
    folders |= {Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", ())}
    folders |= {Path(d) for d in getattr(settings, "LOCALE_PATHS", ())}
    digest = hashlib.sha1()
    for folder in sorted(folders):
        for pattern in _SOURCES:
            for path in sorted(folder.rglob(pattern)):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(kind: str, *, organisation, year, version: int, **parts) -> str:
    """The shared cache's key for ``kind`` of one report's data at ``version``, in the
    active language."""
    extra = ":".join(f"{name}={parts[name]}" for name in sorted(parts))
    return (f"dv:{code_version()}:{kind}:{getattr(organisation, 'pk', organisation)}:"
            f"{getattr(year, 'pk', year)}:{version}:{get_language()}:{extra}")


def cached(key: str, build):
    """``build()``'s value, from the shared cache when it holds ``key``; a cache that
    cannot be read or written is a miss, never an error."""
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("Could not read the cache entry %s.", key, exc_info=True)
        value = None
    if value is None:
        value = build()
        try:
            cache.set(key, value, CACHE_SECONDS)
        except Exception:
            logger.warning("Could not write the cache entry %s.", key, exc_info=True)
    return value


def section_data(section, *, organisation, year, version: int | None = None):
    """The registered ``section``'s ``SectionData`` for the year, built once per data
    version and language (every page that shows it shares the entry)."""
    if version is None:
        version = data_version(organisation, year)
    key = cache_key(f"section:{section.key}", organisation=organisation, year=year,
                    version=version)
    return cached(key, lambda: section.build(organisation=organisation, year=year))
