"""Section dashboards: one view for every section's page, driven by the registry.

A section's ``dashboard.py`` registers a ``SectionDashboard``: how it reads its figures
(``read``) and builds its ``SectionData`` from them (``build``); ``beside()``, what else
the page shows of the same figures (charts over every year, tables); and ``page()``,
which adds what depends on the request (a filtered or sorted table).
``section_dashboard`` does the rest the same way for every section: the organisation
and year chosen, all that depends only on the figures (``figures_page()``) from the
shared cache under the data version (read with the selection: while nothing changes no
figure is read or recomputed), the downloads of every table on the page through one
export path (``ictreport.core.export.table_response``), and the render.
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
    # The page's template: "<key>/dashboard.html" unless the section names another.
    template_name: ClassVar[str] = ""
    # The start of every download's file name, "<stem>-<organisation>-<year>-<table>":
    # the key unless the section names another.
    download_stem: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if getattr(cls, "key", None):
            cls.template_name = cls.template_name or f"{cls.key}/dashboard.html"
            cls.download_stem = cls.download_stem or cls.key

    def read(self, *, organisation: Organisation, year: FinancialYear) -> Any:
        """The section's figures for the year (its ``selectors.figures_get``)."""
        raise NotImplementedError

    def build(self, figures, *, organisation: Organisation, year: FinancialYear
              ) -> SectionData:
        """The section's ``SectionData`` from ``figures`` (its ``section.section_data``)."""
        raise NotImplementedError

    def beside(self, figures, data: SectionData, *, organisation: Organisation,
               year: FinancialYear) -> DashboardPage:
        """``data`` with what only the page shows of the same figures."""
        return DashboardPage(data=data)

    def figures_page(self, *, organisation: Organisation, year: FinancialYear,
                     version: int) -> DashboardPage:
        """What the page shows that depends only on the figures, read once (cached
        under the data ``version``, so everything in it must pickle). The section's
        data comes from the entry the report page, the overview and the PDF share
        (``ictreport.core.data_version.section_data``: the same key), or is built from
        the figures read here and stored there."""
        figures = self.read(organisation=organisation, year=year)
        key = cache_key(f"section:{self.key}", organisation=organisation, year=year,
                        version=version)
        data = cached(key, lambda: self.build(figures, organisation=organisation, year=year))
        return self.beside(figures, data, organisation=organisation, year=year)

    def page(self, request: HttpRequest, figures: DashboardPage, *,
             organisation: Organisation, year: FinancialYear) -> DashboardPage:
        """``figures`` with what depends on the request added; nothing by default."""
        return figures


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
