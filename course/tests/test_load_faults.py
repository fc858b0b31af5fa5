"""The load and fault scripts of bench/, in a short form that checks correctness only.

The same code as `make bench` (bench/throughput.py, bench/faults.py), with small counts
and no timing assertions: the latest finished app under gunicorn on the embedded server,
with 200 books. The figures themselves are in docs/PERFORMANCE.md.
"""

import pytest

from bench import endpoints, faults, load
from bench.client import slow_upload
from bench.stack import http_status
from bench.system import EXTERNAL_ENV, running

pytestmark = pytest.mark.slow

BOOKS = 200
REQUESTS = 200
CLIENTS = 4
BAD_INPUTS = 200
WRITE_SECONDS = 1.0


@pytest.fixture(scope="module")
def system():
    """The latest app and the ceiling app, served on 127.0.0.1, for this module."""
    with running(BOOKS, ceiling=True, embedded=True) as served:
        yield served


@pytest.fixture(scope="module")
def params(system) -> dict:
    return system.params()


@pytest.fixture(scope="module")
def present(system, params) -> list:
    """The endpoints the app has at its latest lesson (at least the book list and a book)."""
    found, missing = endpoints.available(system.app.url, system.lesson, params)
    assert {"list", "book"} <= {e.key for e in found}, f"Endpoints left out: {missing}"
    return found


def test_every_endpoint_answers_under_load(system, params, present):
    """200 GETs at 4 clients over every endpoint and the ceiling: all answer 200."""
    urls = [system.app.url + endpoints.app_path(e, params) for e in present]
    urls += [system.ceiling.url + endpoints.ceiling_path(e, params) for e in present]
    result = load.run_threads(urls, CLIENTS, REQUESTS, seconds=120)
    assert result.requests > 0
    assert result.errors == 0, f"Answers by status: {result.statuses}"


@pytest.mark.skipif(not load.wrk_available(), reason="wrk is not installed (apt-get install wrk)")
def test_wrk_figures_are_read(system):
    """wrk's figures come back through the Lua hook, with no errors on the book list."""
    result = load.run_wrk(system.app.url + "/books", clients=2, seconds=2, max_requests=40)
    assert result.requests > 0 and result.errors == 0, result


def test_load_goes_to_loopback_only():
    """The load generators refuse any address but 127.0.0.1."""
    with pytest.raises(ValueError):
        load.run_threads(["http://example.com/"], 1, 1, seconds=1)


SLOW_UPLOADS = [("/auth/login", 3_000_000, 413), ("/no-such-page", 3_000_000, 404),
                ("/api/books", 500_000, 401)]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "size", "answer"), SLOW_UPLOADS, ids=["too big", "no such page", "not logged in"]
)
def test_a_slow_upload_gets_its_answer(system, path, size, answer):
    """A body arriving slowly, as over a real network, gets the app's answer even when the
    app answers without reading it; a server that closes the connection with the body
    still arriving makes the operating system reset it instead."""
    statuses = [slow_upload(system.app.url + path, size) for _ in range(3)]
    assert statuses == [answer] * 3, f"Statuses (0: connection reset): {statuses}"


@pytest.fixture(scope="module")
def bad_input(system) -> dict:
    """200 bad requests (SECURITY.md's list) on the routes the app has, sent once."""
    return faults.bad_input(system, BAD_INPUTS)


def test_bad_input_never_answers_5xx(bad_input):
    """No bad request gets a 5xx or goes unanswered."""
    assert bad_input["requests"] == BAD_INPUTS
    assert not bad_input["failures"], bad_input["failures"]


def test_bad_input_writes_nothing(bad_input):
    """No bad request is accepted as a write, and the database is unchanged."""
    assert not bad_input["accepted"], bad_input["accepted"]
    assert bad_input["database_unchanged"]


def test_database_down_then_back(system):
    """Database stopped: /health answers 503, nothing hangs; back up: every page answers 200."""
    result = faults.database_down(system)  # raises if the pages do not recover
    down = result["down"]
    assert down["/health"]["status"] == 503, down
    assert all(answer["status"] != 0 for answer in down.values()), down


def test_app_killed_while_writing_loses_nothing(system):
    """SIGKILL of gunicorn while 4 clients add books: every acknowledged book is there."""
    result = faults.killed_while_writing(system, WRITE_SECONDS, kill_db=False)
    assert result["acknowledged"] > 0, result
    assert result["lost"] == 0, result


def test_app_and_database_killed_with_journal_loses_nothing(system):
    """SIGKILL of the app and the embedded server, writes with journal=true: nothing lost."""
    result = faults.killed_while_writing(system, WRITE_SECONDS, kill_db=True, journal=True)
    assert result["acknowledged"] > 0, result
    assert result["lost"] == 0, result


def test_a_server_of_your_own_gets_a_database_of_its_own(system, monkeypatch):
    """BENCH_MONGO_URI: the figures use a fresh database on that server, dropped afterwards."""
    server = system.db.uri.rsplit("/", 1)[0]
    monkeypatch.setenv(EXTERNAL_ENV, f"{server}/a_database_left_alone")
    books_before = system.database.books.count_documents({})
    with running(20) as mine:
        name = mine.database.name
        assert name.startswith("bookshelf_bench_") and name != system.database.name
        assert mine.database.books.count_documents({}) == 20
        assert http_status(f"{mine.app.url}/books") == 200
        assert "BENCH_MONGO_URI" in mine.database_description()
    assert name not in system.mongo.list_database_names()
    assert system.database.books.count_documents({}) == books_before  # nothing else touched
