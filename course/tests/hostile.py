"""Deliberately hostile submissions for the grader's tests: each one tries a known attack.

Each entry: (base, where, code). base is "finished" (state(1): every lesson 00-01 test
passes) or "start" (the start of lesson 01: lesson 00 passes, every step of lesson 01
fails); where is "import" (appended to starter_app/__init__.py) or "view" (run inside
the about view). Names are student ids in the graded batch.
"""

import os
import secrets
import subprocess
import sys
import zipfile

from course.paths import KIT_ROOT


def grade_cli(*args, cwd=KIT_ROOT):
    """Run `python -m course grade ARGS` as an instructor would."""
    env = {**os.environ, "PYTHONPATH": str(KIT_ROOT), "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "course", "grade", *map(str, args)], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=300)  # fmt: skip


def zip_folder(source, archive, top: str = ""):
    """Zip source's files under the folder name top ('' for none, else ending in /)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                bundle.write(path, top + path.relative_to(source).as_posix())
    return archive


FAKE_LINES = """
print("tests/lesson01/test_routes.py::test_about_page_answers PASSED")
print("=================== 22 passed in 0.50s ===================")
"""

# Finds the test being run by walking up the stack from the app's import.
FIND_ITEM = """
import sys as _sys
_frame = _sys._getframe()
while "item" not in _frame.f_locals:
    _frame = _frame.f_back
_item = _frame.f_locals["item"]
"""

REGISTER_HOOK = (
    FIND_ITEM
    + """
import pytest as _pytest
class _Evil:
    @_pytest.hookimpl(hookwrapper=True, trylast=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        outcome.get_result().outcome = "passed"
        call.excinfo = None
    def pytest_sessionfinish(self, session):
        session.exitstatus = 0
_item.config.pluginmanager.register(_Evil(), "evil")
"""
)

PATCH_REPORT = """
import _pytest.reports as _reports
_real = _reports.TestReport.from_item_and_call.__func__
def _always_passed(cls, item, call):
    call.excinfo = None
    return _real(cls, item, call)
_reports.TestReport.from_item_and_call = classmethod(_always_passed)
"""

PATCH_RECORDER = """
import course.recorder as _recorder
_recorder._outcome = lambda *args: "passed"
_recorder.Recorder.pytest_runtest_makereport = lambda self, item, call: None
"""

# The first request for the about page (a failing test, at the start of lesson 01) makes the
# recorder's explanation of a failure raise: pytest itself fails, before any check.
BREAK_THE_GRADER = """
_create_app = create_app


def create_app(*args, **kwargs):
    app = _create_app(*args, **kwargs)

    @app.before_request
    def break_the_grader():
        import flask

        if flask.request.path == "/about":
            import course.recorder

            course.recorder.explain = lambda excinfo, config: 1 / 0

    return app
"""

FAKE_RESULTS = """
import json as _json, os as _os
_body = _json.dumps({"kind": "result", "nodeid": "x", "outcome": "passed", "tampered": []})
for _fd in range(3, 40):
    try:
        _os.write(_fd, (_json.dumps({"body": _body, "mac": "0" * 64}) + "\\n").encode())
    except OSError:
        pass
for _folder in (_os.getcwd(), _os.environ.get("TMPDIR", ".")):
    with open(_os.path.join(_folder, "results.json"), "w") as _file:
        _file.write('{"tests": [], "collection_errors": []}')
"""

FEWER_TESTS = (
    FIND_ITEM
    + """
del _item.session.items[4:]
"""
)

LOOP_IGNORING_TIMEOUT = """
import signal as _signal
_signal.signal(_signal.SIGALRM, _signal.SIG_IGN)
while True:
    pass
"""

READ_HIDDEN = """
import sys as _sys
_leak = []
for _module in list(_sys.modules.values()):
    _file = getattr(_module, "__file__", "") or ""
    if "/tests/hidden/" in _file:
        _leak.append(_file)
        try:
            _leak.append(open(_file).read())
        except OSError:
            _leak.append("the file is gone")
        for _name, _value in list(vars(_module).items()):
            if _name.startswith("test_"):
                _leak += [_name, _value.__doc__ or ""]
                _leak += [c for c in _value.__code__.co_consts if isinstance(c, str)]
LEAK = " | ".join(reversed(_leak))
"""

# A process in a session of its own, so killing the submission's process group misses it.
# The mark is new in every test run: two runs on one machine must not find (and kill) each
# other's processes.
LEFTOVER_MARK = f"course-grade-leftover-{secrets.token_hex(8)}"
LEFTOVER = f"""
import subprocess as _subprocess, sys as _sys
_subprocess.Popen([_sys.executable, "-c", "import time; time.sleep(300)  # {LEFTOVER_MARK}"],
                  start_new_session=True)
"""

# An error whose message cannot be shown: the report of it must not stop the run.
UNPRINTABLE = """
class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no message")
raise Unprintable()
"""

# Terminal escapes in a message: a window title, a bell, "clear the screen".
ESCAPES = "\x1b]0;owned\x07\x1b[2J cleared"

HOSTILE = {
    "fake-pass-lines": ("start", "import", FAKE_LINES),
    "hook-exitstatus": ("start", "import", REGISTER_HOOK),
    "sys-exit-import": ("finished", "import", "import sys\nsys.exit(0)\n"),
    "os-exit-import": ("finished", "import", "import os\nos._exit(0)\n"),
    "sys-exit-view": ("finished", "view", "import sys; sys.exit(0)"),
    "os-exit-view": ("finished", "view", "import os; os._exit(0)"),
    "import-crash": ("finished", "import", "raise RuntimeError('broken on purpose')\n"),
    "syntax-error": ("finished", "import", "def broken(:\n"),
    "loop-view": ("finished", "view", "while True: pass"),
    "skip-view": ("finished", "view", "import pytest; pytest.skip('not my job')"),
    "unprintable-error": ("finished", "view", UNPRINTABLE),
    "surrogate-message": ("finished", "view", 'raise RuntimeError("half a pair: \\udc80")'),
    "escape-codes": ("finished", "import", f"raise RuntimeError({ESCAPES!r})\n"),
    "interrupt-view": ("finished", "view", "raise KeyboardInterrupt"),
    "exit-view": ("finished", "view", "import pytest; pytest.exit('my tests are done')"),
    "loop-import": ("finished", "import", LOOP_IGNORING_TIMEOUT),
    "loop-at-import": ("finished", "import", "while True:\n    pass\n"),
    "huge-output": ("finished", "import", "print('x' * (60 * 1024 * 1024))\n"),
    "memory-bomb": ("finished", "view", "bytearray(64 * 1024 ** 3)"),
    "patch-report": ("start", "import", PATCH_REPORT),
    "patch-recorder": ("start", "import", PATCH_RECORDER),
    "break-the-grader": ("start", "import", BREAK_THE_GRADER),
    "fake-results": ("start", "import", FAKE_RESULTS),
    "fewer-tests": ("start", "import", FEWER_TESTS),
    "kill-server": ("finished", "import", "import os\nos.kill(os.getppid(), 9)\n"),
    "leave-a-process": ("finished", "import", LEFTOVER),
}

# pytest files a submission may carry: none of them may change what runs or how it scores.
EVIL_CONFTEST = """
import pytest
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    outcome.get_result().outcome = "passed"
def pytest_sessionfinish(session):
    session.exitstatus = 0
"""
CONFIG_FILES = {
    "conftest.py": EVIL_CONFTEST,
    "pytest.ini": "[pytest]\naddopts = -p no:course.plugin --deselect tests\n",
    "pyproject.toml": '[tool.pytest.ini_options]\naddopts = "-x --co"\n',
    "setup.cfg": "[tool:pytest]\naddopts = --collect-only\n",
    "tests/lesson01/test_routes.py": "def test_about_page_answers():\n    pass\n",
}

# Its helper's name and the page it asks for are words of the visible course too: students
# read them in titles, hints and tests, so feedback shows them as the course wrote them.
HIDDEN_TEST = '''
def about(client):
    return client.get("/about").get_data(as_text=True)


def test_about_names_the_zebra_catalogue(client):
    """Secret docstring ZEBRA-DOC-991"""
    body = about(client)
    assert "zebra" in body, "SECRET-MESSAGE-ZEBRA-77: the about page must mention zebras"
'''
HIDDEN_TOML = """
[[test]]
lesson = 1
step = 1
name = "test_about_names_the_zebra_catalogue"
points = 2
description = "The about page describes the catalogue"
"""
HIDDEN_SECRETS = ("test_about_names_the_zebra_catalogue", "ZEBRA-DOC-991",
                  "SECRET-MESSAGE-ZEBRA-77", "test_zebra_secret")  # fmt: skip
