"""A page's front end as the browser receives it: its scripts and the elements they use."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# `import x from "./a.js"`, `import "./a.js"`, `export ... from "./a.js"` and `import("./a.js")`.
_IMPORTS = re.compile(r"""\b(?:import|from)\s*\(?\s*["']([^"'\n]+)["']""")
# Where the course keeps libraries downloaded from elsewhere (lesson 10: "vendored").
VENDORED = "/static/vendor/"


class _FrontEndParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []  # {"src": ..., "inline": text}
        self.elements: list[dict] = []  # every start tag's attributes, with "tag"
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append({"tag": tag, **attributes})
        if tag == "script":
            self._script = {"src": attributes.get("src", ""), "inline": ""}
            self.scripts.append(self._script)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["inline"] += data


def _parse(response) -> _FrontEndParser:
    parser = _FrontEndParser()
    parser.feed(response.get_data(as_text=True))
    return parser


def scripts(response) -> list[dict]:
    """The page's <script> tags: {"src": address or "", "inline": the code written inside}."""
    return _parse(response).scripts


def elements(response, **attributes: str) -> list[dict]:
    """The page's elements with these attribute values (tag="input" for the tag; write
    aria_live for aria-live)."""
    wanted = {name.replace("_", "-"): value for name, value in attributes.items()}
    return [
        element
        for element in _parse(response).elements
        if all(element.get(name) == value for name, value in wanted.items())
    ]


def is_local(src: str) -> bool:
    """Whether a script address is on this site (not //cdn.example or https://...)."""
    return src.startswith("/") and not src.startswith("//")


def script_sources(client, response) -> dict[str, str]:
    """The code of every local script the page loads, and of the modules they import, by
    address (fetched from the app)."""
    pending = [script["src"] for script in scripts(response) if is_local(script["src"])]
    found: dict[str, str] = {}
    while pending:
        src = pending.pop(0)
        if src in found:
            continue
        found[src] = client.get(src).get_data(as_text=True)
        imported = [urljoin(src, name) for name in _IMPORTS.findall(found[src])
                    if name.startswith(("/", "./", "../"))]  # fmt: skip
        pending += [name for name in imported if is_local(name)]
    return found


def script_code(client, response, vendored: bool = True) -> str:
    """The code of the page's local scripts and their modules, joined, without comments (a
    TODO that says what to write is not code); with vendored=False, without the libraries
    kept in static/vendor/ (code the student did not write)."""
    sources = script_sources(client, response)
    return "\n".join(without_comments(code) for src, code in sources.items()
                     if vendored or not urlsplit(src).path.startswith(VENDORED))  # fmt: skip


def without_comments(code: str) -> str:
    """JavaScript without its // and /* */ comments; strings (and the // of a URL in them)
    are kept. Regular expression literals are not told apart: fine for the checks here."""
    kept, quote, index = [], "", 0
    while index < len(code):
        char, pair = code[index], code[index : index + 2]
        if quote:
            step = 2 if char == "\\" else 1
            quote = "" if char == quote else quote
        elif pair in ("//", "/*"):
            end = code.find("\n" if pair == "//" else "*/", index + 2)
            index = len(code) if end < 0 else end + (0 if pair == "//" else 2)
            continue
        else:
            step, quote = 1, char if char in "\"'`" else ""
        kept.append(code[index : index + step])
        index += step
    return "".join(kept)
