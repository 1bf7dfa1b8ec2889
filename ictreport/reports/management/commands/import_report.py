from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ictreport.core.file_yaml import MAX_FILE_BYTES
from ictreport.core.files import ReportFileError, read_report_file


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
                    f"{path} is {size / 1024 / 1024:.1f} MB; a report file may be at most "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB. Nothing was imported."
                )
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        try:
            report = read_report_file(text)
        except ReportFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(
                f"{path}: {len(exc.problems)} problem(s); nothing was imported."
            ) from None
        for note in report.import_notes:
            self.stderr.write(self.style.WARNING(f"{path}: {note}"))
        self.stdout.write(self.style.SUCCESS(
            f"Imported {report.title} ({report.organisation.slug} {report.year.slug})."
        ))
