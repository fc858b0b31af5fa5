"""Render results for the terminal (rich) and as JSON. Results are data; this only shows them."""

from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from course.catch_up import catch_up_offer
from course.check import RESTORE_TESTS
from course.lessons import Lesson
from course.progress_summary import LessonSummary
from course.results import LessonResult, StepResult
from course.theme import STYLE, bar, mark


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def render_check(
    out: Console, focus: LessonResult, earlier: list[LessonResult], finished: set[str]
) -> None:
    """One lesson step by step, with the failures explained, then earlier lessons in a line
    (`finished`: the labels of the lessons that passed in full at an earlier check)."""
    lesson = focus.lesson
    out.print(f"[{STYLE['heading']}]Lesson {lesson.label} · {escape(lesson.title)}[/]")
    for step in focus.steps:
        _render_step(out, step, lesson)
    for test in focus.unassigned:
        out.print(f"  {mark('missing')} {escape(test.name)} belongs to no step of this lesson")
    total = len(focus.steps)
    out.print(f"\n  {bar(focus.steps_passed, total)}  {focus.steps_passed}/{total} steps")
    _render_earlier(out, focus, earlier, finished)
    _render_next_move(out, focus)


def _render_step(out: Console, result: StepResult, lesson: Lesson) -> None:
    step = result.step
    out.print(f"  {mark(result.status)} Step {step.number}  {escape(step.title)}")
    # A parametrized test fails once per input: show the first, count the others.
    by_test: dict[str, list] = {}
    for test in result.failures:
        by_test.setdefault(test.name, []).append(test)
    for failures in by_test.values():
        first, more = failures[0], len(failures) - 1
        out.print(f"      {mark(first.outcome)} {escape(first.description)}")
        note = f" (and {more} more input{'s' if more > 1 else ''} like this)" if more else ""
        _detail(out, first.message + note)
    if result.status == "skipped":
        _detail(out, f"skipped: {result.tests[0].message}")
    if result.status == "missing":  # its tests were not found: renamed or deleted
        folder = lesson.tests_dir.relative_to(lesson.root)
        names = ", ".join(step.tests)
        _detail(out, f"no test of this step ran: {folder}/ does not hold its tests ({names}). "
                     f"If files in tests/ were changed or deleted, {RESTORE_TESTS}")  # fmt: skip


def _detail(out: Console, text: str) -> None:
    """An explanation under a test, indented on every wrapped line."""
    out.print(Padding(Text(text, style=STYLE["muted"]), (0, 0, 0, 8), expand=False))


def _render_earlier(
    out: Console, focus: LessonResult, earlier: list[LessonResult], finished: set[str]
) -> None:
    if not earlier:
        return
    broken = [result for result in earlier if not result.complete]
    if not broken:
        labels = ", ".join(result.lesson.label for result in earlier)
        out.print(f"  {mark('passed')} Earlier lessons still pass ({labels})")
        return
    for result in broken:
        out.print(f"  {mark('failed')} {_earlier_state(result, finished, focus.lesson.number)}")


def _earlier_state(result: LessonResult, finished: set[str], focus: int) -> str:
    """Why an earlier lesson fails, in words that fit its history: a lesson that never
    passed did not break, it is still to do."""
    lesson = result.lesson
    steps = ", ".join(str(s.step.number) for s in result.steps if s.status == "failed")
    see = f"`python -m course check {lesson.number}`"
    if lesson.label in finished:
        return f"Lesson {lesson.label} no longer passes (step {steps}): run {see} to see why"
    offer = catch_up_offer(lesson.root, focus)
    to_do = (
        f"Lesson {lesson.label} is not finished yet (step {steps} to do): {see} shows what it asks"
    )
    return f"{to_do}, or {offer}" if offer else to_do


