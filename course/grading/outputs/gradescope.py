"""gradescope.json: Gradescope's autograder results.json format, for one student."""

import json
from pathlib import Path

from course.grading.view import UnitView


def results(views: list[UnitView], problem: str) -> dict:
    return {
        "score": sum(v.awarded for v in views),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "output": problem,
        "tests": [
            {
                "name": f"Lesson {v.lesson:02d} · "
                + (f"hidden check (step {v.step})" if v.hidden else f"step {v.step}")
                + f": {v.title}",
                "number": v.key,
                "score": v.awarded,
                "max_score": v.points,
                "status": "passed" if v.status == "passed" else "failed",
                "output": "\n".join(v.details),
                "visibility": "visible",
            }
            for v in views
        ],
    }


def write_json(views: list[UnitView], problem: str, path: Path) -> None:
    path.write_text(json.dumps(results(views, problem), indent=2), encoding="utf-8")
