"""The file cache, made to start even when its directory cannot be used.

Django's ``FileBasedCache`` makes its directory when it is first opened and raises if
it cannot -- so a ``CACHE_DIR`` that is a file, or sits under one, made every use of
the cache fail, and with it every PDF download (and ``manage.py check`` itself). Here
opening only logs the problem; reading and writing still raise ``OSError``, which their
callers treat as a miss (``ictreport.reports.pdf``), and the start-up check
``reports.W001`` names the directory.

Bytes (a cached PDF) are stored as they are, after a marker, rather than pickled and
compressed: a PDF is compressed already, and reading 138 KB back through ``zlib`` and
``pickle`` on every download cost more than the rest of the request. Anything else is
stored as Django stores it (``zlib`` data never starts with the marker).
"""

import logging
import pickle
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

RAW_BYTES = b"\x00"

logger = logging.getLogger(__name__)


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        try:
            super().__init__(dir, params)
        except OSError as exc:
            # super() set self._dir before making it; the instance is usable as is.
            logger.warning("The cache directory %s cannot be used (%s); nothing will be "
                           "cached until it is fixed.", dir, exc)

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as f:
                if not self._is_expired(f):
                    return _loads(f.read())
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        if type(value) is bytes:
            file.write(RAW_BYTES + value)
        else:
            file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                try:
                    locks.lock(f, locks.LOCK_EX)
                    if self._is_expired(f):
                        return False
                    previous_value = _loads(f.read())
                    f.seek(0)
                    self._write_content(f, timeout, previous_value)
                    f.truncate()
                    return True
                finally:
                    locks.unlock(f)
        except FileNotFoundError:
            return False


def _loads(content: bytes):
    if content.startswith(RAW_BYTES):
        return content[len(RAW_BYTES):]
    return pickle.loads(zlib.decompress(content))
