"""What the graded tests keep of one app's routes for the next app (grading.compiled)."""

import pytest
from flask_pymongo.helpers import BSONObjectIdConverter
from werkzeug.routing import Map, Rule

from grading.compiled import share_compiled_routes

# Static parts, each kind of converter with and without arguments, a trailing slash, a
# subdomain, slashes to merge and a default: what decides how werkzeug compiles a rule.
RULES = [
    ("/", {}),
    ("/books/<ObjectId:book_id>", {}),
    ("/api/books/<int:page>/", {}),
    ("/files/<path:name>", {}),
    ("/kinds/<any(fiction, poetry):kind>", {}),
    ("/codes/<string(length=2):code>", {}),
    ("//double//slashes", {}),
    ("/books/", {"page": 1}),
]


def _routes(**settings) -> Map:
    rules = [Rule(text, endpoint=f"e{index}", defaults=defaults or None)
             for index, (text, defaults) in enumerate(RULES)]  # fmt: skip
    rules.append(Rule("/shop", endpoint="shop", subdomain="<shop>"))
    return Map(rules, converters={"ObjectId": BSONObjectIdConverter}, **settings)


def _compiled(rule: Rule) -> tuple:
    """Everything Rule.compile sets, with each converter by its kind and its pattern."""
    converters = {
        name: (type(c), c.regex, c.map is rule.map) for name, c in rule._converters.items()
    }
    return (rule._parts, rule._trace, rule.arguments, converters)


@pytest.fixture
def shared():
    share_compiled_routes()


@pytest.mark.parametrize("settings", [{}, {"merge_slashes": False}, {"host_matching": True}])
def test_a_map_built_again_gets_what_a_fresh_compile_gives(shared, monkeypatch, settings):
    _routes(**settings)  # parsed once here; the next map takes its parts from it
    again = _routes(**settings)
    monkeypatch.setattr(Rule, "compile", Rule.compile.__wrapped__)
    fresh = _routes(**settings)
    for given, made in zip(again.iter_rules(), fresh.iter_rules(), strict=True):
        assert _compiled(given) == _compiled(made), given.rule


def test_a_map_built_again_matches_and_builds_its_own_addresses(shared):
    _routes()
    urls = _routes().bind("example.org", subdomain="")
    book = "6651b1f2a1b2c3d4e5f60718"
    assert str(urls.match(f"/books/{book}")[1]["book_id"]) == book
    assert urls.match("/api/books/3/") == ("e2", {"page": 3})
    assert urls.match("/double/slashes") == ("e6", {})
    assert urls.build("e4", {"kind": "poetry"}) == "/kinds/poetry"
    assert urls.build("e7", {"q": "whale"}) == "/books/?q=whale"
