from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from ictreport.core.files import write_report_file
from ictreport.core.models import AnnualReport
from ictreport.core.periods import parse_year_slug
from ictreport.reports.pdf import PdfRenderError, report_pdf
from ictreport.reports.rendering import standalone_html


def _write_atomically(path: Path, data: str | bytes) -> None:
    """Write beside the target and rename, so a failure never leaves half a file."""
    tmp = path.with_name(f".{path.name}.part")
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(tmp, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as out:
        out.write(data)
    tmp.replace(path)


class Command(BaseCommand):
    help = (
        "Export one organisation's annual report for one year: yaml (the whole-report "
        "file, re-importable), html (the report page as one standalone file) or pdf, "
        "the html and pdf in the language given (--language cy for the Welsh paper)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "organisation", help="The organisation's short name, e.g. gwent-police."
        )
        parser.add_argument("year", help="The financial year, e.g. 2019-20.")
        parser.add_argument("--format", choices=["yaml", "html", "pdf"], default="yaml")
        parser.add_argument("--output", type=Path, default=None,
                            help="The file to write (standard output when not given).")
        codes = [code for code, _name in settings.LANGUAGES]
        parser.add_argument(
            "--language", choices=sorted({c.split("-")[0] for c in codes} | set(codes)),
            default="en",
            help="The language of the html or pdf (default en; the yaml file always "
                 "holds both).")

    def handle(self, *args, organisation, year, format, output: Path | None, language="en",
               **options):
        try:
            start_year = parse_year_slug(year)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        report = (
            AnnualReport.objects.select_related("organisation", "year")
            .filter(organisation__slug=organisation, year_id=start_year).first()
        )
        if report is None:
            raise CommandError(_("There is no %(year)s report for an organisation "
                                 "“%(organisation)s”.")
                               % {"year": year, "organisation": organisation})
        if format == "yaml":
            data = write_report_file(report)
        else:
            # The document in the language asked for; the command's messages stay in
            # the operator's.
            with translation.override(language):
                data = self._pdf(report) if format == "pdf" else standalone_html(report)
        if output is None:
            self._to_stdout(data)
            return
        try:
            _write_atomically(output, data)
        except OSError as exc:
            raise CommandError(_("Cannot write %(path)s: %(reason)s.")
                               % {"path": output, "reason": exc.strerror}) from None
        self.stdout.write(self.style.SUCCESS(_("Wrote %(path)s.") % {"path": output}))

    def _to_stdout(self, data) -> None:
        """The file on standard output (``> paper.pdf``), bytes as they are."""
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        stream = getattr(self.stdout, "_out", self.stdout)
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            buffer.write(raw)
            buffer.flush()
        else:  # a text stream (call_command(..., stdout=StringIO()))
            stream.write(raw.decode("utf-8", errors="replace") if isinstance(data, bytes)
                         else data)

    def _pdf(self, report: AnnualReport) -> bytes:
        try:
            pdf = report_pdf(report)
        except PdfRenderError as exc:
            raise CommandError(
                _("The PDF could not be made, so nothing was written: %(error)s (the log "
                  "has the details).") % {"error": exc}
            ) from None
        if pdf.charts_left_out:
            self.stderr.write(self.style.WARNING(
                _("Charts left out; the PDF has their data tables instead: %(reason)s")
                % {"reason": pdf.charts_left_out}
            ))
        return pdf.content
