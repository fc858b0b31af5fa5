"""How long `python -m course check N` takes, as a student runs it.

    python bench/check_speed.py            # lesson 1, 10 runs, mock backend
    python bench/check_speed.py --lesson 3 --runs 20 --backend wire

Prints every run's wall time and the median. Progress is written to a temporary
folder, so a student's own progress is left alone.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent


def time_check(lesson: int, backend: str, env: dict) -> float:
    command = [sys.executable, "-m", "course", "check", str(lesson), "--backend", backend]
    started = time.perf_counter()
    subprocess.run(command, cwd=KIT_ROOT, env=env, capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", type=int, default=1)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--backend", choices=["mock", "wire"], default="mock")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "COURSE_DATA_DIR": data_dir}
        time_check(options.lesson, options.backend, env)  # warm the file cache
        times = [time_check(options.lesson, options.backend, env) for _ in range(options.runs)]
    print(" ".join(f"{t:.2f}" for t in times))
    median = statistics.median(times)
    print(
        f"course check {options.lesson} ({options.backend}): median {median:.2f} s, "
        f"min {min(times):.2f} s, max {max(times):.2f} s over {options.runs} runs"
    )


if __name__ == "__main__":
    main()
