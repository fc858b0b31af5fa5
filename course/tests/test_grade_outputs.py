"""`course grade` outputs: the formats other tools read, determinism, and clear input errors."""

import base64
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from course.compose import compose_state
from course.lessons import Course
from course.paths import KIT_ROOT
from course.tests.hostile import grade_cli
from course.tests.pipes import into_a_closed_pipe

SCORE_FILES = ("gradebook.csv", "summary.html", "classroom.yml")
STUDENT_FILES = ("feedback.md", "junit.xml", "gradescope.json", "classroom.json",
                 "classroom-output.txt")  # fmt: skip
LAST_LESSON = Course().lessons[-1].number  # the course starts at lesson 0


@pytest.fixture(scope="module")
def two_gradings(tmp_path_factory):
    """The same small class graded twice: a finished app, a started one, a broken zip."""
    from course.compose import compose_lesson_start, compose_state
    from course.lessons import Course

    root = tmp_path_factory.mktemp("class")
    course = Course()
    compose_state(course, 1, root / "class" / "ada")
    compose_lesson_start(course, course.get(1), root / "class" / "grace")
    (root / "class" / "linus.zip").write_bytes(b"PK\x03\x04 broken")
    outs = [root / "first", root / "second"]
    results = [grade_cli(root / "class", "--lessons", "0-1", "--out", out) for out in outs]
    return results, outs


def test_grading_twice_gives_identical_score_files(two_gradings):
    _, (first, second) = two_gradings
    for name in SCORE_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    for student in ("ada", "grace", "linus"):
        for name in STUDENT_FILES:
            path = f"students/{student}/{name}"
            assert (first / path).read_bytes() == (second / path).read_bytes(), path


def test_results_json_differs_only_in_durations(two_gradings):
    _, outs = two_gradings
    first, second = (json.loads((out / "results.json").read_text()) for out in outs)
    for data in (first, second):
        for student in data["students"]:
            for test in student["tests"]:
                assert test.pop("duration") >= 0
    assert first == second


def test_the_gradebook_has_points_per_lesson_and_a_reason_for_broken_rows(two_gradings):
    (result, _), (out, _) = two_gradings
    assert result.returncode == 1  # linus.zip could not be graded
    lines = (out / "gradebook.csv").read_text().splitlines()
    assert lines[0] == "student,source,lesson00,lesson01,total,max,problem"
    assert lines[1] == "ada,ada,5,10,15,15,"
    assert lines[2] == "grace,grace,5,0,5,15,"
    assert lines[3].startswith("linus,linus.zip,0,0,0,15,linus.zip is not a readable zip file")


def test_gradebook_cells_from_students_are_never_formulas(tmp_path):
    """A zip named =SUM(1+2)*cmd.zip must not run in the instructor's spreadsheet."""
    from course.grading.batch import Batch, GradeSettings
    from course.grading.outputs.gradebook import write_csv
    from course.grading.score import not_graded

    name = "=SUM(1+2)*cmd.zip"
    grades = [not_graded("-x", name, [], f"{name} is not a readable zip file."),
              not_graded("@y", "+1", [], "\tz")]  # fmt: skip
    write_csv(Batch(GradeSettings(lessons=[]), [], grades, []), tmp_path / "gradebook.csv")
    with (tmp_path / "gradebook.csv").open(newline="") as file:
        rows = list(csv.reader(file))
    assert rows[1] == ["'-x", f"'{name}", "0", "0", f"'{name} is not a readable zip file."]
    assert rows[2] == ["'@y", "'+1", "0", "0", "'\tz"]


def test_gradescope_results_follow_its_format(two_gradings):
    _, (out, _) = two_gradings
    data = json.loads((out / "students" / "grace" / "gradescope.json").read_text())
    assert data["score"] == 5
    assert sum(test["max_score"] for test in data["tests"]) == 15
    assert {test["status"] for test in data["tests"]} == {"passed", "failed"}
    failed = next(test for test in data["tests"] if test["status"] == "failed")
    assert "GET /about answered with status 404" in failed["output"]


def test_classroom_output_is_what_the_reporter_reads(two_gradings):
    _, (out, _) = two_gradings
    line = (out / "students" / "ada" / "classroom-output.txt").read_text().strip()
    runner, _, encoded = line.partition("=")
    data = json.loads(base64.b64decode(encoded))
    assert runner == "grader" and data["status"] == "pass"
    assert sum(test["score"] for test in data["tests"]) == data["max_score"] == 15
    workflow = (out / "classroom.yml").read_text()
    assert "GRADER_RESULTS: ${{ steps.grader.outputs.grader }}" in workflow
    assert "python -m course grade . --backend wire --lessons 0,1" in workflow


