"""`course new-lesson "Title"`: scaffold the next lesson so that verify shows it unfinished.

Creates lessons/NN-slug/ (README.md in the lessons' fixed shape, lesson.toml with one step
and a hint, scaffold/), tests/lessonNN/ with one real test that fails until the lesson is
written, and an empty solutions/NN-slug/ overlay.
"""

import json
import re
import textwrap
import unicodedata
from pathlib import Path

from course.errors import CourseError
from course.lessons import Course

README = """# Lesson {label} · {title}

One or two sentences: what the student can do after this lesson.

## What you will build

What the app does at the end of the lesson (a sketch or screenshot where it helps).

## The concepts

### A first concept

A short explanation with a small example.

## The steps

1. **A page at /{slug}** (`test_{name}_page_answers`): add a view for GET /{slug}.

## How to check

```bash
python -m course check {number}
```

Each step shows ✔ or ✘; `python -m course hint {number}` gives a hint.

## Going further

Ideas for students who finish early.
"""

LESSON_TOML = """title = {toml_title}
summary = "What this lesson teaches, in one sentence."

[[steps]]
title = "A page at /{slug}"
points = 1
tests = ["test_{name}_page_answers"]
hints = [
  "Add a view for GET /{slug} in starter_app/pages.py, shaped like the index view.",
]
"""

# Split over lines with a trailing comma, so ruff format keeps it as it is for any slug.
TEST = '''"""{docstring}"""

from grading.expect import fetch


def test_{name}_page_answers(client):
    """GET /{slug} answers with a page"""
    fetch(
        client,
        "/{slug}",
        look_in="starter_app/pages.py: add a view for '/{slug}'",
    )
'''
# The test module's docstring: wrapped so that no line passes ruff's 100 characters.
DOCSTRING_WIDTH = 90


def slugify(title: str) -> str:
    """'Sessions & Users!' -> 'sessions-users', 'Ünïcode' -> 'unicode' (what lesson folders
    are named)."""
    # NFKD splits an accented letter into the letter and its accent, which is then dropped.
    letters = "".join(
        c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c)
    )
    slug = re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")
    if not slug:
        raise CourseError(
            f"'{title}' has no letters or digits (a-z, 0-9) to name the lesson folder with."
        )
    return slug[:40].rstrip("-")


def _docstring(label: str, title: str) -> str:
    """'Lesson NN: Title.', wrapped, with backslashes that Python reads as written."""
    text = textwrap.fill(f"Lesson {label}: {title}.", DOCSTRING_WIDTH).replace("\\", "\\\\")
    return text + "\n" if "\n" in text else text


def new_lesson(course: Course, title: str) -> list[Path]:
    """Write the next lesson's files; return them."""
    number = course.lessons[-1].number + 1 if course.lessons else 0
    slug = slugify(title)
    title = " ".join(title.replace('"', "'").split())  # one line, no quote to end a string
    values = {"label": f"{number:02d}", "number": number, "title": title, "slug": slug,
              "name": slug.replace("-", "_"), "toml_title": json.dumps(title, ensure_ascii=False),
              "docstring": _docstring(f"{number:02d}", title)}  # fmt: skip
    folder = course.root / "lessons" / f"{values['label']}-{slug}"
    files = {
        folder / "README.md": README.format(**values),
        folder / "lesson.toml": LESSON_TOML.format(**values),
        folder / "scaffold" / "starter_app" / ".gitkeep": "",
        course.root / "tests" / f"lesson{values['label']}" / f"test_{values['name']}.py":
            TEST.format(**values),
        course.root / "solutions" / folder.name / ".gitkeep": "",
    }  # fmt: skip
    taken = [path for path in files if path.exists()]
    if taken:
        raise CourseError(f"{taken[0]} already exists; choose another title.")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
