from django.core.management.base import BaseCommand

from ictreport.core.previews import ImportPreview


class Command(BaseCommand):
    help = ("Remove the previews of spreadsheet imports that were never confirmed and have "
            "expired (IMPORT_PREVIEW_SECONDS after their upload).")

    def handle(self, *args, **options):
        removed = ImportPreview.objects.remove_expired()
        self.stdout.write(f"Removed {removed} expired import preview(s).")