def _step_script(workflow: str, step_id: str) -> str:
    """The `run: |` block of one step of a generated workflow."""
    lines = workflow.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {step_id}")
    run = next(i for i in range(start, len(lines)) if lines[i].strip() == "run: |")
    indent = len(lines[run]) - len(lines[run].lstrip()) + 2
    block = []
    for line in lines[run + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break
        block.append(line[indent:])
    return "\n".join(block) + "\n"


def test_the_workflow_reports_even_when_a_step_fails(two_gradings):
    _, (out, _) = two_gradings
    workflow = (out / "classroom.yml").read_text()
    assert "- if: always()\n        uses: classroom-resources/autograding-grading-reporter" in (
        workflow
    )


def test_the_workflow_hands_on_the_score_of_work_not_graded_in_full(two_gradings, tmp_path):
    """GitHub runs each `run:` block with `bash -e`: grade's exit code 1 must not stop it."""
    _, (out, _) = two_gradings
    script = _step_script((out / "classroom.yml").read_text(), "grader")
    repo = tmp_path / "repo"  # a clone whose starter_app/__init__.py was deleted
    (repo / ".git").mkdir(parents=True)
    (repo / "starter_app").mkdir()
    (tmp_path / "bin").mkdir()
    python = tmp_path / "bin" / "python"  # the workflow's `python`: this one, venv and all
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}",
           "PYTHONPATH": str(KIT_ROOT), "RUNNER_TEMP": str(tmp_path / "runner"),
           "GITHUB_OUTPUT": str(tmp_path / "github-output")}  # fmt: skip
    result = subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0 and "1 with a problem to look at" in result.stdout, result.stderr
    runner, _, encoded = (tmp_path / "github-output").read_text().strip().partition("=")
    data = json.loads(base64.b64decode(encoded))
    assert runner == "grader" and data["status"] == "error" and data["max_score"] == 15


def test_junit_xml_has_a_case_per_step(two_gradings):
    _, (out, _) = two_gradings
    suites = ElementTree.parse(out / "students" / "grace" / "junit.xml").getroot()
    lesson01 = next(s for s in suites if s.get("name") == "lesson01")
    assert lesson01.get("tests") == "5" and lesson01.get("failures") == "5"


def test_junit_xml_says_why_a_submission_was_not_graded(two_gradings):
    _, (out, _) = two_gradings
    suites = ElementTree.parse(out / "students" / "linus" / "junit.xml").getroot()
    failures = [case.find("failure") for suite in suites for case in suite]
    assert failures and all(f is not None for f in failures)
    for failure in failures:
        assert failure.text.startswith("linus.zip is not a readable zip file"), failure.text


def test_the_summary_page_is_self_contained(two_gradings):
    _, (out, _) = two_gradings
    page = (out / "summary.html").read_text()
    assert page.count("<svg") == 3
    assert not re.search(r"<script|https?://|<link", page)
    assert "To look at" in page and "linus" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [(["/no/such/folder"], "does not exist"),
     (["--lessons", "42-99"], "There is no lesson"),
     (["--lessons", "one"], "write lessons as"),
     (["--lessons", "5-2"], "lowest first, as 2-5"),
     (["--tests", "/no/such/hidden"], "no such folder")],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_code_2(tmp_path, args, message):
    submission = ["/no/such/folder"] if args[0].startswith("/") else [str(tmp_path)]
    options = [] if args[0].startswith("/") else args
    result = grade_cli(*submission, *options, "--out", tmp_path / "out")
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_an_out_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "taken").write_text("")
    result = grade_cli(tmp_path, "--out", tmp_path / "taken")
    assert result.returncode == 2 and "is a file" in result.stdout


