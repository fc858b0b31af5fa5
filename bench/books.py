"""Realistic, reproducible books for seeding a benchmark database (1k, 10k, 100k)."""

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from pymongo.database import Database

GENRES = (
    "Classics", "Science Fiction", "Fantasy", "Mystery", "Romance", "History",
    "Biography", "Poetry", "Horror", "Travel", "Science", "Children",
)  # fmt: skip
FIRST_NAMES = (
    "Jane", "Herman", "Mary", "George", "Toni", "Leo", "Ursula", "Chinua", "Virginia",
    "Gabriel", "Haruki", "Isabel", "Octavia", "Fyodor", "Zadie", "Kazuo", "Ada", "Italo",
)  # fmt: skip
LAST_NAMES = (
    "Austen", "Melville", "Shelley", "Eliot", "Morrison", "Tolstoy", "Le Guin", "Achebe",
    "Woolf", "Garcia", "Murakami", "Allende", "Butler", "Dostoevsky", "Smith", "Ishiguro",
)  # fmt: skip
WORDS = (
    "river", "night", "garden", "stone", "winter", "harbour", "shadow", "letter", "island",
    "glass", "fire", "orchard", "silence", "lantern", "mountain", "whale", "city", "dream",
    "storm", "bridge", "forest", "mirror", "salt", "thread", "crown", "voyage", "archive",
)  # fmt: skip
REVIEWERS = ("Maya", "Tom", "Ana", "Ravi", "Lena", "Omar", "Kim", "Noor")
BATCH = 1_000
# The author and word every benchmark filters and searches on: present at every size.
SAMPLE_AUTHOR = "Ursula Le Guin"
SAMPLE_WORD = "whale"
EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)


def make_book(rng: random.Random, index: int) -> dict:
    """One book shaped like the sample data: title, author, year, genre, pages, isbn, reviews."""
    words = rng.sample(WORDS, rng.randint(1, 3))
    title = f"The {' '.join(words).title()}" if rng.random() < 0.5 else " ".join(words).title()
    author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    reviews = [
        {"name": rng.choice(REVIEWERS), "rating": rng.randint(1, 5), "text": "Worth reading."}
        for _ in range(rng.randint(0, 3))
    ]
    return {
        "title": f"{title} {index}",
        "author": author,
        "year": rng.randint(1800, 2024),
        "genre": rng.choice(GENRES),
        "pages": rng.randint(90, 900),
        "isbn": f"979{index:010d}",
        "description": f"A novel of {', '.join(words)} and what they hide.",
        "reviews": reviews,
        "created_at": EPOCH + timedelta(minutes=index),
    }


def generate_books(count: int, seed: int = 7) -> Iterator[dict]:
    """`count` books, the same ones on every run; the sample author and word always appear."""
    rng = random.Random(seed)
    for index in range(count):
        book = make_book(rng, index)
        if index % 50 == 0:
            book["author"] = SAMPLE_AUTHOR
            book["title"] = f"The {SAMPLE_WORD.title()} Road {index}"
        yield book


def seed(db: Database, count: int) -> int:
    """Replace the books collection with `count` generated books, inserted in bulk."""
    db.books.drop()
    batch: list[dict] = []
    for book in generate_books(count):
        batch.append(book)
        if len(batch) == BATCH:
            db.books.insert_many(batch, ordered=False)
            batch = []
    if batch:
        db.books.insert_many(batch, ordered=False)
    return db.books.estimated_document_count()
