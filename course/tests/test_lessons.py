"""Lesson metadata: every lesson loads, and tests, steps and hints line up."""

import pytest

from course.compose import overlay_files
from course.errors import CourseError
from course.lessons import metadata_problems, parse_lesson_number


def test_lessons_are_numbered_from_zero_without_gaps(course):
    numbers = [lesson.number for lesson in course.lessons]
    assert numbers == list(range(len(numbers)))


def test_every_test_belongs_to_a_step_and_every_step_has_a_hint(course):
    problems = {lesson.label: metadata_problems(lesson) for lesson in course.lessons}
    assert not any(problems.values()), problems


def test_every_lesson_has_a_readme_and_a_solution(course):
    for lesson in course.lessons:
        assert lesson.readme.is_file(), f"{lesson.slug} has no README.md"
        assert lesson.solution_dir.is_dir(), f"{lesson.slug} has no solution overlay"


def test_a_solution_never_repeats_a_file_its_scaffold_hands_over_complete(course):
    """state(N) = the start of lesson N + solutions/N: a copy there would be a second
    place to keep in step with the first."""
    repeated = [
        f"{lesson.slug}: {relative}"
        for lesson in course.lessons[1:]  # lesson 00's solution is the starter app itself
        for relative in overlay_files(lesson.solution_dir)
        if (lesson.scaffold_dir / relative).is_file()
        and (lesson.scaffold_dir / relative).read_bytes()
        == (lesson.solution_dir / relative).read_bytes()
    ]
    assert not repeated, repeated


@pytest.mark.parametrize(
    ("text", "number"), [("1", 1), ("01", 1), ("lesson01", 1), ("01-routes-and-views", 1)]
)
def test_lesson_numbers_are_read_in_every_usual_form(text, number):
    assert parse_lesson_number(text) == number


@pytest.mark.parametrize(
    "text", ["abc", "", "-1", "1.5", "2 3", "1O", "01x", "lesson", "01-templates", "1-routes"]
)
def test_anything_but_a_whole_lesson_number_is_refused(text):
    """A text that only starts like a number (1.5, 1O) must not act on lesson 1."""
    with pytest.raises(CourseError, match="not a lesson number"):
        parse_lesson_number(text)


def test_an_unknown_lesson_names_the_valid_range(course):
    with pytest.raises(CourseError, match=r"There is no lesson 99\. The lessons are numbered 00"):
        course.get(99)


def test_step_numbers_are_checked(course):
    with pytest.raises(CourseError, match="there is no step 0"):
        course.get(1).step(0)
