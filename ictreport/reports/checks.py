"""Start-up checks for what the reports need from the server."""

import os
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.core.checks import Tags, Warning, register
from django.utils.module_loading import import_string


@register(Tags.caches)
def check_pdf_cache_directory(app_configs, **kwargs):
    """A file cache (CACHE_DIR) that cannot be used: every PDF is then rendered afresh
    on every download (seconds each) -- still served, but say so at start-up."""
    problems = []
    for alias, config in settings.CACHES.items():
        if not issubclass(import_string(config["BACKEND"]), FileBasedCache):
            continue
        reason = _unusable(Path(config["LOCATION"]))
        if reason:
            problems.append(Warning(
                f"The cache directory {config['LOCATION']} {reason}.",
                hint="Set CACHE_DIR to a directory this process can write to. Until then "
                     "every PDF is rendered afresh on every download.",
                obj=f"CACHES[{alias!r}] (CACHE_DIR)",
                id="reports.W001",
            ))
    return problems


def _unusable(path: Path) -> str:
    if path.exists():
        if not path.is_dir():
            return "is not a directory"
        if not os.access(path, os.W_OK | os.X_OK):
            return "cannot be written to"
        return ""
    # Not there yet: the cache makes it on first use, if its nearest existing parent
    # is a directory it may write in.
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"cannot be made, as {parent} is not a directory"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot be made in {parent}"
    return ""
