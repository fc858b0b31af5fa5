"""Faults: the database stopped while serving, SIGKILL while writing, and bad input.

    python bench/faults.py [--bad-inputs 1000]

Each scenario returns its findings as data; `make test` runs them in a short form.
"""

import argparse
import hashlib
import json
import sys
import threading
import time
from collections import Counter
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bson import ObjectId, json_util

from bench import bad_inputs, endpoints
from bench.client import Client
from bench.stack import http_status, wait_until
from bench.system import System, running

BOOK_LINK = "/books/"
RECOVERY_TIMEOUT_S = 60.0


def timed_get(url: str) -> dict:
    """One GET: its status and how long the answer took."""
    started = time.perf_counter()
    status = http_status(url, timeout=15.0)
    return {"status": status, "seconds": round(time.perf_counter() - started, 3)}


def database_down(system: System) -> dict:
    """Stop the database while the app serves; each page's answer; then the recovery."""
    params = system.params()
    present, _ = endpoints.available(system.app.url, system.lesson, params)
    paths = ["/health", *(endpoints.app_path(e, params) for e in present)]
    system.db.stop()
    down = {path: timed_get(system.app.url + path) for path in paths}
    restarted = time.perf_counter()
    system.db.start()

    def all_answer() -> bool:
        return all(http_status(system.app.url + path) == 200 for path in paths)

    wait_until(all_answer, RECOVERY_TIMEOUT_S, "Recovery after the database came back")
    return {"down": down, "recovered_seconds": round(time.perf_counter() - restarted, 2)}


def signed_in(base_url: str) -> Client:
    """A visitor who may add books (logged in when the app has accounts), with a token."""
    client = Client(base_url)
    if not client.sign_in():
        client.fetch_token()
    return client


def writer(client: Client, author: str, acknowledged: list, stop: threading.Event) -> None:
    """Add books through the app's form until stopped; record each acknowledged id."""
    number = 0
    while not stop.is_set():
        number += 1
        fields = {"title": f"Crash {threading.get_ident()} {number}", "author": author}
        status, _, headers = client.post_form("/books/new", fields)
        location = headers.get("Location", "") if status in (302, 303) else ""
        if BOOK_LINK in location:
            acknowledged.append(location.rsplit("/", 1)[-1])


def killed_while_writing(
    system: System, seconds: float, kill_db: bool, journal: bool = False, writers: int = 4
) -> dict:
    """SIGKILL the app (and the database) mid-write, restart, count acknowledged writes lost.

    journal=True runs the app with `?journal=true` in MONGO_URI: each write is acknowledged
    only once the server's log is on disk (writeConcern j: true).
    """
    system.restart_app("?journal=true" if journal else "")
    acknowledged: list[str] = []
    stop = threading.Event()
    author = f"Crash Test {ObjectId()}"  # this run's books only
    # Signed in first (hashing a password takes a while): the clock starts with the writes.
    clients = [signed_in(system.app.url) for _ in range(writers)]
    threads = [
        threading.Thread(target=writer, args=(client, author, acknowledged, stop))
        for client in clients
    ]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    system.app.kill()
    if kill_db:
        system.db.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    if kill_db:
        system.db.start()
    system.restart_app()
    ids = [ObjectId(text) for text in acknowledged]
    found = system.database.books.count_documents({"_id": {"$in": ids}})
    written = system.database.books.count_documents({"author": author})
    return {
        "killed": "app and database" if kill_db else "app",
        "journal": journal,
        "acknowledged": len(ids),
        "lost": len(ids) - found,
        "in_database": written,
    }


def digest(system: System) -> str:
    """A fingerprint of every document of every collection."""
    sha = hashlib.sha256()
    for name in sorted(system.database.list_collection_names()):
        for document in system.database[name].find({}, sort=[("_id", 1)]):
            sha.update(json_util.dumps(document, sort_keys=True).encode())
    return sha.hexdigest()


def bad_input(system: System, count: int, threads: int = 4) -> dict:
    """`count` bad requests over the cases whose route exists: statuses, 5xx, what changed."""
    params = {**system.params(), "missing_id": str(ObjectId())}
    visitor = signed_in(system.app.url)  # its account is made before the fingerprint
    # A book of the visitor's own, so that edits get past any owner check.
    status, _, headers = visitor.post_form("/books/new", {"title": "Mine", "author": "Me"})
    if status in (302, 303) and BOOK_LINK in headers.get("Location", ""):
        params["book_id"] = headers["Location"].rsplit("/", 1)[-1]
    cases = bad_inputs.existing(visitor, bad_inputs.all_cases(), params)
    before = digest(system)
    statuses: Counter = Counter()
    failures: Counter = Counter()  # answered 5xx (or not at all)
    accepted: Counter = Counter()  # a write answered 2xx/3xx: bad input let through
    lock, counter = threading.Lock(), iter(range(count))

    def run() -> None:
        for index in iter(lambda: next(counter, None), None):
            case = cases[index % len(cases)]
            status = bad_inputs.send(visitor, case, params)
            with lock:
                statuses[status] += 1
                if status == 0 or status >= 500:
                    failures[f"{case.name}: {status}"] += 1
                elif case.method == "POST" and status < 400:
                    accepted[f"{case.name}: {status}"] += 1

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {
        "requests": sum(statuses.values()),
        "cases": len(cases),
        "cases_skipped": len(bad_inputs.all_cases()) - len(cases),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "failures": dict(failures),
        "accepted": dict(accepted),
        "database_unchanged": digest(system) == before,
    }


def run_all(book_count: int, bad_count: int, write_seconds: float) -> dict:
    """Every fault scenario on one system, in an order that leaves it serving between them."""
    with running(book_count, embedded=True) as system:  # they stop and kill it
        return {
            "lesson": system.lesson,
            "books": book_count,
            "bad_input": bad_input(system, bad_count),
            "database_down": database_down(system),
            "app_killed": killed_while_writing(system, write_seconds, kill_db=False),
            "app_and_db_killed": killed_while_writing(system, write_seconds, kill_db=True),
            "app_and_db_killed_journal": killed_while_writing(
                system, write_seconds, kill_db=True, journal=True
            ),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=1000)
    parser.add_argument("--bad-inputs", type=int, default=1000)
    parser.add_argument("--write-seconds", type=float, default=5.0)
    options = parser.parse_args()
    print(json.dumps(run_all(options.books, options.bad_inputs, options.write_seconds), indent=2))


if __name__ == "__main__":
    main()
