"""The file cache, made to start even when its directory cannot be used.

Django's ``FileBasedCache`` makes its directory when it is first opened and raises if
it cannot -- so a ``CACHE_DIR`` that is a file, or sits under one, made every use of
the cache fail, and with it every PDF download (and ``manage.py check`` itself). Here
opening only logs the problem; reading and writing still raise ``OSError``, which their
callers treat as a miss (``ictreport.reports.pdf``), and the start-up check
``reports.W001`` names the directory.
"""

import logging

from django.core.cache.backends.filebased import FileBasedCache

logger = logging.getLogger(__name__)


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        try:
            super().__init__(dir, params)
        except OSError as exc:
            # super() set self._dir before making it; the instance is usable as is.
            logger.warning("The cache directory %s cannot be used (%s); nothing will be "
                           "cached until it is fixed.", dir, exc)
