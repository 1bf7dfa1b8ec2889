"""Section 3.7, Audit: what the report, the overview card and the dashboard show.

``collect_figures`` runs the section's fixed set of queries; everything else here turns
those figures into blocks, sentences and findings without touching the database.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audits import selectors
from audits.models import (
    PRIORITY_ORDER,
    SEVERITY_ORDER,
    AuditOpinion,
    AuditReturn,
    AuditReview,
    ComplianceCertificate,
    HealthCheck,
    Priority,
    RemediationProgress,
    Severity,
)
from audits.opinions import STANDARD_OPINIONS
from audits.schema import AuditPart
from audits.services import audit_part_save
from ictreport.core.files import duplicate_period_problems
from ictreport.core.formatting import number_word
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_end_date, year_label, year_slug
from ictreport.core.registry import ReportSection
from ictreport.core.sections import (
    Block,
    Chart,
    Column,
    ColumnGroup,
    Finding,
    Heading,
    Headline,
    Row,
    SectionData,
    Series,
    Table,
    Text,
)


def _priority_words():
    return {Priority.HIGH: _("high"), Priority.MEDIUM: _("medium"), Priority.LOW: _("low")}


def whole_percent(value: Decimal) -> int:
    """A stored percentage as the whole number shown, rounded half up (66.5 → 67)."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def as_at(year: int) -> dt.date:
    """The day a year's open recommendations are counted on: its last day, or today
    while the year is still running."""
    return min(timezone.localdate(), year_end_date(year))


def month_label(day: dt.date) -> str:
    return date_format(day, "YEAR_MONTH_FORMAT")


def day_label(day: dt.date) -> str:
    return date_format(day, "j F Y")


@dataclass(frozen=True)
class AuditFigures:
    organisation: Organisation
    year: FinancialYear
    opinions: list[AuditOpinion]
    review_counts: dict[int, dict[int, int]]  # {year: {opinion id: reviews}}
    reviews: list[AuditReview]  # the year's
    recommendations: dict[int, selectors.RecommendationSummary]
    open_recommendations: selectors.OpenRecommendations
    health_checks: dict[int, list[HealthCheck]]
    remediation: list[RemediationProgress]  # the year's
    certificates: list[ComplianceCertificate]  # the year's

    @property
    def start_year(self) -> int:
        return self.year.start_year

    @property
    def recommendation_summary(self) -> selectors.RecommendationSummary:
        return self.recommendations.get(self.start_year, selectors.RecommendationSummary())

    @property
    def tracks_recommendations(self) -> bool:
        """Whether individual recommendations are recorded for this year or earlier."""
        return any(s.uses_rows for s in self.recommendations.values())

    @property
    def has_data(self) -> bool:
        return bool(
            self.reviews or self.recommendation_summary.recorded
            or self.recommendation_summary.stated_total is not None
            or self.health_checks.get(self.start_year) or self.remediation or self.certificates
        )


def collect_figures(*, organisation: Organisation, year: FinancialYear) -> AuditFigures:
    """Every figure the section shows, in ten queries whatever the years and rows held."""
    start = year.start_year
    return AuditFigures(
        organisation=organisation,
        year=year,
        opinions=selectors.opinions_list(),  # query: the opinion scale
        # query: reviews by year and opinion
        review_counts=selectors.review_counts_by_year(organisation=organisation, up_to=start),
        # query: the year's reviews
        reviews=list(selectors.reviews_list(organisation=organisation, year=start)),
        # queries: recommendation rows, counts and stated totals by year
        recommendations=selectors.recommendations_summarise(organisation=organisation,
                                                            up_to=start),
        # query: recommendations open at the year's end
        open_recommendations=selectors.recommendations_open_count(
            organisation=organisation, year=start, as_at=as_at(start)),
        # query: health checks of each year's latest return
        health_checks=selectors.health_checks_latest(organisation=organisation, up_to=start),
        # query: percent complete by severity
        remediation=selectors.remediation_latest(organisation=organisation, year=start),
        # query: compliance certificates
        certificates=selectors.certificates_latest(organisation=organisation, year=start),
    )


# Sentences ---------------------------------------------------------------------------


