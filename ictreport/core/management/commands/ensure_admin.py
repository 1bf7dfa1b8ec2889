import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Make sure an administrator account exists. The first time, create it with a "
        "generated password and print the password once; afterwards do nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(_("The administrator account “%(username)s” already exists.")
                              % {"username": username})
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS(_(
            "Created the administrator account “%(username)s” with the password: "
            "%(password)s\nIt is shown only this once; change it in the admin after "
            "signing in.") % {"username": username, "password": password}))
