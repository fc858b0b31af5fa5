"""What a student may see of a grade: units with points and reasons, hidden tests masked.

Hidden tests appear only as the instructor's visible description, never with their name,
message or source; and since code under test could read a hidden test and echo it into a
visible test's message, every text shown to students is scrubbed of hidden names and lines.
"""

import ast
import re
from dataclasses import dataclass, field

from course.grading.batch import Batch
from course.grading.score import StudentGrade, UnitResult

HIDDEN_FAILED = (
    "A hidden check failed. Re-read the lesson's steps: the description says what it checks."
)
MIN_LINE = 16  # shorter source lines are too common to hide


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


def _pieces(source: str) -> set[str]:
    """Source lines, string constants (docstrings, messages) and names of one hidden file."""
    lines = {line.strip() for line in source.splitlines()}
    pieces = {line for line in lines if len(line) >= MIN_LINE}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return pieces
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            pieces |= {part.strip() for part in node.value.splitlines() if len(part.strip()) >= 6}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            pieces.add(node.name)
    return pieces


class Scrubber:
    """Replaces anything taken from a hidden test with '[hidden]'."""

    def __init__(self, sources: list[str], names: set[str]):
        pieces = {n for n in names if n}.union(*(_pieces(source) for source in sources))
        self.pattern = (
            re.compile("|".join(map(re.escape, sorted(pieces, key=len, reverse=True))))
            if pieces
            else None
        )

    def __call__(self, text: str) -> str:
        return self.pattern.sub("[hidden]", text) if self.pattern else text


def scrubber_for(batch: Batch) -> Scrubber:
    names = {test.name.split("[", 1)[0] for g in batch.grades for test in g.tests
             if test.nodeid in g.hidden}  # fmt: skip
    names |= {name for unit in batch.units if unit.hidden for name in unit.tests}
    files = {test.nodeid.split("::")[0].rsplit("/", 1)[-1] for g in batch.grades
             for test in g.tests if test.nodeid in g.hidden}  # fmt: skip
    return Scrubber(batch.hidden_sources, names | files)


def student_view(batch: Batch, grade: StudentGrade, scrub: Scrubber) -> list[UnitView]:
    """Every unit of a student's grade, in order, as safe text."""
    lessons = {lesson.number: lesson for lesson in batch.settings.lessons}
    views = []
    for result in grade.units:
        unit = result.unit
        step = lessons[unit.lesson].step(unit.step)
        views.append(
            UnitView(
                key=unit.key, lesson=unit.lesson, step=unit.step, title=scrub(unit.title),
                hidden=unit.hidden, points=unit.points, awarded=result.awarded,
                status=result.status, details=[scrub(d) for d in _details(result)],
                hint=scrub(step.hints[0]) if step.hints and result.status == "failed" else "",
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
