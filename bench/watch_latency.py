"""Time from saving a file to the redrawn result in `python -m course watch` (mock backend).

    python bench/watch_latency.py               # lesson 1, 10 saves, file events
    python bench/watch_latency.py --saves 20 --poll

Works on a throw-away copy of the course, so a student's app and progress are left
alone. Each save alternates between the lesson's start and its solution, so every
redraw has something new to show; the time runs from the write to the line that
ends the redraw.
"""

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT_ROOT))

from course.compose import compose_lesson_start, compose_state  # noqa: E402
from course.lessons import Course  # noqa: E402

FOLDERS = ("lessons", "solutions", "tests", "starter_app")
DONE_LINE = "Checked at"  # the last line of every redraw


def copy_course(destination: Path) -> Path:
    for folder in FOLDERS:
        shutil.copytree(KIT_ROOT / folder, destination / folder)
    shutil.copyfile(KIT_ROOT / "pyproject.toml", destination / "pyproject.toml")
    return destination


def start_watch(project: Path, lesson: int, poll: bool, data: Path) -> subprocess.Popen:
    env = {**os.environ, "COURSE_PROJECT_DIR": str(project), "COURSE_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "course", "watch", str(lesson), *(["--poll"] * poll)]
    return subprocess.Popen(
        command, cwd=KIT_ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def redraws(process: subprocess.Popen) -> queue.Queue:
    """A queue that receives the time each redraw finished."""
    finished: queue.Queue = queue.Queue()

    def read() -> None:
        for line in process.stdout:
            if DONE_LINE in line:
                finished.put(time.perf_counter())

    threading.Thread(target=read, daemon=True).start()
    return finished


def measure(project: Path, versions: list[bytes], target: Path, options) -> list[float]:
    """Save `target` again and again; return the seconds from each save to its redraw."""
    with tempfile.TemporaryDirectory() as data:
        process = start_watch(project, options.lesson, options.poll, Path(data))
        finished = redraws(process)
        try:
            finished.get(timeout=60)  # the first check, before any save
            times = []
            for number in range(options.saves):
                time.sleep(0.5)  # a student pauses between saves
                saved = time.perf_counter()
                target.write_bytes(versions[number % 2])
                times.append(finished.get(timeout=60) - saved)
        finally:
            process.terminate()
            process.wait()
    return times


def prepare(course: Course, lesson: int, root: Path) -> tuple[Path, Path, list[bytes]]:
    """A copy of the course at the start of `lesson`, a file it changes, and its two versions."""
    project = copy_course(root / "project")
    start = compose_lesson_start(course, course.get(lesson), root / "start")
    finished = compose_state(course, lesson, root / "finished")
    shutil.rmtree(project / "starter_app")
    shutil.copytree(start / "starter_app", project / "starter_app")
    for path in sorted((start / "starter_app").rglob("*.py")):
        relative = path.relative_to(start)
        versions = [(finished / relative).read_bytes(), path.read_bytes()]
        if versions[0] != versions[1]:
            return project, project / relative, versions
    raise SystemExit(f"Lesson {lesson} changes no Python file: choose another with --lesson.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", type=int, default=1)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--poll", action="store_true", help="polling instead of file events")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        project, target, versions = prepare(Course(), options.lesson, Path(scratch))
        times = measure(project, versions, target, options)
    mode = "polling" if options.poll else "file events"
    print(" ".join(f"{t:.2f}" for t in times))
    print(
        f"watch lesson {options.lesson} (mock, {mode}): save -> redrawn result median "
        f"{statistics.median(times):.2f} s, max {max(times):.2f} s over {len(times)} saves"
    )


if __name__ == "__main__":
    main()
