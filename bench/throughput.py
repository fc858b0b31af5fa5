"""Requests per second and p50/p95 latency of each endpoint, against the ceiling app.

    python bench/throughput.py [--books 1000] [--seconds 10] [--clients 1 8 32]

The app and the ceiling (bench/ceiling_app.py) run side by side under gunicorn with the
same (2 x cores) + 1 sync workers on the same database; each endpoint is loaded on one,
then the other, at each number of clients, so both see the same machine.
"""

import argparse
import json
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import endpoints, load
from bench.system import System, running

CLIENTS = (1, 8, 32)
MAX_REQUESTS = 100_000  # per run: a bound on top of the time limit


def measure_endpoint(system: System, endpoint, params: dict, clients: int, seconds: float):
    """One endpoint at one concurrency: the app's and the ceiling's figures, and the ratio."""
    app_url = system.app.url + endpoints.app_path(endpoint, params)
    ceiling_url = system.ceiling.url + endpoints.ceiling_path(endpoint, params)
    load.settle(app_url)
    app = load.measure(app_url, clients, seconds, MAX_REQUESTS)
    load.drain(app_url)
    load.settle(ceiling_url)
    ceiling = load.measure(ceiling_url, clients, seconds, MAX_REQUESTS)
    load.drain(ceiling_url)
    return {
        "endpoint": endpoint.key,
        "name": endpoint.name,
        "path": endpoints.app_path(endpoint, params),
        "clients": clients,
        "app": app.as_dict(),
        "ceiling": ceiling.as_dict(),
        "ratio": round(app.rps / ceiling.rps, 2) if ceiling.rps else None,
    }


def run(book_count: int, seconds: float, clients: tuple[int, ...] = CLIENTS) -> dict:
    """Every endpoint the app has, at each number of clients."""
    with running(book_count, ceiling=True) as system:
        params = system.params()
        present, missing = endpoints.available(system.app.url, system.lesson, params)
        rows = [
            measure_endpoint(system, endpoint, params, count, seconds)
            for endpoint in present
            for count in clients
        ]
        return {
            "lesson": system.lesson,
            "database": system.database_description(),
            "books": book_count,
            "workers": system.app.command[system.app.command.index("--workers") + 1],
            "tool": "wrk" if load.wrk_available() else "python",
            "seconds": seconds,
            "indexes": system.indexes(),
            "rows": rows,
            "missing": {endpoints.BY_KEY[key].name: why for key, why in missing.items()},
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, nargs="+", default=list(CLIENTS))
    options = parser.parse_args()
    result = run(options.books, options.seconds, tuple(options.clients))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
