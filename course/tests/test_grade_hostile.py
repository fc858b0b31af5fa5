"""The grader against hostile submissions: no attack turns a failure into a pass, and one
broken submission never stops the batch. One batch grades them all (lessons 00-01)."""

import csv
import json
import os
import signal
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from course.compose import compose_lesson_start, compose_state
from course.grading.batch import Batch, GradeSettings
from course.grading.outputs.feedback import as_text
from course.grading.score import StudentGrade
from course.grading.view import scrubber_for
from course.lessons import Course
from course.tests.hostile import (
    CONFIG_FILES,
    HIDDEN_SECRETS,
    HIDDEN_TEST,
    HIDDEN_TOML,
    HOSTILE,
    LEFTOVER_MARK,
    READ_HIDDEN,
    grade_cli,
    zip_folder,
)  # fmt: skip

APP = "starter_app"
FULL, START = 15, 5  # lessons 00-01: a finished app, and the start of lesson 01
NO_ABOUT = FULL - 3  # a broken about page fails step 1 (2 points) and the links of step 5
VIEW_MARK = '    """What the site is."""\n'


def _inject(folder, where: str, code: str) -> None:
    if where == "import":
        init = folder / APP / "__init__.py"
        init.write_text(init.read_text() + "\n" + code)
    else:
        pages = folder / APP / "pages.py"
        body = "".join(f"    {line}\n" for line in code.splitlines())
        pages.write_text(pages.read_text().replace(VIEW_MARK, VIEW_MARK + body))


def _zip(folder, path, extra=()):
    zip_folder(folder / APP, path, f"{APP}/")
    with zipfile.ZipFile(path, "a") as bundle:
        for name, info in extra:
            bundle.writestr(info if isinstance(info, zipfile.ZipInfo) else name, name)


def build_class(root):
    """The batch: good submissions, hostile ones and broken ones, side by side."""
    course = Course()
    finished = compose_state(course, 1, root / "bases" / "finished")
    start = compose_lesson_start(course, course.get(1), root / "bases" / "start")
    bases = {"finished": finished, "start": start}
    submissions = root / "class"
    for name, base in (("good", finished), ("good-start", start)):
        _copy_tree(base, submissions / name)
    for name, (base, where, code) in HOSTILE.items():
        _copy_tree(bases[base], submissions / name)
        _inject(submissions / name, where, code)
    configs = submissions / "config-files"
    _copy_tree(start, configs)
    for relative, text in CONFIG_FILES.items():
        for place in (configs / relative, configs / APP / relative):
            place.parent.mkdir(parents=True, exist_ok=True)
            place.write_text(text)
    reader = submissions / "read-hidden"
    _copy_tree(finished, reader)
    _inject(reader, "import", READ_HIDDEN)
    _inject(reader, "view", "from . import LEAK\nraise RuntimeError(LEAK)")
    _zip(finished, submissions / "zipped.zip")
    (submissions / "not-a-zip.zip").write_text("this is not a zip")
    _zip(finished, submissions / "zip-slip.zip", [("../../outside.py", None)])
    link = zipfile.ZipInfo(f"{APP}/link.py")
    link.external_attr = 0o120777 << 16
    _zip(finished, submissions / "zip-link.zip", [("/etc/passwd", link)])
    (submissions / "no-app" / "src").mkdir(parents=True)
    hidden = root / "hidden"
    (hidden / "lesson01").mkdir(parents=True)
    (hidden / "lesson01" / "test_zebra_secret.py").write_text(HIDDEN_TEST)
    (hidden / "hidden.toml").write_text(HIDDEN_TOML)
    return submissions, hidden


def _copy_tree(source, destination):
    for path in sorted(source.rglob("*")):
        target = destination / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    submissions, hidden = build_class(root)
    out = root / "out"
    result = grade_cli(submissions, "--lessons", "0-1", "--tests", hidden, "--out", out,
                       "--timeout", "15", "--test-timeout", "3", "--jobs", "2")  # fmt: skip
    with (out / "gradebook.csv").open() as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    return result, out, rows


