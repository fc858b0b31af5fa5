"""summary.html: one self-contained page (inline SVG, no scripts or CDN) with where the class
struggles: the score distribution, and the pass rate of every lesson and every step."""

from collections.abc import Callable
from html import escape
from pathlib import Path

from course.grading.batch import Batch

BINS = 10
BAR_W, BAR_H, ROW_H, LABEL_W = 36, 160, 22, 320
STYLE = (
    "body{font:15px/1.4 system-ui,sans-serif;margin:2rem;max-width:60rem;color:#222}"
    "h1,h2{font-weight:600}svg text{font:12px system-ui,sans-serif}"
    "table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;"
    "text-align:left}.bad{color:#b00}"
)


def histogram(percents: list[float]) -> str:
    """Students per tenth of the maximum score, as vertical bars."""
    counts = [0] * BINS
    for value in percents:
        counts[min(int(value * BINS), BINS - 1)] += 1
    top = max(counts) or 1
    bars = []
    for index, count in enumerate(counts):
        height = BAR_H * count / top
        x, y = index * (BAR_W + 4), BAR_H - height + 16
        bars.append(
            f'<rect x="{x}" y="{y:.1f}" width="{BAR_W}" height="{height:.1f}" fill="#4a7bd0">'
            f"<title>{count} students</title></rect>"
            f'<text x="{x + BAR_W / 2}" y="{y - 3:.1f}" text-anchor="middle">{count}</text>'
            f'<text x="{x + BAR_W / 2}" y="{BAR_H + 30}" text-anchor="middle">'
            f"{index * 10}%</text>"
        )
    width = BINS * (BAR_W + 4)
    return (f'<svg role="img" aria-label="score distribution" width="{width}" '
            f'height="{BAR_H + 36}">{"".join(bars)}</svg>')  # fmt: skip


def rate_bars(rows: list[tuple[str, float]]) -> str:
    """Horizontal bars: the share of students who passed each row."""
    parts = []
    for index, (label, rate) in enumerate(rows):
        y = index * ROW_H
        colour = "#3a9d5d" if rate >= 0.75 else ("#d9a400" if rate >= 0.4 else "#c0392b")
        parts.append(
            f'<text x="0" y="{y + 15}">{escape(label[:48])}</text>'
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{300 * rate:.1f}" height="14" '
            f'fill="{colour}"><title>{rate:.0%}</title></rect>'
            f'<text x="{LABEL_W + 300 * rate + 6:.1f}" y="{y + 15}">{rate:.0%}</text>'
        )
    return (f'<svg role="img" aria-label="pass rates" width="{LABEL_W + 360}" '
            f'height="{len(rows) * ROW_H + 4}">{"".join(parts)}</svg>')  # fmt: skip


def render(batch: Batch, scrub: Callable[[str], str]) -> str:
    """The page; `scrub` takes hidden tests out of the problems, as for students."""
    grades, lessons = batch.grades, batch.settings.lessons
    count = len(grades) or 1
    maximum = batch.maximum or 1
    maxima = {lesson.number: batch.lesson_maximum(lesson.number) for lesson in lessons}
    lesson_rows = [
        (f"{lesson.label} {lesson.title}",
         sum(g.lesson_points(lesson.number) == maxima[lesson.number] for g in grades) / count)
        for lesson in lessons
    ]  # fmt: skip
    unit_rows = [
        (f"{unit.key} {'(hidden) ' if unit.hidden else ''}{unit.title}",
         sum(r.unit.key == unit.key and r.awarded > 0 for g in grades for r in g.units) / count)
        for unit in batch.units
    ]  # fmt: skip
    problems = [g for g in grades if g.problem]
    mean = sum(g.total for g in grades) / count
    return "".join([
        f"<!doctype html><meta charset='utf-8'><title>Class summary</title><style>{STYLE}</style>",
        f"<h1>Class summary</h1><p>{len(grades)} submissions, mean {mean:.1f} / {maximum} ",
        f"points, backend {escape(batch.settings.backend)}.</p>",
        "<h2>Score distribution</h2>", histogram([g.total / maximum for g in grades]),
        "<h2>Lessons: share of students with every point</h2>", rate_bars(lesson_rows),
        "<h2>Steps: share of students who passed</h2>", rate_bars(unit_rows),
        _problem_table(problems, scrub),
    ])  # fmt: skip


def _problem_table(problems, scrub: Callable[[str], str]) -> str:
    if not problems:
        return "<p>Every submission was graded in full, and every app loads.</p>"
    rows = "".join(
        f"<tr><td>{escape(g.student)}</td><td class='bad'>{escape(scrub(g.problem))}</td></tr>"
        for g in problems
    )
    return f"<h2>To look at</h2><table><tr><th>Student</th><th>Why</th></tr>{rows}</table>"


def write_html(batch: Batch, path: Path, scrub: Callable[[str], str]) -> None:
    path.write_text(render(batch, scrub), encoding="utf-8")
