"""`watch`: re-check the current lesson whenever a file of the app changes.

The loop is split into an "on change" and an "on key" step so that a test can
drive it without a terminal.
"""

import time
from datetime import datetime

from rich.console import Console
from rich.markup import escape

from course import report
from course.check import Check, check_up_to, remember
from course.errors import CourseError
from course.hints import current_lesson, first_unpassed_step, reveal_next_hint
from course.keys import KeyReader
from course.lessons import Lesson
from course.progress_summary import finished_lessons, summarise
from course.project import Project
from course.results import LessonResult
from course.scaffold import not_started, start_first
from course.theme import STYLE, bar, mark
from course.watch_files import PendingChanges, start_watching

TICK_S = 0.05  # how often the loop looks for keys and settled changes
KEYS_HELP = "h hint · n next lesson · l list · q quit"


class WatchSession:
    """What `watch` shows: one lesson's latest result, and what the keys do."""

    def __init__(self, project: Project, lesson: Lesson, backend: str, out: Console, keys: bool):
        self.project, self.lesson, self.backend, self.out = project, lesson, backend, out
        self.keys = keys
        self.result: LessonResult | None = None

    def on_change(self, changed: list[str]) -> LessonResult | None:
        """Check the lesson again and redraw the screen; return the lesson's result."""
        started = time.monotonic()
        self.out.clear()
        self.out.print(
            f"[{STYLE['heading']}]Watching {self.project.app.name}/ · lesson "
            f"{self.lesson.label} · {escape(self.lesson.title)}[/]\n"
        )
        try:
            check = check_up_to(self.project.course, self.lesson, self.project.root, self.backend)
        except CourseError as error:
            self.out.print(f"{mark('failed')} {escape(str(error))}")
            self.result = None
        else:
            self._show(check)
        self._footer(changed, time.monotonic() - started)
        return self.result

    def _show(self, check: Check) -> None:
        """Draw the lesson's result and remember it."""
        finished = finished_lessons(self.project.course, self.project.progress)
        advice = start_first(self.project, self.lesson)  # start N not run yet
        # As with `check`: a lesson whose files are not in the app is not tried (solution locked).
        remember(self.project.progress, check, None if advice else self.lesson)
        self.result = check.of(self.lesson)
        if check.run.app_error():
            report.render_app_error(self.out, check.run.app_error())
            return
        report.render_check(self.out, self.result, check.results[:-1], finished)
        if advice:
            self.out.print(f"\n{advice}", markup=False)

    def _footer(self, changed: list[str], seconds: float) -> None:
        cause = f"after {', '.join(changed)} changed" if changed else "(first check)"
        self.out.print(
            f"\n[{STYLE['muted']}]Checked at {datetime.now():%H:%M:%S} {escape(cause)} "
            f"in {seconds:.1f} s. Save a file to check again."
            + (f"  Keys: {KEYS_HELP}" if self.keys else "  Ctrl+C stops.")
            + "[/]"
        )

    def on_key(self, key: str) -> bool:
        """Act on a key; False means stop watching."""
        actions = {"h": self.show_hint, "n": self.next_lesson, "l": self.show_list}
        if key == "q":
            return False
        if key in actions:
            actions[key]()
        return True

    def show_hint(self) -> None:
        """The next hint for the first step that does not pass."""
        failing = [s.step for s in self.result.steps if not s.passed] if self.result else []
        step = failing[0] if failing else first_unpassed_step(self.lesson, self.project.progress)
        if step is None:
            self.out.print(f"\n{mark('passed')} Every step of this lesson passes: press n.")
            return
        view = reveal_next_hint(self.lesson, step, self.project.progress)
        self.out.print(
            f"\n[{STYLE['hint']}]Hint {view.shown} of {len(step.hints)} for step {step.number} "
            f"({escape(step.title)}):[/] {escape(step.hints[view.shown - 1])}"
        )

    def next_lesson(self) -> None:
        """Move on to the next lesson and check it."""
        lessons = self.project.course.lessons
        later = [lesson for lesson in lessons if lesson.number > self.lesson.number]
        if not later:
            self.out.print(f"\n{mark('passed')} Lesson {self.lesson.label} is the last lesson.")
            return
        reason = not_started(self.project, later[0])
        if reason:
            # Checking a lesson counts as trying it, which unlocks its solution: only a
            # lesson whose files the student has is worth checking.
            self.out.print(
                f"\n[{STYLE['hint']}]Lesson {later[0].label} is not started ({escape(reason)}). "
                f"Run `python -m course start {later[0].number}` first, then press n again.[/]"
            )
            return
        self.lesson = later[0]
        self.on_change([])

    def show_list(self) -> None:
        """Every lesson with the steps passed at the last check."""
        self.out.print()
        for summary in summarise(self.project.course, self.project.progress):
            total = len(summary.steps)
            here = "→" if summary.lesson.number == self.lesson.number else " "
            self.out.print(
                f"{here} {summary.lesson.label} {bar(summary.passed, total, width=12)} "
                f"{summary.passed}/{total}  {escape(summary.lesson.title)}"
            )


def run_loop(session: WatchSession, changes: PendingChanges, keys: KeyReader) -> None:
    """Check once, then again after every settled change, until q is pressed."""
    session.on_change([])
    while True:
        key = keys.read(TICK_S)
        if key and not session.on_key(key):
            return
        changed = changes.settled()
        if changed:
            session.on_change(changed)


def watch(project: Project, lesson: Lesson | None, backend: str, poll: bool, out: Console) -> None:
    """Watch the app until q or Ctrl+C."""
    project.require_app()
    chosen = lesson or current_lesson(project.course, project.progress)
    changes = PendingChanges()
    stop = start_watching(project.app, changes, poll, out)
    try:
        with KeyReader() as keys:
            run_loop(WatchSession(project, chosen, backend, out, keys.active), changes, keys)
    except KeyboardInterrupt:
        pass  # Ctrl+C is how a watch without keys ends
    finally:
        stop()
    out.print("Stopped watching.")
