"""Throughput of `course grade`: N submissions of the whole course, and one on its own.

    .venv/bin/python bench/grade_throughput.py [N] [--jobs J]

Most submissions are the finished course (state of the last lesson); every 10th stops at
the start of the last lesson, every 25th has a syntax error, and one zip is not a zip, so
the batch holds broken work as a real class does. One more run of the graded tests on a
finished app says where the CPU of a submission goes (bench/grade_breakdown.py). Figures
go to bench/results/.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cpu import busy_between, busy_cpu_seconds  # noqa: E402
from bench.grade_breakdown import OUTPUT_ENV  # noqa: E402
from bench.report_common import measured_at  # noqa: E402
from course.compose import compose_lesson_start, compose_state  # noqa: E402
from course.grading.batch import DEFAULT_JOBS  # noqa: E402
from course.lessons import Course  # noqa: E402


def make_class(folder: Path, count: int, course: Course) -> Path:
    """`count` submissions: finished, unfinished, broken and unreadable ones."""
    last = course.lessons[-1]
    finished = compose_state(course, last.number, folder / "finished")
    unfinished = compose_lesson_start(course, last, folder / "unfinished")
    submissions = folder / "class"
    for index in range(count):
        name = submissions / f"student{index:03d}"
        if index == count - 1:
            name.with_suffix(".zip").parent.mkdir(parents=True, exist_ok=True)
            name.with_suffix(".zip").write_text("not a zip")
            continue
        shutil.copytree(unfinished if index % 10 == 9 else finished, name)
        if index % 25 == 24:
            pages = name / "starter_app" / "pages.py"
            pages.write_text(pages.read_text() + "\ndef broken(:\n")
    return submissions


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode > 1:  # 1 is a class with broken submissions, as this one has
        sys.exit(f"{' '.join(command[:4])} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def timed_grade(submissions: list[Path], out: Path, jobs: int | None) -> float:
    command = [sys.executable, "-m", "course", "grade", *map(str, submissions), "--out", str(out)]
    return timed(command + (["--jobs", str(jobs)] if jobs else []))


def graded_tests_on(app: Path, *options: str) -> list[str]:
    """Plain pytest of the graded tests on one app, with a temporary folder of its own
    (outside the class folder: pytest would otherwise clear out old runs' folders)."""
    scratch = app.parent.parent / "pytest-tmp"
    return [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider",
            "--target", str(app), "--basetemp", str(scratch), *options]  # fmt: skip


def plain_pytest(app: Path) -> float:
    """The floor: the graded tests alone, in plain pytest, on one finished app."""
    return timed(graded_tests_on(app))


def cpu_breakdown(app: Path) -> dict:
    """Where the CPU of grading that app goes (bench/grade_breakdown.py)."""
    figures = app.parent.parent / "breakdown.json"
    command = graded_tests_on(app, "-p", "bench.grade_breakdown")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False,
                            env={**os.environ, OUTPUT_ENV: str(figures)})  # fmt: skip
    if result.returncode != 0 or not figures.is_file():
        sys.exit(f"The breakdown run failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return json.loads(figures.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    started = measured_at()
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as scratch:
        folder = Path(scratch)
        course = Course()
        submissions = make_class(folder, args.count, course)
        floor = plain_pytest(submissions / "student000")
        breakdown = cpu_breakdown(submissions / "student000")
        single = timed_grade([submissions / "student000"], folder / "single", args.jobs)
        busy_before = busy_cpu_seconds()
        batch = timed_grade([submissions], folder / "batch", args.jobs)
        busy = busy_between(busy_before, busy_cpu_seconds())
        rows = (folder / "batch" / "gradebook.csv").read_text().splitlines()[1:]
    figures = {
        "measured_at": started,
        "submissions": args.count,
        "lessons": len(course.lessons),
        "jobs": args.jobs or DEFAULT_JOBS,
        "cores": os.cpu_count(),
        "batch_seconds": round(batch, 1),
        "cpu_seconds": busy,  # the whole machine's cores, busy during the batch
        "single_submission_seconds": round(single, 1),
        "plain_pytest_one_submission_seconds": round(floor, 1),
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        "rows_in_gradebook": len(rows),
        "one_submission_cpu": breakdown,
    }
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "grade_throughput.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
