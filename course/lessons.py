"""Lesson metadata: each lesson's `lesson.toml` (title, steps, tests, hints, points)."""

import ast
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from course.errors import EXIT_SETUP, CourseError
from course.paths import KIT_ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

FOLDER_NAME = re.compile(r"^(\d{2})-[a-z0-9-]+$")


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    tests: tuple[str, ...]
    hints: tuple[str, ...]
    points: int


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    root: Path  # the course folder this lesson belongs to

    @property
    def label(self) -> str:
        return f"{self.number:02d}"

    @property
    def folder(self) -> Path:
        return self.root / "lessons" / self.slug

    @property
    def readme(self) -> Path:
        return self.folder / "README.md"

    @property
    def scaffold_dir(self) -> Path:
        return self.folder / "scaffold"

    @property
    def solution_dir(self) -> Path:
        return self.root / "solutions" / self.slug

    @property
    def tests_dir(self) -> Path:
        return self.root / "tests" / f"lesson{self.label}"

    @property
    def points(self) -> int:
        return sum(step.points for step in self.steps)

    def step_of(self, test_name: str) -> Step | None:
        """The step a test function belongs to (parametrized ids are ignored)."""
        base = test_name.split("[", 1)[0]
        return next((step for step in self.steps if base in step.tests), None)

    def step(self, number: int) -> Step:
        if not 1 <= number <= len(self.steps):
            raise CourseError(
                f"Lesson {self.label} has steps 1 to {len(self.steps)}; there is no step {number}."
            )
        return self.steps[number - 1]


class Course:
    """All the lessons of a course folder (this kit by default), in order."""

    def __init__(self, root: Path = KIT_ROOT):
        self.root = root

    @cached_property
    def lessons(self) -> list[Lesson]:
        lessons_dir = self.root / "lessons"
        if not lessons_dir.is_dir():
            raise CourseError(f"No lessons/ folder in {self.root}.", EXIT_SETUP)
        folders = sorted(p for p in lessons_dir.iterdir() if FOLDER_NAME.match(p.name))
        return [load_lesson(folder, self.root) for folder in folders]

    def get(self, number: int) -> Lesson:
        for lesson in self.lessons:
            if lesson.number == number:
                return lesson
        first, last = self.lessons[0].label, self.lessons[-1].label
        raise CourseError(
            f"There is no lesson {number}. The lessons are numbered {first} to {last}; "
            "`python -m course status` lists them."
        )

    def up_to(self, number: int) -> list[Lesson]:
        """Lessons 00..number (the ones a check of lesson `number` runs)."""
        return [lesson for lesson in self.lessons if lesson.number <= number]


# The whole text must be one of these forms: a prefix match would read `1.5` or `1O` as
# lesson 1, and a command that replaces files would then act on the wrong lesson.
NUMBER = re.compile(r"(?:lesson)?(\d+)")
SLUG = re.compile(r"(\d{2})-[a-z0-9-]+")


def parse_lesson_number(text: str, course: Course | None = None) -> int:
    """Accept '1', '01', 'lesson01' or a lesson's folder name ('01-routes-and-views')."""
    cleaned = text.strip().lower()
    number = NUMBER.fullmatch(cleaned)
    if number:
        return int(number.group(1))
    slug = SLUG.fullmatch(cleaned)
    if slug and any(lesson.slug == cleaned for lesson in (course or Course()).lessons):
        return int(slug.group(1))
    raise CourseError(
        f"'{text}' is not a lesson number. Give a number such as 1 or 01 (or lesson01, or a "
        "lesson's folder name such as 01-routes-and-views); `python -m course status` lists them."
    )


def load_lesson(folder: Path, root: Path) -> Lesson:
    """Read one lesson's metadata, with an error that names the file when it is wrong."""
    metadata = folder / "lesson.toml"
    try:
        data = tomllib.loads(metadata.read_text(encoding="utf-8"))
        steps = tuple(
            Step(
                number=index,
                title=raw["title"],
                tests=tuple(raw["tests"]),
                hints=tuple(raw["hints"]),
                points=int(raw.get("points", 1)),
            )
            for index, raw in enumerate(data["steps"], start=1)
        )
        return Lesson(
            number=int(folder.name[:2]),
            slug=folder.name,
            title=data["title"],
            summary=data.get("summary", ""),
            steps=steps,
            root=root,
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise CourseError(
            f"The lesson file {metadata} cannot be read ({error.__class__.__name__}: {error}).",
            EXIT_SETUP,
        ) from None


def test_functions(lesson: Lesson) -> set[str]:
    """The names of the test functions in a lesson's test folder (read, not imported)."""
    names: set[str] = set()
    for path in sorted(lesson.tests_dir.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names.update(
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        )
    return names


def metadata_problems(lesson: Lesson) -> list[str]:
    """Mismatches between a lesson's metadata and its tests (invariant 3)."""
    problems = []
    functions = test_functions(lesson)
    listed = [name for step in lesson.steps for name in step.tests]
    for name in sorted(functions - set(listed)):
        problems.append(f"test {name} belongs to no step")
    for name in sorted(set(listed) - functions):
        problems.append(f"step lists {name}, which is not a test in {lesson.tests_dir.name}/")
    for name in sorted({n for n in listed if listed.count(n) > 1}):
        problems.append(f"test {name} is listed in more than one step")
    for step in lesson.steps:
        if not step.hints:
            problems.append(f"step {step.number} has no hint")
        if not step.tests:
            problems.append(f"step {step.number} has no test")
    return problems
