"""Every measurement, then docs/PERFORMANCE.md (what `make bench` runs).

    python bench/run_all.py            # the full figures (about 20 minutes on 2 cores)
    python bench/run_all.py --quick    # short runs, to try the scripts (a few minutes)

The raw figures are kept in bench/results/all.json. The page also shows the last figures
of `python bench/grade_throughput.py 100` (a class-sized grading batch), when it has run.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import faults, report, scaling, throughput, tools  # noqa: E402
from bench.report_common import measured_at  # noqa: E402

FULL = {"seconds": 10.0, "sizes": (1_000, 10_000, 100_000), "bad": 1_000, "grade": 10}
QUICK = {"seconds": 3.0, "sizes": (1_000, 10_000), "bad": 200, "grade": 3}


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as the kernel reports them."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def measured(run) -> dict:
    """Run one measurement; add when it started and the load average before and after it."""
    started, before = measured_at(), load_average()
    result = run()
    return {**result, "measured_at": started, "load_before": before, "load_after": load_average()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs, to try the scripts")
    parser.add_argument(
        "--skip", nargs="*", default=[], help="sections to leave out (their last figures stay)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "PERFORMANCE.md")
    options = parser.parse_args()
    plan = QUICK if options.quick else FULL
    runs = {
        "throughput": lambda: throughput.run(1_000, plan["seconds"]),
        "scaling": lambda: scaling.run(plan["sizes"]),
        "faults": lambda: faults.run_all(1_000, plan["bad"], 5.0),
        "tools": lambda: tools.run(plan["grade"]),
    }
    saved = ROOT / "bench" / "results" / "all.json"
    # Sections left out keep the figures of the last run (each section names its state).
    results = json.loads(saved.read_text()) if options.skip and saved.exists() else {}
    for name, run in runs.items():
        if name not in options.skip:
            print(f"Measuring {name}…", flush=True)
            results[name] = measured(run)
    # The class-sized batch takes its own script (3 to 5 minutes for 100 submissions on 2
    # cores); its last figures, when it has run here, go on the page too.
    batch = ROOT / "bench" / "results" / "grade_throughput.json"
    if batch.exists():
        results["grade_throughput"] = json.loads(batch.read_text())
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(results, indent=2))
    options.out.write_text(report.render(results), encoding="utf-8")
    print(f"Wrote {options.out}")


if __name__ == "__main__":
    main()
