"""Who may see, change and approve which organisation's figures: the one place every
page, export, admin list and form, import and sign-off step asks.

A user's groups (``ictreport.core.roles``) say what they may do; their memberships say
for which organisations. Shared-service administrators (the group, or superusers) act
for every organisation. Anyone else sees only their own organisations' figures, and a
page about another organisation answers 404, as if it did not exist.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from ictreport.core.models import Organisation
from ictreport.core.roles import APPROVE_PERMISSION, SHARED_SERVICE_ADMINISTRATORS, section_app

_CACHE = "_visible_organisation_ids"
_EVERY_CACHE = "_sees_every_organisation"


def sees_every_organisation(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    # Asked more than once a request (the organisations seen, where a page lands): the
    # groups are read once per request's user object.
    if not hasattr(user, _EVERY_CACHE):
        setattr(user, _EVERY_CACHE, user.is_superuser or any(
            g.name == SHARED_SERVICE_ADMINISTRATORS for g in user.groups.all()))
    return getattr(user, _EVERY_CACHE)


def visible_organisations(user) -> QuerySet[Organisation]:
    """The organisations whose figures ``user`` may read."""
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    if sees_every_organisation(user):
        return Organisation.objects.all()
    return member_organisations(user.pk)


def member_organisations(user_id: int) -> QuerySet[Organisation]:
    """The organisations of the user ``user_id``'s memberships."""
    return Organisation.objects.filter(memberships__user_id=user_id)


def _visible_ids(user) -> frozenset[int]:
    # Asked for every row of an admin list: once per request's user object.
    if not hasattr(user, _CACHE):
        setattr(user, _CACHE, frozenset(visible_organisations(user).values_list("pk", flat=True)))
    return getattr(user, _CACHE)


def can_see(user, organisation) -> bool:
    return organisation is not None and _pk(organisation) in _visible_ids(user)


def can_change_model(user, model, organisation) -> bool:
    """Whether ``user`` may add or change ``model`` rows of ``organisation``."""
    opts = model._meta
    return can_see(user, organisation) and user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}")


def can_edit(user, section_key: str, organisation) -> bool:
    """Whether ``user`` may enter ``organisation``'s figures for a report section."""
    from ictreport.core.models import QuarterlyReturn

    returns = [m for m in section_app(section_key).get_models()
               if issubclass(m, QuarterlyReturn)]
    return bool(returns) and all(can_change_model(user, m, organisation) for m in returns)


def can_approve(user, organisation) -> bool:
    """Whether ``user`` may approve, reopen and publish ``organisation``'s returns and
    reports."""
    return can_see(user, organisation) and user.has_perm(APPROVE_PERMISSION)


def _pk(organisation) -> int:
    return organisation.pk if isinstance(organisation, Organisation) else int(organisation)


@dataclass(frozen=True)
class ReadableReport:
    """Which report an address names, its data version, and whether the reader gets
    only its public editions -- all a page cached under the version needs to know."""

    pk: int
    organisation_id: int
    year_id: int
    version: int
    public_only: bool
    loaded: object = field(default=None, compare=False, repr=False)

    def report(self):
        """The report's row: as it was read, or from the cache under its version."""
        from ictreport.core.report_version import cached_report

        if self.loaded is not None:
            return self.loaded
        return cached_report(self.pk, organisation=self.organisation_id, year=self.year_id,
                             version=self.version)


def find_readable_report(user, *, organisation: str, start_year: int | None
                         ) -> ReadableReport:
    """The annual report at its address, if ``user`` may read it: theirs in full, or
    anyone's once an edition cleared for the public has been published. Anything else
    is a 404, so an unpublished report's existence is not given away.

    One plain query (no model built, its SQL made by the ORM once per process) gives the
    report, its data version and whether the user is one of its organisation's; a second
    only for someone who is not."""
    from django.db import router

    from ictreport.core.models import AnnualReport
    from ictreport.core.report_version import SLUG, USER, YEAR, run_prepared

    if start_year is None:
        raise Http404
    if sees_every_organisation(user):
        kind = "every"
    elif user.is_authenticated and user.is_active:
        kind = "member"
    else:
        return _public_report(organisation=organisation, start_year=start_year)
    values = {SLUG: organisation, YEAR: start_year}
    if kind == "member":
        values[USER] = user.pk
    row = next(iter(run_prepared(f"readable-report-{kind}", router.db_for_read(AnnualReport),
                                 lambda: _report_read(kind), values)), None)
    if row is None:
        raise Http404
    pk, organisation_id, version, is_member = row
    if not is_member:
        return _public_report(organisation=organisation, start_year=start_year)
    return ReadableReport(pk, organisation_id, start_year, int(version), False)


def _public_report(*, organisation: str, start_year: int) -> ReadableReport:
    """The report for a reader outside its organisation: only once an edition cleared
    for the public has been published (the edition, not the report's status: a
    published report reopened for correction stays readable as it was published)."""
    from ictreport.core.models import AnnualReport
    from ictreport.core.report_version import report_version, with_data_version

    report = (with_data_version(AnnualReport.objects.select_related("organisation", "year"))
              .filter(organisation__slug=organisation, year_id=start_year,
                      publicly_disclosable=True, editions__publicly_disclosable=True)
              .first())
    if report is None:
        raise Http404
    return ReadableReport(report.pk, report.organisation_id, report.year_id,
                          report_version(report), True, loaded=report)


def _report_read(kind: str):
    """The report's read for a reader who sees every organisation ("every"), one with
    memberships ("member") or none ("none"), written with the prepared read's
    stand-ins (``report_version.run_prepared``)."""
    from django.db.models import Exists, OuterRef, Value

    from ictreport.core.models import AnnualReport
    from ictreport.core.report_version import SLUG, USER, YEAR, version_subquery

    if kind == "member":
        member = Exists(member_organisations(USER).filter(pk=OuterRef("organisation_id")))
    else:
        member = Value(kind == "every")
    # A plain queryset: modeltranslation's rewriting of field names is not needed.
    return (QuerySet(AnnualReport).filter(organisation__slug=SLUG, year_id=YEAR)
            .annotate(read_version=version_subquery(), reader_is_member=member)
            .values_list("pk", "organisation_id", "read_version", "reader_is_member")
            .order_by("pk")[:1])


def public_editions(report):
    """The report's editions anyone may read, newest first. Clearing the report's
    "can be disclosed" (after reopening it) withdraws every one of them at once."""
    from ictreport.core.models import ReportEdition

    if not report.publicly_disclosable:
        return ReportEdition.objects.none()
    return report.editions.filter(publicly_disclosable=True)
