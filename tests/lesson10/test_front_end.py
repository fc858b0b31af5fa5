"""Lesson 10: a JavaScript front end on the lesson-07 API (the page, its markup, its script).

What the page does in a real browser is tested by the kit's own browser tests; here the
grader checks what the server sends: the page, its scripts and the elements they use.
"""

import re

from grading.expect import fetch
from grading.frontend import (
    elements,
    form_controls,
    script_code,
    scripts,
    submits_by_itself,
)
from grading.page import forms, local_links, local_path, path_of

PAGE = "explore in starter_app/explore.py and templates/explore.html"
SCRIPT = "starter_app/static/explore.js"

# Ways a script can ask the server (fetch, or the older XMLHttpRequest) and react as the
# visitor types (an "input" event, or key events).
REQUESTS = ("fetch(", "XMLHttpRequest")
TYPING = ("input", "keyup", "keydown")
# Ways to notice that the server could not be reached at all.
NETWORK_ERRORS = ("catch", "onerror", '"error"', "'error'")
# Ways to react to a click (a button that is not a submit button sends no form by itself).
CLICKS = ('"click"', "'click'", "`click`", "onclick")
# application/json as the value of an Accept header ({Accept: ...}, .set("Accept", ...)).
ACCEPT_JSON = re.compile(r"""accept["'`]?\s*[:,]\s*["'`]application/json""")
# A Blob's type is the Content-Type that fetch sends: new Blob([...], {type: "application/json"}).
JSON_BLOB = re.compile(r"""new\s+blob\s*\([^;]*\btype["'`]?\s*:\s*["'`]application/json""")
# Ways to write HTML that a browser then runs; `innerHTML = ""` only empties an element.
HTML_SINKS = re.compile(
    r"""insertAdjacentHTML|outerHTML\s*=|document\.write|innerHTML(?!\s*=\s*(""|''|``)\s*[;\n)])"""
)


def _missing(code: str, **ways: tuple[str, ...]) -> list[str]:
    """What the code never does: each keyword names a list of ways (any one is enough)."""
    return [what for what, needles in ways.items() if not any(n in code for n in needles)]


def _page(client):
    return fetch(client, "/explore", look_in=PAGE)


# Step 1: the page and its script


def test_explore_page_has_a_search_box(client):
    """GET /explore answers a page with a search box (an <input> named q)"""
    assert elements(_page(client), tag="input", name="q"), (
        f'/explore has no <input name="q">. Render templates/explore.html in {PAGE}.'
    )


def test_explore_scripts_come_from_this_site(client):
    """Every script of /explore is a file of this app, served as JavaScript: no CDN, no inline"""
    page = _page(client)
    found = scripts(page)
    assert found, (
        "/explore loads no script. Add <script src=\"{{ url_for('static', ...) }}\" defer>."
    )
    for script in found:
        assert script["src"] and not script["inline"].strip(), (
            "/explore has a <script> with code written inside it; move the code into a file in "
            "static/ (the Content-Security-Policy blocks inline scripts)."
        )
        path = local_path(page, script["src"])
        assert path, (
            f"/explore loads {script['src']!r} from another site. Copy the file into static/ "
            "(vendor it): the app must work offline, and a CDN you do not control runs code "
            "on your page."
        )
        response = client.get(path)
        assert response.status_code == 200 and "javascript" in response.content_type, (
            f"{script['src']} answered {response.status_code} ({response.content_type}); "
            "expected the script, served as JavaScript."
        )


def test_explore_page_has_a_strict_content_security_policy(client):
    """/explore sends a Content-Security-Policy that allows scripts from this site only"""
    policy = _page(client).headers.get("Content-Security-Policy", "")
    script_src = re.search(r"script-src ([^;]*)", policy) or re.search(
        r"default-src ([^;]*)", policy
    )
    allowed = script_src.group(1).split() if script_src else []
    assert allowed == ["'self'"], (
        f"/explore's Content-Security-Policy is {policy!r}; expected script-src 'self' (and "
        f"nothing else: no 'unsafe-inline', no CDN). Set the header in {PAGE}."
    )


def test_site_links_to_explore(client):
    """The navigation links to /explore"""
    paths = {path_of(href) for href in local_links(fetch(client, "/", look_in="base.html"))}
    assert "/explore" in paths, "The home page has no link to /explore (templates/base.html)."


# Step 2: search as you type


def test_search_box_still_works_without_javascript(client):
    """The search box is a real form: without JavaScript it GETs /books?q=..."""
    search = next((form for form in forms(_page(client)) if "q" in form["fields"]), {})
    action, method = path_of(search.get("action", "")), search.get("method", "get").lower()
    assert action == "/books" and method == "get", (
        f"The search form sends {method.upper()} to {action!r}; expected GET /books, so that "
        "searching works before the script loads (or without it)."
    )