def total(rows, student) -> int:
    return int(rows[student]["total"])


def test_the_batch_finishes_and_says_some_submissions_were_not_graded_in_full(graded):
    result, _, rows = graded
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert len(rows) == len(HOSTILE) + 9


def test_good_submissions_beside_hostile_ones_are_graded_correctly(graded):
    _, _, rows = graded
    assert total(rows, "good") == FULL  # the hidden zebra check fails: no zebras
    assert total(rows, "zipped") == FULL
    assert total(rows, "good-start") == START
    assert rows["good"]["problem"] == rows["good-start"]["problem"] == ""


@pytest.mark.parametrize(
    "student", ["fake-pass-lines", "config-files", "hook-exitstatus", "patch-report",
                "patch-recorder", "break-the-grader", "fake-results", "fewer-tests"],
)  # fmt: skip
def test_no_attack_turns_a_failing_lesson_into_points(graded, student):
    _, _, rows = graded
    assert rows[student]["lesson01"] == "0", rows[student]


@pytest.mark.parametrize(
    ("student", "reason"),
    [("hook-exitstatus", "changed how the tests run"), ("patch-report", "TestReport"),
     ("patch-recorder", "changed how the tests run"), ("fake-results", "not signed"),
     ("fewer-tests", "never reported"), ("os-exit-import", "ended early"),
     ("loop-import", "time limit"), ("os-exit-view", "during test_about_page_answers"),
     ("break-the-grader", "with an error outside the test itself (ZeroDivisionError: division "
      "by zero, at starter_app/__init__.py line "),
     ("break-the-grader", "then the tests' machinery had changed (course.recorder.explain was "
      "replaced), so")],
)  # fmt: skip
def test_tampering_and_early_ends_score_0_with_a_reason(graded, student, reason):
    _, _, rows = graded
    assert reason in rows[student]["problem"], rows[student]


@pytest.mark.parametrize(
    ("student", "points"),
    [("sys-exit-import", 0), ("os-exit-import", 0), ("import-crash", 0), ("loop-import", 0),
     ("hook-exitstatus", 0), ("patch-report", 0), ("patch-recorder", 0),
     ("break-the-grader", START),
     ("sys-exit-view", NO_ABOUT), ("os-exit-view", START), ("loop-view", NO_ABOUT),
     ("skip-view", NO_ABOUT), ("unprintable-error", NO_ABOUT), ("surrogate-message", NO_ABOUT),
     ("escape-codes", 0), ("interrupt-view", NO_ABOUT), ("exit-view", NO_ABOUT),
     ("memory-bomb", NO_ABOUT), ("huge-output", FULL), ("fake-pass-lines", START),
     ("kill-server", FULL),
     ("config-files", START)],
)  # fmt: skip
def test_each_hostile_submission_gets_exactly_the_points_it_earned(graded, student, points):
    _, _, rows = graded
    assert total(rows, student) == points, rows[student]


@pytest.mark.parametrize(
    ("student", "reason"),
    [("not-a-zip", "not a readable zip"), ("zip-slip", "outside the archive"),
     ("zip-link", "symbolic link"), ("no-app", "No starter_app/__init__.py"),
     ("import-crash", "The app does not load: Importing your app failed with RuntimeError"),
     ("sys-exit-import", "The app does not load: Importing your app called sys.exit(0)"),
     ("syntax-error", "The app does not load: Python cannot read starter_app/__init__.py"),
     ("loop-at-import", "The app does not load: Importing your app did not finish in time")],
)  # fmt: skip
def test_a_broken_submission_is_a_row_with_0_and_a_reason(graded, student, reason):
    _, _, rows = graded
    assert total(rows, student) == 0 and reason in rows[student]["problem"]


