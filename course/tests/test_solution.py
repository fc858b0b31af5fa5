"""`solution N [FILE]`: our solution as a diff against the student's files, after an attempt."""

import os
import pty
import subprocess
import sys

from course.paths import KIT_ROOT

APP = "starter_app"


def test_before_an_attempt_it_refuses_when_no_one_can_answer(student):
    result = student("solution", "1")
    said = " ".join(result.stdout.split())
    assert result.returncode == 2
    assert "Lesson 01 is not started yet, so its solution stays hidden" in said
    assert "`python -m course start 1`" in said and "--yes" in said
    assert student("start", "1").returncode == 0
    result = student("solution", "1")
    said = " ".join(result.stdout.split())
    assert result.returncode == 2
    assert "You have not checked lesson 01 yet, so its solution stays hidden" in said
    assert "`python -m course check 1`" in said and "--yes" in said


def test_status_is_not_an_attempt_at_every_lesson(student):
    """status checks every lesson; only the student's own check of a lesson unlocks it."""
    student("status")
    result = student("solution", "5")
    assert result.returncode == 2
    assert "Lesson 05 is not started yet, so its solution stays hidden" in result.stdout


def test_with_yes_it_shows_a_diff_from_yours_to_ours(student, course):
    result = student("solution", "1", "--yes")
    assert result.returncode == 0, result.stdout + result.stderr
    ours = (course.get(1).solution_dir / APP / "pages.py").read_text().splitlines()
    assert "starter_app/pages.py" in result.stdout
    added = [line[1:] for line in result.stdout.splitlines() if line.startswith("+")]
    assert added and all(line in ours for line in added)
    assert "Lines with - are yours, lines with + are ours." in result.stdout


def test_after_a_check_it_shows_the_solution_without_asking(student, course_cli, lesson_start):
    course_cli("check", "1", "--app-dir", str(lesson_start(1)))  # progress is shared
    result = student("solution", "1")
    assert result.returncode == 0
    assert "@@" in result.stdout


def test_one_file_only_and_a_file_the_lesson_does_not_have(student, course):
    lesson = course.lessons[-1]
    result = student("solution", str(lesson.number), "no_such.py", "--yes")
    assert result.returncode == 2
    assert "no_such.py is not one of this lesson's files" in result.stdout
    only = student("solution", "1", "starter_app/pages.py", "--yes")
    assert only.returncode == 0 and "starter_app/pages.py" in only.stdout


def test_a_file_the_student_deleted_shows_as_all_ours(student, project):
    (project / APP / "pages.py").unlink()
    result = student("solution", "1", "--yes")
    assert "starter_app/pages.py (you have no such file)" in result.stdout
    assert not [line for line in result.stdout.splitlines() if line.startswith("-")]


def test_a_file_that_matches_ours_says_so(student, project, course):
    ours = course.get(1).solution_dir / APP / "pages.py"
    (project / APP / "pages.py").write_bytes(ours.read_bytes())
    result = student("solution", "1", "--yes")
    assert "= starter_app/pages.py is the same as ours" in result.stdout


def _ask_in_a_terminal(project, answer: str, tmp_path) -> str:
    """Run `solution 1` with stdin a terminal, type `answer`, and return what was printed."""
    controller, terminal = pty.openpty()
    env = {
        **os.environ,
        "COURSE_PROJECT_DIR": str(project),
        "COURSE_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(KIT_ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "course", "solution", "1"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    os.write(controller, answer.encode() + b"\n")
    output, _ = process.communicate(timeout=30)
    os.close(controller)
    os.close(terminal)
    return output


def test_before_an_attempt_it_asks_and_no_keeps_it_hidden(project, tmp_path):
    output = _ask_in_a_terminal(project, "n", tmp_path)
    assert "Show the solution anyway? [y/N]" in output
    assert "The solution stays hidden" in output and "@@" not in output


def test_before_an_attempt_it_asks_and_yes_shows_it(project, tmp_path):
    output = _ask_in_a_terminal(project, "y", tmp_path)
    assert "@@" in output


def test_checking_a_lesson_not_started_leaves_its_solution_locked(student, course_cli, state):
    """check 2 before `start 2` once counted as trying lesson 02: `solution 2` then showed
    it all without asking."""
    checked = course_cli("check", "2", "--app-dir", str(state(1)))  # progress is shared
    said = " ".join(checked.stdout.split())
    assert checked.returncode == 1
    assert "✘ Step 1" in said and "python -m course start 2" in said, said
    result = student("solution", "2")
    assert result.returncode == 2
    assert "Lesson 02 is not started yet, so its solution stays hidden" in result.stdout
