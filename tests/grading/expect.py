"""Requests that check their answer and explain a wrong one to a beginner."""

from urllib.parse import urlsplit

from grading.page import local_links, visible_text


def fetch(client, path: str, *, status: int = 200, look_in: str, method: str = "GET", **kwargs):
    """Send a request and check its status code; the message says where to look."""
    response = client.open(path, method=method, **kwargs)
    assert response.status_code == status, (
        f"{method} {path} answered with status {response.status_code}; "
        f"expected {status}.{_slash_redirect(path, response)} Look in {look_in}."
    )
    return response


def _slash_redirect(path: str, response) -> str:
    """Why a route written with a slash at its end answers 308 (a browser follows it)."""
    added = redirect_path(response) == urlsplit(path).path + "/"
    if response.status_code != 308 or not added:
        return ""
    return (
        f" It redirects to {path}/: the route is written with a slash at its end "
        f'(@bp.route("{path}/")). Write it as "{path}", the address the course uses.'
    )


def broken_links(client, pages: list[str]) -> list[str]:
    """These pages, and every local link on them, that answer with an error: 'href (status)'."""
    broken, seen = [], set(pages)
    for page in pages:
        response = follow(client, client.get(page))
        if response.status_code >= 400:
            broken.append(f"{page} ({response.status_code})")
        for href in local_links(response):
            if href not in seen:
                seen.add(href)
                status = follow(client, client.get(href)).status_code
                if status >= 400:
                    broken.append(f"{href} ({status}) on {page}")
    return broken


def redirect_path(response) -> str:
    """The path a redirect leads to ('' when the response is not a redirect)."""
    if response.status_code not in (301, 302, 303, 307, 308):
        return ""
    return urlsplit(response.headers.get("Location", "")).path


def follow(client, response):
    """The page a redirect leads to (fetched with GET), else the response itself."""
    path = redirect_path(response)
    return client.get(path) if path else response


def expect_flashed(client, page, word: str, *, after: str, how: str) -> None:
    """Check that the page shows a message with this word once: it goes away on reload.

    The page may use the word for its own reasons ("Added on 3 May", "Last updated"), so
    the message is the use of the word that is gone when the page is loaded again.
    """
    text = visible_text(page).lower()
    assert word in text, (
        f"After {after}, the page it leads to ({page.request.path}) shows no message with "
        f"the word {word!r}. {how}"
    )
    again = visible_text(client.get(page.request.path)).lower()
    assert text.count(word) > again.count(word), (
        f"The page after {after} says {word!r} just as often when it is reloaded: the "
        f"message should show once, right after {after}. {how}"
    )