def recommendations_sentence(summary: selectors.RecommendationSummary) -> str:
    """"These reports generated 48 recommendations, of which one was high, 34 were medium
    and 13 were low." """
    words = _priority_words()
    parts = []
    for priority, count in summary.by_priority.items():
        if count == 0:
            parts.append(_("none was %(priority)s") % {"priority": words[priority]})
        else:
            parts.append(ngettext("%(count)s was %(priority)s", "%(count)s were %(priority)s",
                                  count)
                         % {"count": number_word(count), "priority": words[priority]})
    total = summary.total
    if total == 0:
        return _("These reports generated no recommendations.")
    return ngettext(
        "These reports generated %(total)s recommendation, of which %(parts)s.",
        "These reports generated %(total)s recommendations, of which %(parts)s.",
        total,
    ) % {"total": number_word(total), "parts": get_text_list(parts, _("and"))}


def limited_sentence(reviews: list[AuditReview], opinions: list[AuditOpinion]) -> str | None:
    """"Of the 12 internal audits, two had the opinion Limited and none had the opinion
    No assurance." """
    flagged = [o for o in opinions if o.limited]
    if not reviews or not flagged:
        return None
    parts = []
    for opinion in flagged:
        count = sum(1 for r in reviews if r.opinion_id == opinion.id)
        if count == 0:
            parts.append(_("none had the opinion %(opinion)s") % {"opinion": opinion.name})
        else:
            parts.append(ngettext("%(count)s had the opinion %(opinion)s",
                                  "%(count)s had the opinion %(opinion)s", count)
                         % {"count": number_word(count), "opinion": opinion.name})
    return ngettext(
        "Of the %(total)s internal audit, %(parts)s.",
        "Of the %(total)s internal audits, %(parts)s.",
        len(reviews),
    ) % {"total": number_word(len(reviews)), "parts": get_text_list(parts, _("and"))}


def health_check_sentence(check: HealthCheck) -> str:
    tasks_done = ngettext("%(count)s remediation task has been completed",
                          "%(count)s remediation tasks have been completed",
                          check.tasks_completed) % {"count": number_word(check.tasks_completed)}
    hosts_done = ngettext("covering %(count)s host device", "covering %(count)s host devices",
                          check.hosts_completed) % {"count": number_word(check.hosts_completed)}
    tasks_open = ngettext("%(count)s remediation task is in progress",
                          "%(count)s remediation tasks are in progress",
                          check.tasks_in_progress) % {
        "count": number_word(check.tasks_in_progress)}
    hosts_open = ngettext("covering %(count)s host device", "covering %(count)s host devices",
                          check.hosts_in_progress) % {
        "count": number_word(check.hosts_in_progress)}
    sentence = _(
        "The IT health check was undertaken in %(month)s: %(tasks_done)s (%(hosts_done)s) and "
        "%(tasks_open)s (%(hosts_open)s)."
    ) % {"month": month_label(check.carried_out), "tasks_done": tasks_done,
         "hosts_done": hosts_done, "tasks_open": tasks_open, "hosts_open": hosts_open}
    if check.audit_return.quarter != Quarter.FULL_YEAR:
        sentence += " " + _("Progress as reported for %(period)s.") % {
            "period": check.audit_return.get_quarter_display()}
    return sentence


def certificate_sentence(certificate: ComplianceCertificate, *, organisation: Organisation,
                         on: dt.date) -> str:
    if certificate.achieved_month_only:
        when = _("in %(month)s") % {"month": month_label(certificate.achieved_on)}
    else:
        when = _("on %(date)s") % {"date": day_label(certificate.achieved_on)}
    values = {"organisation": organisation.name, "name": certificate.name,
              "issuer": certificate.issuer, "when": when}
    if certificate.issuer:
        sentence = _("%(organisation)s achieved %(name)s from %(issuer)s %(when)s.") % values
    else:
        sentence = _("%(organisation)s achieved %(name)s %(when)s.") % values
    if certificate.expires_on is None:
        return sentence + " " + _("Its expiry date is not recorded.")
    if certificate.expires_on < on:
        return sentence + " " + _("It expired on %(date)s.") % {
            "date": day_label(certificate.expires_on)}
    return sentence + " " + _("It expires on %(date)s.") % {
        "date": day_label(certificate.expires_on)}


