from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ictreport.core import extract_import
from ictreport.core.extracts import get_kind, kinds
from ictreport.core.formatting import format_value
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import parse_year_slug


def _text(value) -> str:
    return "—" if value is None else str(value)


class Command(BaseCommand):
    help = (
        "Compute a year's quarterly figures from an extract of a system of record (one row "
        "per ticket or ledger line, CSV or XLSX) and write them: every quarter's return in "
        "one transaction, or none. With --dry-run nothing is written: each quarter's "
        "figures are shown beside those held, differences marked with *, and every "
        "rejected row with its number and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="The kind of extract: "
                            + ", ".join(sorted(k.key for k in kinds())) + ".")
        parser.add_argument("path", type=Path, help="The extract (CSV or XLSX).")
        parser.add_argument("--organisation", required=True, help="Its short name.")
        parser.add_argument("--year", required=True, help="The financial year, e.g. 2019-20.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Show what would be written; write nothing.")
        parser.add_argument("--user", help="The username recorded as importing it (who "
                            "must be allowed to enter the section's figures).")

    def handle(self, *args, kind, path: Path, organisation, year, dry_run, user, **options):
        try:
            extract_kind = get_kind(kind)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(_("There is no organisation with the short name "
                                 "“%(organisation)s”.") % {"organisation": organisation})
        try:
            start_year = parse_year_slug(year)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(_("There is no user “%(user)s”.") % {"user": user})
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        financial_year, _created = FinancialYear.objects.get_or_create(start_year=start_year)
        try:
            run = extract_import.dry_run(extract_kind, path, organisation=org,
                                         year=financial_year, file_name=path.name)
        except ValidationError as exc:
            raise CommandError(_("%(path)s: %(problems)s Nothing was imported.") % {
                "path": path, "problems": " ".join(exc.messages)}) from None
        self._show(run)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        try:
            written = extract_import.confirm(
                extract_kind, run.result, organisation=org, year=financial_year,
                user=importer, sha256=run.sha256, file_name=path.name)
        except PermissionDenied:
            raise CommandError(_("%(user)s may not enter these figures for "
                                 "%(organisation)s. Nothing was imported.") % {
                "user": user, "organisation": org}) from None
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(_("Nothing was imported.")) from None
        self.stdout.write(self.style.SUCCESS(_(
            "Imported %(kind)s for %(organisation)s %(year)s: quarters %(quarters)s "
            "(file SHA-256 %(sha256)s).") % {
            "kind": extract_kind.title, "organisation": org.slug,
            "year": financial_year.slug,
            "quarters": ", ".join(_("Q%(quarter)s") % {"quarter": q}
                                  for q in written.quarters),
            "sha256": written.sha256}))

    def _show(self, run):
        result = run.result
        self.stdout.write(ngettext(
            "%(file)s: %(count)s row read, %(rejected)s rejected.",
            "%(file)s: %(count)s rows read, %(rejected)s rejected.", result.rows) % {
            "file": run.file_name, "count": format_value(result.rows, "int"),
            "rejected": format_value(len(result.rejections), "int")})
        for quarter, lines in run.comparison.items():
            self.stdout.write("\n" + _("%(quarter)s    (extract / held)") % {
                "quarter": run.quarter_label(quarter)})
            for line in lines:
                mark = "*" if line.differs else " "
                self.stdout.write(f" {mark} {line.label}: {_text(line.new)} / "
                                  f"{_text(line.held)}")
        for note in result.notes:
            self.stdout.write(self.style.WARNING(str(note)))
        if result.rejections:
            self.stdout.write("\n" + _("Rejected rows:"))
            for rejection in result.rejections:
                self.stdout.write("  " + _("row %(row)s: %(reason)s") % {
                    "row": rejection.row, "reason": rejection.reason})
