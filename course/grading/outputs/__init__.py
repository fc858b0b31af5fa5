"""Files a graded batch is written as: data for tools, feedback for students, a class summary."""

from pathlib import Path

from course.grading.batch import Batch
from course.grading.outputs import classroom, feedback, gradebook, gradescope, junit, summary
from course.grading.view import scrubber_for, student_view

STUDENTS = "students"


def write_all(batch: Batch, out: Path) -> None:
    """gradebook.csv, results.json, summary.html, classroom.yml, and one folder per student."""
    out.mkdir(parents=True, exist_ok=True)
    gradebook.write_csv(batch, out / "gradebook.csv")
    gradebook.write_results_json(batch, out / "results.json")
    summary.write_html(batch, out / "summary.html")
    classroom.write_workflow(batch, out / "classroom.yml")
    scrub = scrubber_for(batch)
    for grade in batch.grades:
        folder = out / STUDENTS / grade.student
        folder.mkdir(parents=True, exist_ok=True)
        views = student_view(batch, grade, scrub)
        problem = scrub(grade.problem)
        feedback.write_markdown(batch, grade.student, views, problem, folder / "feedback.md")
        junit.write_xml(grade.student, views, folder / "junit.xml")
        gradescope.write_json(views, problem, folder / "gradescope.json")
        classroom.write_result(views, problem, folder)
