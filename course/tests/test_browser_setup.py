"""`python -m course.browser`: find Chromium and wrk, install them only when allowed."""

import subprocess

import pytest

from course import browser


@pytest.fixture
def no_chromium(monkeypatch):
    """A machine where no Chromium is on PATH and CHROMIUM_PATH is unset."""
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)

    def which(name: str) -> str | None:
        return "/usr/bin/apt-get" if name == "apt-get" else None

    monkeypatch.setattr(browser.shutil, "which", which)


@pytest.fixture
def commands(monkeypatch) -> list[list[str]]:
    """The commands ensure_chromium runs (recorded, never executed)."""
    ran: list[list[str]] = []

    def record(command, **kwargs):
        ran.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(browser.subprocess, "run", record)
    return ran


def test_chromium_path_wins_and_a_wrong_one_is_not_bypassed(monkeypatch, tmp_path):
    program = tmp_path / "my-chromium"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setenv("CHROMIUM_PATH", str(program))
    assert browser.find_chromium() == program
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "missing"))
    assert browser.find_chromium() is None


def test_nothing_is_installed_when_chromium_is_there(monkeypatch, tmp_path, commands):
    monkeypatch.setattr(browser, "find_chromium", lambda: tmp_path / "chromium")
    assert "Browser tests use" in browser.ensure_chromium()
    assert commands == []


def test_without_privileges_it_says_how_to_install(no_chromium, monkeypatch, commands):
    monkeypatch.setattr(browser, "privilege_prefix", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    message = browser.ensure_chromium()
    assert message.startswith(browser.INSTALL_HINT) and "skipped" in message
    assert commands == []


def test_as_root_it_installs_debian_chromium_without_questions(no_chromium, monkeypatch, commands):
    monkeypatch.setattr(browser, "privilege_prefix", list)
    browser.ensure_chromium()
    update, install = commands
    assert update[-3:] == ["apt-get", "update", "-qq"]
    assert "DEBIAN_FRONTEND=noninteractive" in install and "-y" in install
    assert "chromium" in install


def test_wrk_is_installed_the_same_way_when_it_is_missing(no_chromium, monkeypatch, commands):
    monkeypatch.setattr(browser, "privilege_prefix", list)
    message = browser.ensure_load_generator()
    update, install = commands
    assert update[-3:] == ["apt-get", "update", "-qq"]
    assert install[-1] == "wrk" and "-y" in install
    assert "not found: install it with `sudo apt-get install wrk`" in message  # which() says no


def test_nothing_is_installed_when_wrk_is_there(monkeypatch, commands):
    monkeypatch.setattr(browser.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert browser.ensure_load_generator() == "Load tests use /usr/bin/wrk."
    assert commands == []


def test_without_privileges_wrk_is_not_installed_and_it_says_how(
    no_chromium, monkeypatch, commands
):
    monkeypatch.setattr(browser, "privilege_prefix", lambda: None)
    message = browser.ensure_load_generator()
    assert message.startswith("wrk not found: install it with `sudo apt-get install wrk`")
    assert commands == []
