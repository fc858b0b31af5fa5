"""Check the course's invariants (KIT.md) for every lesson, on each database backend.

1. state(N) passes the tests of lessons 00..N.
2. state(N-1) + scaffold(N) passes lessons 00..N-1 and fails every step of lesson N.
3. Every test belongs to a step, every step has a test and a hint.
"""

import filecmp
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from course.compose import compose_lesson_start, compose_state, overlay_files
from course.lessons import Course, Lesson, metadata_problems
from course.paths import APP_PACKAGE
from course.results import group_by_lesson
from course.runner import run_tests

BACKENDS = ("mock", "wire")
TODO_MARKER = re.compile(r"TODO \(lesson (\d{2}), step \d+\)")


@dataclass
class Verdict:
    lesson: Lesson
    # One entry per check name ("solution mock", "start wire", ...): the problems found.
    checks: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(self.checks.values())


def verify_course(
    course: Course, backends: tuple[str, ...] = BACKENDS, jobs: int | None = None
) -> list[Verdict]:
    """Verify every lesson; the checks run in parallel, each in its own pytest process."""
    verdicts = {lesson.number: Verdict(lesson) for lesson in course.lessons}
    for lesson in course.lessons:
        verdicts[lesson.number].checks["metadata"] = metadata_problems(lesson)
    verdicts[0].checks["starter"] = starter_problems(course)
    tasks = [
        (kind, lesson, backend)
        for lesson in course.lessons
        for backend in backends
        for kind in (("solution", "start") if lesson.number else ("solution",))
    ]
    with _wire_server(backends) as env, ThreadPoolExecutor(jobs or os.cpu_count() or 2) as pool:
        outcomes = pool.map(lambda task: (task, _run_task(course, *task, env)), tasks)
        for (kind, lesson, backend), problems in outcomes:
            verdicts[lesson.number].checks[f"{kind} {backend}"] = problems
    return list(verdicts.values())


def starter_problems(course: Course) -> list[str]:
    """starter_app/ must match lesson 00's files, the pristine start every state builds on."""
    pristine = course.get(0).solution_dir
    problems = []
    for relative in overlay_files(pristine):
        working = course.root / relative
        if not working.is_file() or not filecmp.cmp(pristine / relative, working, shallow=False):
            problems.append(f"{relative} differs from {pristine.name}/{relative}")
    return problems


def _run_task(course: Course, kind: str, lesson: Lesson, backend: str, env: dict) -> list[str]:
    with tempfile.TemporaryDirectory(prefix=f"course-{kind}-{lesson.label}-") as folder:
        target = Path(folder)
        if kind == "solution":
            compose_state(course, lesson.number, target)
        else:
            compose_lesson_start(course, lesson, target)
        if not (target / APP_PACKAGE / "__init__.py").is_file():
            return [f"the composed app has no {APP_PACKAGE}/__init__.py"]
        leftovers = leftover_todos(target, lesson.number) if kind == "solution" else []
        run = run_tests(course.up_to(lesson.number), target, backend, env=env)
    if run.problem:
        return [*leftovers, run.problem]
    results = group_by_lesson(course.up_to(lesson.number), run)
    if kind == "solution":
        return leftovers + _solution_problems(results, backend)
    return _start_problems(results[:-1], results[-1])


def leftover_todos(app_folder: Path, number: int) -> list[str]:
    """TODO markers of lessons up to `number` that are still in state(number)."""
    found = []
    for path in sorted(app_folder.rglob("*")):
        if not path.is_file() or path.suffix not in {".py", ".html", ".css", ".js"}:
            continue
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            marker = TODO_MARKER.search(line)
            if marker and int(marker.group(1)) <= number:
                where = path.relative_to(app_folder).as_posix()
                found.append(f"{where}:{line_number} still has '{marker.group(0)}'")
    return found


def _solution_problems(results, backend: str) -> list[str]:
    problems = []
    for result in results:
        for test in result.unassigned:
            problems.append(f"lesson {result.lesson.label}: {test.name} belongs to no step")
        for step in result.steps:
            for test in step.tests:
                allowed_skip = test.outcome == "skipped" and backend == "mock"
                if not (test.passed or allowed_skip):
                    problems.append(
                        f"lesson {result.lesson.label} {test.nodeid.split('::')[-1]}: "
                        f"{test.outcome}: {test.message}"
                    )
            if not step.tests:
                problems.append(
                    f"lesson {result.lesson.label} step {step.step.number}: no test ran"
                )
    return problems


def _start_problems(earlier, current) -> list[str]:
    problems = [
        f"lesson {result.lesson.label} step {step.step.number} fails at the start of "
        f"lesson {current.lesson.label}: {_first_reason(step)}"
        for result in earlier
        for step in result.steps
        if step.status not in ("passed", "skipped")
    ]
    problems += [
        f"step {step.step.number} ({step.step.title}) already passes before the student starts it"
        for step in current.steps
        if not step.failures
    ]
    return problems


def _first_reason(step) -> str:
    return step.failures[0].message if step.failures else step.status


@contextmanager
def _wire_server(backends: tuple[str, ...]):
    """One embedded server shared by every wire run (each test uses its own database)."""
    if "wire" not in backends or os.environ.get("TEST_MONGO_URI"):
        yield {}
        return
    from secantus import SecantusDBServer

    server = SecantusDBServer(host="127.0.0.1", port=0, storage_path=":memory:")
    server.start()
    try:
        yield {"TEST_MONGO_URI": server.uri}
    finally:
        server.stop()
