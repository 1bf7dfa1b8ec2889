"""Locks on rows that no return owns but an approved year's report shows.

``ictreport.core.workflow`` locks a return's figures while the return is approved. Two
kinds of rows hang from no return, and without this module they could change an
approved or published report unseen:

* **a year's rows** — a model with an organisation and a financial year that is not a
  return (a project of a year's portfolio), and the rows hanging from it (its
  deliverables and quarterly updates): locked while that organisation's report for that
  year is approved or published. A model may also name fields the *previous* year's
  report shows (``locked_by_previous_year``, e.g. a project named among last year's
  priorities), locked while that report is approved and the row says it is shown there
  (``shown_in_previous_year_report()``).
* **reference rows** — channels, service tiers, teams, themes, opinions, budget lines:
  rows other figures point at, shared by every organisation or by every year of one.
  One is locked while any row pointing at it belongs to an approved return, or to a
  year whose report is approved or published. A new row (a new name) is always
  allowed; what is refused is renaming or redefining, or deleting, one that an approved
  year shows. A model may list fields that change nothing already reported
  (``lock_exempt_fields``, e.g. whether a budget line is offered to new returns).

Locking was chosen over versioning reference rows per year: the rows keep one meaning,
every report and dashboard keeps reading them as it does, and a correction after
approval goes the same way as any other, by reopening.

The database holds both (``ictreport.core.year_lock_triggers``): a trigger refuses the
write whatever code makes it. ``check`` is the one Python pre-check, called by the
write services (``ictreport.core.writes``) and the admin's forms, so a user is told
which report or return shows the row and who approved it; it alone also holds
``writing_for``, a file's limit to its own organisation's rows.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from ictreport.core.models import (
    AnnualReport,
    FinancialYear,
    Organisation,
    QuarterlyReturn,
    ReportStatus,
    ReturnStatus,
    SignOffAction,
)
from ictreport.core.signoff_lock import lock_path
from ictreport.core.signoff_lock import owner_model as _owner_model
from ictreport.core.workflow import Locked, approval, locked_message

_LOCKED_REPORT = [ReportStatus.APPROVED, ReportStatus.PUBLISHED]
# The organisation a whole-report file is being written for, while it is.
_writing_for = ContextVar("year_locks_writing_for", default=None)
# Each year's locked report (or None) as asked while a file is written.
_reports_seen = ContextVar("year_locks_reports_seen", default=None)
# Enough owners for a message to say which; more are counted, not listed.
_NAMED = 3


def _section_model(model) -> bool:
    from ictreport.core.roles import section_apps

    return (not issubclass(model, HistoricalChanges) and not model._meta.abstract
            and model._meta.app_config in section_apps())


def _path_to(model, target) -> str | None:
    """The lookup from ``model`` to its foreign key to ``target``, directly or through
    a parent in the same app."""
    fields = [f for f in model._meta.get_fields() if (f.many_to_one or f.one_to_one)
              and f.concrete]
    for field in fields:
        if field.related_model is target:
            return field.name
    for field in fields:
        parent = field.related_model
        if parent is not model and parent._meta.app_label == model._meta.app_label:
            path = _path_to(parent, target)
            if path is not None:
                return f"{field.name}__{path}"
    return None


@cache
def year_paths(model) -> tuple[str, str] | None:
    """(organisation lookup, year lookup) for a year's row that is not a return's."""
    if not _section_model(model) or issubclass(model, QuarterlyReturn):
        return None
    if lock_path(model) is not None:
        return None
    organisation, year = _path_to(model, Organisation), _path_to(model, FinancialYear)
    if organisation is None or year is None:
        return None
    return organisation, year


@cache
def reference_uses(model) -> tuple[tuple[type, str], ...]:
    """The (model, foreign key name) pairs of locked rows pointing at a reference
    ``model``; empty if ``model`` is not reference data."""
    if not _section_model(model) or lock_path(model) is not None or year_paths(model):
        return ()
    uses = []
    for user in apps.get_models():
        if not _section_model(user) or not (lock_path(user) is not None or year_paths(user)):
            continue
        uses += [(user, field.name) for field in user._meta.concrete_fields
                 if field.many_to_one and field.related_model is model]
    return tuple(uses)


def _changed(instance, fields) -> bool:
    """Whether saving ``instance`` would change any of ``fields`` as stored."""
    model = type(instance)
    stored = model._default_manager.filter(pk=instance.pk).values(
        *(f.attname for f in fields)).first()
    return stored is None or any(
        stored[f.attname] != f.to_python(getattr(instance, f.attname)) for f in fields)


def _concrete(model, exempt=()):
    return [f for f in model._meta.concrete_fields
            if not f.primary_key and not getattr(f, "auto_now", False) and f.name not in exempt]


def _step_said(owner) -> str:
    what = owner if isinstance(owner, AnnualReport) else _("%(kind)s: %(what)s") % {
        "kind": owner._meta.verbose_name, "what": owner}
    step = approval(owner)
    if step is None:
        return _("%(what)s (status: %(status)s)") % {
            "what": what, "status": owner.get_status_display()}
    if step.action == SignOffAction.PUBLISHED:
        message = _("%(what)s (published by %(user)s on %(when)s)")
    else:
        message = _("%(what)s (approved by %(user)s on %(when)s)")
    return message % {
        "what": what,
        "user": step.user.get_full_name() or step.user.get_username(),
        "when": formats.date_format(timezone.localtime(step.at), "DATETIME_FORMAT"),
    }


def _reference_owners(model, pk) -> list:
    """The approved returns and the approved or published reports that show the
    reference row ``pk``."""
    owners = []
    for user, fk in reference_uses(model):
        rows = user._default_manager.filter(**{fk: pk})
        path = lock_path(user)
        if path is not None:
            owner_model = _owner_model(user, path) if path else user
            owners += owner_model._default_manager.filter(
                pk__in=rows.values(path or "pk"), status=ReturnStatus.APPROVED,
            ).select_related("organisation", "year")[:_NAMED]
            prefix = f"{path}__" if path else ""
            organisation, year = f"{prefix}organisation", f"{prefix}year"
        else:
            organisation, year = year_paths(user)
        owners += AnnualReport.objects.filter(status__in=_LOCKED_REPORT).filter(Exists(
            rows.filter(**{organisation: OuterRef("organisation"), year: OuterRef("year")})
        )).select_related("organisation", "year")[:_NAMED]
    return list(dict.fromkeys(owners))


def judges(model) -> bool:
    """Whether these locks judge rows of ``model`` (a year's rows, reference rows)."""
    return bool(year_paths(model) or reference_uses(model))


def _year_report(instance, organisation_path, year_path, *, stored=False, offset=0):
    model = type(instance)
    if stored:
        if instance.pk is None:
            return None
        key = model._default_manager.filter(pk=instance.pk).values_list(
            organisation_path, year_path).first()
    else:
        key = tuple(_follow(instance, p) for p in (organisation_path, year_path))
    if key is None or None in key:
        return None
    return _locked_report(key[0], key[1] - offset)


def _locked_report(organisation_id, year_id):
    """The organisation's approved or published report for the year, if any; while a
    file is written, asked once per year (a file cannot move a report's status)."""
    seen = _reports_seen.get()
    if seen is not None and (organisation_id, year_id) in seen:
        return seen[organisation_id, year_id]
    report = AnnualReport.objects.filter(
        organisation_id=organisation_id, year_id=year_id, status__in=_LOCKED_REPORT,
    ).select_related("organisation", "year").first()
    if seen is not None:
        seen[organisation_id, year_id] = report
    return report


def _follow(instance, path: str):
    """The pk at the end of ``path`` from an unsaved or changed ``instance``."""
    names = path.split("__")
    obj = instance
    for name in names[:-1]:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, obj._meta.get_field(names[-1]).attname)


