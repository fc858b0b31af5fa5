"""Hidden tests: extra test files the instructor keeps out of the students' copy.

Layout: HIDDEN_DIR/lessonNN/test_*.py, plus HIDDEN_DIR/hidden.toml with one entry per test
function, giving what students may see of it:

    [[test]]
    lesson = 1
    step = 3                    # the step it belongs to in feedback
    name = "test_suggest_trims_spaces"
    points = 2
    description = "The suggest form trims spaces around the title"
"""

import re
from dataclasses import dataclass
from pathlib import Path

from course.errors import EXIT_SETUP, CourseError
from course.lessons import tomllib  # tomllib, or tomli on Python 3.10

LESSON_DIR = re.compile(r"^lesson(\d{2})$")


@dataclass(frozen=True)
class HiddenTest:
    lesson: int
    step: int
    name: str
    points: int
    description: str


def load_hidden(folder: Path | None) -> tuple[list[HiddenTest], dict[str, bytes]]:
    """The hidden tests' metadata and their files (relative path -> bytes), read once."""
    if folder is None:
        return [], {}
    if not folder.is_dir():
        raise CourseError(f"--tests {folder}: no such folder. Give the folder of hidden tests.")
    files = {
        f"{path.parent.name}/{path.name}": path.read_bytes()
        for path in sorted(folder.glob("lesson*/*.py"))
        if LESSON_DIR.match(path.parent.name)
    }
    if not files:
        raise CourseError(
            f"--tests {folder} holds no lessonNN/test_*.py files; see `Grading a class` in "
            "README.md for the layout."
        )
    return _read_metadata(folder / "hidden.toml"), files


def _read_metadata(path: Path) -> list[HiddenTest]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return [
            HiddenTest(
                lesson=int(entry["lesson"]),
                step=int(entry["step"]),
                name=str(entry["name"]),
                points=int(entry.get("points", 1)),
                description=str(entry["description"]),
            )
            for entry in data.get("test", [])
        ]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise CourseError(
            f"{path} cannot be read ({error.__class__.__name__}: {error}). Each [[test]] needs "
            "lesson, step, name and description (points default to 1).",
            EXIT_SETUP,
        ) from None
