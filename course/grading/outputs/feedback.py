"""feedback.md: what passed, what failed and why, and a hint, for one student."""

import html
import re
from pathlib import Path

from course.grading.batch import Batch
from course.grading.view import UnitView

MARK = {"passed": "✔", "failed": "✘", "skipped": "–"}
CODE_SPAN = re.compile(r"(`[^`]*`)")


def as_text(text: str) -> str:
    """Text shown as written in Markdown: outside `code`, < > & are escaped, or a viewer
    would take /books/<id> or a page's <input ...> quoted in a message for HTML and hide it."""
    parts = CODE_SPAN.split(text)  # odd parts are code spans, shown as written anyway
    return "".join(part if index % 2 else html.escape(part, quote=False)
                   for index, part in enumerate(parts))  # fmt: skip


def render(batch: Batch, student: str, views: list[UnitView], problem: str) -> str:
    total, maximum = sum(v.awarded for v in views), sum(v.points for v in views)
    lines = [f"# Feedback for {as_text(student)}", "", f"**{total} / {maximum} points**", ""]
    if problem:
        lines += [f"> {as_text(problem)}", ""]
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
    title = as_text(view.title)
    lines = [f"- {MARK[view.status]} {name}: {title} ({view.awarded}/{view.points})"]
    lines += [f"  - {as_text(detail)}" for detail in view.details]
    if view.hint and not view.hidden:
        more = f"`python -m course hint {lesson} {view.step}`"
        lines.append(f"  - Hint: {as_text(view.hint)} (more: {more})")
    return lines


def write_markdown(
    batch: Batch, student: str, views: list[UnitView], problem: str, path: Path
) -> None:
    path.write_text(render(batch, student, views, problem), encoding="utf-8")
