"""The course's invariants (KIT.md), on every lesson and both database backends."""

import shutil

import pytest

from course.lessons import Course
from course.paths import KIT_ROOT
from course.verify import verify_course


@pytest.mark.slow
def test_every_lesson_is_consistent_on_both_backends(course_cli):
    result = course_cli("verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every lesson is consistent" in result.stdout


def _copy_kit(destination):
    """A copy of the kit with lessons 00-01 only, to break on purpose."""
    for pattern in ("lessons/0[01]-*", "solutions/0[01]-*", "tests/lesson0[01]", "tests/grading"):
        for source in KIT_ROOT.glob(pattern):
            shutil.copytree(source, destination / source.relative_to(KIT_ROOT))
    for name in ("tests/conftest.py", "pyproject.toml"):
        shutil.copyfile(KIT_ROOT / name, destination / name)
    shutil.copytree(KIT_ROOT / "starter_app", destination / "starter_app")
    return Course(destination)


def test_verify_catches_a_step_that_passes_before_the_student_starts(tmp_path):
    course = _copy_kit(tmp_path)
    scaffold = course.get(1).scaffold_dir / "starter_app" / "pages.py"
    solution = course.get(1).solution_dir / "starter_app" / "pages.py"
    shutil.copyfile(solution, scaffold)  # a scaffold that already holds the answer
    verdicts = verify_course(course, backends=("mock",))
    problems = verdicts[1].checks["start mock"]
    assert any("already passes before the student starts it" in p for p in problems)


def test_verify_catches_a_solution_that_fails(tmp_path):
    course = _copy_kit(tmp_path)
    pages = course.get(1).solution_dir / "starter_app" / "pages.py"
    pages.write_text(pages.read_text().replace('"/about"', '"/about-us"'))
    verdicts = verify_course(course, backends=("mock",))
    assert any("test_about_page_answers" in p for p in verdicts[1].checks["solution mock"])


def test_verify_catches_a_test_that_belongs_to_no_step(tmp_path):
    course = _copy_kit(tmp_path)
    tests = course.get(1).tests_dir / "test_routes.py"
    tests.write_text(tests.read_text() + "\n\ndef test_orphan():\n    pass\n")
    verdicts = verify_course(course, backends=("mock",))
    assert "test test_orphan belongs to no step" in verdicts[1].checks["metadata"]


def test_verify_catches_a_starter_app_that_drifted(tmp_path):
    course = _copy_kit(tmp_path)
    (tmp_path / "starter_app" / "pages.py").write_text("# changed\n")
    verdicts = verify_course(course, backends=("mock",))
    assert verdicts[0].checks["starter"]


def test_verify_catches_a_todo_left_in_a_finished_state(tmp_path):
    course = _copy_kit(tmp_path)
    pages = course.get(1).solution_dir / "starter_app" / "pages.py"
    pages.write_text(pages.read_text() + "\n# TODO (lesson 01, step 2): finish me\n")
    verdicts = verify_course(course, backends=("mock",))
    assert any(
        "still has 'TODO (lesson 01, step 2)'" in p for p in verdicts[1].checks["solution mock"]
    )