@pytest.mark.parametrize(
    ("student", "shown"),
    [("unprintable-error", "Your app raised Unprintable: its message cannot be shown, because "
      "its __str__ method raised RuntimeError (starter_app/pages.py, line "),
     ("surrogate-message", "Your app raised RuntimeError: half a pair: \ufffd (starter_app"),
     ("interrupt-view", "Your app raised KeyboardInterrupt (starter_app/pages.py, line "),
     ("exit-view", "Your app called pytest.exit() (starter_app/pages.py, line ")],
)  # fmt: skip
def test_an_odd_error_of_the_app_fails_only_its_tests_and_is_named(graded, student, shown):
    """Reporting it once crashed the run (or the batch's files): every later test was lost."""
    _, out, rows = graded
    assert rows[student]["problem"] == "", rows[student]
    feedback = (out / "students" / student / "feedback.md").read_text()
    assert shown in feedback, feedback


def test_control_characters_from_the_app_are_shown_written_out(graded):
    result, out, rows = graded
    shown = "Importing your app failed with RuntimeError: \\x1b]0;owned\\x07\\x1b[2J cleared"
    assert shown in rows["escape-codes"]["problem"], rows["escape-codes"]
    assert shown in result.stdout
    assert "\x1b" not in result.stdout + result.stderr
    feedback = (out / "students" / "escape-codes" / "feedback.md").read_text()
    assert shown in feedback and "\x1b" not in feedback, feedback
    ElementTree.parse(out / "students" / "escape-codes" / "junit.xml")  # XML 1.0 forbids them


def test_a_test_the_app_skips_fails_and_says_why(graded):
    _, out, _ = graded
    feedback = (out / "students" / "skip-view" / "feedback.md").read_text()
    assert "skipped from inside the app" in feedback, feedback
    assert "real MongoDB server" not in feedback, feedback


def _processes_marked(mark: str) -> list[int]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if mark.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            pass  # ended while we looked
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the grader adopts on Linux")
def test_a_process_the_app_starts_in_a_session_of_its_own_is_gone_after_the_batch(graded):
    """Killing a submission's process group misses such a process; the batch stops it too."""
    _, _, rows = graded
    assert total(rows, "leave-a-process") == FULL, rows["leave-a-process"]
    left = _processes_marked(LEFTOVER_MARK)
    for pid in left:  # do not leave them behind either
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running after the batch: {left}"


def test_an_endless_loop_in_a_view_is_stopped_by_the_per_test_timeout(graded):
    _, out, _ = graded
    feedback = (out / "students" / "loop-view" / "feedback.md").read_text()
    assert "took too long and was stopped (starter_app/pages.py, line" in feedback, feedback


def test_feedback_explains_an_early_exit(graded):
    _, out, _ = graded
    feedback = (out / "students" / "os-exit-import" / "feedback.md").read_text()
    assert "ended early" in feedback and "os._exit()" in feedback


STUDENT_FILES = ("feedback.md", "junit.xml", "gradescope.json", "classroom.json")


def test_hidden_tests_never_reach_student_facing_files(graded):
    _, out, rows = graded
    for student in rows:
        for name in STUDENT_FILES:
            text = (out / "students" / student / name).read_text()
            leaked = [secret for secret in HIDDEN_SECRETS if secret in text]
            assert not leaked, f"{student}/{name} shows {leaked}"
    feedback = (out / "students" / "read-hidden" / "feedback.md").read_text()
    assert "The about page describes the catalogue" in feedback
    assert "[hidden]" in feedback  # what the app echoed was scrubbed, not dropped


