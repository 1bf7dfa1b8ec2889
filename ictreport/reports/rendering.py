"""The annual report as HTML: the page, and the same page as one standalone file."""

import re

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext

from ictreport.core.models import AnnualReport, ReportStatus
from ictreport.core.staticfinders import PLOTLY_JS
from ictreport.reports.outline import assemble

_END_TAG = re.compile(r"</(script|style)", re.IGNORECASE)


def _static_text(path: str) -> str:
    with open(finders.find(path), encoding="utf-8") as handle:
        # Inside <script> or <style>, a literal "</script" would end the element early.
        return _END_TAG.sub(r"<\\/\1", handle.read())


def status_marking(report: AnnualReport) -> str:
    """The words a report not yet published carries on its page and on every PDF page,
    so a draft is never taken for the approved board paper; "" once published."""
    if report.status == ReportStatus.DRAFT:
        return gettext("DRAFT")
    if report.status == ReportStatus.APPROVED:
        return gettext("APPROVED — not yet published")
    return ""


def status_note(report: AnnualReport) -> str:
    """The sentence after the marking in the banner: what the marking means."""
    if report.status == ReportStatus.DRAFT:
        return gettext("This report has not been approved: its figures and text may still "
                       "change.")
    if report.status == ReportStatus.APPROVED:
        return gettext("This report has been approved but not yet published.")
    return ""


def report_context(report: AnnualReport, *, public: bool = False) -> dict:
    return {
        "report": report,
        "document": assemble(report, public=public),
        "classification": report.classification,
        "status_marking": status_marking(report),
        "status_note": status_note(report),
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
