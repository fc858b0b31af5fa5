"""The saved progress as data per lesson and step, for the report and the watch list."""

from dataclasses import dataclass

from course.lessons import Course, Lesson
from course.progress import Progress


@dataclass
class StepSummary:
    number: int
    title: str
    status: str  # passed, failed, or missing (never checked)
    passed_at: str | None  # when it first passed (ISO 8601, UTC)
    hints_used: int
    hints_available: int


@dataclass
class LessonSummary:
    lesson: Lesson
    steps: list[StepSummary]
    checked_at: str | None

    @property
    def passed(self) -> int:
        return sum(step.status == "passed" for step in self.steps)

    @property
    def finished_at(self) -> str | None:
        """When the last of its steps first passed, once every step has (ISO 8601, UTC)."""
        stamps = [step.passed_at for step in self.steps]
        return max(stamps) if stamps and None not in stamps else None

    @property
    def hints_used(self) -> int:
        return sum(step.hints_used for step in self.steps)


def summarise(course: Course, progress: Progress) -> list[LessonSummary]:
    """Every lesson of the course with what the progress file says about it."""
    return [_lesson(lesson, progress) for lesson in course.lessons]


def _lesson(lesson: Lesson, progress: Progress) -> LessonSummary:
    saved = progress.data["lessons"].get(lesson.label, {})
    steps = []
    for step in lesson.steps:
        entry = saved.get("steps", {}).get(str(step.number))
        status = "missing" if entry is None else ("passed" if entry.get("passed") else "failed")
        steps.append(
            StepSummary(
                number=step.number,
                title=step.title,
                status=status,
                passed_at=(entry or {}).get("passed_at"),
                hints_used=saved.get("hints", {}).get(str(step.number), 0),
                hints_available=len(step.hints),
            )
        )
    return LessonSummary(lesson, steps, saved.get("checked_at"))


def finished_lessons(course: Course, progress: Progress) -> set[str]:
    """The labels of the lessons whose every step has passed at some check."""
    return {summary.lesson.label for summary in summarise(course, progress) if summary.finished_at}
