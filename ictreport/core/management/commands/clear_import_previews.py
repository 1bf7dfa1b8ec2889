from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from ictreport.core.formatting import format_value
from ictreport.core.previews import ImportPreview


class Command(BaseCommand):
    help = ("Remove the previews of spreadsheet imports that were never confirmed and have "
            "expired (IMPORT_PREVIEW_SECONDS after their upload).")

    def handle(self, *args, **options):
        removed = ImportPreview.objects.remove_expired()
        self.stdout.write(ngettext(
            "Removed %(count)s expired import preview.",
            "Removed %(count)s expired import previews.", removed) % {
            "count": format_value(removed, "int")})
