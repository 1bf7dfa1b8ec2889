from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from ictreport.core import editions as core_editions
from ictreport.core.access import (
    find_readable_report,
    public_editions,
    visible_organisations,
)
from ictreport.core.data_version import cache_key, cached
from ictreport.core.models import AnnualReport
from ictreport.core.periods import parse_year_slug
from ictreport.core.report_version import full_report, report_version
from ictreport.core.selection import select
from ictreport.reports.dashboard import overview_cards
from ictreport.reports.outline import assemble
from ictreport.reports.page_cache import framed_page
from ictreport.reports.rendering import status_marking, status_note

PUBLIC_EDITION = "public"


def overview(request):
    """One card per section: its headline figures for the chosen organisation and year."""
    selection = select(request)

    def context():
        ctx = {"selection": selection, "has_charts": False}
        if selection:
            ctx["overview_content"], ctx["has_charts"] = overview_content(selection)
            # The cards themselves only when something asks (the page uses the HTML).
            ctx["cards"] = SimpleLazyObject(
                lambda: overview_cards(selection, version=selection.version))
        return ctx

    if not (selection and selection.fingerprint):
        return render(request, "reports/overview.html", context())
    # The whole page, the chooser too, once per version of the organisation shown and
    # of those in the chooser (with the years).
    return framed_page(request, cache_key(
        "overview-framed", organisation=selection.organisation, year=selection.year,
        version=selection.version, chooser=selection.fingerprint),
        "reports/overview.html", context)


def overview_content(selection) -> tuple[str, bool]:
    """The overview below the selector -- heading, the year's report, the cards -- as
    HTML and whether any card draws a chart, rendered once per data version and
    language (the version comes with the selection: no query while nothing changes)."""
    organisation, year, version = selection.organisation, selection.year, selection.version

    def build():
        cards = overview_cards(selection, version=version)
        report = (AnnualReport.objects.filter(organisation=organisation, year=year)
                  .select_related("organisation", "year").first())  # query
        html = render_to_string("reports/_overview_content.html", {
            "selection": selection, "cards": cards, "report": report,
            "report_marking": status_marking(report) if report else "",
        })
        return html, any(card.has_trends for card in cards)

    key = cache_key("overview-page", organisation=organisation, year=year, version=version)
    html, has_charts = cached(key, build)
    return mark_safe(html), has_charts  # rendered by our own template, escaped there


def report_list(request):
    reports = (
        AnnualReport.objects.filter(organisation__in=visible_organisations(request.user))
        .select_related("organisation", "year")
        .order_by("organisation__name", "-year")
    )
    return render(request, "reports/report_list.html", {"reports": reports})


def get_report(request, organisation: str, year: str) -> tuple[AnnualReport, bool]:
    """The report at its address and whether only its public edition may be shown."""
    found = find_report(request, organisation, year)
    return found.report(), found.public_only


def find_report(request, organisation: str, year: str):
    """Which report is at the address, its version, and whether only its public edition
    may be shown (``core.access.find_readable_report``)."""
    try:
        start_year = parse_year_slug(year)
    except ValueError:
        start_year = None
    return find_readable_report(request.user, organisation=organisation,
                                start_year=start_year)


@login_not_required
def report_detail(request, organisation: str, year: str):
    """The report as the source reads, from live figures, for its organisation;
    ``?edition=public`` shows them as the public would get them. Anyone outside its
    organisation reads its latest published edition, frozen as it was published."""
    found = find_report(request, organisation, year)
    if found.public_only:
        report = found.report()
        return _edition_page(request, report, public_editions(report), number=None,
                             member=False)
    public = request.GET.get("edition") == PUBLIC_EDITION
    # Findings are a working aid for the staff who enter and check the figures.
    show_findings = request.user.is_staff and not public

    def context():
        report = found.report()
        return {
            "report": report,
            "report_content": report_content(report, public=public,
                                             show_findings=show_findings),
            "classification": report.classification,
            "public_edition": public,
        }

    # The whole page, frame and all, once per data version (report_content's key): the
    # report's row is read only to render it.
    return framed_page(request, report_content_key(
        found.organisation_id, found.year_id, found.version, public=public,
        show_findings=show_findings), "reports/report.html", context)


def report_content_key(organisation_id: int, year_id: int, version: int, *, public: bool,
                       show_findings: bool) -> str:
    return cache_key("report-page", organisation=organisation_id, year=year_id,
                     version=version, public=public, findings=show_findings)


def report_content(report: AnnualReport, *, public: bool, show_findings: bool) -> str:
    """Everything the report page shows below the site's header -- banner, tools, body,
    editions -- rendered once per data version, language and edition: while nothing
    changes the page reads only the report (with its version) and the cache."""
    version = report_version(report)

    def build():
        full = full_report(report)  # query: the narrative left out of the page's read
        document = assemble(full, public=public, version=version)
        return render_to_string("reports/_report_page.html", {
            "report": full,
            "document": document,
            "classification": report.classification,
            "status_marking": status_marking(report),
            "status_note": status_note(report),
            "public_edition": public,
            "show_findings": show_findings,
            # query: the published editions, in the reader's language
            "editions": edition_list(core_editions.in_language(report.editions.all())),
            "other_languages": other_languages(),
        })

    key = report_content_key(report.organisation_id, report.year_id, version,
                             public=public, show_findings=show_findings)
    return mark_safe(cached(key, build))  # rendered by our own template, escaped there


@login_not_required
def edition_detail(request, organisation: str, year: str, number: int):
    """One published edition, as it was published, at its own address for good."""
    report, public_only = get_report(request, organisation, year)
    editions = public_editions(report) if public_only else report.editions.all()
    return _edition_page(request, report, editions, number=number, member=not public_only)


def edition_list(editions) -> list:
    """The editions to list, newest first, without their page, data or PDF."""
    return list(editions.only("id", "report_id", "number", "language", "published_at",
                              "title"))


def other_languages() -> list[str]:
    """The languages an edition is also published in besides the reader's, for the
    editions list's links to them."""
    current = core_editions.edition_language()
    return [code for code in core_editions.languages() if code != current]


def readable_edition(editions, *, number: int | None):
    """The edition ``number`` (the latest when None) of those the reader may see, with
    its frozen page and whether its PDF is drawn yet; its data stay in the database."""
    editions = editions.defer("data").select_related("pdf_file")
    edition = editions.first() if number is None else editions.filter(number=number).first()
    if edition is None:
        raise Http404
    return edition


def _edition_page(request, report, editions, *, number: int | None, member: bool):
    # The reader's language's copy of each edition (the default language's for one
    # published before editions were bilingual).
    editions = core_editions.in_language(editions)
    listing = edition_list(editions)  # query: the editions the reader may see
    edition = readable_edition(editions, number=number)  # query: the one shown
    return render(request, "reports/edition.html", {
        "report": report,
        "edition": edition,
        "editions": listing,
        "latest": listing[0],
        "classification": edition.classification,
        # Its organisation's users also get a way to the live figures.
        "member": member,
        "other_languages": other_languages(),
    })
