"""Published editions: what the public reads of a report, frozen when it is published.

The publish step (``workflow.report_publish``) calls ``freeze``, which numbers the
edition, gathers why the report or its year's returns were reopened since the last
edition, compares the new edition's figures and texts with the last one's and stores
the page and the data in one ``ReportEdition`` row, and what its PDF will show in an
``EditionPdfSource`` row. No PDF is drawn in the request: the renderer queues it for the
worker once the publish commits, which keeps it in an ``EditionPdf`` row (its file
through ``STORAGES["editions"]``). Nothing in any of these rows ever changes: the
database refuses an UPDATE (a trigger on SQLite and PostgreSQL) and, on PostgreSQL, a
DELETE; on SQLite a DELETE trigger would also fire on the test runner's
flush (``DELETE FROM``), so there the refusal is the ``pre_delete`` check below and
the report's PROTECT.

Drawing the page and the PDF belongs to ``ictreport.reports``, which core must not
import; it registers an ``EditionRenderer`` at start-up (``register_renderer``),
which also queues the PDFs (``EditionRenderer.published``).

An edition is published in every language of ``settings.LANGUAGES`` at once: one row
per language under the same number, each drawn under ``translation.override`` and
compared with the last edition in its own language. Readers get the copy in their
language (``in_language``), or the default language's copy of an edition published
before editions were bilingual.
"""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ictreport.core.db import return_models
from ictreport.core.models import (
    AnnualReport,
    EditionPdf,
    EditionPdfSource,
    ReportEdition,
    SignOff,
    SignOffAction,
)
from ictreport.core.models.editions import edition_storage


@dataclass(frozen=True)
class Entry:
    """One figure or text of an edition. ``key`` says where it is, stably across
    editions (section and table keys, row header, column key); ``label`` says it to a
    reader; ``value`` is as the page shows it."""

    key: str
    label: str
    value: str


@dataclass(frozen=True)
class EditionDraft:
    """An edition about to be stored, as the renderer sees it."""

    report: AnnualReport
    number: int
    published_at: object  # an aware datetime
    reasons: list[dict]
    changes: list[dict]


class PreparedEdition(Protocol):
    """The report's public edition assembled once from live data, for one publish."""

    entries: list[Entry]  # every figure and text of it

    def render(self, draft: EditionDraft) -> tuple[str, dict]:
        """The public page's body and the PDF's source (JSON: what the worker draws),
        both naming the edition and its changes. Draws nothing. Raises
        ``ValidationError`` when they cannot be made as they must be published."""


class EditionRenderer(Protocol):
    def prepare(self, report: AnnualReport) -> PreparedEdition: ...

    def published(self, editions: list[ReportEdition]) -> None:
        """The editions were just stored: have their PDFs drawn (after the commit)."""


_renderer: EditionRenderer | None = None


def register_renderer(renderer: EditionRenderer) -> None:
    global _renderer
    _renderer = renderer


def edition_language(code: str | None = None) -> str:
    """A language code as an edition stores it: the base language ("en" of "en-gb");
    the active language when ``code`` is None."""
    code = code or translation.get_language() or settings.LANGUAGE_CODE
    return code.split("-")[0].lower()


def languages() -> list[str]:
    """The languages every edition is published in, the default language first."""
    default = edition_language(settings.LANGUAGE_CODE)
    codes = []
    for code, _name in settings.LANGUAGES:
        if edition_language(code) not in codes:
            codes.append(edition_language(code))
    return sorted(codes, key=lambda code: code != default)


def in_language(editions: QuerySet, language: str | None = None) -> QuerySet:
    """Of one report's ``editions``, each number's copy in ``language`` (the active
    language when None), or the default language's copy where the number has none in
    it (an edition published before editions were bilingual). One query, however read."""
    language = edition_language(language)
    default = edition_language(settings.LANGUAGE_CODE)
    if language == default:
        return editions.filter(language=language)
    held = editions.filter(language=language).values("number")
    return editions.filter(Q(language=language)
                           | (Q(language=default) & ~Q(number__in=held)))


