from django.conf import settings
from django.utils.cache import patch_cache_control

# Charts draw from a static script reading json_script data, so no inline script or
# style attribute is ever needed: the policy can forbid them outright. plotly.js sets
# style attributes on the SVG it draws, which 'unsafe-inline' for styles allows.
POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class CacheControlMiddleware:
    """Nothing a signed-in user is shown is kept by any cache: every response to them
    is ``Cache-Control: private, no-store``, whatever the view said, since pages,
    exports and PDFs carry their organisations' figures, and a browser's or proxy's
    copy would outlive the sign-out.

    Anonymous visitors see only the sign-in page and published public editions. Those
    get ``private, no-cache`` added to what the view said (the sign-in page stays
    never-cache): no shared cache may keep them, as
    the same address shows a signed-in member the fuller edition and a reopened report
    must leave public view at once; the browser may keep its copy but asks again before
    showing it. (Static files are served by WhiteNoise before this runs, with their own
    long-lived headers.) A view's ``public, immutable`` is kept: it is a published
    edition's file at its own address, which never changes for anyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        elif not _public_and_immutable(response):
            patch_cache_control(response, private=True, no_cache=True)
        return response


def _public_and_immutable(response) -> bool:
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    return {"public", "immutable"} <= directives
