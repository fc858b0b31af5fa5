"""`status --html PATH`: a self-contained one-page progress report (inline CSS, no network)."""

import os
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from course.lessons import Course
from course.progress import Progress
from course.progress_summary import LessonSummary, StepSummary, summarise
from course.theme import HTML_COLOUR, SYMBOL

STATUS_WORDS = {"passed": "passed", "failed": "not yet", "missing": "not checked yet"}
CSS = """
body {{ font: 15px/1.5 system-ui, sans-serif; color: {text}; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; }}
h1 {{ margin-bottom: .2rem; }} h2 {{ margin: 1.8rem 0 .3rem; font-size: 1.15rem; }}
.muted {{ color: {muted}; }}
.bar {{ background: {track}; border-radius: 4px; height: .7rem; overflow: hidden; }}
.bar span {{ display: block; height: 100%; background: {bar}; }}
table {{ border-collapse: collapse; width: 100%; margin-top: .5rem; }}
th, td {{ text-align: left; padding: .25rem .5rem; border-bottom: 1px solid {track}; }}
.passed {{ color: {passed}; }} .failed {{ color: {failed}; }} .missing {{ color: {missing}; }}
""".format(**HTML_COLOUR)


def render_report(course: Course, progress: Progress) -> str:
    """The whole page as one string."""
    lessons = summarise(course, progress)
    done = sum(lesson.passed for lesson in lessons)
    total = sum(len(lesson.steps) for lesson in lessons)
    written = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = "\n".join(_lesson(lesson) for lesson in lessons)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Course progress</title><style>{CSS}</style></head>
<body><h1>Course progress</h1>
<p class="muted">{done} of {total} steps passed · written {written}</p>
{_bar(done, total)}
{body}
</body></html>
"""


def _lesson(summary: LessonSummary) -> str:
    rows = "\n".join(_step(step) for step in summary.steps)
    checked = _date(summary.checked_at) or "never"
    return f"""<section><h2>Lesson {summary.lesson.label} · {escape(summary.lesson.title)}</h2>
<p class="muted">{summary.passed} of {len(summary.steps)} steps passed · last checked {checked}</p>
{_bar(summary.passed, len(summary.steps))}
<table><tr><th>Step</th><th>What</th><th>Status</th><th>First passed</th><th>Hints used</th></tr>
{rows}
</table></section>"""


def _step(step: StepSummary) -> str:
    status = f"{SYMBOL[step.status]} {STATUS_WORDS[step.status]}"
    return (
        f'<tr><td>{step.number}</td><td>{escape(step.title)}</td><td class="{step.status}">'
        f"{status}</td><td>{_date(step.passed_at)}</td>"
        f"<td>{step.hints_used} of {step.hints_available}</td></tr>"
    )


def _bar(done: int, total: int) -> str:
    width = round(100 * done / total) if total else 0
    return f'<div class="bar" title="{done}/{total}"><span style="width:{width}%"></span></div>'


def _date(stamp: str | None) -> str:
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return escape(stamp)


def write_report(path: Path, course: Course, progress: Progress) -> Path:
    """Write the page atomically, so an interruption never leaves half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(render_report(course, progress), encoding="utf-8")
    os.replace(temporary, path)
    return path