@pytest.mark.parametrize(
    ("lessons", "problem"),
    [("1-", f"'1-' has no last lesson (to the end: 1-{LAST_LESSON})"),
     ("²", "'²' is not a lesson number or a range"),
     ("0-99999999999", "There is no lesson 99999999999"),
     (f"{LAST_LESSON}-99", "There is no lesson 99")],
)  # fmt: skip
def test_lessons_that_are_not_in_the_course_are_named_with_the_ones_that_are(
    tmp_path, lessons, problem
):
    result = grade_cli(tmp_path, "--lessons", lessons, "--out", tmp_path / "out")
    message = " ".join(result.stdout.split())
    assert result.returncode == 2, result.stdout + result.stderr
    assert problem in message and f"Lessons go from 0 to {LAST_LESSON}" in message
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("blocked", ["a file", "a folder you cannot write in"])
def test_an_out_that_cannot_be_written_is_refused_before_grading(tmp_path, blocked):
    in_the_way = tmp_path / "in-the-way"
    if blocked == "a file":
        in_the_way.write_text("")
    elif os.geteuid() == 0:
        pytest.skip("root can write in any folder")
    else:
        in_the_way.mkdir(mode=0o555)
    compose_state(Course(), 0, tmp_path / "class" / "ada")
    result = grade_cli(tmp_path / "class", "--lessons", "0", "--out", in_the_way / "grades")
    message = " ".join(result.stdout.split())
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"--out {in_the_way / 'grades'}: " in message and "give a folder" in message
    assert "[1/1]" not in message and "Traceback" not in result.stdout + result.stderr


