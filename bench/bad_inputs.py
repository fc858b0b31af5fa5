"""Bad input from SECURITY.md's list, as requests; each must be refused without a 5xx.

Every case is built so that it must never write: bad ids, operator keys, missing or
invalid fields, bad JSON, oversized bodies, huge page sizes, regex metacharacters.
A case runs only when its route exists in the app (a GET that is not 404).
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from bench.client import Client

BAD_IDS = ("not-an-id", "123", "zzzzzzzzzzzzzzzzzzzzzzzz", "%24ne", "{missing_id}")
PATTERNS = ("(", "[a-", ".*" * 200, "\\", "a{99999999}", "$where", "x" * 5000, "\x00")
REGEX_TEXT = tuple(quote(text) for text in PATTERNS)
HUGE = "9" * 30
BIG_BODY = "x" * 3_000_000  # larger than any form or JSON body the app accepts
GOOD_FIELDS = {"title": "Bad input", "author": "Nobody"}


@dataclass(frozen=True)
class Case:
    name: str
    route: str  # a GET on this path tells whether the route exists (anything but 404)
    method: str
    path: str
    form: list = field(default_factory=list)
    json: object = None
    raw: bytes | None = None
    csrf: bool = True


def query_cases() -> list[Case]:
    """Bad query strings and ids on the pages that read."""
    cases = [Case(f"book id {bad}", "/books", "GET", f"/books/{bad}") for bad in BAD_IDS]
    cases += [
        Case("huge page", "/books", "GET", f"/books?page={HUGE}&per_page={HUGE}"),
        Case("negative page", "/books", "GET", "/books?page=-5&per_page=-1"),
        Case("operator in filter", "/books", "GET", "/books?genre[$ne]=x&author[$gt]="),
        Case("unknown sort", "/books", "GET", "/books?sort=$natural"),
    ]
    cases += [Case(f"regex {t[:8]}", "/books", "GET", f"/books?author={t}") for t in REGEX_TEXT]
    for search in ("/books?q=", "/api/books?q="):  # the search of lesson 08
        cases += [Case(f"search {t[:8]}", search + "x", "GET", search + t) for t in REGEX_TEXT]
    cases += [Case("api huge page", "/api/books", "GET", f"/api/books?per_page={HUGE}")]
    return cases


def form_cases() -> list[Case]:
    """Forms that must be refused: operator keys, missing or invalid fields, no token."""
    dollar = [("title[$ne]", ""), ("$where", "1"), ("author", "")]
    invalid = [*GOOD_FIELDS.items(), ("year", "next year")]
    cases = []
    for path in ("/books/new", "/books/{book_id}/edit"):
        cases += [
            Case(f"{path} $-keys", path, "POST", path, form=dollar),
            Case(f"{path} invalid year", path, "POST", path, form=invalid),
            Case(f"{path} no csrf", path, "POST", path, form=list(GOOD_FIELDS.items()), csrf=False),
            Case(f"{path} oversized", path, "POST", path, form=[("title", BIG_BODY)]),
            Case(f"{path} json operators", path, "POST", path, json={"title": {"$ne": None}}),
            Case(f"{path} bad json", path, "POST", path, raw=b'{"title": '),
        ]
    reviews = "/books/{book_id}/reviews"
    cases += [
        Case("review rating text", reviews, "POST", reviews, form=[("name", "A"), ("rating", "abc"),
                                                                    ("text", "Hi")]),
        Case("review $-keys", reviews, "POST", reviews, form=[("rating[$gt]", "0"), ("$set", "1")]),
        Case("review json", reviews, "POST", reviews, json={"rating": {"$gt": 0}}),
        Case("delete bad id", "/books", "POST", "/books/not-an-id/delete"),
        Case("delete missing id", "/books", "POST", "/books/{missing_id}/delete"),
    ]  # fmt: skip
    return cases


def api_cases() -> list[Case]:
    """The JSON API: operator keys, bad JSON, oversized and wrong types."""
    api = "/api/books"
    return [
        Case("api $-keys", api, "POST", api, json={"title": "T", "author": "A", "$set": {}}),
        Case("api operator value", api, "POST", api, json={"title": {"$ne": None}}),
        Case("api bad json", api, "POST", api, raw=b"{not json"),
        Case("api oversized", api, "POST", api, raw=b'{"title": "' + BIG_BODY.encode() + b'"}'),
        Case("api wrong types", api, "POST", api, json=["title", 1]),
        Case("api bad id", api, "GET", api + "/not-an-id"),
    ]


def all_cases() -> list[Case]:
    """Every case, before the check that its route exists."""
    return query_cases() + form_cases() + api_cases()


def fill(path: str, params: dict) -> str:
    """The path with {book_id} and {missing_id} replaced (other braces are left as sent)."""
    for name, value in params.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def send(client: Client, case: Case, params: dict) -> int:
    """Send one case; return the status (0 when no answer came)."""
    path = fill(case.path, params)
    if case.raw is not None:
        headers = {"Content-Type": "application/json", "X-CSRFToken": client.token}
        return client.request(case.method, path, case.raw, headers)[0]
    if case.json is not None:
        return client.post_json(path, case.json, case.csrf)[0]
    if case.method == "POST":
        return client.post_form(path, case.form, case.csrf)[0]
    return client.request("GET", path)[0]


def existing(client: Client, cases: list[Case], params: dict) -> list[Case]:
    """The cases whose route the app has."""
    routes = {case.route for case in cases}
    present = {r for r in routes if client.request("GET", fill(r, params))[0] != 404}
    return [case for case in cases if case.route in present]
