"""Sign-off: a quarterly return goes draft → submitted → approved; the annual report
draft → approved → published. What is approved is locked.

The lock is the database's (``ictreport.core.signoff_lock``): a write to an approved
return, a figure hanging from one, an approved or published report or its section texts
is refused whichever code attempts it. The write services and the admin check first
(``lock_of``) and say ``Locked``, naming who approved it and when. Only an approver
reopens, with a reason; the reason is kept as a sign-off step and travels into the
history of every figure changed while the return stays reopened.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.signals import pre_create_historical_record

from ictreport.core import editions
from ictreport.core.access import can_approve, can_change_model
from ictreport.core.models import (
    AnnualReport,
    QuarterlyReturn,
    ReportStatus,
    ReturnStatus,
    SignOff,
    SignOffAction,
)
from ictreport.core.signoff_lock import lock_path, locked_statuses, owner_model


class Locked(ValidationError):
    """A write to something approved; its message says who approved it and when."""


def _owner_id(instance, path: str, *, stored: bool = False):
    """The pk of the return or report locking ``instance``, as the instance says or,
    with ``stored``, as the database holds it."""
    first, _sep, rest = path.partition("__")
    field = type(instance)._meta.get_field(first)
    if stored:
        if instance.pk is None:
            return None
        return type(instance)._default_manager.filter(pk=instance.pk).values_list(
            path, flat=True).first()
    parent_id = getattr(instance, field.attname)
    if not rest or parent_id is None:
        return parent_id
    return field.related_model._default_manager.filter(pk=parent_id).values_list(
        rest, flat=True).first()


def approval(owner) -> SignOff | None:
    """The step that locked ``owner`` (approval or publication), if it went through
    the workflow."""
    return (SignOff.objects.filter(
        content_type=ContentType.objects.get_for_model(owner, for_concrete_model=False),
        object_id=owner.pk,
        action__in=[SignOffAction.APPROVED, SignOffAction.PUBLISHED],
    ).select_related("user").first())


def _locked_messages(owner):
    """Whole sentences for each way ``owner`` can be locked, by its status (no step
    recorded) and by the step that locked it: a Welsh status agrees with the word for a
    return (ffurflen) or a report (adroddiad), so each has its own."""
    if isinstance(owner, AnnualReport):
        by_status = {
            ReportStatus.APPROVED: _(
                "%(what)s is approved and locked: an approver must reopen it, giving a "
                "reason, before it can be changed."),
            ReportStatus.PUBLISHED: _(
                "%(what)s is published and locked: an approver must reopen it, giving a "
                "reason, before it can be changed."),
        }
        by_step = {
            SignOffAction.APPROVED: _(
                "%(what)s was approved by %(user)s on %(when)s and is locked: an approver "
                "must reopen it, giving a reason, before it can be changed."),
            SignOffAction.PUBLISHED: _(
                "%(what)s was published by %(user)s on %(when)s and is locked: an approver "
                "must reopen it, giving a reason, before it can be changed."),
        }
        return by_status, by_step
    by_status = {
        ReturnStatus.APPROVED: pgettext(
            "a return", "%(what)s is approved and locked: an approver must reopen it, "
            "giving a reason, before it can be changed."),
    }
    by_step = {
        SignOffAction.APPROVED: pgettext(
            "a return", "%(what)s was approved by %(user)s on %(when)s and is locked: an "
            "approver must reopen it, giving a reason, before it can be changed."),
    }
    return by_status, by_step


def locked_message(owner) -> str:
    step = approval(owner)
    by_status, by_step = _locked_messages(owner)
    if step is None or step.action not in by_step:
        message = by_status.get(owner.status) or _(
            "%(what)s is locked: an approver must reopen it, giving a reason, before it "
            "can be changed.")
        return message % {"what": owner}
    return by_step[step.action] % {
        "what": owner,
        "user": step.user.get_full_name() or step.user.get_username(),
        "when": formats.date_format(timezone.localtime(step.at), "DATETIME_FORMAT"),
    }


def _locked_owner(model, owner_id):
    if owner_id is None:
        return None
    owner = model._default_manager.filter(pk=owner_id).first()
    if owner is not None and owner.status in locked_statuses(model):
        return owner
    return None


def lock_of(instance):
    """The approved return or report that locks ``instance`` as stored, or None."""
    path = lock_path(type(instance))
    if path is None or instance.pk is None:
        return None
    if path == "":
        return _locked_owner(type(instance), instance.pk)
    return _locked_owner(owner_model(type(instance), path), _owner_id(instance, path))


@receiver(pre_create_historical_record, dispatch_uid="core.workflow.reopen_reason")
def _carry_reopen_reason(sender, instance, history_instance, **kwargs):
    """A figure changed while its return is reopened records why it was reopened (a
    history note, sent only for rows with history, and only when no reason is given)."""
    if history_instance.history_change_reason:
        return
    path = lock_path(type(instance))
    if path is None or (path == "" and history_instance.history_type == "+"):
        return  # a row no approval locks, or a return or report only now created
    owner = type(instance) if path == "" else owner_model(type(instance), path)
    owner_id = instance.pk if path == "" else _owner_id(instance, path)
    if owner_id is None:
        return
    last = SignOff.objects.filter(
        content_type=ContentType.objects.get_for_model(owner, for_concrete_model=False),
        object_id=owner_id,
    ).only("action", "reason").first()
    if last is not None and last.action == SignOffAction.REOPENED:
        history_instance.history_change_reason = _("After reopening: %(reason)s") % {
            "reason": last.reason}


# The steps ------------------------------------------------------------------------------

# Called with (organisation pk, year pk) after every step, in its transaction: the
# reports app queues the report's PDF at once (its marking changed), as core cannot.
_step_listeners = []


def on_step(listener) -> None:
    """Have ``listener(organisation_id, year_id)`` called after every sign-off step."""
    if listener not in _step_listeners:
        _step_listeners.append(listener)


def _fresh(obj):
    return type(obj)._default_manager.select_for_update().select_related(
        "organisation", "year").get(pk=obj.pk)


def _move(obj, status: str, *, user, action: str, reason: str = "") -> SignOff:
    label = SignOffAction(action).label
    obj.status = status
    obj._history_user = user
    obj._change_reason = f"{label}: {reason}" if reason else str(label)
    obj.save(update_fields=["status", "updated_at"])
    for listener in _step_listeners:
        listener(obj.organisation_id, obj.year_id)
    return SignOff.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk, organisation_id=obj.organisation_id,
        description=f"{obj._meta.verbose_name}: {obj}"[:300],
        action=action, user=user, reason=reason,
    )


def _expect(obj, status: str, message: str):
    if obj.status != status:
        raise ValidationError(message % {"status": obj.get_status_display()},
                              code="wrong_status")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is being reopened.")}, code="required")
    return reason


def _submitters(quarterly_returns) -> dict:
    """Each return's current submitter: who took its latest "submitted" step."""
    by_model, submitters = {}, {}
    for ret in quarterly_returns:
        by_model.setdefault(type(ret), []).append(ret.pk)
    for model, pks in by_model.items():
        found = {}
        steps = SignOff.objects.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id__in=pks, action=SignOffAction.SUBMITTED,
        ).select_related("user").order_by("object_id", "-at", "-pk")
        for step in steps:
            found.setdefault(step.object_id, step.user)
        for ret in quarterly_returns:
            if type(ret) is model and ret.pk in found:
                submitters[ret] = found[ret.pk]
    return submitters


