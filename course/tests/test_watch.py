"""`watch`: re-check on save, keys for hint / next / list / quit, polling where events fail."""

import io
import os
import pty
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from rich.console import Console

from course.paths import KIT_ROOT
from course.project import Project
from course.scaffold import start_lesson
from course.watch import WatchSession, run_loop
from course.watch_files import PendingChanges, Poller

APP = "starter_app"


@pytest.fixture
def session(project, tmp_path, monkeypatch) -> WatchSession:
    """A watch of lesson 01 in the copy, printing to a string instead of a terminal."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "course-data"))
    where = Project(project)
    where.course.get(1)  # lesson 01 must exist
    out = Console(file=io.StringIO(), width=120, highlight=False, color_system=None)
    return WatchSession(where, where.lesson(1), "mock", out, keys=True)


def shown(session: WatchSession) -> str:
    return session.out.file.getvalue()


def finish_lesson_01(project, course):
    ours = course.get(1).solution_dir / APP / "pages.py"
    shutil.copyfile(ours, project / APP / "pages.py")


def test_a_change_redraws_the_result(session, project, course):
    first = session.on_change([])
    assert first is not None and not first.complete
    assert "Watching starter_app/ · lesson 01 · Routes and views" in shown(session)
    assert "✘ Step 1  An about page" in shown(session) and "(first check)" in shown(session)
    finish_lesson_01(project, course)
    again = session.on_change(["pages.py"])
    assert again.complete
    assert "Lesson 01 is done" in shown(session) and "after pages.py changed" in shown(session)


def test_keys_give_a_hint_the_list_and_quit(session):
    session.on_change([])
    assert session.on_key("h") and session.on_key("h")
    assert "Hint 1 of 3 for step 1 (An about page):" in shown(session)
    assert "Hint 2 of 3 for step 1" in shown(session)
    assert session.project.progress.hints_used("01", 1) == 2
    session.on_key("l")
    assert "→ 01" in shown(session) and "00 " in shown(session)
    assert session.on_key("x") is True
    assert session.on_key("q") is False


def test_next_lesson_waits_until_it_is_started_and_unlocks_no_solution(session, course):
    """n once checked lesson 02 before it was started, and `solution 2` then showed it all
    without asking."""
    session.on_change([])
    session.on_key("n")
    assert session.lesson.number == 1
    assert "Lesson 02 is not started" in shown(session)
    assert "Run `python -m course start 2` first, then press n again." in shown(session)
    assert not session.project.progress.attempted("02")
    start_lesson(session.project, course.get(2), anyway=True)
    session.on_key("n")
    assert session.lesson.number == 2
    assert "Watching starter_app/ · lesson 02" in shown(session)


def test_watching_a_lesson_not_started_says_so_and_unlocks_no_solution(session, project, course):
    """Watching lesson 01 before `start 1` once counted as trying it, as `check 1` did."""
    session.on_change([])
    assert not session.project.progress.attempted("01")
    assert "Lesson 01 is not started" in " ".join(shown(session).split())
    finish_lesson_01(project, course)
    session.on_change(["pages.py"])
    assert session.project.progress.attempted("01")


class ScriptedStudent:
    """Stands in for the keyboard: saves a file after the first check, quits after the next."""

    def __init__(self, session, changes, save):
        self.session, self.changes, self.save = session, changes, save
        self.checks = 0
        real = session.on_change
        session.on_change = lambda changed: (self._count(), real(changed))[1]

    def _count(self):
        self.checks += 1

    def read(self, timeout):
        time.sleep(timeout)
        if self.checks == 1 and self.save:
            self.changes.note(str(self.save()))
            self.save = None
        return "q" if self.checks == 2 else None


def test_the_loop_checks_once_then_after_each_settled_change(session, project, course):
    changes = PendingChanges()

    def save():
        finish_lesson_01(project, course)
        return project / APP / "pages.py"

    keys = ScriptedStudent(session, changes, save)
    run_loop(session, changes, keys)
    assert keys.checks == 2
    assert session.result.complete


def test_changes_are_debounced_and_caches_ignored(tmp_path):
    changes = PendingChanges()
    for name in ("__pycache__/pages.cpython-311.pyc", ".pages.py.course-tmp", "instance/x.wt"):
        changes.note(str(tmp_path / name))
    changes.note(str(tmp_path / "pages.py"))
    changes.note(str(tmp_path / "books.py"))
    assert changes.settled(quiet=0.2) == []  # still settling
    time.sleep(0.25)
    assert changes.settled(quiet=0.2) == ["books.py", "pages.py"]
    assert changes.settled(quiet=0.2) == []


def test_polling_notices_a_save_and_a_deletion(tmp_path):
    (tmp_path / "pages.py").write_text("one\n")
    (tmp_path / "books.py").write_text("two\n")
    changes = PendingChanges()
    poller = Poller(tmp_path, changes, interval=0.05)
    poller.start()
    try:
        (tmp_path / "pages.py").write_text("one, longer\n")
        (tmp_path / "books.py").unlink()
        deadline, seen = time.monotonic() + 3, []
        while len(seen) < 2 and time.monotonic() < deadline:
            seen += changes.settled(quiet=0)
            time.sleep(0.05)
    finally:
        poller.stop()
    assert sorted(seen) == ["books.py", "pages.py"]


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


def _wait_for(lines: queue.Queue, text: str, seen: list[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not any(text in line for line in seen):
        seen.append(lines.get(timeout=max(0.1, deadline - time.monotonic())))


def _start_watch(project, tmp_path, *flags: str, stdin=subprocess.PIPE):
    """`python -m course watch 1` in the copy, with a queue of the lines it prints."""
    env = {
        **os.environ,
        "COURSE_PROJECT_DIR": str(project),
        "COURSE_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(KIT_ROOT),
        "COLUMNS": "120",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "course", "watch", "1", *flags],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    return process, lines


@pytest.mark.parametrize("mode", ["events", "poll"])
def test_watch_run_by_a_student_redraws_after_a_save(project, course, tmp_path, mode):
    flags = ["--poll"] if mode == "poll" else []
    process, lines = _start_watch(project, tmp_path, *flags)  # stdin a pipe: Ctrl+C stops
    seen = []
    try:
        _wait_for(lines, "(first check)", seen)
        finish_lesson_01(project, course)
        _wait_for(lines, "after pages.py changed", seen)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
        _wait_for(lines, "Stopped watching.", seen, timeout=5)
    finally:
        process.kill()
    output = "".join(seen)
    assert "Lesson 01 is done" in output and "Ctrl+C stops" in output
    assert output.count("Watching by polling") == (1 if mode == "poll" else 0)


def test_in_a_terminal_keys_work_without_enter(project, tmp_path):
    controller, terminal = pty.openpty()
    process, lines = _start_watch(project, tmp_path, stdin=terminal)
    seen = []
    try:
        _wait_for(lines, "Keys: h hint · n next lesson · l list · q quit", seen)
        os.write(controller, b"h")
        _wait_for(lines, "Hint 1 of 3 for step 1", seen)
        os.write(controller, b"q")
        assert process.wait(timeout=15) == 0
        _wait_for(lines, "Stopped watching.", seen, timeout=5)
    finally:
        process.kill()
        os.close(controller)
        os.close(terminal)
