"""Files a graded batch is written as: data for tools, feedback for students, a class summary."""

from pathlib import Path

from course.grading.batch import Batch
from course.grading.outputs import (
    classroom,
    feedback,
    folder,
    gradebook,
    gradescope,
    junit,
    summary,
)
from course.grading.outputs.folder import STUDENTS
from course.grading.view import scrubber_for, student_view


def write_all(batch: Batch, out: Path) -> None:
    """gradebook.csv, results.json, summary.html, classroom.yml, and one folder per student,
    in place of an earlier run's."""
    out.mkdir(parents=True, exist_ok=True)
    folder.clear(out)
    gradebook.write_csv(batch, out / "gradebook.csv")
    gradebook.write_results_json(batch, out / "results.json")
    scrub = scrubber_for(batch)
    summary.write_html(batch, out / "summary.html", scrub)  # may be shown to the class
    classroom.write_workflow(batch, out / "classroom.yml")
    for grade in batch.grades:
        mine = out / STUDENTS / grade.student
        mine.mkdir(parents=True, exist_ok=True)
        views = student_view(batch, grade, scrub)
        problem = scrub(grade.problem)
        feedback.write_markdown(batch, grade.student, views, problem, mine / "feedback.md")
        junit.write_xml(grade.student, views, problem, mine / "junit.xml")
        gradescope.write_json(views, problem, mine / "gradescope.json")
        classroom.write_result(views, problem, mine)
