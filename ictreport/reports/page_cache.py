"""Whole pages, site frame included, from the shared cache.

A page keyed by its data (the report's data version, the selection's versions) is
rendered once per key and then sent as the bytes it was, with only what differs from
one request to the next put in: the CSRF token of the account and language forms, and
the signed-in user's name. Everything else the frame shows is in the key: the language,
the address (the language switch's link, the navigation's current page), whether the
reader is signed in and staff, the code's hash (``cache_key``) and the static files'
names. A request with messages to show is rendered as usual (they are shown once), and
so is one with a query parameter the pages do not read (``PAGE_PARAMETERS``).

The per-request parts are put in by replacing markers made at random when the page is
rendered and kept with it, so no text of the page itself can ever be taken for one.
"""

import hashlib
import secrets

from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.test.signals import template_rendered
from django.utils.functional import empty
from django.utils.html import escape

from ictreport.core.data_version import cached

MARKER_BYTES = 32  # secrets.token_hex(16)
_CSRF, _NAME = b"c", b"n"


class FrameUser:
    """What the site's frame asks of the user, and nothing else: a page cached for
    every staff member cannot show anything of one of them but the name put in per
    request."""

    def __init__(self, user, name: str):
        self.is_authenticated = user.is_authenticated
        self.is_staff = user.is_staff
        self._name = name

    def get_username(self) -> str:
        return self._name


def framed_page(request, key: str, template: str, context) -> HttpResponse:
    """``template`` rendered with ``context()`` for ``request``: from the cache under
    ``key`` (which must name everything the context shows) and the frame's own key; the
    context is made only when the page is rendered."""
    if _has_messages(request) or not _page_parameters_only(request):
        return HttpResponse(render_to_string(template, context(), request))
    user = request.user

    def build() -> bytes:
        marker = secrets.token_hex(MARKER_BYTES // 2)
        html = render_to_string(template, {
            **context(),
            "csrf_token": marker + _CSRF.decode(),
            "user": FrameUser(user, marker + _NAME.decode()),
        }, request)
        return marker.encode() + html.encode()

    value = cached(f"{key}:frame={frame_key(request)}", build)
    if template_rendered.has_listeners():
        # Django's test client asks what a page was rendered with: the page's context,
        # made only if it is looked at.
        template_rendered.send(sender=None, template=get_template(template).template,
                               context=LazyContext(lambda: {**context(), "request": request}))
    marker, body = value[:MARKER_BYTES], value[MARKER_BYTES:]
    if marker + _CSRF in body:
        body = body.replace(marker + _CSRF, get_token(request).encode())
    body = body.replace(marker + _NAME, escape(user.get_username()).encode())
    return HttpResponse(body)


class LazyContext(Context):
    """A template context made from ``make()`` when it is first read."""

    def __init__(self, make):
        self._make = make
        self._dicts = None
        super().__init__()

    @property
    def dicts(self):
        if self._dicts is None:
            self._dicts = [{"True": True, "False": False, "None": None}, self._make()]
        return self._dicts

    @dicts.setter
    def dicts(self, value):
        if getattr(self, "_make", None) is None:
            self._dicts = value

    def __copy__(self):
        return self


def frame_key(request) -> str:
    """What the site's frame shows of the request besides the language (in every
    ``cache_key``): the address with its query, who is reading, the static files."""
    user = request.user
    address = hashlib.sha1(request.get_full_path().encode()).hexdigest()[:16]
    return (f"{address}:{int(user.is_authenticated)}{int(user.is_staff)}:"
            f"{static_fingerprint()}")


def static_fingerprint() -> str:
    """The static files' hashed names (a deployment's manifest), once per storage: a
    cached page never links a previous deployment's script or style sheet."""
    if staticfiles_storage._wrapped is empty:
        staticfiles_storage._setup()
    storage = staticfiles_storage._wrapped
    fingerprint = getattr(storage, "_page_cache_fingerprint", None)
    if fingerprint is None:
        names = getattr(storage, "hashed_files", None) or {}
        digest = hashlib.sha1(type(storage).__qualname__.encode())
        digest.update(repr(sorted(names.items())).encode())
        fingerprint = storage._page_cache_fingerprint = digest.hexdigest()[:12]
    return fingerprint


# The query parameters the cached pages read. The address is in the key (the frame
# links it), so a page asked with any other parameter is rendered, not kept: otherwise
# each made-up parameter would store another copy of the page.
PAGE_PARAMETERS = frozenset({"organisation", "year", "edition"})


def _page_parameters_only(request) -> bool:
    return all(name in PAGE_PARAMETERS and len(request.GET.getlist(name)) == 1
               for name in request.GET)


def _has_messages(request) -> bool:
    return bool(len(get_messages(request)))
