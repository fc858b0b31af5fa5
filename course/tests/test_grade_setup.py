"""How `course grade` sets out: mistakes in the instructor's own tests stop it before
anyone is graded, and it grades as many submissions at once as the backend can use.

A hidden test file that cannot be imported, or a hidden.toml entry that names no test,
would otherwise cost every student those points, with nothing to say why.
"""

import pytest
from click.testing import CliRunner

from course.cli import cli
from course.compose import compose_state
from course.errors import EXIT_SETUP
from course.grading import batch, command
from course.lessons import Course
from course.tests.hostile import HIDDEN_TEST, HIDDEN_TOML, grade_cli


@pytest.fixture(scope="module")
def submission(tmp_path_factory):
    return compose_state(Course(), 1, tmp_path_factory.mktemp("class") / "ada")


def _hidden(folder, tests: dict[str, str], toml: str):
    (folder / "lesson01").mkdir(parents=True)
    for name, code in tests.items():
        (folder / "lesson01" / name).write_text(code, encoding="utf-8")
    (folder / "hidden.toml").write_text(toml, encoding="utf-8")
    return folder


def _graded(submission, hidden, out):
    return grade_cli(submission, "--lessons", "0-1", "--tests", hidden, "--out", out)


def test_a_hidden_test_file_that_cannot_load_stops_the_grade(submission, tmp_path):
    broken = HIDDEN_TEST + "\nimport no_such_module_anywhere\n"
    hidden = _hidden(tmp_path / "hidden", {"test_zebra_secret.py": broken}, HIDDEN_TOML)
    result = _graded(submission, hidden, tmp_path / "out")
    assert result.returncode == EXIT_SETUP, result.stdout + result.stderr
    said = " ".join(result.stdout.split())
    assert "lesson01/test_zebra_secret.py in the --tests folder" in said, said
    assert "no_such_module_anywhere" in said and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "gradebook.csv").exists()


def test_a_hidden_toml_entry_without_its_test_stops_the_grade(submission, tmp_path):
    phantom = HIDDEN_TOML + HIDDEN_TOML.replace(
        "test_about_names_the_zebra_catalogue", "test_phantom"
    )
    hidden = _hidden(tmp_path / "hidden", {"test_zebra_secret.py": HIDDEN_TEST}, phantom)
    result = _graded(submission, hidden, tmp_path / "out")
    assert result.returncode == EXIT_SETUP, result.stdout + result.stderr
    said = " ".join(result.stdout.split())
    assert "hidden.toml names tests that are not in the --tests folder" in said, said
    assert "lesson 01: test_phantom" in said


@pytest.mark.parametrize(
    ("options", "at_once"),
    [((), 3), (("--backend", "wire"), 6), (("--backend", "wire", "--jobs", "5"), 5)],
    ids=["mock: one per core", "wire: two per core", "--jobs says"],
)
def test_submissions_graded_at_once(monkeypatch, tmp_path, options, at_once):
    settings = []
    monkeypatch.setattr(batch, "DEFAULT_JOBS", 3)  # a machine with 3 cores
    monkeypatch.setattr(
        command, "run_grade", lambda console, sources, out, given: settings.append(given) or 0
    )
    result = CliRunner().invoke(
        cli, ["grade", str(tmp_path), "--out", str(tmp_path / "out"), *options]
    )
    assert result.exit_code == 0, result.output
    assert [given.at_once for given in settings] == [at_once]
