"""The annual report as HTML: the page, and the same page as one standalone file."""

import re

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from ictreport.core.models import AnnualReport
from ictreport.core.staticfinders import PLOTLY_JS
from ictreport.reports.outline import assemble

_END_TAG = re.compile(r"</(script|style)", re.IGNORECASE)


def _static_text(path: str) -> str:
    with open(finders.find(path), encoding="utf-8") as handle:
        # Inside <script> or <style>, a literal "</script" would end the element early.
        return _END_TAG.sub(r"<\\/\1", handle.read())


def report_context(report: AnnualReport, *, public: bool = False) -> dict:
    return {
        "report": report,
        "document": assemble(report, public=public),
        "classification": report.classification,
    }


def standalone_html(report: AnnualReport) -> str:
    """The report page as one file: styles and scripts inlined, nothing fetched.

    The file is made by staff (``export_report``), so it is the staff's page: the full
    edition with its data-quality panel."""
    ctx = report_context(report)
    ctx.update(
        show_findings=True,
        inline_css=_static_text("css/site.css"),
        inline_js=[_static_text(PLOTLY_JS), _static_text("js/charts.js")],
    )
    return render_to_string("reports/standalone.html", ctx)
