"""Read a response the way a visitor sees it: visible text, links, forms."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

_INVISIBLE = {"script", "style", "head", "title", "template"}


class _Select:
    """A <select> being read: its options, and the value a browser sends for it."""

    def __init__(self, name: str, multiple: bool):
        self.name, self.multiple = name, multiple
        self.options: list[dict] = []

    def add_option(self, attributes: dict) -> None:
        self.options.append({**attributes, "text": ""})

    def value(self) -> str | None:
        """The selected option's value (its text when it has no value attribute); with none
        selected, a one-line select sends its first option that is not disabled."""
        chosen = [option for option in self.options if "selected" in option]
        if not chosen and not self.multiple:
            chosen = [option for option in self.options if "disabled" not in option][:1]
        sent = [option for option in chosen if "disabled" not in option]
        if not sent:
            return None
        option = sent[0] if self.multiple else sent[-1]
        value = option.get("value")
        return " ".join(option["text"].split()) if value is None else value


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.stylesheets: list[str] = []
        self.meta: dict[str, str] = {}
        self._hidden_depth = 0
        self._textarea: str | None = None
        self._select: _Select | None = None
        self._in_option = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _INVISIBLE:
            self._hidden_depth += 1
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            self.forms.append({**attributes, "fields": [], "values": {}})
        elif (
            tag in {"input", "textarea", "select", "button"}
            and self.forms
            and attributes.get("name")
        ):
            self._add_field(tag, attributes)
        elif tag == "option" and self._select is not None:
            self._select.add_option(attributes)
            self._in_option = True
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "").lower().split():
            self.stylesheets.append(attributes.get("href") or "")
        elif tag == "meta" and attributes.get("name"):
            self.meta[attributes["name"].lower()] = attributes.get("content") or ""

    def _add_field(self, tag, attributes):
        form = self.forms[-1]
        form["fields"].append(attributes["name"])
        if tag == "input" and attributes.get("type", "text").lower() not in {"checkbox", "radio"}:
            form["values"][attributes["name"]] = attributes.get("value") or ""
        elif tag == "textarea":
            self._textarea = attributes["name"]
            form["values"][self._textarea] = ""
        elif tag == "select":
            self._select = _Select(attributes["name"], "multiple" in attributes)

    def handle_endtag(self, tag):
        if tag in _INVISIBLE and self._hidden_depth:
            self._hidden_depth -= 1
        elif tag == "textarea" and self._textarea is not None:
            values = self.forms[-1]["values"]
            # As in a browser, a line break right after <textarea> is not part of the text.
            values[self._textarea] = values[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "option":
            self._in_option = False
        elif tag == "select" and self._select is not None:
            self._end_select()

    def _end_select(self):
        value = self._select.value()
        if value is not None:
            self.forms[-1]["values"][self._select.name] = value
        self._select, self._in_option = None, False

    def handle_data(self, data):
        if self._textarea is not None:
            self.forms[-1]["values"][self._textarea] += data
            return
        if self._in_option and self._select.options:
            self._select.options[-1]["text"] += data
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
    """The links that point into the app itself (no other sites, mail or anchors), as
    paths: "about", "/about" and "http://localhost/about" on the home page all give "/about"."""
    paths = [local_path(response, href) for href in links(response) if not href.startswith("#")]
    return [path for path in paths if path]


def local_path(response, href: str) -> str | None:
    """Where in the app an address on this page leads, resolved as a browser does ("/about",
    with its query and fragment), or None when it leads to another site."""
    page_url = _page_url(response)
    target = urlsplit(urljoin(page_url, href.strip()))
    if target[:2] != urlsplit(page_url)[:2]:
        return None
    return urlunsplit(("", "", target.path or "/", target.query, target.fragment))


def _page_url(response) -> str:
    """The address the page was fetched from, which relative links are resolved against."""
    request = getattr(response, "request", None)
    return request.url if request is not None else "http://localhost/"


def forms(response) -> list[dict]:
    """The forms on the page: their attributes, the names of their fields ("fields") and
    the values the page fills in ("values", by name: inputs other than checkboxes and radio
    buttons, text areas, and the chosen option of each select, as a browser sends them)."""
    return _parse(response).forms


def post_forms(response) -> list[dict]:
    """The forms on the page that send with method="post"."""
    return [form for form in forms(response) if form.get("method", "get").lower() == "post"]


def form_posting_to(response, path: str) -> dict | None:
    """The form on the page that POSTs to this path (a form with no action posts to the
    page itself), or None."""
    for form in post_forms(response):
        target = local_path(response, form.get("action") or "")
        if target is not None and urlsplit(target).path == path:
            return form
    return None


def stylesheets(response) -> list[str]:
    """The addresses of the stylesheets the page links (<link rel="stylesheet">)."""
    return [html.unescape(href) for href in _parse(response).stylesheets]


def meta(response, name: str) -> str | None:
    """The content of <meta name=NAME>, or None when the page has no such tag."""
    return _parse(response).meta.get(name.lower())


def path_of(href: str) -> str:
    """The path of a link, without query string or fragment."""
    return re.split(r"[?#]", href, maxsplit=1)[0]


def query_of(href: str) -> dict[str, str]:
    """The query parameters of a link, e.g. {"page": "2"} for "/books?page=2"."""
    return dict(parse_qsl(urlsplit(href).query))


def new_words(response, baseline) -> set[str]:
    """Words the page shows that the baseline page does not: e.g. an error message."""
    return set(visible_text(response).lower().split()) - set(visible_text(baseline).lower().split())


def csrf_field(response) -> dict[str, str]:
    """{"csrf_token": value} from the first form on the page that has one, else {}."""
    for form in forms(response):
        if "csrf_token" in form["values"]:
            return {"csrf_token": form["values"]["csrf_token"]}
    return {}