def _change_detail(current: int, previous: int | None, previous_year: int | None) -> str:
    if previous is None:
        return ""
    label = year_label(previous_year)
    if current > previous:
        return _("up %(change)s on %(year)s") % {"change": f"{current - previous:,}", "year": label}
    if current < previous:
        return _("down %(change)s on %(year)s") % {"change": f"{previous - current:,}",
                                                    "year": label}
    return _("the same as %(year)s") % {"year": label}


def _headline(label: str, series: dict[int, int], year: int) -> Headline | None:
    """A headline for ``year`` with its trend over the years held up to it."""
    if year not in series:
        return None
    years = sorted(series)
    earlier = [y for y in years if y < year]
    previous_year = earlier[-1] if earlier else None
    return Headline(
        label=label,
        value=series[year],
        detail=_change_detail(series[year], series.get(previous_year), previous_year),
        trend=tuple((year_label(y), series[y]) for y in years),
    )


# Blocks ------------------------------------------------------------------------------


def _reviews_table(figures: AuditFigures) -> Table:
    reviews = figures.reviews
    show_reported = any(r.reported_on for r in reviews)
    show_period = any(r.audit_return.quarter != Quarter.FULL_YEAR for r in reviews)
    columns = [Column("review", _("Review")), Column("opinion", _("Assurance opinion"))]
    if show_period:
        columns.append(Column("period", _("Period")))
    if show_reported:
        columns.append(Column("reported", _("Reported to the audit committee")))
    rows = []
    for review in reviews:
        cells = [review.title, review.opinion.name]
        if show_period:
            cells.append(str(review.audit_return.get_quarter_display()))
        if show_reported:
            cells.append(day_label(review.reported_on) if review.reported_on else None)
        rows.append(Row(tuple(cells)))
    return Table(key="reviews", caption=_("Internal Audit – Summary of Findings"),
                 columns=tuple(columns), rows=tuple(rows))


def _reviews_chart(figures: AuditFigures) -> Chart:
    counts = figures.review_counts.get(figures.start_year, {})
    values = tuple(counts.get(o.id, 0) for o in figures.opinions)
    described = get_text_list(
        [f"{count:,} {opinion.name}" for opinion, count in zip(figures.opinions, values,
                                                               strict=True) if count],
        _("and"),
    )
    return Chart(
        key="reviews-by-opinion",
        title=_("Internal audit reviews by assurance opinion, %(year)s") % {
            "year": figures.year.label},
        alt=_("Bar chart of the %(total)s internal audit reviews of %(year)s by assurance "
              "opinion, best assurance first: %(described)s.") % {
            "total": f"{sum(values):,}", "year": figures.year.label, "described": described},
        kind="bar",
        categories=tuple(o.name for o in figures.opinions),
        series=(Series(_("Reviews"), values),),
        category_title=_("Assurance opinion"),
        value_title=_("Reviews"),
    )


def _recommendations_table(summary: selectors.RecommendationSummary) -> Table:
    labels = dict(Priority.choices)
    rows = [Row((str(labels[p]), n)) for p, n in summary.by_priority.items()]
    rows.append(Row((_("Total"), summary.total), is_total=True))
    note = (_("Counted from the individual recommendations recorded.") if summary.uses_rows
            else _("The number per priority as reported; the individual recommendations are "
                   "not recorded."))
    return Table(
        key="recommendations-by-priority",
        caption=_("Recommendations by priority"),
        columns=(Column("priority", _("Priority")),
                 Column("recommendations", _("Recommendations"), "int")),
        rows=tuple(rows),
        note=note,
    )


def _open_sentence(open_: selectors.OpenRecommendations) -> str:
    if open_.open == 0:
        return _("On %(date)s no recommendations were open.") % {"date": day_label(open_.as_at)}
    overdue = (_("none of them overdue") if open_.overdue == 0 else
               ngettext("%(count)s of them overdue", "%(count)s of them overdue", open_.overdue)
               % {"count": number_word(open_.overdue)})
    return ngettext(
        "On %(date)s %(count)s recommendation was open, %(overdue)s.",
        "On %(date)s %(count)s recommendations were open, %(overdue)s.",
        open_.open,
    ) % {"date": day_label(open_.as_at), "count": number_word(open_.open), "overdue": overdue}


