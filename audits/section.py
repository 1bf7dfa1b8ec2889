"""Section 3.7 of the annual report, Audit: internal audit reviews and their
recommendations, the IT health check and compliance certificates, as the report's
tables, charts, sentences, headlines and data-quality findings.

Figures come from ``selectors.figures_get`` (a fixed number of queries), words from
``wording``; nothing here touches the database. The section's file part is
``file_part``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from audits.choices import SEVERITY_ORDER, Priority, Severity
from audits.models import ComplianceCertificate, HealthCheck, RemediationProgress
from audits.selectors import AuditFigures, RecommendationSummary, as_at, figures_get
from audits.wording import (
    certificate_sentence,
    day_label,
    health_check_sentence,
    limited_sentence,
    month_label,
    open_sentence,
    recommendations_sentence,
    whole_percent,
)
from ictreport.core import sections
from ictreport.core.formatting import format_value
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_label
from ictreport.core.registry import ReportSection
from ictreport.core.wording import and_list, change_detail, or_list


def _headline(label: str, series: dict[int, int], year: int) -> sections.Headline | None:
    """A headline for ``year`` with its trend over the years held up to it."""
    if year not in series:
        return None
    years = sorted(series)
    earlier = [y for y in years if y < year]
    previous_year = earlier[-1] if earlier else None
    return sections.Headline(
        label=label,
        value=series[year],
        detail=change_detail(series[year], series.get(previous_year),
                             previous_year=previous_year),
        trend=tuple((year_label(y), series[y]) for y in years),
    )


def _reviews_table(figures: AuditFigures) -> sections.Table:
    reviews = figures.reviews
    show_reported = any(r.reported_on for r in reviews)
    show_period = any(r.audit_return.quarter != Quarter.FULL_YEAR for r in reviews)
    columns = [sections.Column("review", _("Review")),
               sections.Column("opinion", _("Assurance opinion"))]
    if show_period:
        columns.append(sections.Column("period", _("Period")))
    if show_reported:
        columns.append(sections.Column("reported", _("Reported to the audit committee")))
    rows = []
    for review in reviews:
        cells = [review.title, review.opinion.name]
        if show_period:
            cells.append(str(review.audit_return.get_quarter_display()))
        if show_reported:
            cells.append(day_label(review.reported_on) if review.reported_on else None)
        rows.append(sections.Row(tuple(cells)))
    return sections.Table(key="reviews", caption=_("Internal Audit – Summary of Findings"),
                          columns=tuple(columns), rows=tuple(rows))


def _reviews_chart(figures: AuditFigures) -> sections.Chart:
    counts = figures.review_counts.get(figures.start_year, {})
    values = tuple(counts.get(o.id, 0) for o in figures.opinions)
    described = and_list([
        # Translators: one item of the chart's description, e.g. "3 Substantial".
        pgettext("reviews with an opinion", "%(count)s %(opinion)s") % {
            "count": format_value(count, "int"), "opinion": opinion.name}
        for opinion, count in zip(figures.opinions, values, strict=True) if count])
    total = sum(values)
    return sections.Chart(
        key="reviews-by-opinion",
        title=_("Internal audit reviews by assurance opinion, %(year)s") % {
            "year": figures.year.label},
        alt=ngettext("Bar chart of the %(total)s internal audit review of %(year)s by "
                     "assurance opinion, best assurance first: %(described)s.",
                     "Bar chart of the %(total)s internal audit reviews of %(year)s by "
                     "assurance opinion, best assurance first: %(described)s.", total) % {
            "total": format_value(total, "int"), "year": figures.year.label,
            "described": described},
        kind="bar",
        categories=tuple(o.name for o in figures.opinions),
        series=(sections.Series(_("Reviews"), values),),
        category_title=_("Assurance opinion"),
        value_title=_("Reviews"),
    )


def _recommendations_table(summary: RecommendationSummary) -> sections.Table:
    labels = dict(Priority.choices)
    rows = [sections.Row((str(labels[p]), n)) for p, n in summary.by_priority.items()]
    rows.append(sections.Row((_("Total"), summary.total), is_total=True))
    note = (_("Counted from the individual recommendations recorded.") if summary.uses_rows
            else _("The number per priority as reported; the individual recommendations are "
                   "not recorded."))
    return sections.Table(
        key="recommendations-by-priority",
        caption=_("Recommendations by priority"),
        columns=(sections.Column("priority", _("Priority")),
                 sections.Column("recommendations", _("Recommendations"), "int")),
        rows=tuple(rows),
        note=note,
    )


def _health_check_table(checks: list[HealthCheck]) -> sections.Table:
    # Each stage's heading spans the same two counts; a count's column is keyed by the
    # HealthCheck field it shows (tasks_completed, hosts_in_progress, …).
    stages = (("completed", _("Completed")), ("in_progress", _("In progress")))
    counts = (("tasks", _("Remediation tasks")), ("hosts", _("Host devices")))
    figures = [sections.Column(f"{count}_{stage}", label, "int")
               for stage, _heading in stages for count, label in counts]
    return sections.Table(
        key="health-check",
        caption=_("IT health check remediation"),
        groups=(sections.ColumnGroup("", 1),
                *(sections.ColumnGroup(heading, len(counts)) for _stage, heading in stages)),
        columns=(sections.Column("check", _("Health check")), *figures),
        rows=tuple(
            sections.Row((month_label(c.carried_out),
                          *(getattr(c, column.key) for column in figures)))
            for c in checks
        ),
    )


def _severity_values(remediation: list[RemediationProgress]) -> list[tuple[str, int]]:
    labels = dict(Severity.choices)
    by_severity = {r.severity: r.percent_complete for r in remediation}
    return [(str(labels[s]), whole_percent(by_severity[s]))
            for s in SEVERITY_ORDER if s in by_severity]


def _severity_table(values: list[tuple[str, int]]) -> sections.Table:
    return sections.Table(
        key="remediation-by-severity",
        caption=_("IT health check remediation: percent complete by severity"),
        columns=(sections.Column("severity", _("Severity")),
                 sections.Column("percent_complete", _("% Complete"), "percent")),
        rows=tuple(sections.Row((label, percent)) for label, percent in values),
    )


def _severity_chart(values: list[tuple[str, int]], year: FinancialYear) -> sections.Chart:
    return sections.Chart(
        key="remediation-chart",
        title=_("Remediation complete by severity, %(year)s") % {"year": year.label},
        alt=_("Bar chart of the percentage of IT health check remediation complete for each "
              "severity: %(described)s.") % {
            "described": and_list([
                # Translators: one item of the chart's description, e.g. "High 85%".
                pgettext("severity and percent complete", "%(severity)s %(percent)s") % {
                    "severity": label, "percent": format_value(percent, "percent")}
                for label, percent in values])},
        kind="bar",
        categories=tuple(label for label, _percent in values),
        series=(sections.Series(_("% Complete"), tuple(percent for _label, percent in values)),),
        format="percent",
        category_title=_("Severity"),
        value_title=_("% Complete"),
    )


def _certificates_table(certificates: list[ComplianceCertificate]) -> sections.Table:
    rows = []
    for c in certificates:
        achieved = month_label(c.achieved_on) if c.achieved_month_only else day_label(c.achieved_on)
        expires = day_label(c.expires_on) if c.expires_on else _("Not recorded")
        rows.append(sections.Row((c.name, c.issuer or None, achieved, expires)))
    return sections.Table(
        key="certificates",
        caption=_("Compliance certificates"),
        columns=(sections.Column("certificate", _("Certificate")),
                 sections.Column("issuer", _("Issued by")),
                 sections.Column("achieved", _("Achieved")),
                 sections.Column("expires", _("Expires"))),
        rows=tuple(rows),
    )


def _findings(figures: AuditFigures) -> list[sections.Finding]:
    summary = figures.recommendation_summary
    label = figures.year.label
    findings = []
    stated = summary.stated_total
    if stated is not None and summary.total != stated:
        values = {"year": label, "stated": format_value(stated, "int"),
                  "total": format_value(summary.total, "int")}
        if not summary.recorded:
            message = ngettext(
                "%(year)s states %(stated)s recommendation, but none are recorded by priority.",
                "%(year)s states %(stated)s recommendations, but none are recorded by priority.",
                stated)
        elif summary.uses_rows:
            message = ngettext(
                "%(year)s states %(stated)s recommendation, but %(total)s individual "
                "recommendations are recorded.",
                "%(year)s states %(stated)s recommendations, but %(total)s individual "
                "recommendations are recorded.", stated)
        else:
            message = ngettext(
                "%(year)s states %(stated)s recommendation, but the counts per priority add "
                "up to %(total)s.",
                "%(year)s states %(stated)s recommendations, but the counts per priority add "
                "up to %(total)s.", stated)
        findings.append(sections.Finding(message % values))
    counted = sum(summary.from_counts.values())
    if summary.uses_rows and summary.from_counts and counted != summary.total:
        findings.append(sections.Finding(ngettext(
            "%(year)s has %(rows)s individual recommendation recorded, but its counts per "
            "priority add up to %(counts)s; the individual recommendation is used.",
            "%(year)s has %(rows)s individual recommendations recorded, but its counts per "
            "priority add up to %(counts)s; the individual recommendations are used.",
            summary.total,
        ) % {"year": label, "rows": format_value(summary.total, "int"),
             "counts": format_value(counted, "int")}))
    return findings


def section_data(figures: AuditFigures) -> sections.SectionData:
    title = str(AuditSection.title)
    if not figures.has_data:
        return sections.SectionData.empty(
            key=AuditSection.key, title=title,
            message=_("No audit figures were recorded for %(organisation)s in %(year)s.")
            % {"organisation": figures.organisation.name, "year": figures.year.label})

    start = figures.start_year
    blocks: list[sections.Block] = []
    summary = figures.recommendation_summary
    if figures.reviews or summary.recorded:
        blocks.append(sections.Heading(_("Internal audit")))
    if figures.reviews:
        blocks.append(_reviews_table(figures))
    if summary.recorded:
        blocks.append(sections.Text(recommendations_sentence(summary)))
    limited = limited_sentence(figures.reviews, figures.opinions)
    if limited:
        blocks.append(sections.Text(limited))
    if figures.reviews:
        blocks.append(_reviews_chart(figures))
    if summary.recorded:
        blocks.append(_recommendations_table(summary))
    if figures.tracks_recommendations:
        blocks.append(sections.Text(open_sentence(figures.open_recommendations)))

    checks = figures.health_checks.get(start, [])
    severity = _severity_values(figures.remediation)
    if checks or severity:
        # The heading; "IT health check" alone is also the model's lower-case name.
        blocks.append(sections.Heading(pgettext("heading", "IT health check")))
    blocks += [sections.Text(health_check_sentence(c)) for c in checks]
    if checks:
        blocks.append(_health_check_table(checks))
    if severity:
        blocks += [_severity_table(severity), _severity_chart(severity, figures.year)]

    if figures.certificates:
        blocks.append(sections.Heading(_("Compliance")))
        on = as_at(start)
        blocks += [sections.Text(certificate_sentence(c, organisation=figures.organisation, on=on))
                   for c in figures.certificates]
        blocks.append(_certificates_table(figures.certificates))

    limited_ids = {o.id for o in figures.opinions if o.limited}
    reviews = {y: sum(c.values()) for y, c in figures.review_counts.items()}
    limited_reviews = {y: sum(n for o, n in c.items() if o in limited_ids)
                       for y, c in figures.review_counts.items()}
    recommendations = {y: s.total for y, s in figures.recommendations.items() if s.recorded}
    tasks = {y: sum(c.tasks_completed for c in checks)
             for y, checks in figures.health_checks.items()}
    # Translators: a headline's label, e.g. "Limited or No assurance reviews".
    limited_label = _("%(opinions)s reviews") % {
        "opinions": or_list([o.name for o in figures.opinions if o.limited])}
    headlines = [
        _headline(_("Internal audit reviews"), reviews, start),
        _headline(limited_label, limited_reviews, start) if limited_ids else None,
        _headline(_("Audit recommendations"), recommendations, start),
        _headline(_("IT health check remediation tasks completed"), tasks, start),
    ]
    return sections.SectionData(
        key=AuditSection.key,
        title=title,
        blocks=tuple(blocks),
        headlines=tuple(h for h in headlines if h is not None),
        findings=tuple(_findings(figures)),
    )


class AuditSection(ReportSection, key="audits", title=gettext_lazy("Audit"),
                   chapter=3, order=7, url_name="audits:dashboard"):
    def build(self, *, organisation: Organisation, year: FinancialYear) -> sections.SectionData:
        return section_data(figures_get(organisation=organisation, year=year))


# Registered by the app's config (ictreport.core.section_apps).
SECTIONS = (AuditSection(),)
