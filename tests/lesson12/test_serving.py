"""Lesson 12, step 4: serving the app with gunicorn, one database client per worker."""

import runpy
import urllib.error
import urllib.request

import pytest
from gunicorn.config import Config
from gunicorn.util import parse_address

from grading import gunicorn

GUNICORN = "starter_app/gunicorn_conf.py"
# Every interface, as gunicorn reads a bind address: "0.0.0.0:8000", ":8000", "[::]:8000".
EVERY_INTERFACE = ("0.0.0.0", "", "::")
# The access log on the console, where a platform collects it ("-" is gunicorn's stdout).
CONSOLE = ("-", "/dev/stdout", "/dev/stderr")


def _settings(target_folder, monkeypatch, **env) -> Config:
    """gunicorn's settings, read from the app's config file the way gunicorn reads it."""
    path = target_folder / GUNICORN
    assert path.is_file(), f"There is no {GUNICORN}: write gunicorn's settings there."
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    for name, value in runpy.run_path(str(path)).items():
        if name in config.settings:
            config.set(name, value)  # gunicorn checks each value's type here
    return config


def test_gunicorn_settings_follow_the_environment(target_folder, monkeypatch):
    """gunicorn's settings take the port and the number of workers from the environment"""
    config = _settings(target_folder, monkeypatch, PORT="8123", WEB_CONCURRENCY="3")
    addresses = [parse_address(address) for address in config.bind]
    everywhere = all(host in EVERY_INTERFACE and port == 8123 for host, port in addresses)
    assert addresses and everywhere and config.workers == 3, (
        f"With PORT=8123 and WEB_CONCURRENCY=3, {GUNICORN} binds {config.bind} with "
        f"{config.workers} workers; expected 0.0.0.0:8123 and 3."
    )


def test_each_worker_builds_its_own_app(target_folder, monkeypatch):
    """gunicorn does not preload the app: each worker creates its own MongoClient after fork"""
    config = _settings(target_folder, monkeypatch)
    assert config.preload_app is False, (
        f"{GUNICORN} sets preload_app = True: the app (and its MongoClient) would be made "
        "once, before the workers fork, and shared by them. pymongo forbids that."
    )
    assert config.accesslog in CONSOLE, (
        f"{GUNICORN} sets accesslog to {config.accesslog!r}; expected a line per request on "
        'the console, where the platform collects it: accesslog = "-".'
    )


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def gunicorn_url(request, target_folder, tmp_path):
    """The app served by gunicorn (one worker, production settings) on a free local port."""
    served = gunicorn.take_ahead(request.session) or gunicorn.start(target_folder, tmp_path)
    try:
        served.wait_until_listening()
        yield served.url
    finally:
        served.stop()


def test_gunicorn_serves_the_app(gunicorn_url):
    """`gunicorn -c python:starter_app.gunicorn_conf "starter_app:create_app()"` serves the app"""
    status, body = _get(f"{gunicorn_url}/")
    assert status == 200 and "Bookshelf" in body, (
        f"gunicorn answered {status} for the home page; expected the app's home page."
    )
    status, body = _get(f"{gunicorn_url}/health")
    assert status == 503 and "down" in body, (
        f"With no database, /health under gunicorn answered {status}: {body[:200]!r}; "
        "expected 503 (the database is down)."
    )
