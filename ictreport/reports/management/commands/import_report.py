from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ictreport.core.file_yaml import MAX_FILE_BYTES
from ictreport.core.files import ReportFileError, read_report_file
from ictreport.core.formatting import format_value


class Command(BaseCommand):
    help = (
        "Import one organisation's annual report for one year from a whole-report YAML "
        "file. The whole file is checked first and written in one transaction: every "
        "problem is listed with its key path and nothing is written if there is any. "
        "Importing the same file again updates the report in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The report file (YAML).")

    def handle(self, *args, path: Path, **options):
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:  # said before reading it into memory
                raise CommandError(
                    _("%(path)s is %(size)s MB; a report file may be at most %(limit)s MB. "
                      "Nothing was imported.") % {
                        "path": path,
                        "size": format_value(Decimal(size / 1024 / 1024).quantize(Decimal("0.1")),
                                             "decimal"),
                        "limit": format_value(MAX_FILE_BYTES // 1024 // 1024, "int")}
                )
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(_("Cannot read %(path)s: %(reason)s.")
                               % {"path": path, "reason": exc.strerror}) from None
        except UnicodeDecodeError:
            raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": path}) from None
        try:
            report = read_report_file(text)
        except ReportFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            count = len(exc.problems)
            raise CommandError(
                ngettext("%(path)s: %(count)s problem; nothing was imported.",
                         "%(path)s: %(count)s problems; nothing was imported.", count)
                % {"path": path, "count": format_value(count, "int")}
            ) from None
        for note in report.import_notes:
            self.stderr.write(self.style.WARNING(f"{path}: {note}"))
        self.stdout.write(self.style.SUCCESS(
            _("Imported %(title)s (%(organisation)s %(year)s).") % {
                "title": report.title, "organisation": report.organisation.slug,
                "year": report.year.slug}
        ))
