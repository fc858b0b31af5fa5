"""Read a response the way a visitor sees it: visible text, links, forms."""

import html
import re
from html.parser import HTMLParser

_INVISIBLE = {"script", "style", "head", "title", "template"}


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _INVISIBLE:
            self._hidden_depth += 1
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            self.forms.append({**attributes, "fields": []})
        elif (
            tag in {"input", "textarea", "select", "button"}
            and self.forms
            and attributes.get("name")
        ):
            self.forms[-1]["fields"].append(attributes["name"])

    def handle_endtag(self, tag):
        if tag in _INVISIBLE and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data):
        if not self._hidden_depth:
            self.text.append(data)


def _parse(response) -> _PageParser:
    parser = _PageParser()
    parser.feed(response.get_data(as_text=True))
    return parser


def visible_text(response) -> str:
    """The text a visitor reads on the page, with white space folded."""
    return re.sub(r"\s+", " ", " ".join(_parse(response).text)).strip()


def links(response) -> list[str]:
    """Every link target (href) on the page, HTML entities decoded."""
    return [html.unescape(href) for href in _parse(response).links]


def local_links(response) -> list[str]:
    """The links that point into the app itself (no other sites, mail or anchors)."""
    return [href for href in links(response) if href.startswith("/") and not href.startswith("//")]


def forms(response) -> list[dict]:
    """The forms on the page: their attributes plus the names of their fields."""
    return _parse(response).forms


def path_of(href: str) -> str:
    """The path of a link, without query string or fragment."""
    return re.split(r"[?#]", href, maxsplit=1)[0]