def _health_check_table(checks: list[HealthCheck]) -> Table:
    return Table(
        key="health-check",
        caption=_("IT health check remediation"),
        groups=(ColumnGroup("", 1), ColumnGroup(_("Completed"), 2),
                ColumnGroup(_("In progress"), 2)),
        columns=(
            Column("check", _("Health check")),
            Column("tasks_completed", _("Remediation tasks"), "int"),
            Column("hosts_completed", _("Host devices"), "int"),
            Column("tasks_in_progress", _("Remediation tasks"), "int"),
            Column("hosts_in_progress", _("Host devices"), "int"),
        ),
        rows=tuple(
            Row((month_label(c.carried_out), c.tasks_completed, c.hosts_completed,
                 c.tasks_in_progress, c.hosts_in_progress))
            for c in checks
        ),
    )


def _severity_values(remediation: list[RemediationProgress]) -> list[tuple[str, int]]:
    labels = dict(Severity.choices)
    by_severity = {r.severity: r.percent_complete for r in remediation}
    return [(str(labels[s]), whole_percent(by_severity[s]))
            for s in SEVERITY_ORDER if s in by_severity]


def _severity_table(values: list[tuple[str, int]]) -> Table:
    return Table(
        key="remediation-by-severity",
        caption=_("IT health check remediation: percent complete by severity"),
        columns=(Column("severity", _("Severity")),
                 Column("percent_complete", _("% Complete"), "percent")),
        rows=tuple(Row((label, percent)) for label, percent in values),
    )


def _severity_chart(values: list[tuple[str, int]], year: FinancialYear) -> Chart:
    return Chart(
        key="remediation-chart",
        title=_("Remediation complete by severity, %(year)s") % {"year": year.label},
        alt=_("Bar chart of the percentage of IT health check remediation complete for each "
              "severity: %(described)s.") % {
            "described": get_text_list([f"{label} {percent}%" for label, percent in values],
                                       _("and"))},
        kind="bar",
        categories=tuple(label for label, _percent in values),
        series=(Series(_("% complete"), tuple(percent for _label, percent in values)),),
        format="percent",
        category_title=_("Severity"),
        value_title=_("% complete"),
    )


def _certificates_table(certificates: list[ComplianceCertificate]) -> Table:
    rows = []
    for c in certificates:
        achieved = month_label(c.achieved_on) if c.achieved_month_only else day_label(c.achieved_on)
        expires = day_label(c.expires_on) if c.expires_on else _("Not recorded")
        rows.append(Row((c.name, c.issuer or None, achieved, expires)))
    return Table(
        key="certificates",
        caption=_("Compliance certificates"),
        columns=(Column("certificate", _("Certificate")), Column("issuer", _("Issued by")),
                 Column("achieved", _("Achieved")), Column("expires", _("Expires"))),
        rows=tuple(rows),
    )


def _findings(figures: AuditFigures) -> list[Finding]:
    summary = figures.recommendation_summary
    label = figures.year.label
    findings = []
    if summary.stated_total is not None and summary.total != summary.stated_total:
        if not summary.recorded:
            message = _("%(year)s states %(stated)s recommendations, but none are recorded by "
                        "priority.")
        elif summary.uses_rows:
            message = _("%(year)s states %(stated)s recommendations, but %(total)s individual "
                        "recommendations are recorded.")
        else:
            message = _("%(year)s states %(stated)s recommendations, but the counts per "
                        "priority add up to %(total)s.")
        findings.append(Finding(message % {"year": label, "stated": f"{summary.stated_total:,}",
                                           "total": f"{summary.total:,}"}))
    counted = sum(summary.from_counts.values())
    if summary.uses_rows and summary.from_counts and counted != summary.total:
        findings.append(Finding(
            _("%(year)s has %(rows)s individual recommendations recorded, but its counts per "
              "priority add up to %(counts)s; the individual recommendations are used.")
            % {"year": label, "rows": f"{summary.total:,}", "counts": f"{counted:,}"}
        ))
    return findings


