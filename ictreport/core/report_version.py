"""A report read together with its data version, in one query.

``data_version(organisation, year)`` is a query of its own; a page that reads the report
anyway gets the same sum as a subquery of that read (``with_data_version``), and
``report_version(report)`` then costs nothing. Both read one snapshot, so the report's
row is exactly as new as the version it is read with.
"""

from django.db.models import BigIntegerField, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from ictreport.core.data_version import ReportDataVersion, data_version

ATTRIBUTE = "data_version_read"


def version_subquery(organisation_field: str = "organisation_id") -> Coalesce:
    """``data_version`` as an expression over a row whose ``organisation_field`` is the
    organisation: the organisation's rows and the shared row, summed."""
    rows = (ReportDataVersion.objects
            .filter(Q(organisation_pk=0) | Q(organisation_pk=OuterRef(organisation_field)))
            .order_by()
            .annotate(total=Func(F("version"), function="SUM",
                                 output_field=BigIntegerField()))
            .values("total")[:1])
    return Coalesce(Subquery(rows, output_field=BigIntegerField()), Value(0))


def with_data_version(reports):
    """``reports`` (a queryset of ``AnnualReport``) each read with its data version and
    without its narrative (half its columns, in both languages): a page keyed by the
    version reads that only when it builds what it caches (``full_report``)."""
    from ictreport.core.models import NARRATIVE_FIELDS

    return reports.defer(*NARRATIVE_FIELDS).annotate(**{ATTRIBUTE: version_subquery()})


def cached_report(pk: int, *, organisation: int, year: int, version: int):
    """The report ``pk`` in full, with its organisation and year, from the shared cache
    under its organisation, year and data ``version`` (read first, by the caller: the
    row is then at least as new as its key); a query only when the version has moved."""
    from ictreport.core.data_version import cache_key, cached
    from ictreport.core.models import AnnualReport

    def build():
        return AnnualReport.objects.select_related("organisation", "year").get(pk=pk)

    report = cached(cache_key("report-row", organisation=organisation, year=year,
                              version=version), build)
    # The version it is keyed by, not the one the row was read with (never older).
    setattr(report, ATTRIBUTE, version)
    return report


def full_report(report):
    """``report`` with every field, read again if ``with_data_version`` left some out
    (one query instead of one per narrative field in each language)."""
    if not report.get_deferred_fields():
        return report
    return type(report).objects.select_related("organisation", "year").get(pk=report.pk)


def report_version(report) -> int:
    """The data version ``report`` was read with, or (read without it) a query for it."""
    version = getattr(report, ATTRIBUTE, None)
    if version is None:
        return data_version(report.organisation_id, report.year_id)
    return int(version)


# Stand-ins a prepared read's SQL is made with, replaced by each request's values.
SLUG, YEAR, USER = "\x00organisation-slug\x00", -918_273_645, -918_273_646
_PREPARED: dict[tuple, tuple[str, tuple]] = {}


def _is_stand_in(param) -> bool:
    # PostgreSQL's backend passes integers typed (psycopg's Int2/Int4/Int8, subclasses
    # of int); a bool is an int too, and never a stand-in.
    return (isinstance(param, str | int) and not isinstance(param, bool)
            and param in (SLUG, YEAR, USER))


def _plain(param):
    """A stand-in as ``values`` names it: a typed integer as the int it is."""
    return param if isinstance(param, str) else int(param)


def prepared(name: str, using: str, build, values: dict) -> tuple[str, list]:
    """The SQL of ``build()``'s queryset (written with the stand-ins ``SLUG``, ``YEAR``
    and ``USER``) and its parameters with ``values`` in their places. The ORM makes the
    SQL once per process, ``name`` and database: a warm page's read is then no more than
    the database's own work, while the rules it is made of (who sees what, the data
    version) stay written once, in the ORM."""
    if (name, using) not in _PREPARED:
        queryset = build()
        sql, params = queryset.query.get_compiler(using).as_sql()
        found = sorted((_plain(p) for p in params if _is_stand_in(p)), key=repr)
        if found != sorted(values, key=repr):
            raise RuntimeError(f"The prepared read {name} has parameters {params!r}.")
        _PREPARED[name, using] = sql, tuple(params)
    sql, params = _PREPARED[name, using]
    return sql, [values[_plain(p)] if _is_stand_in(p) else p for p in params]


def run_prepared(name: str, using: str, build, values: dict) -> list[tuple]:
    """The rows of ``prepared``'s query."""
    from django.db import connections

    sql, params = prepared(name, using, build, values)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
