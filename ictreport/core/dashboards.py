"""Section dashboards: one view for every section's page, driven by the registry.

A section's ``dashboard.py`` registers a ``SectionDashboard``: its template,
``figures_page()``, which reads the year's figures once and builds everything the page
shows that depends only on them (the section's ``SectionData``, charts over every year,
tables), and ``page()``, which adds what depends on the request (a filtered or sorted
table). ``section_dashboard`` does the rest the same way for every section: the
organisation and year chosen, ``figures_page()`` from the shared cache under the data
version (read with the selection: while nothing changes no figure is read or
recomputed), the downloads of every table on the page through one export path
(``ictreport.core.export.table_response``), and the render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.shortcuts import render

from ictreport.core import registry
from ictreport.core.data_version import cache_key, cached
from ictreport.core.export import table_response
from ictreport.core.selection import select

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from ictreport.core.models import FinancialYear, Organisation
    from ictreport.core.sections import Chart, SectionData, Table


@dataclass(frozen=True)
class DashboardPage:
    """What one section's page shows for one organisation and year."""

    data: SectionData
    # Charts only the page shows (the report's own are among ``data.blocks``).
    charts: tuple[Chart, ...] = ()
    # Other tables the page offers as downloads (``?export=csv&table=KEY``).
    tables: tuple[Table, ...] = ()
    # Anything else the section's template needs.
    context: dict[str, Any] = field(default_factory=dict)

    def downloads(self) -> list[Table]:
        return [*self.data.tables(), *(chart.table for chart in self.charts), *self.tables]


class SectionDashboard:
    key: ClassVar[str]  # the section's key
    template_name: ClassVar[str]
    # The start of every download's file name: "<stem>-<organisation>-<year>-<table>".
    download_stem: ClassVar[str]

    def figures_page(self, *, organisation: Organisation, year: FinancialYear,
                     version: int) -> DashboardPage:
        """What the page shows that depends only on the figures (cached under the data
        ``version``, so everything in it must pickle)."""
        raise NotImplementedError

    def page(self, request: HttpRequest, figures: DashboardPage, *,
             organisation: Organisation, year: FinancialYear) -> DashboardPage:
        """``figures`` with what depends on the request added; nothing by default."""
        return figures


def shared_section_data(section_key: str, *, organisation, year, version: int, build
                        ) -> SectionData:
    """The section's ``SectionData`` from the entry the report page, the overview and
    the PDF share (``ictreport.core.data_version.section_data``: the same key), or
    ``build()`` -- from figures the dashboard has read anyway -- stored there."""
    key = cache_key(f"section:{section_key}", organisation=organisation, year=year,
                    version=version)
    return cached(key, build)


def section_dashboard(request: HttpRequest, *, key: str) -> HttpResponse:
    """The page of the section registered as ``key`` for the organisation and year the
    request chooses, or a table of it as CSV/XLSX."""
    dashboard = registry.get_dashboard(key)
    selection = select(request)
    ctx = {"selection": selection, "export_query": selection.querystring}
    if selection:
        organisation, year, version = selection.organisation, selection.year, selection.version
        figures = cached(
            cache_key(f"dashboard:{key}", organisation=organisation, year=year,
                      version=version),
            lambda: dashboard.figures_page(organisation=organisation, year=year,
                                           version=version))
        page = dashboard.page(request, figures, organisation=organisation, year=year)
        download = table_response(
            page.downloads(), request,
            filename_stem=f"{dashboard.download_stem}-{organisation.slug}-{year.slug}")
        if download is not None:
            return download
        ctx.update(page.context, data=page.data, charts=page.charts)
    return render(request, dashboard.template_name, ctx)
