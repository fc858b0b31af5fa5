"""Lesson 08, steps 2 and 3: statistics from aggregation pipelines, as JSON and as a page."""

import re

from grading.api import get_json
from grading.books import insert_books, make_book
from grading.expect import fetch
from grading.page import local_links, path_of, visible_text

STATS = "the pipelines in starter_app/stats.py"


def _review(name: str, rating: int) -> dict:
    return {"name": name, "rating": rating, "text": "Noted."}


def _shelf(db) -> None:
    """Three genres: Classics (2 books, ratings 5, 4 and 3), Poetry (1 book, 2), Essays (none)."""
    insert_books(
        db,
        make_book("Old Favourite", genre="Classics",
                  reviews=[_review("Maya", 5), _review("Tom", 4)]),
        make_book("Slow Classic", genre="Classics", reviews=[_review("Maya", 3)]),
        make_book("Verses", genre="Poetry", reviews=[_review("Maya", 2)]),
        make_book("Unread Essay", genre="Essays"),
        make_book("Essay Two", genre="Essays"),
        make_book("Essay Three", genre="Essays"),
    )  # fmt: skip


def _row(rows: list, key: str, value) -> dict:
    return next((row for row in rows if isinstance(row, dict) and row.get(key) == value), {})


def test_api_stats_counts_books_and_averages_per_genre(client, db):
    """GET /api/stats: books and average rating per genre, the biggest genre first"""
    _shelf(db)
    genres = get_json(client, "/api/stats", look_in=STATS).get("genres") or []
    order = [row.get("genre") for row in genres]
    assert order == ["Essays", "Classics", "Poetry"], (
        f'/api/stats gave the genres in the order {order}; expected ["Essays", "Classics", '
        '"Poetry"]: most books first ($sort on the count, then the name).'
    )
    classics = _row(genres, "genre", "Classics")
    assert classics.get("books") == 2 and classics.get("average_rating") == 4, (
        f"Classics came back as {classics}; expected 2 books and an average rating of 4 "
        "(reviews 5, 4 and 3). Count each book once, even when $unwind repeats it."
    )
    essays = _row(genres, "genre", "Essays")
    assert essays.get("books") == 3 and essays.get("average_rating") is None, (
        f"Essays (3 books, no reviews) came back as {essays}; expected 3 books and "
        "average_rating null. Keep books without reviews (preserveNullAndEmptyArrays)."
    )


def test_api_stats_lists_the_best_rated_books(client, db):
    """GET /api/stats: the best-rated books, best average first, with their review counts"""
    _shelf(db)
    top = get_json(client, "/api/stats", look_in=STATS).get("top_rated") or []
    titles = [row.get("title") for row in top]
    assert titles[:3] == ["Old Favourite", "Slow Classic", "Verses"], (
        f"top_rated listed {titles}; expected Old Favourite (4.5), Slow Classic (3), "
        "Verses (2), and no book without reviews."
    )
    assert top[0].get("average_rating") == 4.5 and top[0].get("reviews") == 2, (
        f"The best-rated book came back as {top[0]}; expected average_rating 4.5, 2 reviews."
    )
    assert len(titles) == 3, f"Books without reviews are in top_rated: {titles[3:]}."


def test_api_stats_lists_the_most_active_reviewers(client, db):
    """GET /api/stats: the reviewers who wrote the most reviews, with how many"""
    _shelf(db)
    readers = get_json(client, "/api/stats", look_in=STATS).get("reviewers") or []
    first = readers[0] if readers else {}
    assert first.get("name") == "Maya" and first.get("reviews") == 3, (
        f"reviewers starts with {first}; expected Maya with 3 reviews. $unwind the "
        "reviews, then $group by reviews.name with a $sum, and $sort."
    )
    assert _row(readers, "name", "Tom").get("reviews") == 1, f"Tom is missing: {readers}."


def test_api_stats_of_an_empty_shelf(client):
    """GET /api/stats on an empty shelf answers empty lists, not an error"""
    data = get_json(client, "/api/stats", look_in=STATS)
    lists = {key: data.get(key) for key in ("genres", "top_rated", "reviewers")}
    assert lists == {"genres": [], "top_rated": [], "reviewers": []}, (
        f"With no books, /api/stats answered {data}; expected three empty lists."
    )


# Step 3: the page


def test_stats_page_shows_the_figures(client, db):
    """/stats shows each genre with its book count and average, the best books and reviewers"""
    _shelf(db)
    text = visible_text(fetch(client, "/stats", look_in="stats_page in starter_app/stats.py"))
    for expected in ("Classics", "Poetry", "Essays", "4.0", "Old Favourite", "4.5", "Maya"):
        assert expected in text, (
            f"/stats does not show {expected!r}. Show every genre with its number of books and "
            "average rating (one decimal), the best-rated books and the most active "
            "reviewers in templates/stats.html."
        )


def test_stats_page_of_an_empty_shelf(client):
    """/stats works on an empty shelf and says there is nothing yet"""
    text = visible_text(fetch(client, "/stats", look_in="templates/stats.html")).lower()
    says_so = re.search(r"\b(no|nothing|nobody|empty)\b", text)  # in its own words
    assert says_so and "none" not in text.split(), (
        "On an empty shelf /stats should say there are no books or reviews yet, and never "
        "show 'None'."
    )


def test_stats_page_escapes_what_readers_wrote(client, db):
    """A reviewer named <script>…</script> shows as text on /stats, never as code"""
    name = "<script>alert('x')</script>"
    insert_books(db, make_book("Risky", genre="Classics", reviews=[_review(name, 5)]))
    html = fetch(client, "/stats", look_in="templates/stats.html").get_data(as_text=True)
    assert name not in html and "&lt;script&gt;" in html, (
        "A reviewer's name with <script> was sent to the browser as HTML. Print it with "
        "{{ name }} (Jinja escapes it); never |safe on what visitors wrote."
    )


def test_site_links_to_the_stats_page(client):
    """Every page links to /stats (in the navigation)"""
    paths = {path_of(href) for href in local_links(fetch(client, "/", look_in="base.html"))}
    assert "/stats" in paths, (
        "The home page has no link to /stats. Add one to the navigation in "
        "templates/base.html: url_for('stats.stats_page')."
    )
