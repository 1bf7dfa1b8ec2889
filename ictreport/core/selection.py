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
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from django.apps import apps
from django.db import router
from django.db.models import Exists, Max, OuterRef, Q
from django.http import Http404
from django.utils.translation import get_language
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
from ictreport.core.report_version import USER, prepared, version_subquery

SESSION_KEY = "selection"
VERSION_ATTRIBUTE = "data_version_read"


@dataclass(frozen=True)
class Selection:
    organisation: Organisation | None
    year: FinancialYear | None
    organisations: list[Organisation]
    years: list[FinancialYear]
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
    rows and the years come from the cache under those versions); and, only when
    neither the URL nor the session names both, the latest year holding figures per
    organisation.
    """
    organisations, years, fingerprint = organisations_and_years(request.user)  # query
    organisation = _organisation_from_url(request, organisations)
    year = _year_from_url(request, years)
    chosen_in_url = organisation is not None or year is not None

    remembered = request.session.get(SESSION_KEY) or {}
    if organisation is None:
        # A remembered choice the user may no longer see is forgotten, not a 404.
        organisation = next(
            (o for o in organisations if o.pk == remembered.get("organisation")), None)
    if year is None and organisation is not None \
            and organisation.pk == remembered.get("organisation"):
        year = next((y for y in years if y.start_year == remembered.get("year")), None)

    if organisation is None or year is None:
        latest = latest_years_held(  # query: the latest year holding figures, per organisation
            organisation_ids=None if sees_every_organisation(request.user)
            else [o.pk for o in organisations])
        if organisation is None:
            organisation = _landing_organisation(request.user, organisations, latest)
        if year is None and organisation is not None:
            year = next((y for y in years if y.start_year == latest.get(organisation.pk)),
                        None)
        if year is None:
            year = years[0] if years else None

    selection = Selection(organisation, year, organisations, years, fingerprint)
    if chosen_in_url and selection:
        remember(request, organisation, year)
    return selection


def organisations_and_years(user) -> tuple[list[Organisation], list[FinancialYear], str]:
    """The organisations ``user`` may see, each with its data version, every financial
    year, newest first, and a digest of the versions they are at. One query, of the
    organisations with their versions, its SQL made by the ORM once per process
    (``report_version.prepared``); the years from the cache under those versions (every
    version holds the shared row that a financial year's change bumps)."""
    kind = ("every" if sees_every_organisation(user)
            else "member" if user.is_authenticated and user.is_active else "none")
    if kind == "none":
        return [], list(FinancialYear.objects.order_by("-start_year")), ""
    sql, params = prepared(
        f"selection-{kind}-{get_language()}", router.db_for_read(Organisation),
        lambda: _organisations_read(kind), {USER: user.pk} if kind == "member" else {})
    organisations = list(Organisation.objects.raw(sql, params))
    if not organisations:
        return [], list(FinancialYear.objects.order_by("-start_year")), ""
    digest = hashlib.sha1(repr([(o.pk, getattr(o, VERSION_ATTRIBUTE))
                                for o in organisations]).encode()).hexdigest()[:20]
    years = cached(cache_key("selection-years", organisation=0, year=0, version=0,
                             organisations=digest),
                   lambda: list(FinancialYear.objects.order_by("-start_year")))
    return organisations, years, digest


def _organisations_read(kind: str):
    """The visible organisations with their data versions, written with the prepared
    read's stand-in for the user."""
    organisations = (member_organisations(USER) if kind == "member"
                     else Organisation.objects.all())
    return organisations.annotate(**{VERSION_ATTRIBUTE: version_subquery("pk")})


def remember(request, organisation: Organisation, year: FinancialYear) -> None:
    """Make ``organisation`` and ``year`` the session's choice; the session is only
    written when the choice changes."""
    choice = {"organisation": organisation.pk, "year": year.start_year}
    if request.session.get(SESSION_KEY) != choice:
        request.session[SESSION_KEY] = choice


def _organisation_from_url(request, organisations) -> Organisation | None:
    slug = request.GET.get("organisation")
    if not slug:
        return None
    organisation = next((o for o in organisations if o.slug == slug), None)
    if organisation is None:
        raise Http404(_("No such organisation."))
    return organisation


def _year_from_url(request, years) -> FinancialYear | None:
    param = request.GET.get("year")
    if not param:
        return None
    try:
        start = parse_year_slug(param)
    except ValueError:
        raise Http404(_("No such year.")) from None
    year = next((y for y in years if y.start_year == start), None)
    if year is None:
        raise Http404(_("No figures are held for that year."))
    return year


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
