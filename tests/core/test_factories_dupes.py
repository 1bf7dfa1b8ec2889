"""The core factories the sections share instead of spelling their fields and rules out
alike: what each one gives a model, as Django sees the model once it is built."""

from django.db import models

from audits.models import AuditReturn, ComplianceCertificate
from finance.models import BudgetLine, FinanceReturn, LineFigure
from ictreport.core.constraints import never_negative
from ictreport.core.fields import flag_field, optional_text, reference_link
from ictreport.core.models import QuarterlyReturn
from projects.models import CoreWorkReturn, Deliverable
from servicedesk.models import Channel, ChannelCalls, ServiceLevelResult


def _constraint(model, name):
    return next(c for c in model._meta.constraints if c.name == name)


def test_never_negative_names_itself_after_its_app_model_and_fields():
    rule = _constraint(ChannelCalls, "servicedesk_channelcalls_calls_not_negative")
    assert rule.condition == models.Q(calls__gte=0)
    assert str(rule.violation_error_message) == "Calls cannot be negative."
    for field in ("budget", "expenditure"):
        _constraint(LineFigure, f"finance_linefigure_{field}_not_negative")
    # A name given is kept, and several fields make one rule.
    given = never_negative("a", "b", name="x_counts", message="m")
    assert given.name == "x_counts" and given.condition == models.Q(a__gte=0, b__gte=0)


def test_names_in_order_makes_a_name_unique_within_its_parent_and_lists_by_position():
    for model, parent in ((Deliverable, "project"), (BudgetLine, "organisation")):
        meta = model._meta
        assert meta.ordering == [parent, "position", "name"]
        unique = meta.constraints[0]
        assert isinstance(unique, models.UniqueConstraint)
        assert unique.fields == (parent, "name")
        assert unique.name == f"{meta.app_label}_{meta.model_name}_unique_name"


def test_extended_meta_keeps_the_returns_constraints_and_order_then_adds_its_own():
    base = [c.name for c in QuarterlyReturn.Meta.constraints]
    assert base
    for model, own in ((AuditReturn, ["audits_auditreturn_stated_total_not_negative"]),
                       (FinanceReturn, ["finance_financereturn_stated_not_negative",
                                        "finance_financereturn_stated_full_year_only"]),
                       (CoreWorkReturn, [])):
        meta = model._meta
        assert not meta.abstract
        assert meta.ordering == QuarterlyReturn.Meta.ordering
        names = [c.name for c in meta.constraints]
        assert names[len(base):] == own
        assert len(names) == len(base) + len(own)
    assert str(AuditReturn._meta.verbose_name_plural) == "audit returns"


def test_the_field_factories_give_the_fields_the_sections_wrote_out():
    text = optional_text("notes")
    assert isinstance(text, models.TextField) and text.blank and not text.null
    assert text.help_text == ""  # no help text, not an empty one the migrations would see
    flag = flag_field("in use", "help", default=True)
    assert isinstance(flag, models.BooleanField) and flag.default is True
    assert flag_field("x", "help").default is False
    link = reference_link(Channel, "channel")
    assert link.remote_field.on_delete is models.PROTECT
    assert link.remote_field.related_name == "+"
    tier = ServiceLevelResult._meta.get_field("tier")
    assert tier.remote_field.on_delete is models.PROTECT and tier.remote_field.related_name == "+"
    assert ComplianceCertificate._meta.get_field("achieved_month_only").default is False
    assert BudgetLine._meta.get_field("active").default is True
