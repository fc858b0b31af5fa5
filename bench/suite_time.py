"""How long `make test` takes from a warm .venv (the install step is then a no-op).

python bench/suite_time.py
"""

import subprocess
import time
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    started = time.perf_counter()
    finished = subprocess.run(["make", "test"], cwd=KIT_ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    print(finished.stdout.strip().splitlines()[-1] if finished.stdout.strip() else "")
    print(f"make test: exit {finished.returncode}, {seconds:.1f} s wall time")


if __name__ == "__main__":
    main()
