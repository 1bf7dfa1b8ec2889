"""The axe helpers report what axe finds: an image without a text alternative is found
on every run over the same document (axe is put into a document once), in a document
whose element called "axe" is not axe (``window.axe`` names it)."""

import pytest

from tests.browser.conftest import blocking_violations
from tests.browser.test_axe_site_pages import wcag_violations

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="en"><head><title>A page</title></head><body><main>
<h1>A page</h1><div id="axe">Not axe</div>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACwAAAAAAQABAAACAA==">
</main></body></html>"""


def test_a_missing_text_alternative_is_found_on_every_run(page):
    page.set_content(PAGE)
    for width in (1366, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert [line for line in wcag_violations(page) if " image-alt: " in line], width
        assert [line for line in blocking_violations(page)
                if line.startswith("critical image-alt: ")], width
    assert page.evaluate("() => document.getElementById('axe').tagName") == "DIV"
