"""Reading a PDF the way a test needs to: text per page, where on the page, structure.

The checks look at the PDF itself (pypdf), not at the HTML it was made from.
"""

import functools
import io
import os
import shutil
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from ictreport.core import registry
from ictreport.reports import chart_images
from tests.pdf.factories import StandInSection

MM = 72 / 25.4  # PDF points in a millimetre
# The page's top and bottom margins (static/css/print.css): 24 mm and 22 mm.
TOP_MARGIN = 24 * MM
BOTTOM_MARGIN = 22 * MM

# A Welsh request: the address in Welsh (``/cy/…`` under i18n_patterns) and a browser
# asking for Welsh, so the request is Welsh whichever way the site picks the language.
WELSH = {"HTTP_ACCEPT_LANGUAGE": "cy"}


def welsh_url(name: str, **kwargs) -> str:
    with translation.override("cy"):
        return reverse(name, kwargs=kwargs)


CHROMIUM = "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    os.environ.get("CI") != "true" and shutil.which(CHROMIUM) is None,
    reason=f"Charts are drawn by Chromium, and {CHROMIUM} is missing (CI installs it).",
)


@dataclass
class Page:
    number: int
    height: float
    text: str
    # Each run of text with its height above the bottom edge, in points.
    runs: list[tuple[float, str]]

    def in_top_margin(self) -> list[str]:
        return [text for y, text in self.runs if y > self.height - TOP_MARGIN]

    def in_bottom_margin(self) -> list[str]:
        return [text for y, text in self.runs if y < BOTTOM_MARGIN]


def read(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


@functools.lru_cache(maxsize=4)  # tests read the same PDF many times over
def pages(content: bytes) -> list[Page]:
    out = []
    for index, page in enumerate(read(content).pages):
        runs = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                # The text matrix mapped through the page's transformation matrix.
                runs.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

        text = page.extract_text(visitor_text=visit)
        out.append(Page(index + 1, float(page.mediabox.height), text, runs))
    return out


def all_text(content: bytes) -> str:
    return "\n".join(page.text for page in pages(content))


def bookmarks(content: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page number) for every bookmark, in order."""
    reader = read(content)
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def structure_types(content: bytes) -> dict[str, list[DictionaryObject]]:
    """Every element of the PDF's structure tree (its tags), by type."""
    root = read(content).trailer["/Root"]["/StructTreeRoot"].get_object()
    found: dict[str, list[DictionaryObject]] = {}

    def walk(node):
        node = node.get_object()
        if not isinstance(node, DictionaryObject):
            return
        if "/S" in node:
            found.setdefault(str(node["/S"]), []).append(node)
        kids = node.get("/K")
        if isinstance(kids, ArrayObject):
            for kid in kids:
                walk(kid)
        elif kids is not None:
            walk(kids)

    walk(root)
    return found


def raster_images(content: bytes) -> int:
    """How many bitmap images the PDF draws, nested drawings included."""
    count = 0
    seen = set()

    def walk(resources):
        nonlocal count
        xobjects = resources.get_object().get("/XObject") if resources else None
        if not xobjects:
            return
        for ref in xobjects.get_object().values():
            key = getattr(ref, "idnum", id(ref))
            if key in seen:
                continue
            seen.add(key)
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                count += 1
            elif "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in read(content).pages:
        walk(page.get("/Resources"))
    return count


def use_stand_in_section(monkeypatch, data, *, alone: bool = False) -> StandInSection:
    """Register a section that builds ``data``; monkeypatch unregisters it afterwards.

    ``alone`` hides the real sections too, for tests about how a PDF is made rather than
    what the report says: the PDF is a few pages and quick to render.
    """
    section = StandInSection(data)
    if alone:
        monkeypatch.setattr(registry, "_sections", {section.key: section})
    else:
        monkeypatch.setitem(registry._sections, section.key, section)
    return section


def use_own_cache(settings, directory) -> None:
    """A file cache of the test's own, so no PDF comes from another test (or a demo)."""
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(directory),
    }}


def without_chromium(monkeypatch) -> str:
    """Charts drawn by a browser that is not there, as on a server without Chromium."""
    missing = "/nonexistent/chromium"
    monkeypatch.setattr(chart_images, "server", chart_images.ChartServer(browser_path=missing))
    return missing
