"""Test results grouped the way a student thinks of them: lessons and steps."""

from dataclasses import dataclass, field

from course.lessons import Lesson, Step
from course.runner import TestResult, TestRun


@dataclass
class StepResult:
    step: Step
    tests: list[TestResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        """passed, failed, skipped (only wire-only tests, on mock) or missing (nothing ran)."""
        if not self.tests:
            return "missing"
        if any(t.outcome in ("failed", "error") for t in self.tests):
            return "failed"
        if all(t.outcome == "skipped" for t in self.tests):
            return "skipped"
        return "passed"

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def failures(self) -> list[TestResult]:
        return [t for t in self.tests if t.outcome in ("failed", "error")]


@dataclass
class LessonResult:
    lesson: Lesson
    steps: list[StepResult]
    unassigned: list[TestResult] = field(default_factory=list)

    @property
    def steps_passed(self) -> int:
        return sum(step.passed for step in self.steps)

    @property
    def complete(self) -> bool:
        return all(step.status in ("passed", "skipped") for step in self.steps)

    @property
    def points(self) -> int:
        return sum(step.step.points for step in self.steps if step.passed)


def group_by_lesson(lessons: list[Lesson], run: TestRun) -> list[LessonResult]:
    """Sort each test result into its lesson and step (from the lesson metadata)."""
    grouped = []
    for lesson in lessons:
        steps = {step.number: StepResult(step) for step in lesson.steps}
        result = LessonResult(lesson, list(steps.values()))
        for test in run.tests:
            if test.lesson != lesson.number:
                continue
            step = lesson.step_of(test.name)
            if step:
                steps[step.number].tests.append(test)
            else:
                result.unassigned.append(test)
        grouped.append(result)
    return grouped