def _render_next_move(out: Console, focus: LessonResult) -> None:
    lesson = focus.lesson
    first_failing = next((s for s in focus.steps if s.status == "failed"), None)
    if first_failing:
        out.print(
            f"\n  Stuck on step {first_failing.step.number}? "
            f"[{STYLE['hint']}]python -m course hint {lesson.number} {first_failing.step.number}[/]"
        )
    elif focus.complete:
        out.print(f"\n  [{STYLE['passed']}]Lesson {lesson.label} is done. Well done![/]")


def render_app_error(out: Console, message: str) -> None:
    out.print(f"{mark('failed')} Your app could not be loaded, so no test could run:")
    out.print(f"  {escape(message)}")
    out.print("  Until it loads again, your progress is kept as it was.")


def render_status(out: Console, results: list[LessonResult], saved: list[LessonSummary]) -> None:
    """Every lesson with its steps passed, a progress bar, when it was finished and the
    hints used (`saved`: the progress file, already updated with these results)."""
    table = Table(title="Your progress", title_justify="left", show_edge=False)
    table.add_column("Lesson")
    table.add_column("Title")
    table.add_column("Steps", justify="right")
    table.add_column("Progress")
    table.add_column("Finished")
    table.add_column("Hints", justify="right")
    history = {summary.lesson.label: summary for summary in saved}
    for result in results:
        total = len(result.steps)
        status = "passed" if result.complete else ("failed" if result.steps_passed else "missing")
        summary = history.get(result.lesson.label)
        table.add_row(
            f"{mark(status)} {result.lesson.label}",
            escape(result.lesson.title),
            f"{result.steps_passed}/{total}",
            bar(result.steps_passed, total, width=16),
            local_date(summary.finished_at) if result.complete and summary else "",
            str(summary.hints_used if summary else 0),
        )
    out.print(table)
    done = sum(r.steps_passed for r in results)
    total = sum(len(r.steps) for r in results)
    out.print(f"\n  Course: {bar(done, total)}  {done}/{total} steps")


def local_date(stamp: str | None) -> str:
    """An ISO 8601 time as a local date; '' when there is none or it cannot be read."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d") if stamp else ""
    except ValueError:  # a progress file edited by hand
        return ""


def check_as_json(focus: LessonResult, earlier: list[LessonResult]) -> dict:
    return {"lesson": _lesson_data(focus), "earlier": [_lesson_data(r) for r in earlier]}


def _lesson_data(result: LessonResult) -> dict:
    return {
        "lesson": result.lesson.number,
        "title": result.lesson.title,
        "complete": result.complete,
        "steps": [
            {
                "step": step.step.number,
                "title": step.step.title,
                "status": step.status,
                "tests": [vars(test) for test in step.tests],
            }
            for step in result.steps
        ],
    }


def render_verify(out: Console, verdicts) -> None:
    """A table of every lesson's invariants, then the problems found, in words."""
    names = sorted({name for v in verdicts for name in v.checks}, key=_check_order)
    table = Table(title="Course verification", title_justify="left", show_edge=False)
    table.add_column("Lesson", no_wrap=True)
    for name in names:
        table.add_column(name.replace(" ", "\n"), justify="center")
    for verdict in verdicts:
        cells = [
            mark("failed" if verdict.checks[name] else "passed")
            if name in verdict.checks
            else "n/a"
            for name in names
        ]
        table.add_row(verdict.lesson.label, *cells)
    out.print(table)
    for verdict in verdicts:
        for name, problems in verdict.checks.items():
            for problem in problems:
                out.print(
                    f"{mark('failed')} lesson {verdict.lesson.label}, {name}: {escape(problem)}"
                )
    bad = sum(not v.ok for v in verdicts)
    summary = "every lesson is consistent" if not bad else f"{bad} lesson(s) have problems"
    out.print(f"\n{mark('failed' if bad else 'passed')} {summary}")


def _check_order(name: str) -> tuple:
    order = ["metadata", "starter", "solution mock", "solution wire", "start mock", "start wire"]
    return (order.index(name) if name in order else len(order), name)