def section_data(figures: AuditFigures) -> SectionData:
    title = str(AuditSection.title)
    if not figures.has_data:
        return SectionData(
            key=AuditSection.key, title=title, has_data=False,
            blocks=(Text(_("No audit figures were recorded for %(organisation)s in %(year)s.")
                         % {"organisation": figures.organisation.name,
                            "year": figures.year.label}),),
        )

    start = figures.start_year
    blocks: list[Block] = []
    summary = figures.recommendation_summary
    if figures.reviews or summary.recorded:
        blocks.append(Heading(_("Internal audit")))
    if figures.reviews:
        blocks.append(_reviews_table(figures))
    if summary.recorded:
        blocks.append(Text(recommendations_sentence(summary)))
    limited = limited_sentence(figures.reviews, figures.opinions)
    if limited:
        blocks.append(Text(limited))
    if figures.reviews:
        blocks.append(_reviews_chart(figures))
    if summary.recorded:
        blocks.append(_recommendations_table(summary))
    if figures.tracks_recommendations:
        blocks.append(Text(_open_sentence(figures.open_recommendations)))

    checks = figures.health_checks.get(start, [])
    severity = _severity_values(figures.remediation)
    if checks or severity:
        blocks.append(Heading(_("IT health check")))
    blocks += [Text(health_check_sentence(c)) for c in checks]
    if checks:
        blocks.append(_health_check_table(checks))
    if severity:
        blocks += [_severity_table(severity), _severity_chart(severity, figures.year)]

    if figures.certificates:
        blocks.append(Heading(_("Compliance")))
        on = as_at(start)
        blocks += [Text(certificate_sentence(c, organisation=figures.organisation, on=on))
                   for c in figures.certificates]
        blocks.append(_certificates_table(figures.certificates))

    limited_ids = {o.id for o in figures.opinions if o.limited}
    reviews = {y: sum(c.values()) for y, c in figures.review_counts.items()}
    limited_reviews = {y: sum(n for o, n in c.items() if o in limited_ids)
                       for y, c in figures.review_counts.items()}
    recommendations = {y: s.total for y, s in figures.recommendations.items() if s.recorded}
    tasks = {y: sum(c.tasks_completed for c in checks)
             for y, checks in figures.health_checks.items()}
    limited_label = _("%(opinions)s reviews") % {
        "opinions": get_text_list([o.name for o in figures.opinions if o.limited], _("or"))}
    headlines = [
        _headline(_("Internal audit reviews"), reviews, start),
        _headline(limited_label, limited_reviews, start) if limited_ids else None,
        _headline(_("Audit recommendations"), recommendations, start),
        _headline(_("IT health check remediation tasks completed"), tasks, start),
    ]
    return SectionData(
        key=AuditSection.key,
        title=title,
        blocks=tuple(blocks),
        headlines=tuple(h for h in headlines if h is not None),
        findings=tuple(_findings(figures)),
    )


def dashboard_charts(figures: AuditFigures) -> list[Chart]:
    """The dashboard's comparison with earlier years: reviews by opinion and
    recommendations by priority over every year held up to the one shown."""
    charts = []
    years = sorted(figures.review_counts)
    if len(years) > 1:
        charts.append(Chart(
            key="reviews-over-years",
            title=_("Internal audit reviews by assurance opinion over the years"),
            alt=_("Stacked bar chart of the number of internal audit reviews in each year from "
                  "%(first)s to %(last)s, split by assurance opinion.") % {
                "first": year_label(years[0]), "last": year_label(years[-1])},
            kind="stacked_bar",
            categories=tuple(year_label(y) for y in years),
            series=tuple(
                Series(o.name, tuple(figures.review_counts[y].get(o.id, 0) for y in years))
                for o in figures.opinions
            ),
            category_title=_("Year"),
            value_title=_("Reviews"),
        ))
    years = sorted(y for y, s in figures.recommendations.items() if s.recorded)
    if len(years) > 1:
        labels = dict(Priority.choices)
        charts.append(Chart(
            key="recommendations-over-years",
            title=_("Audit recommendations by priority over the years"),
            alt=_("Stacked bar chart of the number of audit recommendations in each year from "
                  "%(first)s to %(last)s, split by priority.") % {
                "first": year_label(years[0]), "last": year_label(years[-1])},
            kind="stacked_bar",
            categories=tuple(year_label(y) for y in years),
            series=tuple(
                Series(str(labels[p]),
                       tuple(figures.recommendations[y].by_priority.get(p, 0) for y in years))
                for p in PRIORITY_ORDER
            ),
            category_title=_("Year"),
            value_title=_("Recommendations"),
        ))
    return charts


