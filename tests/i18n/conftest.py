"""The Welsh catalogue compiled for these tests (``make messages`` does it for the site):
a .po newer than its .mo is compiled again and Django's translations reloaded, so that a
test never reads a stale catalogue."""

import pytest
from django.utils import translation

from tests.i18n.catalogue import PO_FILE, msgfmt


def _reload_translations():
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._active = trans_real.Local()
    trans_real._default = None
    translation.activate("en")


@pytest.fixture(scope="session")
def welsh_catalogue():
    """The catalogue's path, compiled into the .mo Django reads. Fails, saying what to
    do, when there is no catalogue or no msgfmt."""
    if msgfmt() is None:
        pytest.fail("GNU gettext's msgfmt is needed (Debian package gettext; "
                    "scripts/system-packages.sh installs it)")
    if not PO_FILE.exists():
        pytest.fail(f"No Welsh catalogue at {PO_FILE.relative_to(PO_FILE.parents[3])}: "
                    "run makemessages (README, 'Welsh and English')")
    mo = PO_FILE.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PO_FILE.stat().st_mtime:
        import subprocess

        subprocess.run([msgfmt(), "-o", str(mo), str(PO_FILE)], check=True)
        _reload_translations()
    return PO_FILE