def _report_locked(report) -> Locked:
    return Locked(locked_message(report), code="locked")


def check(instance, *, deleting: bool = False) -> None:
    """Raise ``Locked`` if writing (or deleting) ``instance`` would change what an
    approved return or an approved or published report shows."""
    model = type(instance)
    paths = year_paths(model)
    if paths is not None:
        for stored in (False, True):
            report = _year_report(instance, *paths, stored=stored)
            if report is not None and (deleting or _changed(instance, _concrete(model))):
                raise _report_locked(report)
        fields = getattr(model, "locked_by_previous_year", ())
        if fields:
            shown = instance.shown_in_previous_year_report()
            if instance.pk is not None:
                stored_row = model._default_manager.filter(pk=instance.pk).first()
                shown = shown or (stored_row is not None
                                  and stored_row.shown_in_previous_year_report())
            if shown:
                for stored in (False, True):
                    report = _year_report(instance, *paths, stored=stored, offset=1)
                    if report is not None and (deleting or _changed(
                            instance, [model._meta.get_field(f) for f in fields])):
                        raise _report_locked(report)
        return
    if not reference_uses(model) or instance.pk is None:
        return
    exempt = getattr(model, "lock_exempt_fields", ())
    if not deleting and not _changed(instance, _concrete(model, exempt)):
        return
    owners = _reference_owners(model, instance.pk)
    if not owners and _writing_for.get() is not None:
        _refuse_for_others(model, instance, _writing_for.get())
    if owners:
        stored = model._default_manager.filter(pk=instance.pk).first() or instance
        raise Locked(_("%(what)s is shown by approved figures, so it cannot be renamed, "
                       "redefined or deleted until they are reopened; add a new one "
                       "instead. It is shown by: %(owners)s.") % {
            "what": stored, "owners": "; ".join(_step_said(o) for o in owners)},
            code="locked")


@contextmanager
def writing_for(organisation):
    """While a file for ``organisation`` is written: a shared row other organisations'
    figures use is theirs too, and the file may not redefine it (``check``)."""
    token, seen = _writing_for.set(organisation), _reports_seen.set({})
    try:
        yield
    finally:
        _reports_seen.reset(seen)
        _writing_for.reset(token)


def _refuse_for_others(model, instance, organisation) -> None:
    for user, fk in reference_uses(model):
        path = lock_path(user)
        if path is not None:
            lookup = f"{path}__organisation" if path else "organisation"
        else:
            lookup = year_paths(user)[0]
        if user._default_manager.filter(**{fk: instance.pk}).exclude(
                **{lookup: organisation}).exists():
            stored = model._default_manager.filter(pk=instance.pk).first() or instance
            raise Locked(_("%(what)s is shared with other organisations' figures, so a "
                           "file for %(organisation)s cannot rename or redefine it; add a "
                           "new one instead, or change it in the admin.") % {
                "what": stored, "organisation": organisation}, code="shared")


def deletable(instance) -> bool:
    """Whether deleting ``instance`` passes the year locks."""
    try:
        check(instance, deleting=True)
    except Locked:
        return False
    return True


def lock_of(instance):
    """The approved or published report that makes ``instance`` read-only as a whole
    (a year's row), or None."""
    paths = year_paths(type(instance))
    if paths is None or instance.pk is None:
        return None
    return _year_report(instance, *paths, stored=True)
