"""`course check`, `status` and `hint`, run as a student runs them."""

import json
from datetime import datetime

import pytest

APP = "starter_app"


def test_check_passes_a_finished_lesson(course_cli, state):
    result = course_cli("check", "1", "--app-dir", str(state(1)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lesson 01 is done" in result.stdout
    assert "Earlier lessons still pass (00)" in result.stdout


def test_check_explains_each_failing_step_and_points_to_a_hint(course_cli, lesson_start):
    result = course_cli("check", "1", "--app-dir", str(lesson_start(1)))
    assert result.returncode == 1
    assert "✘ Step 1  An about page" in result.stdout
    assert "GET /about answered with status 404; expected 200" in result.stdout
    assert "python -m course hint 1 1" in result.stdout


def test_a_lesson_that_passed_before_and_fails_now_no_longer_passes(
    course_cli, state, lesson_start
):
    course_cli("check", "1", "--app-dir", str(state(1)))
    result = course_cli("check", "2", "--app-dir", str(lesson_start(1)))
    assert "Lesson 01 no longer passes (step 1, 2, 3, 4, 5)" in result.stdout


def test_checking_a_lesson_not_started_says_to_start_it(course_cli, state, lesson_start):
    """Its failures point at files the app does not have yet: say where they come from."""
    result = course_cli("check", "2", "--app-dir", str(state(1)))
    assert result.returncode == 1
    said = " ".join(result.stdout.split())
    assert "Lesson 02 is not started" in said and "python -m course start 2" in said, said
    started = course_cli("check", "2", "--app-dir", str(lesson_start(2)))
    assert "is not started" not in started.stdout


def test_check_json_reports_every_step_as_data(course_cli, lesson_start):
    result = course_cli("check", "1", "--json", "--app-dir", str(lesson_start(1)))
    data = json.loads(result.stdout)
    assert [step["status"] for step in data["lesson"]["steps"]] == ["failed"] * 5
    assert data["earlier"][0]["complete"] is True


def test_a_syntax_error_is_one_clear_message(course_cli, state):
    app = state(1)
    pages = app / APP / "pages.py"
    pages.write_text(pages.read_text() + "\ndef broken(:\n", encoding="utf-8")
    result = course_cli("check", "1", "--app-dir", str(app))
    assert result.returncode == 1
    assert "Your app could not be loaded" in result.stdout
    assert "starter_app/pages.py, line" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_an_app_that_does_not_load_leaves_progress_as_it_was(course_cli, state, tmp_path):
    """No test could run, so no step failed: passed steps and their hints stay as they were."""
    app = state(1)
    course_cli("check", "1", "--app-dir", str(app))
    progress = tmp_path / "course-data" / "progress.json"
    before = progress.read_bytes()
    pages = app / APP / "pages.py"
    pages.write_text(pages.read_text() + "\ndef broken(:\n", encoding="utf-8")
    result = course_cli("check", "1", "--app-dir", str(app))
    assert "Your app could not be loaded" in result.stdout
    assert "your progress is kept as it was" in result.stdout
    assert progress.read_bytes() == before
    assert "Every step of lesson 01 passed" in course_cli("hint", "1").stdout


def test_an_error_at_import_names_the_file_and_line(course_cli, state):
    app = state(1)
    (app / APP / "pages.py").write_text("import no_such_module\n", encoding="utf-8")
    result = course_cli("check", "1", "--app-dir", str(app))
    assert result.returncode == 1
    assert "ModuleNotFoundError" in result.stdout
    assert "starter_app/pages.py, line 1" in result.stdout


def test_a_deleted_app_file_is_named_with_the_ways_to_get_it_back(course_cli, state):
    """Python calls it a circular import; the student needs to hear the file is gone."""
    app = state(1)
    (app / APP / "pages.py").unlink()
    result = course_cli("check", "1", "--app-dir", str(app))
    said = " ".join(result.stdout.split())
    assert result.returncode == 1
    assert "There is no starter_app/pages.py. If you deleted or renamed it" in said, said
    assert "is not started" not in said


def test_an_error_inside_a_view_names_the_file_and_line(course_cli, state):
    app = state(1)
    pages = app / APP / "pages.py"
    source = pages.read_text(encoding="utf-8")
    pages.write_text(
        source.replace('"""What the site is."""', '"""What the site is."""\n    {}["missing"]'),
        encoding="utf-8",
    )
    result = course_cli("check", "1", "--app-dir", str(app))
    assert result.returncode == 1
    assert "Your app raised KeyError: 'missing' (starter_app/pages.py, line" in result.stdout


def test_once_a_test_hangs_the_later_ones_get_less_time(course, state):
    """An endless loop in the home page hangs every test that asks for it: the first is
    stopped at the per-test timeout, the others sooner, and each says where it was."""
    from course.grading.sandbox import Limits
    from course.runner import run_pytest

    app = state(1)
    pages = app / APP / "pages.py"
    source = pages.read_text(encoding="utf-8")
    pages.write_text(
        source.replace(
            '"""The home page."""', '"""The home page."""\n    while True:\n        pass'
        ),
        encoding="utf-8",
    )
    lesson = course.get(1)
    limits = Limits(wall_s=120, test_s=4, test_after_a_hang_s=1)
    run = run_pytest([lesson.tests_dir], lesson.root, app, "mock", limits)
    hung = [test for test in run.tests if "took too long" in test.message]
    assert len(hung) >= 2, [(t.name, t.outcome) for t in run.tests]
    assert hung[0].duration > limits.test_s - 0.5, hung[0]  # timers may read a little short
    for test in hung[1:]:
        assert test.duration < limits.test_after_a_hang_s + 1, test
        assert "(starter_app/pages.py, line" in test.message, test.message
    assert any(t.outcome == "passed" for t in run.tests)  # the tests that do not meet it run on


def test_a_bad_setting_in_env_names_the_setting_not_config_py(course_cli, state):
    """A setting the app cannot read sends the student to .env, not to starter_app/config.py."""
    app = state(0)
    (app / ".env").write_text("MONGO_TIMEOUT_MS=abc\n", encoding="utf-8")
    result = course_cli("check", "0", "--app-dir", str(app))
    assert result.returncode == 1
    message = (
        "MONGO_TIMEOUT_MS in .env must be a whole number of milliseconds, at least 1, got 'abc'."
    )
    said = " ".join(result.stdout.split())
    assert said.count(message) == 1, result.stdout  # once, not on every test
    assert "Your app could not be loaded" in said and "progress is kept" in said
    assert "config.py" not in result.stdout


# Narrower than any of these lines: a pipe or a log is 80 columns to rich, which split them.
NARROW = {"COLUMNS": "40"}


def test_a_missing_app_is_one_line_and_exit_code_3(course_cli, tmp_path):
    result = course_cli("check", "0", "--app-dir", str(tmp_path), env=NARROW)
    assert result.returncode == 3
    assert result.stdout.startswith("✘ No app found") and result.stdout.count("\n") == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_an_unknown_lesson_is_one_line_and_exit_code_2(course_cli):
    result = course_cli("check", "42", env=NARROW)
    assert result.returncode == 2
    assert result.stdout.startswith("✘ There is no lesson 42") and result.stdout.count("\n") == 1
    assert result.stdout.rstrip().endswith("lists them."), result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_status_shows_every_lesson_with_steps_passed(course_cli, state, course):
    result = course_cli("status", "--app-dir", str(state(1)))
    assert result.returncode == 0, result.stdout + result.stderr
    for lesson in course.up_to(1):
        assert f"{lesson.label}" in result.stdout and lesson.title in result.stdout
    assert "3/3" in result.stdout and "5/5" in result.stdout


def test_status_shows_when_each_lesson_was_finished_and_the_hints_used(course_cli, state):
    course_cli("hint", "1", "2")
    course_cli("hint", "1", "2")
    course_cli("hint", "1", "3")
    result = course_cli("status", "--app-dir", str(state(1)))
    rows = {line.split()[1]: line for line in result.stdout.splitlines() if "│" in line}
    today = datetime.now().strftime("%Y-%m-%d")
    assert today in rows["00"] and today in rows["01"], result.stdout
    assert rows["01"].rstrip().endswith("3") and rows["00"].rstrip().endswith("0")
    assert today not in rows["02"]


def test_status_survives_a_progress_file_edited_by_hand(course_cli, state, tmp_path):
    course_cli("status", "--app-dir", str(state(1)))
    progress = tmp_path / "course-data" / "progress.json"
    progress.write_text(progress.read_text().replace('"passed_at": "2', '"passed_at": "someday 2'))
    result = course_cli("status", "--app-dir", str(state(1)))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    rows = {line.split()[1]: line for line in result.stdout.splitlines() if "│" in line}
    assert "someday" not in rows["01"] and "5/5" in rows["01"], result.stdout


def test_an_unreadable_progress_file_is_set_aside_with_a_word(course_cli, tmp_path):
    progress = tmp_path / "course-data" / "progress.json"
    progress.parent.mkdir()
    progress.write_text("{bad")
    result = course_cli("hint", "1", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    aside = progress.with_suffix(".unreadable.json")
    assert aside.read_text() == "{bad"
    assert f"progress file {progress} could not be read: it was saved as {aside}" in result.stderr
    assert "your progress starts fresh" in result.stderr


WRONG_SHAPES = {
    "a lesson that is a number": {"lessons": {"01": 5}},
    "steps that are a list": {"lessons": {"01": {"steps": [], "hints": {}}}},
    "a step that is a word": {"lessons": {"01": {"steps": {"1": "yes"}, "hints": {}}}},
    "a hint count that is a word": {"lessons": {"01": {"steps": {}, "hints": {"1": "two"}}}},
}


@pytest.mark.parametrize("shape", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_a_progress_file_of_the_wrong_shape_is_set_aside_as_a_garbled_one(
    course_cli, tmp_path, shape
):
    """{"lessons": {"01": 5}} once ended `status` in TypeError: 'int' object is not
    subscriptable."""
    progress = tmp_path / "course-data" / "progress.json"
    progress.parent.mkdir()
    progress.write_text(json.dumps(shape))
    result = course_cli("hint", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lesson 01, step 1" in result.stdout
    aside = progress.with_suffix(".unreadable.json")
    assert json.loads(aside.read_text()) == shape
    assert f"progress file {progress} could not be read: it was saved as {aside}" in result.stderr


def test_hints_are_revealed_one_more_each_time(course_cli, course):
    step = course.get(1).step(3)
    first = course_cli("hint", "1", "3")
    second = course_cli("hint", "1", "3")
    assert "Hint 1 of 3" in first.stdout and "Hint 2 of 3" not in first.stdout
    assert "Hint 2 of 3" in second.stdout
    assert step.hints[1].split()[0] in second.stdout


def test_hint_for_step_0_names_the_steps_there_are(course_cli):
    result = course_cli("hint", "1", "0")
    assert result.returncode == 2
    assert "Lesson 01 has steps 1 to 5; there is no step 0" in result.stdout
    assert "Hint 1" not in result.stdout


def test_a_lesson_number_with_more_after_it_is_refused(course_cli):
    result = course_cli("check", "1.5")
    assert result.returncode == 2
    assert "'1.5' is not a lesson number" in result.stdout + result.stderr


def test_hint_without_a_step_picks_the_first_unfinished_one(course_cli, lesson_start):
    course_cli("check", "1", "--app-dir", str(lesson_start(1)))
    result = course_cli("hint", "1")
    assert "Lesson 01, step 1" in result.stdout


def test_progress_remembers_when_a_step_first_passed(course_cli, state, tmp_path):
    course_cli("check", "1", "--app-dir", str(state(1)))
    saved = json.loads((tmp_path / "course-data" / "progress.json").read_text())
    steps = saved["lessons"]["01"]["steps"]
    assert all(step["passed"] and step["passed_at"] for step in steps.values())


def test_a_tests_folder_inside_the_app_folder_is_never_loaded(course_cli, lesson_start):
    app = lesson_start(1)
    (app / "tests").mkdir()
    loaded = app / "tests" / "loaded.txt"
    (app / "tests" / "conftest.py").write_text(
        f"open({str(loaded)!r}, 'w').close()\n"
        "import pytest\n\n"
        "@pytest.hookimpl(hookwrapper=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    outcome = yield\n"
        "    outcome.get_result().outcome = 'passed'\n",
        encoding="utf-8",
    )
    result = course_cli("check", "1", "--app-dir", str(app))
    assert not loaded.exists(), "the app folder's tests/conftest.py was imported"
    assert result.returncode == 1, result.stdout + result.stderr
    assert "0/5 steps" in result.stdout
