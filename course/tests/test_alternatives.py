"""Invariant 4 (KIT.md): a correct solution written differently from ours passes.

Each folder under alternatives/ holds one lesson's finished files written another way than
solutions/ does (its README.md says how): other names, markup, templates and queries, the
same behaviour as the lesson asks for. Put over state(N), they must pass the graded tests
of lessons 00 to N on both backends: a test that fails them checks our way of writing
the app, not what a visitor, an API client or the database can observe.
"""

from pathlib import Path

import pytest

from course.compose import apply_overlay, compose_state, overlay_files
from course.paths import APP_PACKAGE, STUDENT_TESTS
from course.runner import run_tests

ALTERNATIVES = Path(__file__).parent / "alternatives"
# What an alternative may rewrite: the app, and the student's own tests (lesson 12).
WRITTEN = (APP_PACKAGE, STUDENT_TESTS)


def _alternatives() -> list[Path]:
    return sorted(folder for folder in ALTERNATIVES.iterdir() if folder.is_dir())


def _lesson_of(course, alternative: Path):
    lesson = course.get(int(alternative.name[:2]))
    assert alternative.name == lesson.folder.name, f"{alternative.name} names no lesson folder"
    return lesson


@pytest.mark.parametrize("alternative", _alternatives(), ids=lambda folder: folder.name)
def test_an_alternative_rewrites_files_of_its_lesson(course, tmp_path, alternative):
    """Each file differs from ours, so the check below is not our solution again."""
    lesson = _lesson_of(course, alternative)
    ours = compose_state(course, lesson.number, tmp_path / "ours")
    files = [Path(part, path) for part in WRITTEN for path in overlay_files(alternative / part)]
    assert files, f"{alternative.name} holds no files under {' or '.join(WRITTEN)}"
    assert (alternative / "README.md").is_file(), f"{alternative.name} does not say how it differs"
    assert {entry.name for entry in alternative.iterdir()} <= {"README.md", *WRITTEN}
    for relative in files:
        our = ours / relative
        assert not our.is_file() or our.read_bytes() != (alternative / relative).read_bytes(), (
            f"{relative} is ours, unchanged"
        )


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["mock", "wire"])
@pytest.mark.parametrize("alternative", _alternatives(), ids=lambda folder: folder.name)
def test_a_solution_written_differently_passes(course, tmp_path, alternative, backend):
    lesson = _lesson_of(course, alternative)
    app = compose_state(course, lesson.number, tmp_path / "app")
    for folder in WRITTEN:
        apply_overlay(alternative / folder, app / folder)
    run = run_tests(course.up_to(lesson.number), app, backend)
    failed = [f"{test.nodeid}: {test.message}" for test in run.tests if not _counts(test, backend)]
    assert run.tests and not run.problem and not run.incomplete, run.problem or run.incomplete
    assert failed == [], "\n".join(failed)


def _counts(test, backend: str) -> bool:
    """Passed, or skipped because it needs a real database and this is the mock one."""
    return test.outcome == "passed" or (test.outcome == "skipped" and backend == "mock")
