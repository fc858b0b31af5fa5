"""feedback.md: what passed, what failed and why, and a hint, for one student."""

from pathlib import Path

from course.grading.batch import Batch
from course.grading.view import UnitView

MARK = {"passed": "✔", "failed": "✘", "skipped": "–"}


def render(batch: Batch, student: str, views: list[UnitView], problem: str) -> str:
    total, maximum = sum(v.awarded for v in views), sum(v.points for v in views)
    lines = [f"# Feedback for {student}", "", f"**{total} / {maximum} points**", ""]
    if problem:
        lines += [f"> {problem}", ""]
    for lesson in batch.settings.lessons:
        mine = [v for v in views if v.lesson == lesson.number]
        got, out_of = sum(v.awarded for v in mine), sum(v.points for v in mine)
        lines += [f"## Lesson {lesson.label} · {lesson.title}: {got} / {out_of}", ""]
        for view in mine:
            lines += _unit(lesson.number, view)
        lines.append("")
    lines += ["Check your work any time with `python -m course check N`; "
              "`python -m course hint N STEP` gives more hints."]  # fmt: skip
    return "\n".join(lines) + "\n"


def _unit(lesson: int, view: UnitView) -> list[str]:
    name = f"Hidden check (step {view.step})" if view.hidden else f"Step {view.step}"
    lines = [f"- {MARK[view.status]} {name}: {view.title} ({view.awarded}/{view.points})"]
    lines += [f"  - {detail}" for detail in view.details]
    if view.hint and not view.hidden:
        lines.append(f"  - Hint: {view.hint} (more: `python -m course hint {lesson} {view.step}`)")
    return lines


def write_markdown(
    batch: Batch, student: str, views: list[UnitView], problem: str, path: Path
) -> None:
    path.write_text(render(batch, student, views, problem), encoding="utf-8")
