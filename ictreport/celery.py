"""The Celery app: PDFs are rendered by a worker, never inside a web request.

Configured from Django's settings (the ``CELERY_`` names): with ``REDIS_URL`` set, Redis
is the broker (and the cache); unset, kombu's ``filesystem://`` transport under
``var/celery/`` needs no server at all, for ``make demo``. Run a worker with
``celery -A ictreport worker --pool=solo``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictreport.settings")

app = Celery("ictreport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_queue_folders(sender, **kwargs):
    """kombu's filesystem transport needs its folders; make them (the embedded default)."""
    from pathlib import Path

    options = sender.conf.broker_transport_options or {}
    for name in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(name):
            Path(options[name]).mkdir(parents=True, exist_ok=True)