# The whole-report file -----------------------------------------------------------------


def _duplicates(values: list, prefix: str, key: str, describe) -> list[tuple[str, str]]:
    problems, seen = [], {}
    for index, value in enumerate(values):
        if value in seen:
            problems.append((f"{prefix}[{index}].{key}",
                             f"{describe(value)} is already given at {prefix}[{seen[value]}]"))
        else:
            seen[value] = index
    return problems


def check_part(part: AuditPart, *, organisation: Organisation | None, year: int,
               path: str) -> list[tuple[str, str]]:
    """Rules the schema cannot state, each with its key path."""
    prefix = f"{path}.returns"
    problems = [(p.path, p.message) for p in duplicate_period_problems(
        [(r.year, r.period) for r in part.returns], prefix)]

    opinion_names = list(AuditOpinion.objects.order_by("position").values_list("name", flat=True))
    if not opinion_names:  # an emptied database: the import seeds the standard scale
        opinion_names = [name for name, _position, _limited in STANDARD_OPINIONS]

    held: dict[int, set[int]] = {}
    if organisation is not None:
        for held_year, quarter in AuditReturn.objects.filter(
            organisation=organisation, year_id__in={r.year for r in part.returns}
        ).values_list("year_id", "quarter"):
            held.setdefault(held_year, set()).add(quarter)

    for i, ret in enumerate(part.returns):
        at = f"{prefix}[{i}]"
        if ret.year > year:
            problems.append((f"{at}.year", f"must not be after the report's year "
                                           f"{year_slug(year)}"))
        full_year = ret.period == Quarter.FULL_YEAR
        clash = sorted(q for q in held.get(ret.year, ()) if (q == Quarter.FULL_YEAR) != full_year)
        if clash:
            kind = "a full-year return" if not full_year else (
                "quarterly returns (" + ", ".join(Quarter(q).code for q in clash) + ")")
            problems.append((f"{at}.period",
                             f"{year_slug(ret.year)} already holds {kind} in the database, so "
                             f"it cannot also have a {ret.period.code} one"))

        problems += _duplicates([r.title for r in ret.reviews], f"{at}.reviews", "title",
                                lambda v: repr(v))
        for j, review in enumerate(ret.reviews):
            at_review = f"{at}.reviews[{j}]"
            if review.opinion not in opinion_names:
                problems.append((f"{at_review}.opinion",
                                 f"{review.opinion!r} is not an assurance opinion; the opinions "
                                 f"are {', '.join(opinion_names)}"))
            problems += _duplicates([r.description for r in review.recommendations],
                                    f"{at_review}.recommendations", "description",
                                    lambda v: "this description")
            for k, rec in enumerate(review.recommendations):
                at_rec = f"{at_review}.recommendations[{k}]"
                if rec.status == "open" and rec.status_changed is not None:
                    problems.append((f"{at_rec}.status_changed",
                                     "must be left out while the status is open"))
                if rec.status != "open" and rec.status_changed is None:
                    problems.append((f"{at_rec}.status_changed",
                                     f"is required when the status is {rec.status}"))

        problems += _duplicates([c.carried_out for c in ret.health_checks],
                                f"{at}.health_checks", "carried_out",
                                lambda v: f"a health check of {v:%Y-%m}")
        problems += _duplicates([c.name for c in ret.certificates], f"{at}.certificates",
                                "name", lambda v: repr(v))
        for j, certificate in enumerate(ret.certificates):
            achieved_on, _month_only = certificate.achieved
            if certificate.expires is not None and certificate.expires <= achieved_on:
                problems.append((f"{at}.certificates[{j}].expires",
                                 "must be after the date achieved"))
    return problems