def test_hiding_hidden_tests_leaves_the_course_texts_as_written(graded):
    """The hidden test asks for /about with a helper named `about`: the visible tests'
    descriptions, the step titles, the hints and its own description keep those words."""
    _, out, _ = graded
    feedback = (out / "students" / "good-start" / "feedback.md").read_text()
    lesson = Course().get(1)
    data = json.loads((out / "results.json").read_text())
    tests = next(s for s in data["students"] if s["student"] == "good-start")["tests"]
    failed = [t for t in tests if t["lesson"] == 1 and t["outcome"] == "failed"]
    descriptions = {t["description"] for t in failed if not t["hidden"]}
    expected = [step.title for step in lesson.steps] + [step.hints[0] for step in lesson.steps]
    expected += [*descriptions, "The about page describes the catalogue"]
    assert [text for text in expected if as_text(text) not in feedback] == [], feedback
    assert "[hidden]" not in feedback


def test_the_instructor_sees_hidden_tests_by_name(graded):
    _, out, _ = graded
    data = json.loads((out / "results.json").read_text())
    good = next(s for s in data["students"] if s["student"] == "good")
    assert any(t["name"] == HIDDEN_SECRETS[0] and t["hidden"] for t in good["tests"])


HIDDEN_SOURCE = """
def book(db):
    return insert_books(db, make_book("Kappa Secret Volume"))[0]


def test_bad_book_id_is_a_404(client, db):
    book(db)
    response = client.get("/books/zzz")
    assert response.status_code == 404, "QX-77: a bad book id must be a 404"
"""
VISIBLE_SOURCE = '''
def test_book_page_shows_the_book(client, db):
    """GET /books/<id> shows the book"""
    (book_id,) = insert_books(db, make_book("The Lantern Keeper"))
'''


@pytest.mark.parametrize(
    ("message", "shown"),
    [("GET /books/<id> shows the book: url_for('books.show_book', book_id=book._id)",
      "GET /books/<id> shows the book: url_for('books.show_book', book_id=book._id)"),
     ("Kappa Secret Volume | test_bad_book_id_is_a_404 | QX-77: a bad book id must be a 404",
      "[hidden] | [hidden] | [hidden]"),
     ("test_hidden_books.py failed: response = client.get(\"/books/zzz\")",
      "[hidden] failed: [hidden]")],
)  # fmt: skip
def test_scrubbing_hides_only_what_students_cannot_read_elsewhere(message, shown):
    """The hidden helper `book` is a word of the course: it stays, in `books` and alone."""
    from course.runner import TestResult

    nodeid = "tests/hidden/lesson04/test_hidden_books.py::test_bad_book_id_is_a_404"
    test = TestResult(nodeid, 4, "test_bad_book_id_is_a_404", "", "failed")
    grade = StudentGrade("ada", "ada", [], [test], {nodeid})
    batch = Batch(GradeSettings(lessons=[]), [], [grade], [HIDDEN_SOURCE], [VISIBLE_SOURCE])
    assert scrubber_for(batch)(message) == shown


def test_a_grader_that_cannot_reach_its_test_process_loses_one_row_not_the_batch(
    tmp_path, monkeypatch
):
    """A fork server that cannot be restarted raised out of the batch (and click turned
    that broken pipe into a silent exit 1, with no files)."""
    from course.grading import batch
    from course.grading.forkserver import ForkServer

    course = Course()
    for name in ("ada", "bob"):
        compose_state(course, 1, tmp_path / "class" / name)
    real_run = ForkServer.run

    def run(self, target, home, limits):
        if "bob" in str(home):
            raise BrokenPipeError(32, "Broken pipe")
        return real_run(self, target, home, limits)

    monkeypatch.setattr(ForkServer, "run", run)
    settings = GradeSettings(lessons=course.up_to(1))
    graded = batch.grade([tmp_path / "class"], settings)
    rows = {grade.student: grade for grade in graded.grades}
    assert rows["ada"].total == FULL and not rows["ada"].problem, rows["ada"].problem
    assert rows["bob"].total == 0
    assert rows["bob"].problem == f"{batch.GRADER_FAILED} (Broken pipe).", rows["bob"].problem
