"""A page's text as a reader meets it: the visible text and the accessible names and
descriptions (aria-label, alt, title, placeholder), without scripts and styles, and
without anything marked as in another language (on a Welsh page ``lang="en"``: a name
with no Welsh yet, shown in English and marked so, or the switch's "English" button)."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
HIDDEN = {"script", "style", "template", "noscript"}
NAMED_BY = ("aria-label", "alt", "title", "placeholder", "aria-description")


class _Text(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # per open element: is its content left out?
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or "").lower()
        skip = (self._skipping() or tag in HIDDEN
                or (lang and lang.split("-")[0] != self.language))
        if not skip:
            self.parts.extend(attrs[name] for name in NAMED_BY if attrs.get(name))
        if tag not in VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        if tag in VOID:
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def visible_text(html: str, language: str = "cy") -> str:
    """The text of a page in ``language``, less what is marked as another language."""
    parser = _Text(language)
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).replace("\u00a0", " ").split())
