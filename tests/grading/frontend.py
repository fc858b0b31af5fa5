"""A page's front end as the browser receives it: its scripts and the elements they use."""

from html.parser import HTMLParser


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


def script_code(client, response) -> str:
    """The code of every local script the page loads, fetched from the app, joined."""
    code = [client.get(script["src"]).get_data(as_text=True)
            for script in scripts(response) if is_local(script["src"])]  # fmt: skip
    return "\n".join(code)
