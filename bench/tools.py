"""How long the course tool takes: `course check N` per lesson, `course verify`, `course grade`.

    python bench/tools.py [--submissions 10]

Progress is kept in a temporary folder, so a student's own progress is left alone.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.check_speed import time_check
from bench.cpu import busy_between, busy_cpu_seconds
from bench.grade_throughput import make_class
from course.grading.batch import DEFAULT_JOBS
from course.lessons import Course

ROOT = Path(__file__).resolve().parent.parent
VERIFY_TIMEOUT_S = 3600


def timed_run(command: list[str]) -> tuple[float, float | None]:
    """Wall time, and the machine's busy CPU time meanwhile (None where it cannot be read).

    The whole machine, not the command's own accounting: the grader's test processes are
    forked by a server that does not wait for them, so their time is counted nowhere else.
    Measure on an otherwise idle machine.
    """
    before = busy_cpu_seconds()
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = busy_cpu_seconds()
    return wall, busy_between(before, after)


def check_times(env: dict) -> dict:
    """Wall time of `course check N` (mock backend) for every lesson, after a warm-up run."""
    lessons = [lesson.number for lesson in Course().lessons]
    time_check(lessons[0], "mock", env)
    return {f"{number:02d}": round(time_check(number, "mock", env), 2) for number in lessons}


def verify_time(env: dict) -> dict:
    """Wall time and exit code of `course verify` (every lesson, both backends)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "course", "verify"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=VERIFY_TIMEOUT_S, check=False,
    )  # fmt: skip
    return {"seconds": round(time.perf_counter() - started, 1), "exit_code": done.returncode}


def grade_figures(count: int) -> dict:
    """`course grade` on `count` submissions of the whole course: wall and CPU time."""
    probe = subprocess.run(
        [sys.executable, "-m", "course", "grade", "--help"], cwd=ROOT, capture_output=True
    )
    if probe.returncode != 0:
        return {"available": False}
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as scratch:
        submissions = make_class(Path(scratch), count, Course())
        command = [sys.executable, "-m", "course", "grade", str(submissions)]
        wall, cpu = timed_run([*command, "--out", str(Path(scratch) / "out")])
    return {
        "available": True,
        "submissions": count,
        "seconds": round(wall, 1),
        "cpu_seconds": cpu,
        "per_submission_s": round(wall / count, 2),
        "jobs": DEFAULT_JOBS,
    }


def run(submissions: int = 10) -> dict:
    """Every tool figure."""
    with tempfile.TemporaryDirectory(prefix="course-data-") as data_dir:
        env = {**os.environ, "COURSE_DATA_DIR": data_dir}
        return {
            "check": check_times(env),
            "verify": verify_time(env),
            "grade": grade_figures(submissions),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=10)
    print(json.dumps(run(parser.parse_args().submissions), indent=2))


if __name__ == "__main__":
    main()
