"""Editions' PDFs leave the database: each stored PDF's bytes are written through
``STORAGES["editions"]`` into an insert-only ``EditionPdf`` row, then the column goes.
New editions keep what their PDF shows in an insert-only ``EditionPdfSource`` row, and
the worker draws it."""

import hashlib

import django.db.models.deletion
from django.core.files.base import ContentFile
from django.db import migrations, models

import ictreport.core.models.editions
from ictreport.core.editions import (
    drop_edition_triggers_migration,
    install_edition_triggers_migration,
)
from ictreport.core.periods import year_slug

NEW = ("EditionPdfSource", "EditionPdf")
ALL = ("ReportEdition", *NEW)


def _name(edition, digest: str) -> str:
    report = edition.report
    # A historical model has no properties: the year's slug as FinancialYear.slug says.
    return (f"editions/{report.organisation.slug}/{year_slug(report.year.start_year)}/"
            f"edition-{edition.number}-{edition.language}-{digest[:16]}.pdf")


def pdfs_to_storage(apps, schema_editor):
    ReportEdition = apps.get_model("core", "ReportEdition")
    EditionPdf = apps.get_model("core", "EditionPdf")
    storage = ictreport.core.models.editions.edition_storage()
    editions = (ReportEdition.objects.using(schema_editor.connection.alias)
                .select_related("report__organisation", "report__year").order_by("pk"))
    for edition in editions.iterator(chunk_size=20):
        content = bytes(edition.pdf or b"")
        if not content:
            continue  # nothing was drawn: the worker draws it once a reader asks
        digest = hashlib.sha256(content).hexdigest()
        name = storage.save(_name(edition, digest), ContentFile(content))
        EditionPdf.objects.using(schema_editor.connection.alias).create(
            edition=edition, file=name, size=len(content), sha256=digest,
            drawn_at=edition.published_at)


def pdfs_back_to_the_database(apps, schema_editor):
    # The edition rows refuse an UPDATE: their trigger is dropped for this copy and put
    # back after it.
    drop_edition_triggers_migration(apps, schema_editor)
    ReportEdition = apps.get_model("core", "ReportEdition")
    EditionPdf = apps.get_model("core", "EditionPdf")
    alias = schema_editor.connection.alias
    for kept in EditionPdf.objects.using(alias).order_by("pk"):
        with kept.file.storage.open(kept.file.name, "rb") as handle:
            content = handle.read()
        ReportEdition.objects.using(alias).filter(pk=kept.edition_id).update(pdf=content)
    install_edition_triggers_migration(apps, schema_editor)


def install_all(apps, schema_editor):
    install_edition_triggers_migration(apps, schema_editor, models=ALL)


def drop_new(apps, schema_editor):
    drop_edition_triggers_migration(apps, schema_editor, models=NEW)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0009_edition_language'),
    ]

    operations = [
        migrations.CreateModel(
            name='EditionPdfSource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('html', models.TextField(help_text="The PDF's page as published, with a slot for each chart's image.", verbose_name='print page')),
                ('charts', models.JSONField(blank=True, default=list, help_text="Each chart's slot and figure, drawn into the PDF by the worker.", verbose_name='charts')),
                ('edition', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='pdf_source', to='core.reportedition', verbose_name='edition')),
            ],
            options={
                'verbose_name': 'edition PDF source',
                'verbose_name_plural': 'edition PDF sources',
                'ordering': ['edition'],
            },
        ),
        migrations.CreateModel(
            name='EditionPdf',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=300, storage=ictreport.core.models.editions.edition_storage, upload_to='', verbose_name='file')),
                ('size', models.PositiveBigIntegerField(help_text='In bytes.', verbose_name='size')),
                ('sha256', models.CharField(help_text='SHA-256 of the PDF file.', max_length=64, verbose_name='SHA-256')),
                ('drawn_at', models.DateTimeField(verbose_name='drawn')),
                ('edition', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='pdf_file', to='core.reportedition', verbose_name='edition')),
            ],
            options={
                'verbose_name': 'edition PDF',
                'verbose_name_plural': 'edition PDFs',
                'ordering': ['edition'],
                'constraints': [models.CheckConstraint(condition=models.Q(('size__gt', 0)), name='core_editionpdf_not_empty')],
            },
        ),
        migrations.RunPython(pdfs_to_storage, pdfs_back_to_the_database),
        # Given a default first, so that unapplying the removal can add the column back
        # to rows that have one (the copy back then fills it).
        migrations.AlterField(
            model_name='reportedition',
            name='pdf',
            field=models.BinaryField(default=b'', help_text='The PDF board paper, as published.', verbose_name='PDF'),
        ),
        migrations.RemoveField(
            model_name='reportedition',
            name='pdf',
        ),
        migrations.AlterField(
            model_name='reportedition',
            name='content_sha256',
            field=models.CharField(help_text='SHA-256 of the page, figures, reasons and changes together.', max_length=64, verbose_name='content hash'),
        ),
        migrations.AlterModelOptions(
            name='reportedition',
            options={'get_latest_by': 'number', 'ordering': ['report', '-number', 'language'], 'verbose_name': 'published edition', 'verbose_name_plural': 'published editions'},
        ),
        migrations.RunPython(install_all, drop_new),
    ]
