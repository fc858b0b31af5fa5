"""Grade a batch: prepare each submission, run it under limits in parallel, score it."""

import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from course.grading.collect import (
    check_every_hidden_entry_has_a_test,
    check_every_test_scores,
    mark_hidden,
)
from course.grading.entries import expand, student_ids
from course.grading.forkserver import ForkServer
from course.grading.hidden import load_hidden
from course.grading.leftovers import stopped_at_the_end
from course.grading.sandbox import Limits
from course.grading.score import StudentGrade, not_graded, score
from course.grading.submissions import prepare
from course.grading.tree import HIDDEN, TestTree, build_tree, hidden_sources, visible_sources
from course.grading.units import Unit, units_of
from course.lessons import Lesson
from course.runner import results_of

# Defaults for grading: a submission's whole run, one test, and its memory.
GRADE_LIMITS = Limits(wall_s=300, test_s=10, memory_mb=2048)
# One submission per core: a submission's time is nearly all CPU now that the runs of the
# student's own tests are forked and lesson 12's server no longer idles, and a third one at
# once was no faster. Measured on 2 cores, the bench's mix of 20 submissions: 44.6 and
# 45.5 s with 2 at once (82.5 and 85.4 s of CPU), 45.9 and 41.9 s with 3 (86.8 and 79.5 s).
DEFAULT_JOBS = os.cpu_count() or 1
# The wire backend's tests wait: on the embedded database server (a thread of the test
# process) and on a database that is down on purpose (pymongo looks for it every half
# second). Two submissions per core keep the cores busy. 8 finished submissions on 2
# cores: 129.4 and 120.7 s with 2 at once, 90.1 and 87.7 s with 4, 85.6 and 89.6 s with 6.
WIRE_JOBS_PER_CORE = 2
GRADER_FAILED = "The grader could not start the tests for this submission: grade it again"
# An ObjectId is new on every run, and tests print the ids of the books they add: grading
# the same work twice must say the same, so each one is written <id>, as routes write it.
OBJECT_ID = re.compile(r"\b[0-9a-fA-F]{24}\b")


def default_jobs(backend: str) -> int:
    """How many submissions are graded at once unless --jobs says: one per core, two on
    the wire backend."""
    return DEFAULT_JOBS * (WIRE_JOBS_PER_CORE if backend == "wire" else 1)


@dataclass(frozen=True)
class GradeSettings:
    lessons: list[Lesson]
    hidden_dir: Path | None = None
    backend: str = "mock"
    jobs: int | None = None  # None: default_jobs(backend)
    limits: Limits = GRADE_LIMITS

    @property
    def at_once(self) -> int:
        """Submissions graded at once: --jobs, else the backend's default."""
        return self.jobs or default_jobs(self.backend)


@dataclass
class Batch:
    settings: GradeSettings
    units: list[Unit]
    grades: list[StudentGrade]
    hidden_sources: list[str]
    visible_sources: list[str] = field(default_factory=list)  # what students have

    @property
    def maximum(self) -> int:
        """Every point there is: the steps' and the hidden tests'."""
        return sum(unit.points for unit in self.units)

    def lesson_maximum(self, lesson: int) -> int:
        """A lesson's maximum: its steps' points and its hidden tests' (lesson.points has only
        the steps)."""
        return sum(unit.points for unit in self.units if unit.lesson == lesson)

    def lesson_hidden_points(self, lesson: int) -> int:
        return sum(unit.points for unit in self.units if unit.lesson == lesson and unit.hidden)


def grade(
    sources: list[Path],
    settings: GradeSettings,
    progress: Callable[[StudentGrade, int, int], None] = lambda grade, done, total: None,
    out: Path | None = None,
) -> Batch:
    """Grade every submission; a broken one becomes a row with 0 and a reason.

    `progress` hears of each one as it ends, with how many have ended and how many there are.
    `out`, the results folder, is never graded when it sits among the submissions.
    """
    hidden, hidden_files = load_hidden(settings.hidden_dir)
    tree = build_tree(settings.lessons, hidden_files)
    units = units_of(settings.lessons, hidden)
    paths = expand(sources, out)
    with stopped_at_the_end(), tempfile.TemporaryDirectory(prefix="course-grade-") as scratch:
        server = _start_server(Path(scratch), tree, settings)
        try:
            expected = mark_hidden(server.expected)
            check_every_test_scores(expected, units)
            check_every_hidden_entry_has_a_test(expected, units)

            ended = itertools.count(1)  # next() is atomic: the jobs run in threads

            def one(job: tuple[Path, str]) -> StudentGrade:
                result = _grade_one(*job, Path(scratch), server, units, expected, settings)
                progress(result, next(ended), len(paths))
                return result

            with ThreadPoolExecutor(max(1, settings.at_once)) as pool:
                grades = list(pool.map(one, zip(paths, student_ids(paths), strict=True)))
        finally:
            server.close()
    return Batch(settings, units, grades, hidden_sources(tree), visible_sources(tree))


def steady(message: str) -> str:
    """The message with every ObjectId in it written <id>: /books/<id> answered 404."""
    return OBJECT_ID.sub("<id>", message)


def _start_server(scratch: Path, tree: TestTree, settings: GradeSettings) -> ForkServer:
    """Collect the tests in the fork server (no app code runs there)."""
    home = scratch / "server"
    home.mkdir()
    forget = HIDDEN if tree.has_hidden else ""  # deleted once collected
    return ForkServer(lambda: tree.write(scratch / "tree"), list(tree.test_dirs),
                      settings.backend, settings.limits, home, forget)  # fmt: skip


def _grade_one(source, student, scratch, server: ForkServer, units, expected, settings):
    folder = Path(tempfile.mkdtemp(prefix=f"{student[:20]}-", dir=scratch))
    try:
        submission = prepare(source, student, folder / "app")
        if submission.problem:
            return not_graded(student, str(source), units, submission.problem)
        home = folder / "home"
        home.mkdir()
        try:
            outcome = server.run(submission.app_dir, home, settings.limits)
        except OSError as error:  # the fork server is gone, and a new one failed too
            # This row says so and the batch goes on: the next job starts a server again.
            why = error.strerror or str(error)
            return not_graded(student, str(source), units, f"{GRADER_FAILED} ({why}).")
        run = results_of(outcome, expected)
        hidden = {t["nodeid"] for t in expected if t["hidden"]}
        tests = [replace(test, message=steady(test.message)) for test in run.tests]
        result = score(student, str(source), units, tests, hidden)
        incomplete = f"Not fully graded: {run.incomplete}" if run.incomplete else ""
        # An app that does not even import scores 0 on every test: say why in its row.
        not_loading = f"The app does not load: {run.app_error()}" if run.app_error() else ""
        result.problem = steady(run.problem or incomplete or not_loading)
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)
