"""Importing an extract: the dry run, then the confirmation that writes every quarter's
return in one transaction or none of them. Shared by ``manage.py import_extract`` and
the admin's "Import an extract" pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from ictreport.core.access import can_change_model, visible_organisations
from ictreport.core.extract_runs import ExtractMapping, ExtractRun, writing
from ictreport.core.extracts import (
    ExtractKind,
    ExtractResult,
    Line,
    compare,
    file_sha256,
    read_frame,
)
from ictreport.core.models import FinancialYear, Organisation, QuarterlyReturn, ReturnStatus
from ictreport.core.periods import Quarter
from ictreport.core.workflow import Locked, locked_message


def return_models(kind: ExtractKind) -> list[type[QuarterlyReturn]]:
    return [m for m in apps.get_app_config(kind.app_label).get_models()
            if issubclass(m, QuarterlyReturn)]


def may_import(user, kind: ExtractKind, organisation) -> bool:
    """Whether ``user`` may write ``kind``'s section figures for ``organisation``: the
    same add and change permissions, for that organisation, as entering them."""
    models = return_models(kind)
    return bool(models) and all(
        can_change_model(user, m, organisation)
        and user.has_perm(f"{m._meta.app_label}.add_{m._meta.model_name}")
        for m in models)


def importable_organisations(user, kind: ExtractKind) -> list[Organisation]:
    return [o for o in visible_organisations(user).order_by("name")
            if may_import(user, kind, o)]


def saved_mapping(organisation, kind: ExtractKind) -> dict[str, str]:
    mapping = ExtractMapping.objects.filter(organisation=organisation, kind=kind.key).first()
    return dict(mapping.columns) if mapping else {}


def save_mapping(organisation, kind: ExtractKind, columns: dict[str, str]) -> ExtractMapping:
    known = {c.name for c in kind.columns}
    columns = {k: v for k, v in columns.items() if k in known and v and v != k}
    mapping, _created = ExtractMapping.objects.update_or_create(
        organisation=organisation, kind=kind.key, defaults={"columns": columns})
    return mapping


@dataclass
class DryRun:
    kind: ExtractKind
    organisation: Organisation
    year: FinancialYear
    result: ExtractResult
    held: dict[int, dict]
    sha256: str
    file_name: str

    @property
    def comparison(self) -> dict[int, list[Line]]:
        return compare(self.kind, self.result.quarters, self.held)

    def quarter_label(self, quarter: int) -> str:
        return f"{Quarter(quarter).label} {self.year.label}"


def dry_run(kind: ExtractKind, source, *, organisation, year: FinancialYear,
            mapping: dict[str, str] | None = None, file_name: str = "") -> DryRun:
    """Read and compute; nothing is written. ``ValidationError`` if the file cannot be
    read as this kind of extract."""
    if mapping is None:
        mapping = saved_mapping(organisation, kind)
    frame = read_frame(source, columns=kind.columns, mapping=mapping)
    result = kind.compute(frame, organisation=organisation, year=year)
    return DryRun(kind=kind, organisation=organisation, year=year, result=result,
                  held=kind.held(organisation=organisation, year=year),
                  sha256=file_sha256(source),
                  file_name=file_name or getattr(source, "name", "") or str(source))


def refusals(kind: ExtractKind, *, organisation, year, quarters) -> list[str]:
    """Why the quarters' returns cannot be written now: each approved quarter by name,
    and a year held as a full-year return."""
    problems = []
    for model in return_models(kind):
        held = model._default_manager.filter(organisation=organisation, year=year)
        for locked in held.filter(quarter__in=list(quarters), status=ReturnStatus.APPROVED):
            problems.append(gettext("%(period)s is approved, so the extract cannot change "
                                    "it: %(lock)s") % {
                "period": f"{locked.get_quarter_display()} {year.label}",
                "lock": locked_message(locked)})
        if held.filter(quarter=Quarter.FULL_YEAR).exists():
            problems.append(gettext(
                "%(year)s is held as a full-year %(what)s; an extract gives quarters, so it "
                "cannot be imported for this year.") % {
                "year": year.label, "what": model._meta.verbose_name})
    return problems


def confirm(kind: ExtractKind, result: ExtractResult, *, organisation, year, user,
            sha256: str, file_name: str) -> ExtractRun:
    """Write every quarter the extract yields, in one transaction: all or nothing.

    ``PermissionDenied`` if ``user`` may not write the section's figures for the
    organisation; ``ValidationError`` (every reason) if a quarter is locked or a figure
    is refused, and then nothing is written.
    """
    if user is not None and not may_import(user, kind, organisation):
        raise PermissionDenied
    if not result.quarters:
        raise ValidationError(gettext(
            "No row of the extract could be used, so there are no figures to write."))
    problems = refusals(kind, organisation=organisation, year=year, quarters=result.quarters)
    if problems:
        raise Locked(problems, code="locked")
    with transaction.atomic():
        run = ExtractRun.objects.create(
            organisation=organisation, year=year, kind=kind.key, app_label=kind.app_label,
            file_name=file_name[:255], sha256=sha256, rows=result.rows,
            rejected=len(result.rejections), user=user, quarters=sorted(result.quarters))
        with writing(run):
            kind.write(result, organisation=organisation, year=year, user=user, run=run)
    return run
