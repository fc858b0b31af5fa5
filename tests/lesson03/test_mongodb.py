"""Lesson 03: the book list reads from MongoDB; seeding and the shell."""

import re

from grading.books import insert_books, make_book, says_how_many_books
from grading.expect import fetch
from grading.page import visible_text

BOOKS = "list_books in starter_app/books.py"
SEED = "seed_command in starter_app/db.py"


def test_book_list_shows_books_from_the_database(client, db):
    """GET /books lists the books stored in the `books` collection, and counts them"""
    insert_books(db, make_book("The Quiet Orchard", author="Ines Calder"),
                 make_book("Salt and Ember", author="Tomas Rieck"))  # fmt: skip
    text = visible_text(fetch(client, "/books", look_in=BOOKS))
    for title, author in [("The Quiet Orchard", "Ines Calder"), ("Salt and Ember", "Tomas Rieck")]:
        assert title in text and author in text, (
            f"A book stored in the database ({title!r} by {author}) is not on /books. "
            "Read the books with get_db().books.find() in list_books, not from the list "
            "in memory."
        )
    assert says_how_many_books(text, 2), (
        f"With 2 books in the database, /books should say '2 books'; it shows {text[:150]!r}."
    )


def test_book_list_follows_the_database(client, db):
    """A book removed from the database disappears from /books"""
    first, _ = insert_books(db, make_book("Gone Tomorrow"), make_book("Still Here"))
    fetch(client, "/books", look_in=BOOKS)
    db.books.delete_one({"_id": first})
    text = visible_text(fetch(client, "/books", look_in=BOOKS))
    assert "Gone Tomorrow" not in text and "Still Here" in text, (
        "After a book was deleted from the database, /books still showed it (or lost the "
        "other one). Query the database on every request, inside the view, not once at start."
    )


def test_book_list_handles_missing_fields(client, db):
    """A book with only a title and an author shows without errors or 'None'"""
    db.books.insert_one({"title": "Field Notes", "author": "A. Nonymous"})
    text = visible_text(fetch(client, "/books", look_in=BOOKS))
    assert "Field Notes" in text, "A book stored with only a title and an author is not on /books."
    assert "None" not in text.split(), (
        "/books shows 'None' for a field the book does not have. Documents in a collection "
        "need not all have the same fields: show a field only {% if book.year %}."
    )


def test_empty_book_list_says_so(client, db):
    """With no books in the database, /books says there are no books yet (and only then)"""
    text = visible_text(fetch(client, "/books", look_in=BOOKS))
    assert "no books" in text.lower(), (
        f"With an empty books collection, /books shows {text[:150]!r}; expected a message "
        "with the words 'No books' (and how to add some). Use {% if books %} ... {% else %}."
    )
    insert_books(db, make_book("Lonely Volume"))
    text = visible_text(fetch(client, "/books", look_in=BOOKS))
    assert "no books" not in text.lower(), (
        f"With a book in the database, /books still says there are no books: {text[:150]!r}. "
        "Show the message only in the {% else %} part of {% if books %}."
    )


def test_seed_reset_starts_the_shelf_over(runner, db):
    """`flask seed --reset` deletes every book, then loads the sample books"""
    insert_books(db, make_book("Not A Sample"), make_book("Not One Either"))
    result = runner.invoke(args=["seed", "--reset"])
    assert result.exit_code == 0, (
        f"`flask seed --reset` failed:\n{result.output}\nAdd a --reset flag option to {SEED}."
    )
    assert db.books.count_documents({"title": {"$in": ["Not A Sample", "Not One Either"]}}) == 0, (
        "After `flask seed --reset` the books that were there before are still there. "
        "Delete them first with db.books.delete_many({})."
    )
    assert db.books.count_documents({}) >= 20, (
        "After `flask seed --reset` the sample books are missing: seed them after deleting."
    )


def test_seed_reset_says_what_it_did(runner, db):
    """`flask seed --reset` says how many books it removed"""
    insert_books(db, make_book("One"), make_book("Two"), make_book("Three"))
    result = runner.invoke(args=["seed", "--reset"])
    assert re.search(r"\b3\b", result.output), (
        f"`flask seed --reset` printed {result.output.strip()!r}; with 3 books there before, "
        "it should say it removed 3. delete_many(...) returns a result with .deleted_count."
    )


def test_shell_has_db_at_hand(app, db):
    """`flask shell` starts with `db`, the app's database, ready to use"""
    insert_books(db, make_book("Shell Game"))
    with app.app_context():
        context = app.make_shell_context()
        shell_db = context.get("db")
        assert shell_db is not None, (
            "`flask shell` has no `db`. Register a shell context processor in init_app "
            "(starter_app/db.py) that returns {'db': get_db()}."
        )
        found = _find_in(shell_db, "Shell Game")
    assert found is not None, (
        "`db` in `flask shell` is not the app's database: a book stored there was not found. "
        "Return get_db() from the shell context processor."
    )


def _find_in(shell_db, title: str):
    """The book with this title in the shell's `db`, or None when `db` is not a database."""
    try:
        return shell_db.books.find_one({"title": title})
    except (AttributeError, TypeError):
        return None