def latest(report: AnnualReport) -> ReportEdition | None:
    return in_language(report.editions.defer("data")).first()


def freeze(*, report: AnnualReport, user) -> ReportEdition:
    """Store the next edition of ``report`` in every language, which the caller has just
    published inside its transaction (holding the report's row lock, so numbers cannot
    collide). Returns the default language's copy."""
    if _renderer is None:
        raise ImproperlyConfigured("No edition renderer is registered (ictreport.reports).")
    last = report.editions.only("number", "published_at").first()
    number = last.number + 1 if last else 1
    published_at = timezone.now()
    reasons = _reasons_since(report, last.published_at) if last else []
    stored = [_freeze_in(report, user, language, number=number, published_at=published_at,
                         reasons=reasons)
              for language in languages()]
    _renderer.published(stored)
    return stored[0]


def _freeze_in(report: AnnualReport, user, language: str, *, number: int, published_at,
               reasons: list[dict]) -> ReportEdition:
    """The edition's copy in ``language``: drawn in it, compared with the last edition
    in it."""
    # Drawn under the site's own code for the language ("en-gb" where LANGUAGES says
    # so, for its formats), stored as the base language.
    code = next((code for code, _name in settings.LANGUAGES
                 if edition_language(code) == language), language)
    with translation.override(code):
        previous = (report.editions.filter(language=language)
                    .only("number", "published_at", "data").first())
        prepared = _renderer.prepare(report)
        data = {"entries": [[e.key, e.label, e.value] for e in prepared.entries]}
        changes = changed_entries(previous.data, data) if previous else []
        draft = EditionDraft(report, number, published_at, reasons, changes)
        html, pdf_source = prepared.render(draft)
        edition = ReportEdition.objects.create(
            report=report, number=number, language=language, published_at=published_at,
            published_by=user, title=report.title, classification=report.classification,
            publicly_disclosable=report.publicly_disclosable,
            html=html, data=data, reasons=reasons, changes=changes,
            content_sha256=content_hash(html=html, data=data, reasons=reasons,
                                        changes=changes),
        )
        EditionPdfSource.objects.create(edition=edition, html=pdf_source["html"],
                                        charts=pdf_source["charts"])
        return edition


def content_hash(*, html: str, data, reasons, changes) -> str:
    """The edition's own content; its PDF, drawn later, has its own hash (``EditionPdf``)."""
    digest = hashlib.sha256()
    for part in (html, json.dumps([data, reasons, changes], sort_keys=True,
                                  ensure_ascii=False)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def keep_pdf(edition: ReportEdition, content: bytes) -> EditionPdf:
    """Keep an edition's drawn PDF for good: the file through ``STORAGES["editions"]``,
    its row beside the edition. Raises ``IntegrityError`` when the edition already has
    one (another worker kept it first); the file written is then removed."""
    storage = edition_storage()
    digest = hashlib.sha256(content).hexdigest()
    report = edition.report
    name = storage.save(
        f"editions/{report.organisation.slug}/{report.year.slug}/"
        f"edition-{edition.number}-{edition.language}-{digest[:16]}.pdf",
        ContentFile(content))
    try:
        with transaction.atomic():
            return EditionPdf.objects.create(edition=edition, file=name, size=len(content),
                                             sha256=digest, drawn_at=timezone.now())
    except Exception:
        storage.delete(name)
        raise


def _reasons_since(report: AnnualReport, since) -> list[dict]:
    """Every reopening of the report or of one of its year's returns since ``since``,
    oldest first, as the revision's reasons."""
    targets = Q(content_type=ContentType.objects.get_for_model(AnnualReport),
                object_id=report.pk)
    for model in return_models():
        targets |= Q(content_type=ContentType.objects.get_for_model(model),
                     object_id__in=model._default_manager.filter(
                         organisation_id=report.organisation_id, year_id=report.year_id,
                     ).values("pk"))
    steps = (SignOff.objects.filter(targets, action=SignOffAction.REOPENED, at__gt=since)
             .order_by("at", "pk").values_list("description", "reason", "at"))
    return [{"what": what, "reason": reason, "at": at.isoformat()}
            for what, reason, at in steps]


def changed_entries(before: dict, after: dict) -> list[dict]:
    """What differs between two editions' data, in the new edition's order and then
    what was removed: ``{"label", "before", "after"}``, None for a side that lacks it."""
    old = {key: (label, value) for key, label, value in before.get("entries", [])}
    new = {key: (label, value) for key, label, value in after.get("entries", [])}
    changes = []
    for key, (label, value) in new.items():
        if key not in old:
            changes.append({"label": label, "before": None, "after": value})
        elif old[key][1] != value:
            changes += [{"label": label, "before": b, "after": a}
                        for b, a in _changed_sentences(old[key][1], value)]
    for key, (label, value) in old.items():
        if key not in new:
            changes.append({"label": label, "before": value, "after": None})
    return changes


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _changed_sentences(before: str, after: str) -> list[tuple[str | None, str | None]]:
    """The sentences that differ between two versions of a text, each run of them as
    (before, after), None for a side that has none; a figure or a one-sentence text is
    one pair."""
    old, new = _SENTENCE_END.split(before.strip()), _SENTENCE_END.split(after.strip())
    if len(old) == len(new) == 1:
        return [(before, after)]
    pairs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new,
                                                       autojunk=False).get_opcodes():
        if tag != "equal":
            pairs.append((" ".join(old[i1:i2]) or None, " ".join(new[j1:j2]) or None))
    return pairs or [(before, after)]  # only the spacing between sentences differs