def test_a_reused_out_holds_this_run_only_and_keeps_files_of_yours(two_gradings, tmp_path):
    _, (first, _) = two_gradings
    out = shutil.copytree(first, tmp_path / "out")  # an earlier run's results
    (out / "students" / "zed").mkdir()  # a student who is not in this run
    (out / "students" / "zed" / "feedback.md").write_text("# Feedback for zed\n")
    (out / "students" / "ada" / "notes.txt").write_text("talk to ada\n")
    result = grade_cli(first.parent / "class", "--lessons", "0-1", "--out", out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert sorted(p.name for p in (out / "students").iterdir()) == ["ada", "grace", "linus"]
    assert (out / "students" / "ada" / "notes.txt").read_text() == "talk to ada\n"


def test_clearing_an_out_removes_every_file_a_grade_writes(two_gradings, tmp_path):
    from course.grading.outputs.folder import clear

    _, (first, _) = two_gradings
    out = shutil.copytree(first, tmp_path / "out")
    clear(out)
    assert list(out.iterdir()) == []


def test_an_out_holding_other_files_is_refused_and_left_alone(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.docx").write_text("years of work")
    result = grade_cli(tmp_path, "--out", tmp_path / "out")
    message = " ".join(result.stdout.split())  # as one line, however the terminal wraps it
    assert result.returncode == 2 and "holds files that are not results of" in message
    assert (tmp_path / "out" / "thesis.docx").read_text() == "years of work"


def test_results_kept_among_the_submissions_are_not_graded(two_gradings, tmp_path):
    """--out inside the class folder, and an earlier run's results there, are no student."""
    _, (first, _) = two_gradings
    submissions = shutil.copytree(first.parent / "class", tmp_path / "class")
    shutil.copytree(first, submissions / "old-grades")
    (submissions / "grades").mkdir()
    grade_cli(submissions, "--lessons", "0-1", "--out", submissions / "grades")
    with (submissions / "grades" / "gradebook.csv").open() as file:
        assert [row["student"] for row in csv.DictReader(file)] == ["ada", "grace", "linus"]


def test_a_reader_that_leaves_early_stops_the_news_not_the_grading(tmp_path):
    """`grade … | head -3`: once head has its lines, the batch still ends and writes its files."""
    compose_state(Course(), 0, tmp_path / "class" / "ada")
    out = tmp_path / "out"
    result = into_a_closed_pipe(tmp_path, "-m", "course", "grade", str(tmp_path / "class"),
                                "--lessons", "0", "--out", str(out))  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    rows = (out / "gradebook.csv").read_text().splitlines()
    assert rows[1].startswith("ada,ada,") and (out / "students" / "ada" / "feedback.md").is_file()


def test_progress_counts_the_submissions(two_gradings):
    """An instructor watching a long batch sees how far it has come."""
    (first, _), _ = two_gradings
    counts = sorted(re.findall(r"\[(\d+)/(\d+)\]", first.stdout))
    assert counts == [("1", "3"), ("2", "3"), ("3", "3")], first.stdout


@pytest.mark.slow
def test_the_wire_backend_grades_finished_work_in_full_under_the_default_limits(tmp_path):
    """The embedded server runs inside the submission's process, under its memory limit."""
    compose_state(Course(), 2, tmp_path / "class" / "bob")
    out = tmp_path / "out"
    result = grade_cli(tmp_path / "class", "--lessons", "2", "--backend", "wire", "--jobs", "1",
                       "--out", out)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    said = " ".join(result.stdout.split())
    assert "1 submission(s) out of 9 points; none with a problem." in said, said
    with (out / "gradebook.csv").open() as file:
        row = next(csv.DictReader(file))
    assert row["total"] == row["max"], row


def _output_files(out) -> dict[str, bytes]:
    """Every file of a grading, by path; the test durations in results.json read 0."""
    files = {path.relative_to(out).as_posix(): path.read_bytes()
             for path in sorted(out.rglob("*")) if path.is_file()}  # fmt: skip
    files["results.json"] = re.sub(rb'"duration": [0-9.e+-]+', b'"duration": 0',
                                   files["results.json"])  # fmt: skip
    return files


def test_grading_one_submission_twice_gives_the_same_files_byte_for_byte(tmp_path):
    """Lesson 04's tests add books, with new ObjectIds on every run, and name them when the
    book pages are missing (as they are at the end of lesson 03)."""
    compose_state(Course(), 3, tmp_path / "class" / "bob")
    outs = [tmp_path / "first", tmp_path / "second"]
    for out in outs:
        result = grade_cli(tmp_path / "class", "--lessons", "4", "--out", out)
        assert result.returncode == 0, result.stdout + result.stderr
    first, second = (_output_files(out) for out in outs)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    feedback = first["students/bob/feedback.md"].decode()
    # Escaped, so that a Markdown viewer shows it rather than taking <id> for an HTML tag.
    assert "GET /books/&lt;id&gt; answered with status 404" in feedback, feedback


def test_the_classroom_reporter_says_why_a_submission_was_not_graded(two_gradings):
    _, (out, _) = two_gradings
    data = json.loads((out / "students" / "linus" / "classroom.json").read_text())
    assert data["status"] == "error"
    for test in data["tests"]:
        assert test["message"].startswith("linus.zip is not a readable zip file"), test


def _lesson_rates(page: str) -> dict[str, str]:
    """The lessons' bars of summary.html: label -> the share shown, as '100%'."""
    bars = re.findall(r'<text x="0" y="\d+">([^<]*)</text><rect [^>]*><title>(\d+%)', page)
    return dict(bars)


def _batch_with_a_hidden_test(hidden_outcome: str):
    """One student with every step of lesson 00 and a hidden test worth 2 that `hidden_outcome`."""
    from course.grading.batch import Batch, GradeSettings
    from course.grading.hidden import HiddenTest
    from course.grading.score import score
    from course.grading.units import units_of
    from course.runner import TestResult

    lesson = Course().get(0)
    units = units_of([lesson], [HiddenTest(0, 1, "test_secret", 2, "A hidden check")])
    hidden = "tests/hidden/lesson00/test_x.py::test_secret"
    tests = [TestResult(f"tests/lesson00/t.py::{unit.tests[0]}", 0, unit.tests[0], "",
                        "passed") for unit in units if not unit.hidden]  # fmt: skip
    tests.append(TestResult(hidden, 0, "test_secret", "", hidden_outcome))
    grade = score("ada", "ada", units, tests, {hidden})
    return Batch(GradeSettings(lessons=[lesson]), units, [grade], [])


@pytest.mark.parametrize(("hidden_outcome", "shown"), [("passed", "100%"), ("failed", "0%")])
def test_summary_counts_hidden_points_in_a_lessons_every_point(hidden_outcome, shown):
    """A student with every step of lesson 00 has every point only with its hidden test."""
    from course.grading.outputs.summary import render

    batch = _batch_with_a_hidden_test(hidden_outcome)
    lesson = batch.settings.lessons[0]
    page = render(batch, str)
    assert _lesson_rates(page)[f"00 {lesson.title}"] == shown, batch.grades[0].lesson_points(0)


@pytest.mark.parametrize(("hidden_outcome", "earned"), [("passed", 2), ("failed", 0)])
def test_results_json_counts_hidden_points_in_each_lesson(hidden_outcome, earned):
    """results.json agrees with the gradebook: a lesson's points include its hidden tests'."""
    from course.grading.outputs.gradebook import results_data

    batch = _batch_with_a_hidden_test(hidden_outcome)
    steps = batch.settings.lessons[0].points
    data = results_data(batch)
    assert data["lessons"][0]["points"] == steps + 2
    assert data["lessons"][0]["hidden_points"] == 2
    student = data["students"][0]
    assert student["lessons"] == {"0": steps + earned} and student["total"] == steps + earned


def test_feedback_shows_text_as_written_and_code_as_code():
    from course.grading.outputs.feedback import as_text

    quoted = 'Add <input name="csrf_token"> & `{{ form.hidden_tag() }}` or `a<b>`'
    assert as_text(quoted) == (
        'Add &lt;input name="csrf_token"&gt; &amp; `{{ form.hidden_tag() }}` or `a<b>`'
    )
