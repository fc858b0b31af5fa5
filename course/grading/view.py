"""What a student may see of a grade: units with points and reasons, hidden tests masked.

Hidden tests appear only as the instructor's visible description, never with their name,
message or source. Code under test could read a hidden test and echo it into a visible
test's message, so messages and a submission's problem are scrubbed. The rule: a piece of
a hidden test becomes [hidden] where it stands as a whole word (`book` is not replaced in
`books`), unless students can read it anyway, because it also occurs as a whole word in the
visible tests, the titles, the hints or the hidden tests' descriptions. The pieces: the
hidden files' names, the hidden tests' names, their function and class names (4 characters
or more), their source lines (16 or more) and the lines of their string literals (8 or
more). Titles and hints come from the course's own files and are not scrubbed, and a
visible test's description, being in the visible tests, matches no piece: the course's
texts are shown as written.
"""

import ast
import re
from dataclasses import dataclass, field

from course.grading.batch import Batch
from course.grading.score import StudentGrade, UnitResult

HIDDEN_FAILED = (
    "A hidden check failed. Re-read the lesson's steps: the description says what it checks."
)
# Shorter pieces are too common to tell anything about a hidden test.
MIN_NAME, MIN_LITERAL, MIN_LINE = 4, 8, 16
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass
class UnitView:
    key: str
    lesson: int
    step: int
    title: str
    hidden: bool
    points: int
    awarded: int
    status: str
    details: list[str] = field(default_factory=list)  # what failed and why, safe to show
    hint: str = ""

    def explained(self, problem: str) -> str:
        """Why the unit earned nothing, for tools that show only a message per test: the
        reason the submission was not graded in full comes first (else the unit's details
        alone would say "No test of this step ran.")."""
        lines = [problem] if problem and self.status != "passed" else []
        return "\n".join(lines + self.details)


def _pieces(source: str) -> set[str]:
    """Source lines, string-constant lines (docstrings, messages) and names of a hidden file."""
    lines = {line.strip() for line in source.splitlines()}
    pieces = {line for line in lines if len(line) >= MIN_LINE}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return pieces
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            parts = {part.strip() for part in node.value.splitlines()}
            pieces |= {part for part in parts if len(part) >= MIN_LITERAL}
        elif isinstance(node, DEFINITIONS) and len(node.name) >= MIN_NAME:
            pieces.add(node.name)
    return pieces


def _whole(piece: str) -> str:
    """A pattern for piece as a whole word: no letter, digit or _ right before or after it."""
    start = r"\b" if re.match(r"\w", piece[0]) else ""
    end = r"\b" if re.match(r"\w", piece[-1]) else ""
    return start + re.escape(piece) + end


def _occurs(piece: str, text: str) -> bool:
    # The plain search first: it is much quicker, and most pieces are not there at all.
    return piece in text and re.search(_whole(piece), text) is not None


class Scrubber:
    """Replaces each secret piece of text with '[hidden]': the pieces not found in `visible`."""

    def __init__(self, pieces: set[str], visible: list[str]):
        seen = "\n".join(visible)
        secrets = sorted((p for p in pieces if p and not _occurs(p, seen)), key=len, reverse=True)
        self.pattern = re.compile("|".join(map(_whole, secrets))) if secrets else None

    def __call__(self, text: str) -> str:
        return self.pattern.sub("[hidden]", text) if self.pattern else text


def scrubber_for(batch: Batch) -> Scrubber:
    """The scrubber of this batch's student-facing text (the rule is the module's docstring)."""
    hidden = [test for g in batch.grades for test in g.tests if test.nodeid in g.hidden]
    names = {test.name.split("[", 1)[0] for test in hidden}
    names |= {name for unit in batch.units if unit.hidden for name in unit.tests}
    files = {test.nodeid.split("::")[0].rsplit("/", 1)[-1] for test in hidden}
    files |= {name.removesuffix(".py") for name in files}  # as a module: test_secret
    pieces = names | files | set().union(*map(_pieces, batch.hidden_sources))
    return Scrubber(pieces, batch.visible_sources + _course_texts(batch))


def _course_texts(batch: Batch) -> list[str]:
    """What feedback shows as the course wrote it: lesson and unit titles, and hints."""
    texts = [lesson.title for lesson in batch.settings.lessons]
    texts += [unit.title for unit in batch.units]  # step titles, hidden tests' descriptions
    texts += [hint for lesson in batch.settings.lessons for step in lesson.steps
              for hint in step.hints]  # fmt: skip
    return texts


def student_view(batch: Batch, grade: StudentGrade, scrub: Scrubber) -> list[UnitView]:
    """Every unit of a student's grade, in order, as safe text."""
    lessons = {lesson.number: lesson for lesson in batch.settings.lessons}
    views = []
    for result in grade.units:
        unit = result.unit
        step = lessons[unit.lesson].step(unit.step)
        views.append(
            UnitView(
                key=unit.key, lesson=unit.lesson, step=unit.step, title=unit.title,
                hidden=unit.hidden, points=unit.points, awarded=result.awarded,
                status=result.status, details=[scrub(d) for d in _details(result)],
                hint=step.hints[0] if step.hints and result.status == "failed" else "",
            )
        )  # fmt: skip
    return views


def _details(result: UnitResult) -> list[str]:
    if result.unit.hidden:
        return [HIDDEN_FAILED] if result.status == "failed" else []
    if not result.tests:
        return ["No test of this step ran."]
    seen, lines = set(), []
    for test in result.failures:  # a parametrized test: its first failing input is enough
        if test.name not in seen:
            seen.add(test.name)
            lines.append(f"{test.description}: {test.message}")
    if result.status == "skipped":
        lines.append("Needs a real MongoDB server: grade with --backend wire to score it.")
    return lines
