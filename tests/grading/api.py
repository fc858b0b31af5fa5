"""The JSON API in the graded tests: what clients send, and answers checked for a beginner."""

import io
import json

from bson import ObjectId

from grading.expect import fetch

API = "starter_app/api.py"


def book_json(**overrides) -> dict:
    """A valid book as an API client sends it; drop a field with FIELD=None."""
    book = {
        "title": "The Glass Orchard",
        "author": "Mira Okafor",
        "genre": "Fiction",
        "year": 2019,
        "description": "A family, a greenhouse, and forty years of weather.",
        **overrides,
    }
    return {name: value for name, value in book.items() if value is not None}


def send(client, method: str, path: str, body=None):
    """Send `body` as JSON (the way a JavaScript client does)."""
    return client.open(path, method=method, json=body)


def json_answer(response, *, status: int, what: str, look_in: str = API):
    """The JSON of a response after checking its status; the message says what went wrong."""
    assert response.status_code == status, (
        f"{what} answered with status {response.status_code}; expected {status}. "
        f"Body: {_start(response)}. Look in {look_in}."
    )
    assert response.is_json, (
        f"{what} answered with Content-Type {response.content_type!r}, not JSON. Return a dict "
        f"(Flask turns it into JSON), or register the JSON error handlers in {look_in}."
    )
    return response.get_json()


def expect_error(response, status: int, what: str, look_in: str = API) -> str:
    """Check an error answer: this status, JSON with the error's name ("error") for programs
    and a "message" for people; return the message."""
    data = json_answer(response, status=status, what=what, look_in=look_in)
    message = data.get("message") if isinstance(data, dict) else None
    name = data.get("error") if isinstance(data, dict) else None
    assert isinstance(message, str) and message.strip() and isinstance(name, str) and name, (
        f'{what} answered {status} with {data!r}; expected a JSON object with "error" (the '
        'status\'s name, such as "Not Found") and a "message" that says what is wrong (the '
        "JSON error handler in starter_app/api.py)."
    )
    return message


def id_of(item: dict) -> str:
    """A document's id in the API's JSON ("id", or "_id"), which must be a plain string."""
    value = item.get("id", item.get("_id")) if isinstance(item, dict) else None
    assert isinstance(value, str) and ObjectId.is_valid(value), (
        f"The API gave the id as {value!r}; expected a string like "
        f'"{ObjectId()}" under "id". Turn ObjectId values into strings before returning JSON.'
    )
    return value


def create_book(client, **overrides) -> ObjectId:
    """Add a book through POST /api/books (logged in when the app has users); return its id."""
    response = send(client, "POST", "/api/books", book_json(**overrides))
    data = json_answer(response, status=201, what="POST /api/books with a valid book")
    return ObjectId(id_of(data))


def oversized_body(limit: int = 1024 * 1024) -> bytes:
    """A JSON body bigger than the app accepts (MAX_CONTENT_LENGTH, 1 MB)."""
    return json.dumps(book_json(description="x" * (2 * limit))).encode()


def post_in_chunks(client, path: str, body: bytes, content_type: str):
    """POST `body` as a client that streams it does: Transfer-Encoding: chunked, and no
    Content-Length, so the app cannot know its size before reading it.

    The test client sends no real chunks: a server (werkzeug's, gunicorn) joins them again
    and says so with wsgi.input_terminated, which is all the app ever sees of them.
    """
    return client.post(path, input_stream=io.BytesIO(body), content_type=content_type,
                       headers={"Transfer-Encoding": "chunked"},
                       environ_overrides={"wsgi.input_terminated": True})  # fmt: skip


def get_json(client, path: str, look_in: str = API):
    """GET a JSON endpoint that must answer 200; return its JSON."""
    return json_answer(fetch(client, path, look_in=look_in), status=200, what=f"GET {path}")


def _start(response) -> str:
    text = response.get_data(as_text=True)
    return repr(text[:160] + ("..." if len(text) > 160 else ""))
