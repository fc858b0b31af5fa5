"""Progressive hints: each request for the same step reveals one more."""

from dataclasses import dataclass

from course.lessons import Course, Lesson, Step
from course.progress import Progress


@dataclass
class HintView:
    lesson: Lesson
    step: Step
    shown: int  # how many hints are revealed now, 1..len(step.hints)


def current_lesson(course: Course, progress: Progress) -> Lesson:
    """The first lesson not yet complete in the saved progress (lesson 00 at first)."""
    for lesson in course.lessons:
        if not all(progress.step_passed(lesson.label, s.number) for s in lesson.steps):
            return lesson
    return course.lessons[-1]


def first_unpassed_step(lesson: Lesson, progress: Progress) -> Step | None:
    return next((s for s in lesson.steps if not progress.step_passed(lesson.label, s.number)), None)


def reveal_next_hint(lesson: Lesson, step: Step, progress: Progress) -> HintView:
    shown = progress.use_hint(lesson.label, step.number, len(step.hints))
    return HintView(lesson, step, shown)
