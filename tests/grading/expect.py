"""Requests that check their answer and explain a wrong one to a beginner."""


def fetch(client, path: str, *, status: int = 200, look_in: str, method: str = "GET", **kwargs):
    """Send a request and check its status code; the message says where to look."""
    response = client.open(path, method=method, **kwargs)
    assert response.status_code == status, (
        f"{method} {path} answered with status {response.status_code}; "
        f"expected {status}. Look in {look_in}."
    )
    return response