def _two_people(organisation, user, submitted, message: str) -> None:
    """The two-person rule, where the organisation keeps it: whoever submitted figures
    does not approve them. ``submitted`` maps each return to its submitter."""
    if not organisation.two_person_rule:
        return
    mine = next((ret for ret, submitter in submitted.items() if submitter.pk == user.pk),
                None)
    if mine is not None:
        raise ValidationError(message % {
            "user": user.get_full_name() or user.get_username(), "what": mine},
            code="two_person_rule")


@transaction.atomic
def return_submit(*, quarterly_return: QuarterlyReturn, user) -> SignOff:
    """An editor hands a draft return over for approval, once nothing is missing."""
    ret = _fresh(quarterly_return)
    if not can_change_model(user, type(ret), ret.organisation_id):
        raise PermissionDenied
    _expect(ret, ReturnStatus.DRAFT, _("Only a draft return can be submitted; this one's "
                                       "status is “%(status)s”."))
    problems = ret.submission_problems()
    if problems:
        raise ValidationError(problems, code="incomplete")
    return _move(ret, ReturnStatus.SUBMITTED, user=user, action=SignOffAction.SUBMITTED)


@transaction.atomic
def return_approve(*, quarterly_return: QuarterlyReturn, user) -> SignOff:
    ret = _fresh(quarterly_return)
    if not can_approve(user, ret.organisation_id):
        raise PermissionDenied
    _expect(ret, ReturnStatus.SUBMITTED, _("Only a submitted return can be approved; this "
                                           "one's status is “%(status)s”."))
    _two_people(ret.organisation, user, _submitters([ret]), _(
        "The two-person rule: %(user)s submitted this return, so someone else must "
        "approve it."))
    return _move(ret, ReturnStatus.APPROVED, user=user, action=SignOffAction.APPROVED)