def test_results_are_announced(client):
    """The page has a place for the results whose changes screen readers announce (aria-live)"""
    page = _page(client)
    # role="status" and <output> (whose role is status) imply aria-live="polite".
    live = elements(page, aria_live="polite") + elements(page, role="status")
    assert live + elements(page, tag="output"), (
        'No element of /explore has aria-live="polite" (or role="status", which implies it). '
        "Give the results (or their summary) one, so a screen reader says how many books "
        "were found as the list changes."
    )


def test_script_searches_through_the_api(client):
    """The page's script asks GET /api/books?q=... with fetch as the visitor types"""
    page = _page(client)
    code = script_code(client, page)
    # The API's address is in the script, or handed to it by the page (data-api="...").
    given = " ".join(value for element in elements(page)
                     for name, value in element.items() if name.startswith("data-"))  # fmt: skip
    missing = _missing(code, **{"sends a request (fetch)": REQUESTS,
                                "listens to typing ('input' events)": TYPING})  # fmt: skip
    api = {"asks the API (/api/books)": ("/api/books", "/api")}
    missing += _missing(f"{code}\n{given}", **api)
    assert not missing and "books" in code, (
        f"The scripts of /explore never {'; never '.join(missing or ['name the books'])}. "
        f"Write search() in {SCRIPT} with fetch('/api/books?q=...'), and call it from an "
        "'input' listener on the search box."
    )


# Step 3: a review without reloading the page


def test_explore_page_has_a_review_form(client, auth):
    """/explore has a review form with name, rating and text (for a logged-in reader)"""
    auth.login()  # a visitor may get a link to log in instead
    fields = next((f["fields"] for f in forms(_page(client)) if "rating" in f["fields"]), [])
    missing = [name for name in ("name", "rating", "text") if name not in fields]
    assert not missing, (
        f"/explore's review form lacks {', '.join(missing)}, for a reader who is logged in "
        "(explore.html)."
    )


def test_script_sends_reviews_as_json(client, auth):
    """The script POSTs the review as JSON to /api/books/<id>/reviews, without a page load"""
    auth.login()
    page = _page(client)
    code = script_code(client, page)
    review_form = next((controls for controls in form_controls(page)
                        if any(c.get("name") == "rating" for c in controls)), [])  # fmt: skip
    checks = {"stops the form's own page load (preventDefault, or a 'click' listener on a "
              'type="button" button)': stops_page_load(code, review_form),
              "sends Content-Type: application/json (else 415)": sends_json_content_type(code),
              "turns the review into JSON (JSON.stringify)": "JSON.stringify" in code,
              "posts to /api/books/<id>/reviews": "reviews" in code}  # fmt: skip
    missing = [why for why, done in checks.items() if not done]
    assert not missing, f"The script of /explore never {'; never '.join(missing)}. See {SCRIPT}."


def stops_page_load(code: str, review_form: list[dict]) -> bool:
    """Whether sending the review loads no new page: the script cancels the form's submit,
    or the form cannot submit (no submit button, no lone field where Enter sends it) and
    the script listens for clicks."""
    if "preventDefault" in code:
        return True
    return not submits_by_itself(review_form) and any(click in code for click in CLICKS)


def sends_json_content_type(code: str) -> bool:
    """Whether the script names the Content-Type header and application/json, other than as
    the Accept header's value (which asks for JSON back but sends text/plain)."""
    lower = code.lower()
    named = "content-type" in lower and "application/json" in ACCEPT_JSON.sub("", lower)
    return named or bool(JSON_BLOB.search(lower))


# Step 4: errors the visitor can read


def test_page_has_a_place_for_errors(client):
    """/explore has an element with role="alert" where errors are shown"""
    assert elements(_page(client), role="alert"), (
        '/explore has no element with role="alert". Errors go there: screen readers read it '
        "out as soon as its text changes."
    )


def test_script_shows_the_apis_messages(client):
    """The script checks response.ok and shows the API's "message" (or a network error)"""
    code = script_code(client, _page(client))
    missing = _missing(code, **{"response.ok (or the status)": (".ok", ".status"),
                                "the error's message": ("message",),
                                "catch (network errors)": NETWORK_ERRORS})  # fmt: skip
    assert not missing, (
        f"The script of /explore does not use {', '.join(missing)}: check response.ok, show "
        "the JSON error's message in the alert element, and catch network errors."
    )


def test_script_never_writes_html_from_data(client):
    """The script builds elements with textContent, never innerHTML (no XSS from book data)"""
    code = script_code(client, _page(client), vendored=False)
    sinks = sorted({match.group(0).strip() for match in HTML_SINKS.finditer(code)})
    assert code and not sinks, (
        f"The script of /explore writes HTML ({', '.join(sinks)}): a review written as "
        "<img src=x onerror=...> would run. Use textContent and createElement (emptying an "
        'element with innerHTML = "" is fine).'
    )
