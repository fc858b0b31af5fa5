"""A small HTTP client for the fault scenarios: cookies, the CSRF token, any body."""

import http.client
import http.cookiejar
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from urllib.parse import urlencode

from bench.load import loopback_only

CSRF_FIELD = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)
TIMEOUT_S = 10.0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Keep redirects as answers: a 303 to the new book is the acknowledgement."""

    def redirect_request(self, *args, **kwargs):
        return None


def read_error_body(error: urllib.error.HTTPError) -> str:
    """The body of an error answer, or "" when the connection broke while reading it."""
    try:
        return error.read().decode(errors="replace")
    except (OSError, http.client.HTTPException):
        return ""


class Client:
    """A browser-like visitor of the app: keeps cookies, knows its CSRF token."""

    def __init__(self, base_url: str):
        self.base_url = loopback_only(base_url)
        jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(jar, NoRedirect)
        self.token = ""

    def fetch_token(self, form_path: str = "/books/new") -> str:
        """Read the CSRF token from one of the app's forms (empty when it has none)."""
        _, body, _ = self.request("GET", form_path)
        match = CSRF_FIELD.search(body)
        self.token = (match.group(1) or match.group(2)) if match else ""
        return self.token

    def sign_in(self) -> bool:
        """Create an account and stay logged in, when the app has accounts (lesson 09)."""
        if not self.fetch_token("/auth/register"):
            return False
        account = {"username": f"bench{uuid.uuid4().hex[:12]}", "password": "bench-password-1"}
        status, _, _ = self.post_form("/auth/register", account)
        self.fetch_token()
        return status in (302, 303)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, str, dict]:  # fmt: skip
        """(status, text, headers); status 0 when no answer came (the app is down)."""
        request = urllib.request.Request(
            self.base_url + path, data=body, headers=headers or {}, method=method
        )
        try:
            with self.opener.open(request, timeout=TIMEOUT_S) as response:
                return response.status, response.read().decode(errors="replace"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, read_error_body(error), error.headers
        except (OSError, http.client.HTTPException):  # refused, reset, cut short: no answer
            return 0, "", {}

    def post_form(self, path: str, fields: dict | list, csrf: bool = True) -> tuple[int, str, dict]:
        """POST a form, with this visitor's CSRF token unless csrf is False."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf and self.token:
            pairs.append(("csrf_token", self.token))
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, urlencode(pairs).encode(), headers)

    def post_json(self, path: str, data: object, csrf: bool = True) -> tuple[int, str, dict]:
        """POST a JSON body (the token in the X-CSRFToken header unless csrf is False)."""
        headers = {"Content-Type": "application/json"}
        if csrf and self.token:
            headers["X-CSRFToken"] = self.token
        return self.request("POST", path, json.dumps(data).encode(), headers)


def slow_upload(url: str, size: int, chunk: int = 256 * 1024, pause_s: float = 0.005) -> int:
    """POST a form of `size` bytes in pieces, as a slow network delivers it; the status, or
    0 when the connection was reset before an answer could be read."""
    parts = urllib.parse.urlsplit(loopback_only(url))
    body = b"title=" + b"x" * size
    head = (
        f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT_S) as link:
            link.sendall(head.encode())
            for start in range(0, len(body), chunk):
                link.sendall(body[start : start + chunk])
                time.sleep(pause_s)
            status_line = link.recv(64).split(b" ")
    except OSError:
        return 0
    return int(status_line[1]) if len(status_line) > 1 and status_line[1].isdigit() else 0
