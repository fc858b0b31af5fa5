"""The instructor's files: gradebook.csv (points per lesson) and results.json (every test)."""

import csv
import json
import os
from pathlib import Path

from course.grading.batch import Batch

# A spreadsheet runs a cell that starts with one of these as a formula, and names and
# messages come from students: a leading quote keeps such a cell plain text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_csv(batch: Batch, path: Path) -> None:
    """One row per student: where it came from, points per lesson, total, and why a
    submission was not graded (the source matches a row to a student whatever the id)."""
    lessons = batch.settings.lessons
    maximum = batch.maximum
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["student", "source", *(f"lesson{lesson.label}" for lesson in lessons), "total",
             "max", "problem"]
        )  # fmt: skip
        for grade in sorted(batch.grades, key=lambda g: g.student):
            row = [grade.student, source_name(grade.source),
                   *(grade.lesson_points(lesson.number) for lesson in lessons),
                   grade.total, maximum, grade.problem.replace("\n", " ")]  # fmt: skip
            writer.writerow([text_cell(value) for value in row])


def text_cell(value):
    """The value as a cell that can never be read as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def source_name(source: str) -> str:
    """The submission's file or folder name as given ('.' named after the folder it is)."""
    return Path(os.path.abspath(source)).name


def results_data(batch: Batch) -> dict:
    """Every test of every student, with its unit and points: the data behind every file.

    A lesson's points include its hidden tests' (`hidden_points` of them), as in the gradebook."""
    numbers = [lesson.number for lesson in batch.settings.lessons]
    return {
        "lessons": [
            {
                "lesson": lesson.number,
                "title": lesson.title,
                "points": batch.lesson_maximum(lesson.number),
                "hidden_points": batch.lesson_hidden_points(lesson.number),
            }
            for lesson in batch.settings.lessons
        ],
        "backend": batch.settings.backend,
        "units": [vars(unit) | {"tests": list(unit.tests)} for unit in batch.units],
        "students": [_student(grade, numbers) for grade in sorted(batch.grades, key=_by_name)],
    }


def _by_name(grade) -> str:
    return grade.student


def _student(grade, lessons: list[int]) -> dict:
    tests = []
    for result in grade.units:
        for test in result.tests:
            tests.append(
                {
                    **vars(test),
                    "step": result.unit.step,
                    "unit": result.unit.key,
                    "points": result.unit.points,
                    "unit_awarded": result.awarded,
                    "hidden": result.unit.hidden,
                }
            )
    return {
        "student": grade.student,
        "source": grade.source,
        "total": grade.total,
        "lessons": {str(number): grade.lesson_points(number) for number in lessons},
        "problem": grade.problem,
        "units": {result.unit.key: result.awarded for result in grade.units},
        "tests": tests,
    }


def write_results_json(batch: Batch, path: Path) -> None:
    path.write_text(json.dumps(results_data(batch), indent=2), encoding="utf-8")
