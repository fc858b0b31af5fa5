"""Log a test user in, when the app has users.

Until the lesson on users (09), the app has no /auth/register page and `login()` does
nothing, so tests that add, edit or delete books can call it from the start and keep
passing once those actions need a logged-in user.
"""

from grading.page import csrf_field

TEST_USER = "reader"
TEST_PASSWORD = "correct-horse-battery-staple"


class AuthActions:
    """`auth.login()` and `auth.logout()` for one test client."""

    def __init__(self, client):
        self._client = client

    def has_users(self) -> bool:
        """Whether the app has accounts yet (GET /auth/register is not a 404)."""
        return self._client.get("/auth/register").status_code != 404

    def login(self, username: str = TEST_USER, password: str = TEST_PASSWORD):
        """Register the user (if new) and log in; return the login response, or None."""
        account = {"username": username, "password": password}
        registered = self._send_form("/auth/register", account)
        if registered.status_code == 404:
            return None
        return self._send_form("/auth/login", account)

    def _send_form(self, path: str, fields: dict):
        """POST a form as a browser would: with the CSRF token of its page, when it needs one.

        Without CSRF protection (the tests' usual settings) the page is not fetched first:
        many graded tests log in, and those pages were a quarter of all the requests a grading
        run made.
        """
        if self._client.application.config.get("WTF_CSRF_ENABLED", True):
            page = self._client.get(path)
            if page.status_code == 404:
                return page
            fields = {**fields, **csrf_field(page)}
        return self._client.post(path, data=fields)

    def logout(self):
        """Log out, if the app has users; return the response, or None."""
        if not self.has_users():
            return None
        response = self._client.get("/auth/logout")
        if response.status_code == 405:  # logging out by POST only
            response = self._client.post("/auth/logout", data=csrf_field(self._client.get("/")))
        return response
