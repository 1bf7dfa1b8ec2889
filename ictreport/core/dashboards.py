"""Section dashboards: one view for every section's page, driven by the registry.

A section's ``dashboard.py`` registers a ``SectionDashboard``: its template and a
``page()`` that builds the year's ``SectionData`` once and adds what only the page shows
(charts over every year, a filterable table). ``section_dashboard`` does the rest the
same way for every section: the organisation and year chosen, the downloads of every
table on the page through one export path (``ictreport.core.export.table_response``),
and the render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.shortcuts import render

from ictreport.core import registry
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

    def page(self, request: HttpRequest, *, organisation: Organisation,
             year: FinancialYear) -> DashboardPage:
        raise NotImplementedError


def section_dashboard(request: HttpRequest, *, key: str) -> HttpResponse:
    """The page of the section registered as ``key`` for the organisation and year the
    request chooses, or a table of it as CSV/XLSX."""
    dashboard = registry.get_dashboard(key)
    selection = select(request)
    ctx = {"selection": selection, "export_query": selection.querystring}
    if selection:
        organisation, year = selection.organisation, selection.year
        page = dashboard.page(request, organisation=organisation, year=year)
        download = table_response(
            page.downloads(), request,
            filename_stem=f"{dashboard.download_stem}-{organisation.slug}-{year.slug}")
        if download is not None:
            return download
        ctx.update(page.context, data=page.data, charts=page.charts)
    return render(request, dashboard.template_name, ctx)