# Immutability -----------------------------------------------------------------------


def _refuse_change(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if kwargs.get("signal") is pre_save and instance._state.adding:
        return
    raise ValidationError(_("A published edition cannot be changed or deleted: publish a "
                            "revised edition instead."), code="frozen")


# The rows nothing may change: the edition, what its PDF shows, and the PDF drawn.
FROZEN_MODELS = (ReportEdition, EditionPdfSource, EditionPdf)

for _model in FROZEN_MODELS:
    pre_save.connect(_refuse_change, sender=_model,
                     dispatch_uid=f"core.editions.pre_save.{_model._meta.model_name}")
    pre_delete.connect(_refuse_change, sender=_model,
                       dispatch_uid=f"core.editions.pre_delete.{_model._meta.model_name}")


def frozen_message(table: str) -> str:
    return f"{table}: a published edition cannot be changed or deleted"


def _trigger_sql(vendor: str, table: str) -> list[str]:
    message = frozen_message(table)
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_frozen;",
            f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        ]
    if vendor == "postgresql":
        return [
            f"""
            CREATE OR REPLACE FUNCTION {table}_frozen() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
            END
            $$ LANGUAGE plpgsql;
            """,
            f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};",
            f"CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_frozen();",
        ]
    raise NotImplementedError(f"No frozen-edition trigger for {vendor}.")


def install_edition_triggers(using: str = "default", **kwargs) -> bool:
    """(Re)install the triggers on those of the tables that exist; after every
    ``migrate``, since SQLite drops a table's triggers when a migration rebuilds it.
    Returns whether they all exist."""
    connection = connections[using]
    held = set(connection.introspection.table_names())
    tables = [model._meta.db_table for model in FROZEN_MODELS]
    with connection.cursor() as cursor:
        for table in tables:
            for sql in _trigger_sql(connection.vendor, table) if table in held else []:
                cursor.execute(sql)
    return held.issuperset(tables)


def install_edition_triggers_migration(apps, schema_editor, models=("ReportEdition",)):
    for name in models:
        table = apps.get_model("core", name)._meta.db_table
        for sql in _trigger_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)


def drop_edition_triggers_migration(apps, schema_editor, models=("ReportEdition",)):
    for name in models:
        table = apps.get_model("core", name)._meta.db_table
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen;", params=None)
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};",
                                  params=None)
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_frozen();", params=None)
