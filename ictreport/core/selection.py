"""The organisation and year a page shows, chosen in the URL's query string.

``?organisation=gwent-police&year=2019-20`` can be bookmarked and shared; without it a
page shows the first organisation the user may see and its latest reported year.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404
from django.utils.translation import gettext as _

from ictreport.core.access import visible_organisations
from ictreport.core.models import AnnualReport, FinancialYear, Organisation
from ictreport.core.periods import parse_year_slug


@dataclass(frozen=True)
class Selection:
    organisation: Organisation | None
    year: FinancialYear | None
    organisations: list[Organisation]
    years: list[FinancialYear]

    @property
    def querystring(self) -> str:
        if self.organisation is None or self.year is None:
            return ""
        return urlencode({"organisation": self.organisation.slug, "year": self.year.slug})

    def __bool__(self):
        return self.organisation is not None and self.year is not None


def select(request) -> Selection:
    """Resolve the page's organisation and year; 404 for one the user may not see."""
    organisations = list(visible_organisations(request.user))  # query: organisations
    years = list(FinancialYear.objects.order_by("-start_year"))  # query: years
    slug = request.GET.get("organisation")
    if slug:
        organisation = next((o for o in organisations if o.slug == slug), None)
        if organisation is None:
            raise Http404(_("No such organisation."))
    else:
        organisation = organisations[0] if organisations else None

    year_param = request.GET.get("year")
    if year_param:
        try:
            start = parse_year_slug(year_param)
        except ValueError:
            raise Http404(_("No such year.")) from None
        year = next((y for y in years if y.start_year == start), None)
        if year is None:
            raise Http404(_("No figures are held for that year."))
    elif organisation is not None:
        latest = (  # query: the organisation's latest report, the default year
            AnnualReport.objects.filter(organisation=organisation)
            .order_by("-year_id").values_list("year_id", flat=True).first()
        )
        year = next((y for y in years if y.start_year == latest), years[0] if years else None)
    else:
        year = years[0] if years else None
    return Selection(organisation, year, organisations, years)
