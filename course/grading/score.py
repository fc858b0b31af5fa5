"""A student's grade as data: every unit (step or hidden test) with its tests and points."""

from dataclasses import dataclass, field

from course.grading.units import Unit, unit_of
from course.runner import TestResult


@dataclass
class UnitResult:
    unit: Unit
    tests: list[TestResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        """passed, failed, or skipped: some of its tests cannot run on this backend (the
        wire-only ones on mock), so the unit was never fully checked and earns nothing."""
        if any(t.outcome in ("failed", "error") for t in self.tests) or not self.tests:
            return "failed"
        if any(t.outcome == "skipped" for t in self.tests):
            return "skipped"
        return "passed"

    @property
    def awarded(self) -> int:
        return self.unit.points if self.status == "passed" else 0

    @property
    def failures(self) -> list[TestResult]:
        return [t for t in self.tests if t.outcome in ("failed", "error")]


@dataclass
class StudentGrade:
    student: str
    source: str
    units: list[UnitResult]
    tests: list[TestResult] = field(default_factory=list)
    hidden: set[str] = field(default_factory=set)  # node ids of hidden tests
    problem: str = ""  # why this submission could not be graded fully, for the instructor

    def lesson_points(self, lesson: int) -> int:
        return sum(u.awarded for u in self.units if u.unit.lesson == lesson)

    @property
    def total(self) -> int:
        return sum(u.awarded for u in self.units)


def score(
    student: str, source: str, units: list[Unit], tests: list[TestResult], hidden: set[str]
) -> StudentGrade:
    """Sort test results into units; a unit with no result earns nothing."""
    results = {unit.key: UnitResult(unit) for unit in units}
    for test in tests:
        unit = unit_of(units, test.lesson, test.name, test.nodeid in hidden)
        if unit:
            results[unit.key].tests.append(test)
    return StudentGrade(student, source, list(results.values()), tests, hidden)


def not_graded(student: str, source: str, units: list[Unit], problem: str) -> StudentGrade:
    """A submission that could not run at all: every unit 0, with the reason."""
    grade = StudentGrade(student, source, [UnitResult(unit) for unit in units])
    grade.problem = problem
    return grade
