"""Migration 0010 moves each stored edition's PDF bytes into the editions storage (an
``EditionPdf`` row with its size and hash) before the column goes, and back again."""

import hashlib

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.access.factories import user_in
from tests.factories import AnnualReportFactory, FinancialYearFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = "0009_edition_language", "0010_edition_pdf_storage"
OLD_PDF = b"%PDF-1.7 an edition drawn before PDFs were kept in storage"


def _migrate(target: str):
    """``migrate core <target>``: the command, so the project's triggers are dropped
    before and put back after as on a real upgrade; the state's models."""
    call_command("migrate", "core", target, verbosity=0)
    return MigrationExecutor(connection).loader.project_state(("core", target)).apps


def test_old_pdf_bytes_move_into_storage_and_back(gwent):
    report = AnnualReportFactory(organisation=gwent,
                                 year=FinancialYearFactory(start_year=2020))
    user = user_in(None, gwent)
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes("core")[0][1]
    try:
        apps = _migrate(BEFORE)
        old = apps.get_model("core", "ReportEdition")
        published_at = timezone.now()
        for number, pdf in ((1, OLD_PDF), (2, b"")):
            old.objects.create(
                report_id=report.pk, number=number, language="en",
                published_at=published_at, published_by_id=user.pk, title="Old",
                classification="OFFICIAL", publicly_disclosable=True, html="<p>Old</p>",
                data={"entries": []}, pdf=pdf, content_sha256="0" * 64)

        apps = _migrate(AFTER)
        kept = apps.get_model("core", "EditionPdf").objects.get()
        assert kept.edition.number == 1  # an edition with no bytes has nothing to keep
        assert kept.size == len(OLD_PDF)
        assert kept.sha256 == hashlib.sha256(OLD_PDF).hexdigest()
        assert kept.drawn_at == published_at
        with storages["editions"].open(kept.file.name, "rb") as handle:
            assert handle.read() == OLD_PDF
        assert "pdf" not in {f.name for f in apps.get_model("core", "ReportEdition")._meta
                             .get_fields()}

        apps = _migrate(BEFORE)
        old = apps.get_model("core", "ReportEdition")
        assert bytes(old.objects.get(number=1).pdf) == OLD_PDF
    finally:
        _migrate(leaf)
