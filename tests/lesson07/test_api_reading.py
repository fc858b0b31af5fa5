"""Lesson 07, step 1: reading books as JSON (a page at a time, one by one, errors as JSON)."""

from datetime import datetime, timezone

import pytest
from bson import ObjectId

from grading.api import expect_error, get_json, id_of, json_answer
from grading.books import insert_books, make_book, numbered_titles

PAGE_KEYS = ("books", "page", "per_page", "total", "pages")


def test_api_lists_books_with_pagination(client, db):
    """GET /api/books answers JSON: a page of books, and page, per_page, total and pages"""
    titles = numbered_titles(12)
    insert_books(db, *[make_book(title) for title in titles])
    data = get_json(client, "/api/books?per_page=5&page=2")
    missing = [key for key in PAGE_KEYS if key not in data]
    assert not missing, (
        f"GET /api/books answered an object without {', '.join(missing)}; expected "
        f"{', '.join(PAGE_KEYS)}. Build it in list_books of starter_app/api.py from find_page()."
    )
    meta = {key: data[key] for key in PAGE_KEYS[1:]}
    assert meta == {"page": 2, "per_page": 5, "total": 12, "pages": 3}, (
        f"With 12 books, ?per_page=5&page=2 gave {meta}; expected page 2, per_page 5, "
        "total 12 and pages 3."
    )
    shown = [book.get("title") for book in data["books"]]
    assert shown == titles[5:10], (
        f"Page 2 of 5 (sorted by title) listed {shown}; expected {titles[5:10]}."
    )
    id_of(data["books"][0])


@pytest.mark.parametrize(
    "query", ["page=abc", "page=-3", "page=999999", "per_page=0", "per_page=100000", "per_page=x"]
)
def test_api_list_clamps_bad_paging(client, db, query):
    """Nonsense ?page= and ?per_page= are clamped (at most 50 a page), never a 500"""
    insert_books(db, *[make_book(title) for title in numbered_titles(3)])
    data = get_json(client, f"/api/books?{query}")
    page, pages, per_page = (data.get(key, 0) for key in ("page", "pages", "per_page"))
    assert 1 <= per_page <= 50 and 1 <= page <= pages, (
        f"GET /api/books?{query} answered page {data.get('page')!r} of {data.get('pages')!r}, "
        f"per_page {data.get('per_page')!r}; expected a page that exists and 1 to 50 books "
        "a page (find_page clamps them: use it)."
    )


def test_api_shows_one_book_with_strings_for_ids_and_dates(client, db):
    """GET /api/books/<id> answers the book as JSON, its id and dates as strings"""
    added = datetime(2024, 5, 17, 9, 30, tzinfo=timezone.utc)
    review = {"name": "Maya", "rating": 4, "text": "Lovely.", "created_at": added}
    (book_id,) = insert_books(db, make_book("One Of A Kind", created_at=added, reviews=[review]))
    data = get_json(client, f"/api/books/{book_id}")
    assert data.get("title") == "One Of A Kind" and id_of(data) == str(book_id), (
        f"GET /api/books/{book_id} answered {data!r}; expected that book, with its id as "
        f'the string "{book_id}".'
    )
    created = data.get("created_at")
    assert isinstance(created, str) and created.startswith("2024-05-17"), (
        f"The book's created_at came back as {data.get('created_at')!r}; expected a string "
        'such as "2024-05-17T09:30:00+00:00" (datetime.isoformat()).'
    )
    reviews = data.get("reviews") or [{}]
    assert reviews[0].get("name") == "Maya" and isinstance(reviews[0].get("created_at"), str), (
        f"The book's reviews came back as {data.get('reviews')!r}; expected its review by "
        "Maya, with created_at as a string too (convert nested values as well)."
    )
    assert data.get("average_rating") == 4, (
        f"The book came back with average_rating {data.get('average_rating')!r}; expected 4, "
        "the mean of its reviews' ratings (the lesson's table lists it). Add it to the book's "
        "JSON in starter_app/api.py."
    )


@pytest.mark.parametrize(
    "path",
    [f"/api/books/{ObjectId()}", "/api/books/not-an-id", "/api/no-such-thing"],
    ids=["unknown-id", "malformed-id", "unknown-address"],
)
def test_api_unknown_book_is_a_json_404(client, path):
    """An unknown or malformed id (or address) under /api answers 404 in JSON, with a message"""
    expect_error(client.get(path), 404, f"GET {path}")


def test_api_wrong_method_is_a_json_405(client):
    """A method the API does not take (PUT /api/books) answers 405 in JSON"""
    response = client.put("/api/books", json={})
    json_answer(response, status=405, what="PUT /api/books")
