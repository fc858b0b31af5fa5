"""Load generators, aimed only at 127.0.0.1, bounded in time and in requests.

wrk (Debian's `wrk` package, `apt-get install wrk`) gives the figures: an event-driven C
client that keeps up with many connections while using little CPU, with exact latency
percentiles from a Lua `done()` hook. Python threads drive the short correctness runs
in `make test`, so they need nothing beyond requirements.txt.
"""

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from bench.cpu import busy_cpu_seconds

WRK_SCRIPT = """
local limit = tonumber(os.getenv("BENCH_MAX_REQUESTS_PER_THREAD")) or 0
local count = 0
response = function(status, headers, body)
  count = count + 1
  if limit > 0 and count >= limit then wrk.thread:stop() end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON:{"requests":%d,"duration_us":%d,"socket_errors":%d,' ..
    '"status_errors":%d,"timeouts":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
TIMEOUT_S = 10
# Between runs: quiet means less than this many cores busy over a window of this length.
QUIET_CORES = 0.3
QUIET_WINDOW_S = 0.25
QUIET_TIMEOUT_S = 30.0


@dataclass
class LoadResult:
    tool: str
    clients: int
    requests: int
    seconds: float
    errors: int  # socket errors, timeouts and answers >= 400
    p50_ms: float
    p95_ms: float
    statuses: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "rps": round(self.rps, 1)}


def loopback_only(url: str) -> str:
    """Refuse any target but the loopback address: load never leaves this machine."""
    if urlsplit(url).hostname != "127.0.0.1":
        raise ValueError(f"Load goes to 127.0.0.1 only, not {url}.")
    return url


def wrk_available() -> bool:
    """True when the wrk load generator is installed."""
    return shutil.which("wrk") is not None


def run_wrk(url: str, clients: int, seconds: float, max_requests: int = 0) -> LoadResult:
    """`clients` keep-alive connections for `seconds` (or until max_requests), with wrk."""
    threads = min(clients, os.cpu_count() or 1)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    env = {**os.environ, "BENCH_MAX_REQUESTS_PER_THREAD": str(max_requests // threads)}
    command = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds:.0f}s"]
    command += ["--timeout", f"{TIMEOUT_S}s", "-s", script.name, loopback_only(url)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=seconds + 60, check=True
        )
    finally:
        os.unlink(script.name)
    line = next(line for line in done.stdout.splitlines() if line.startswith("JSON:"))
    data = json.loads(line[5:])
    errors = data["socket_errors"] + data["status_errors"] + data["timeouts"]
    return LoadResult(
        "wrk", clients, data["requests"], data["duration_us"] / 1e6, errors,
        data["p50_us"] / 1000, data["p95_us"] / 1000,
    )  # fmt: skip


def one_request(url: str, timeout: float = TIMEOUT_S) -> tuple[int, float]:
    """GET url; (status, seconds), status 0 when no answer came."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(loopback_only(url), timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def settle(url: str, timeout: float = 120.0) -> None:
    """Wait until `url` answers one request (a first request pays for loading templates)."""
    one_request(url, timeout)


def drain(url: str, timeout: float = 120.0) -> None:
    """After a run on `url`, wait until its server has worked off what the run left behind.

    When a load generator stops, the requests still queued at the server are not cancelled:
    each worker serves them, to a closed connection, and the database keeps working for
    them. Measured at once, the next run shared the machine with that backlog (after 32
    clients on the statistics, the next run's p95 was over a second). One more request to
    the same server waits behind the queue (first come, first served); then the machine is
    given time to go quiet, for the last ones still at the database.
    """
    one_request(url, timeout)
    wait_until_quiet()


def wait_until_quiet(timeout: float = QUIET_TIMEOUT_S) -> None:
    """Wait until the cores are mostly idle (Linux), or `timeout` seconds at most."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = busy_cpu_seconds()
        time.sleep(QUIET_WINDOW_S)
        after = busy_cpu_seconds()
        if before is None or after is None or (after - before) / QUIET_WINDOW_S < QUIET_CORES:
            return


def run_threads(urls: list[str], clients: int, requests: int, seconds: float) -> LoadResult:
    """`clients` threads sharing `requests` GETs over `urls` in turn, stopping after `seconds`."""
    for url in urls:
        loopback_only(url)
    results: list[tuple[int, float]] = []
    lock, counter = threading.Lock(), iter(range(requests))
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            outcome = one_request(urls[index % len(urls)])
            with lock:
                results.append(outcome)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise(results, clients, time.perf_counter() - started)


def summarise(results: list[tuple[int, float]], clients: int, seconds: float) -> LoadResult:
    """A LoadResult from (status, seconds) pairs."""
    statuses = Counter(status for status, _ in results)
    times = sorted(duration * 1000 for _, duration in results) or [0.0]
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    errors = sum(count for status, count in statuses.items() if status == 0 or status >= 400)
    return LoadResult(
        "python", clients, len(results), seconds, errors, statistics.median(times), p95,
        dict(statuses),
    )  # fmt: skip


def measure(url: str, clients: int, seconds: float, max_requests: int) -> LoadResult:
    """The figures for one URL: wrk when installed, else Python threads."""
    if wrk_available():
        return run_wrk(url, clients, seconds, max_requests)
    return run_threads([url], clients, max_requests, seconds)
