"""How cost grows with the number of books: each endpoint's latency at 1k, 10k and 100k.

    python bench/scaling.py [--sizes 1000 10000 100000] [--requests 10]

One client, one request at a time, so the figure is the cost of one request. Sizes run
smallest first; an endpoint whose cost, grown in proportion to the data, would pass the
per-request limit at the next size is not run there, and the table says why.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import endpoints, load
from bench.system import System, running

SIZES = (1_000, 10_000, 100_000)
KEYS = ("book", "list", "api_list", "search", "api_search", "stats", "api_stats")
LIMIT_S = 60.0  # per request: a slower one is reported as too slow, not waited for
BUDGET_S = 30.0  # per endpoint and size, after the first request


def latency(url: str, requests: int) -> dict:
    """Median and worst time of up to `requests` sequential GETs (fewer if they are slow)."""
    times, errors, started = [], 0, time.monotonic()
    while len(times) < requests and (not times or time.monotonic() - started < BUDGET_S):
        status, seconds = load.one_request(url, timeout=LIMIT_S)
        if status != 200:
            errors += 1
            if status == 0:
                return {"requests": len(times), "errors": errors, "too_slow": True}
        times.append(seconds * 1000)
    return {"requests": len(times), "errors": errors, "median_ms": statistics.median(times),
            "max_ms": max(times)}  # fmt: skip


def predicted_ms(previous: dict | None, growth: float) -> float:
    """The next size's cost if it grew in proportion to the data (0 when unknown)."""
    if not previous:
        return 0.0
    if previous.get("too_slow"):
        return float("inf")
    return previous["median_ms"] * growth


def measure_size(system: System, present: list, previous: dict, growth: float, requests: int):
    """Each endpoint at this size, cheapest first; none after a request passed the limit."""
    figures: dict = {}
    params = system.params()
    for endpoint in present:
        if any(figure.get("too_slow") for figure in figures.values()):
            # The database is still working on that request: later figures would be wrong.
            figures[endpoint.name] = {"skipped": "not measured (database still busy)"}
        elif predicted_ms(previous.get(endpoint.name), growth) > LIMIT_S * 1000:
            figures[endpoint.name] = {"skipped": f"over {LIMIT_S:.0f} s if linear"}
        else:
            url = system.app.url + endpoints.app_path(endpoint, params)
            figures[endpoint.name] = latency(url, requests)
    return figures


def run(sizes: tuple[int, ...] = SIZES, requests: int = 10) -> dict:
    """Every size in turn, on a fresh system each (the app creates its indexes at start)."""
    results: dict = {"sizes": list(sizes), "limit_s": LIMIT_S, "rows": {}, "missing": {}}
    present, previous = None, {}
    for index, size in enumerate(sizes):
        growth = size / sizes[index - 1] if index else 1.0
        with running(size, workers=1) as system:
            if present is None:  # probed once, at the smallest size: a probe costs a request
                found, missing = endpoints.available(system.app.url, system.lesson, system.params())
                present = [e for key in KEYS for e in found if e.key == key]
                results["missing"] = {endpoints.BY_KEY[k].name: why for k, why in missing.items()}
                results["lesson"] = system.lesson
                results["database"] = system.database_description()
            previous = measure_size(system, present, previous, growth, requests)
        for name, figure in previous.items():
            results["rows"].setdefault(name, {})[str(size)] = figure
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--requests", type=int, default=10)
    options = parser.parse_args()
    print(json.dumps(run(tuple(options.sizes), options.requests), indent=2))


if __name__ == "__main__":
    main()