@transaction.atomic
def return_reopen(*, quarterly_return: QuarterlyReturn, user, reason: str) -> SignOff:
    """An approver unlocks an approved return for correction; the reason is kept."""
    ret = _fresh(quarterly_return)
    if not can_approve(user, ret.organisation_id):
        raise PermissionDenied
    reason = _reason(reason)
    _expect(ret, ReturnStatus.APPROVED, _("Only an approved return can be reopened; this "
                                          "one's status is “%(status)s”."))
    return _move(ret, ReturnStatus.DRAFT, user=user, action=SignOffAction.REOPENED,
                 reason=reason)


def year_returns(report: AnnualReport, *, approved: bool) -> list[QuarterlyReturn]:
    """The report year's returns, of every section, that are (or are not) approved."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if issubclass(model, QuarterlyReturn):
            rows = model._default_manager.filter(
                organisation_id=report.organisation_id, year_id=report.year_id,
            ).select_related("organisation", "year")
            found += (rows.filter(status=ReturnStatus.APPROVED) if approved
                      else rows.exclude(status=ReturnStatus.APPROVED))
    return found


def unapproved_returns(report: AnnualReport) -> list[QuarterlyReturn]:
    """The report year's returns, of every section, that are not approved yet."""
    return year_returns(report, approved=False)


@transaction.atomic
def report_approve(*, report: AnnualReport, user) -> SignOff:
    """The report is approved once every return of its year is."""
    report = _fresh(report)
    if not can_approve(user, report.organisation_id):
        raise PermissionDenied
    _expect(report, ReportStatus.DRAFT, _("Only a draft report can be approved; this one's "
                                          "status is “%(status)s”."))
    pending = unapproved_returns(report)
    if pending:
        raise ValidationError(
            [_("%(kind)s: %(what)s is not approved yet.") % {
                "kind": r._meta.verbose_name, "what": r}
             for r in pending], code="returns_pending")
    returns = year_returns(report, approved=True)
    _two_people(report.organisation, user, _submitters(returns), _(
        "The two-person rule: %(user)s submitted %(what)s, one of this report's returns, "
        "so someone else must approve the report."))
    return _move(report, ReportStatus.APPROVED, user=user, action=SignOffAction.APPROVED)


@transaction.atomic
def report_publish(*, report: AnnualReport, user) -> SignOff:
    report = _fresh(report)
    if not can_approve(user, report.organisation_id):
        raise PermissionDenied
    _expect(report, ReportStatus.APPROVED, _("Only an approved report can be published; this "
                                             "one's status is “%(status)s”."))
    step = _move(report, ReportStatus.PUBLISHED, user=user, action=SignOffAction.PUBLISHED)
    # What the public will read from now on; if it cannot be made, nothing is published.
    editions.freeze(report=report, user=user)
    return step


@transaction.atomic
def report_reopen(*, report: AnnualReport, user, reason: str) -> SignOff:
    report = _fresh(report)
    if not can_approve(user, report.organisation_id):
        raise PermissionDenied
    reason = _reason(reason)
    if report.status not in locked_statuses(AnnualReport):
        raise ValidationError(_("Only an approved or published report can be reopened; this "
                                "one's status is “%(status)s”.") % {
            "status": report.get_status_display()}, code="wrong_status")
    return _move(report, ReportStatus.DRAFT, user=user, action=SignOffAction.REOPENED,
                 reason=reason)
