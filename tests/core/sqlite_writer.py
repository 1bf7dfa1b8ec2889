"""One administrator adding a financial year through the admin, as a separate process
on the SQLite file ``DATABASE_URL`` names: ``python -m tests.core.sqlite_writer YEAR
[BUSY_TIMEOUT]``. It signs in, prints ``ready``, waits for a line on stdin, posts
the form, and prints the response as JSON."""

import json
import os
import sys

import django


def main(year: str, timeout: str | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictreport.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    if timeout is not None:  # before the first connection, which reads it
        connection.settings_dict["OPTIONS"]["timeout"] = float(timeout)
    # Pages are rendered without collectstatic, as in the tests (tests/conftest.py).
    # Through override_settings, whose setting_changed signal resets the storages
    # already made (the editions' storage is made at start-up, and with it the handler
    # read STORAGES once).
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
    client = Client(raise_request_exception=False)  # a 500 comes back as a real server's
    client.force_login(get_user_model().objects.get(username="admin"))
    print("ready", flush=True)
    sys.stdin.readline()
    response = client.post("/en/admin/core/financialyear/add/", {"start_year": year})
    print(json.dumps({
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode(),
    }), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
