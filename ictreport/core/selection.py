"""The organisation and year a page shows.

A choice made in the URL's query string (``?organisation=gwent-police&year=2019-20``)
can be bookmarked and shared, and becomes the session's choice, so every page after it
shows the same organisation and year until the user picks another. Without a choice a
user lands on their own organisation (the first of their memberships that holds
figures; for a shared-service administrator, the organisation with the most recent
figures) and the latest year that holds figures for it: a year with any return, or a
report with some text, not merely a financial year set up in the admin.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple
from urllib.parse import urlencode

from django.apps import apps
from django.db import router
from django.db.models import (
    BigIntegerField,
    CharField,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from ictreport.core.access import member_organisations, sees_every_organisation
from ictreport.core.data_version import cache_key, cached
from ictreport.core.models import (
    NARRATIVE_FIELDS,
    AnnualReport,
    FinancialYear,
    Organisation,
    QuarterlyReturn,
    SectionText,
)
from ictreport.core.periods import parse_year_slug
from ictreport.core.report_version import USER, run_prepared, version_subquery

SESSION_KEY = "selection"
VERSION_ATTRIBUTE = "data_version_read"


@dataclass(frozen=True)
class Selection:
    organisation: Organisation | None
    year: FinancialYear | None
    organisations: Sequence[Organisation]
    years: Sequence[FinancialYear]
    # What the organisations and years are at (their ids and versions), for a page
    # that caches the chooser; "" when they were not read under versions.
    fingerprint: str = ""

    @property
    def querystring(self) -> str:
        if self.organisation is None or self.year is None:
            return ""
        return urlencode({"organisation": self.organisation.slug, "year": self.year.slug})

    def __bool__(self):
        return self.organisation is not None and self.year is not None

    @property
    def version(self) -> int | None:
        """The chosen organisation's data version, read with the organisations (what a
        page caches for the selection is keyed by it); None when nothing is chosen."""
        if self.organisation is None:
            return None
        return int(getattr(self.organisation, VERSION_ATTRIBUTE))


def select(request) -> Selection:
    """Resolve the page's organisation and year; 404 for one the user may not see.

    Queries: the organisations the user may see, each with its data version (their
    rows and the years come from the cache under those versions, and are read from it
    only when something lists them); and, only when neither the URL nor the session
    names both, the latest year holding figures per organisation.
    """
    held = organisations_and_years(request.user)  # query
    rows, starts = held.rows, held.start_years
    row = _organisation_from_url(request, rows)
    start = _year_from_url(request, starts)
    chosen_in_url = row is not None or start is not None

    remembered = request.session.get(SESSION_KEY) or {}
    if row is None:
        # A remembered choice the user may no longer see is forgotten, not a 404.
        row = next((r for r in rows if r.pk == remembered.get("organisation")), None)
    if start is None and row is not None and row.pk == remembered.get("organisation"):
        start = next((y for y in starts if y == remembered.get("year")), None)

    if row is None or start is None:
        latest = latest_years_held(  # query: the latest year holding figures, per organisation
            organisation_ids=None if sees_every_organisation(request.user)
            else [r.pk for r in rows])
        if row is None:
            landing = _landing_organisation(request.user, held.organisations, latest)
            row = next((r for r in rows if r.pk == getattr(landing, "pk", None)), None)
        if start is None and row is not None:
            start = next((y for y in starts if y == latest.get(row.pk)), None)
        if start is None:
            start = starts[0] if starts else None

    organisation = held.organisation(row) if row is not None else None
    year = _year(start) if start is not None else None
    selection = Selection(organisation, year, held.organisations, held.years,
                          held.fingerprint)
    if chosen_in_url and selection:
        remember(request, organisation, year)
    return selection


class Rows(Sequence):
    """A list read from ``make()`` only when something reads it, of ``length`` items."""

    def __init__(self, make, length: int):
        self._make, self._length, self._items = make, length, None

    def _list(self) -> list:
        if self._items is None:
            self._items = self._make()
        return self._items

    def __getitem__(self, index):
        return self._list()[index]

    def __iter__(self):
        return iter(self._list())

    def __len__(self):
        return self._length

    @property
    def loaded(self) -> bool:
        """Whether the list has been read already."""
        return self._items is not None


class OrganisationRow(NamedTuple):
    pk: int
    slug: str
    version: int


@dataclass(frozen=True)
class Held:
    """The organisations a user may see and the years held, as ``select`` reads them:
    their ids, slugs and versions and the years' start years at once; the rows
    themselves (``organisations``, ``years``) only when something lists them."""

    rows: list[OrganisationRow]
    start_years: list[int]
    organisations: Sequence[Organisation]
    years: Sequence[FinancialYear]
    fingerprint: str

    def organisation(self, row: OrganisationRow) -> Organisation:
        """The organisation ``row`` is of: from the list if it was read already, else
        from the cache under its version (filled from the list, which a page that is
        rendered reads anyway)."""
        def from_list():
            return next(o for o in self.organisations if o.pk == row.pk)

        if not isinstance(self.organisations, Rows) or self.organisations.loaded:
            return from_list()
        organisation = cached(cache_key("selection-organisation", organisation=row.pk,
                                        year=0, version=row.version), from_list)
        setattr(organisation, VERSION_ATTRIBUTE, row.version)
        return organisation


def organisations_and_years(user) -> Held:
    """The organisations ``user`` may see, each with its data version, and every
    financial year, newest first, with a digest of the versions they are at. One query,
    of the organisations' ids, slugs and versions and the years' start years, its SQL
    made by the ORM once per process (``report_version.run_prepared``)."""
    kind = ("every" if sees_every_organisation(user)
            else "member" if user.is_authenticated and user.is_active else "none")
    rows, starts = [], []
    for pk, slug, version in run_prepared(
            f"selection-{kind}", router.db_for_read(Organisation),
            lambda: _organisations_read(kind), {USER: user.pk} if kind == "member" else {}):
        if slug is None:  # a financial year's row
            starts.append(pk)
        else:
            rows.append(OrganisationRow(pk, slug, int(version)))
    starts.sort(reverse=True)
    if not rows:
        return Held([], starts, [], [_year(start) for start in starts], "")
    rows.sort()
    digest = hashlib.sha1(repr((rows, starts)).encode()).hexdigest()[:20]
    versions = {row.pk: row.version for row in rows}

    def organisations():
        listed = cached(cache_key("selection-organisations", organisation=0, year=0,
                                  version=0, organisations=digest),
                        lambda: list(Organisation.objects.filter(pk__in=versions)))
        for organisation in listed:
            setattr(organisation, VERSION_ATTRIBUTE, versions[organisation.pk])
        return listed

    return Held(rows, starts, Rows(organisations, len(rows)),
                Rows(lambda: [_year(start) for start in starts], len(starts)), digest)


def _year(start_year: int) -> FinancialYear:
    """The financial year starting in ``start_year`` (its only field): no query."""
    return FinancialYear.from_db(router.db_for_read(FinancialYear), ["start_year"],
                                 [start_year])


def _organisations_read(kind: str):
    """The visible organisations' ids, slugs and data versions, and every financial
    year's start year (with no slug), written with the prepared read's stand-in for the
    user ("none": the years only)."""
    organisations = QuerySet(Organisation)  # plain: no modeltranslation
    if kind == "member":
        organisations = organisations.filter(pk__in=member_organisations(USER).values("pk"))
    elif kind == "none":
        organisations = organisations.none()
    years = QuerySet(FinancialYear).annotate(
        no_slug=Value(None, output_field=CharField()),
        no_version=Value(0, output_field=BigIntegerField()),
    ).values_list("start_year", "no_slug", "no_version").order_by()
    return (organisations.annotate(read_version=version_subquery("pk"))
            .values_list("pk", "slug", "read_version").order_by()).union(years, all=True)


def remember(request, organisation: Organisation, year: FinancialYear) -> None:
    """Make ``organisation`` and ``year`` the session's choice; the session is only
    written when the choice changes."""
    choice = {"organisation": organisation.pk, "year": year.start_year}
    if request.session.get(SESSION_KEY) != choice:
        request.session[SESSION_KEY] = choice


def _organisation_from_url(request, rows):
    slug = request.GET.get("organisation")
    if not slug:
        return None
    organisation = next((o for o in rows if o.slug == slug), None)
    if organisation is None:
        raise Http404(_("No such organisation."))
    return organisation


def _year_from_url(request, starts) -> int | None:
    param = request.GET.get("year")
    if not param:
        return None
    try:
        start = parse_year_slug(param)
    except ValueError:
        raise Http404(_("No such year.")) from None
    if start not in starts:
        raise Http404(_("No figures are held for that year."))
    return start


def _landing_organisation(user, organisations, latest: dict[int, int]) -> Organisation | None:
    if not organisations:
        return None
    if sees_every_organisation(user):
        # The most recent figures; between equals, the first by name.
        return max(organisations, key=lambda o: latest.get(o.pk, 0),
                   default=organisations[0])
    return next((o for o in organisations if o.pk in latest), organisations[0])


@cache
def return_models() -> tuple[type[QuarterlyReturn], ...]:
    """Every section's quarterly return model."""
    return tuple(m for m in apps.get_models()
                 if issubclass(m, QuarterlyReturn) and not issubclass(m, HistoricalChanges))


def _report_has_content() -> Q:
    text = SectionText.objects.filter(report=OuterRef("pk")).exclude(intro="", commentary="")
    return Q(Exists(text)) | ~Q(**dict.fromkeys(NARRATIVE_FIELDS, ""))


def latest_years_held(*, organisation_ids: list[int] | None) -> dict[int, int]:
    """Each organisation's latest financial year (its start year) with any return of any
    section or a report with some text, in one query; ``None`` means every organisation."""
    parts = [model._default_manager.all() for model in return_models()]
    parts.append(AnnualReport.objects.filter(_report_has_content()))
    if organisation_ids is not None:
        parts = [qs.filter(organisation_id__in=organisation_ids) for qs in parts]
    parts = [qs.order_by().values("organisation_id").annotate(latest=Max("year_id"))
             for qs in parts]
    latest: dict[int, int] = {}
    for row in parts[0].union(*parts[1:], all=True):
        org = row["organisation_id"]
        latest[org] = max(latest.get(org, 0), row["latest"])
    return latest