def _achieved(certificate: ComplianceCertificate):
    if certificate.achieved_month_only:
        return f"{certificate.achieved_on:%Y-%m}"
    return certificate.achieved_on


def dump_part(*, organisation: Organisation, year: FinancialYear) -> dict | None:
    """The section's part for the report: every audit return up to the report's year."""
    returns = list(
        AuditReturn.objects.filter(organisation=organisation, year_id__lte=year.start_year)
        .order_by("year_id", "quarter")
        .prefetch_related(
            "reviews__opinion", "reviews__recommendations", "recommendation_counts",
            "health_checks", "remediation", "certificates",
        )
    )
    if not returns:
        return None
    out = []
    for ret in returns:
        item: dict = {"year": year_slug(ret.year_id), "period": Quarter(ret.quarter).code}
        reviews = sorted(ret.reviews.all(), key=lambda r: (r.opinion.position, r.id))
        if reviews:
            item["reviews"] = [_dump_review(r) for r in reviews]
        if ret.recommendations_stated_total is not None:
            item["recommendations_stated_total"] = ret.recommendations_stated_total
        counts = {c.priority: c.count for c in ret.recommendation_counts.all()}
        if counts:
            item["recommendation_counts"] = {p.value: counts[p] for p in PRIORITY_ORDER
                                             if p in counts}
        checks = sorted(ret.health_checks.all(), key=lambda c: c.carried_out)
        if checks:
            item["health_checks"] = [{
                "carried_out": f"{c.carried_out:%Y-%m}",
                "tasks_completed": c.tasks_completed,
                "hosts_completed": c.hosts_completed,
                "tasks_in_progress": c.tasks_in_progress,
                "hosts_in_progress": c.hosts_in_progress,
            } for c in checks]
        progress = {r.severity: r.percent_complete for r in ret.remediation.all()}
        if progress:
            item["remediation_percent_complete"] = {s.value: progress[s] for s in SEVERITY_ORDER
                                                    if s in progress}
        certificates = sorted(ret.certificates.all(), key=lambda c: c.name)
        if certificates:
            item["certificates"] = [_dump_certificate(c) for c in certificates]
        out.append(item)
    return {"returns": out}


def _dump_review(review: AuditReview) -> dict:
    item = {"title": review.title, "opinion": review.opinion.name}
    if review.reported_on:
        item["reported"] = review.reported_on
    if review.notes:
        item["notes"] = review.notes
    recommendations = sorted(review.recommendations.all(), key=lambda r: (r.due_on, r.id))
    if recommendations:
        item["recommendations"] = []
        for r in recommendations:
            rec = {"priority": r.priority, "description": r.description, "owner": r.owner,
                   "due": r.due_on, "status": r.status}
            if r.status_changed_on:
                rec["status_changed"] = r.status_changed_on
            item["recommendations"].append(rec)
    return item


def _dump_certificate(certificate: ComplianceCertificate) -> dict:
    item = {"name": certificate.name}
    if certificate.issuer:
        item["issuer"] = certificate.issuer
    item["achieved"] = _achieved(certificate)
    if certificate.expires_on:
        item["expires"] = certificate.expires_on
    if certificate.notes:
        item["notes"] = certificate.notes
    return item


class AuditSection(ReportSection):
    key = "audits"
    title = gettext_lazy("Audit")
    chapter = 3
    order = 7
    url_name = "audits:dashboard"
    schema = AuditPart

    def build(self, *, organisation: Organisation, year: FinancialYear) -> SectionData:
        return section_data(collect_figures(organisation=organisation, year=year))

    def check(self, part: AuditPart, *, organisation: Organisation | None, year: int,
              path: str) -> list[tuple[str, str]]:
        return check_part(part, organisation=organisation, year=year, path=path)

    def save(self, part: AuditPart, *, organisation: Organisation, year: FinancialYear) -> None:
        audit_part_save(part, organisation=organisation)

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        return dump_part(organisation=organisation, year=year)
