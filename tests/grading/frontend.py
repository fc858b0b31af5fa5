"""A page's front end as the browser receives it: its scripts and the elements they use."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from grading.page import local_path

# `import x from "./a.js"`, `import "./a.js"`, `export ... from "./a.js"` and `import("./a.js")`.
_IMPORTS = re.compile(r"""\b(?:import|from)\s*\(?\s*["']([^"'\n]+)["']""")
# Where the course keeps libraries downloaded from elsewhere (lesson 10: "vendored").
VENDORED = "/static/vendor/"
# A form's controls, and the <input> types of which two or more keep Enter from sending a
# form that has no submit button (HTML's "implicit submission").
_CONTROLS = {"input", "button", "select", "textarea"}
_BLOCKS_IMPLICIT_SUBMISSION = {"text", "search", "url", "tel", "email", "password", "date",
                               "month", "week", "time", "datetime-local", "number"}  # fmt: skip


# <script type="..."> values a browser runs, or reads under the same policy (import maps,
# speculation rules); any other type, such as application/json, is data that never runs.
_PROCESSED_TYPES = re.compile(
    r"|module|importmap|speculationrules|(text|application)/(x-)?(java|ecma)script"
    r"|text/(javascript1\.[0-5]|jscript|livescript)"
)


class _FrontEndParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []  # {"src": ..., "inline": text}
        self.elements: list[dict] = []  # every start tag's attributes, with "tag"
        self.forms: list[dict] = []  # every <form>'s attributes, with "controls" (inside it)
        self._script: dict | None = None
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        element = {"tag": tag, **attributes}
        self.elements.append(element)
        kind = attributes.get("type", "").split(";")[0].strip().lower()
        if tag == "script" and _PROCESSED_TYPES.fullmatch(kind):
            self._script = {"src": attributes.get("src", ""), "inline": ""}
            self.scripts.append(self._script)
        elif tag == "form" and self._form is None:  # a form inside a form is ignored
            self._form = {**element, "controls": []}
            self.forms.append(self._form)
        elif tag in _CONTROLS and self._form is not None and "form" not in attributes:
            self._form["controls"].append(element)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        elif tag == "form":
            self._form = None

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


def form_controls(response) -> list[list[dict]]:
    """Each form's controls (input, button, select, textarea), with their attributes and
    "tag": those inside it, and those elsewhere that name it (form="its id")."""
    parser = _parse(response)
    outside = [element for element in parser.elements
               if element["tag"] in _CONTROLS and element.get("form")]  # fmt: skip
    return [
        form["controls"] + [c for c in outside if form.get("id") and c["form"] == form["id"]]
        for form in parser.forms
    ]


def _type(control: dict) -> str:
    """A control's type as a browser reads it: a <button> submits unless its type is reset
    or button; an <input> without a type is text."""
    given = (control.get("type") or "").strip().lower()
    if control["tag"] == "button":
        return given if given in {"reset", "button"} else "submit"
    return given or "text"


def submits_by_itself(controls: list[dict]) -> bool:
    """Whether a form with these controls loads a page when the visitor presses its button
    or Enter: it has a submit button, or a single field where Enter sends the form."""
    pressable = [_type(c) for c in controls if c["tag"] in {"button", "input"}]
    fields = [
        c for c in controls if c["tag"] == "input" and _type(c) in _BLOCKS_IMPLICIT_SUBMISSION
    ]
    return bool({"submit", "image"} & set(pressable)) or len(fields) == 1


def script_sources(client, response) -> dict[str, str]:
    """The code of every local script the page loads, and of the modules they import, by
    address (fetched from the app)."""
    # Each address resolved as the browser does: "/static/a.js", "static/a.js" and
    # url_for(..., _external=True) are all this site's; //cdn.example is not.
    pending = [
        path for script in scripts(response) if (path := local_path(response, script["src"]))
    ]
    found: dict[str, str] = {}
    while pending:
        src = pending.pop(0)
        if src in found:
            continue
        found[src] = client.get(src).get_data(as_text=True)
        # A module's address is relative to the script that imports it.
        names = [name for name in _IMPORTS.findall(found[src])
                 if name.startswith(("/", "./", "../"))]  # fmt: skip
        imported = [local_path(response, urljoin(src, name)) for name in names]
        pending += [path for path in imported if path]
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
