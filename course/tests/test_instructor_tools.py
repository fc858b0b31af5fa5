"""`course export --student` and `course new-lesson`, run as an instructor runs them."""

import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import cli
from course.cli_student_copy import NEEDS_SOLUTIONS
from course.compose import overlay_files
from course.paths import KIT_ROOT

LESSON_FOLDERS = ("lessons", "solutions", "tests")
KEPT = ("lessons", "tests", "starter_app", "pyproject.toml", "Makefile", "README.md")


def course_in(folder, *args):
    """`python -m course ARGS` with `folder` as the course (its own copy of the tool)."""
    env = {**os.environ, "PYTHONPATH": str(folder), "COURSE_DATA_DIR": str(folder / ".data")}
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


@pytest.fixture
def student_copy(course_cli, tmp_path) -> Path:
    """The student copy of this kit, as `export --student` writes it."""
    copy = tmp_path / "student"
    result = course_cli("export", "--student", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr
    return copy


def test_export_leaves_out_solutions_and_instructor_files(course_cli, tmp_path):
    copy = tmp_path / "student"
    result = course_cli("export", "--student", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "its smoke test passes" in result.stdout
    for name in KEPT:
        assert (copy / name).exists(), name
    for name in ("solutions", ".git", ".venv", "bench", ".ci"):
        assert not (copy / name).exists(), name
    assert [p.name for p in (copy / "course" / "tests").iterdir()] == ["test_student_copy.py"]


def test_the_student_copy_works_and_says_what_needs_solutions(course_cli, student_copy):
    assert course_in(student_copy, "check", "0").returncode == 0
    before = sorted(path for path in student_copy.rglob("*") if ".data" not in path.parts)
    refusing = (["verify", "--backend", "mock"], ["new-lesson", "Extra work"], ["catch-up", "3"],
                ["solution", "1"], ["export", "--student", "again"])  # fmt: skip
    for command in refusing:
        refused = course_in(student_copy, *command)
        assert refused.returncode == 3, (command, refused.stdout + refused.stderr)
        assert "no solutions/ folder (it is a student copy)" in refused.stdout, command
    assert sorted(path for path in student_copy.rglob("*") if ".data" not in path.parts) == before


def test_the_student_copy_lists_only_the_commands_that_work_in_it(course_cli, student_copy):
    listed = _commands_in_help(course_in(student_copy, "--help").stdout)
    assert listed == set(cli.commands) - set(NEEDS_SOLUTIONS), listed
    assert set(NEEDS_SOLUTIONS) <= _commands_in_help(course_cli("--help").stdout)
    for readme in [student_copy / "README.md", *student_copy.glob("lessons/*/README.md")]:
        named = set(re.findall(r"python -m course ([a-z-]+)", readme.read_text(encoding="utf-8")))
        assert named <= listed, (readme.relative_to(student_copy), named - listed)


def test_a_student_copy_without_its_app_names_only_ways_back_that_work_there(student_copy):
    shutil.rmtree(student_copy / "starter_app")
    result = course_in(student_copy, "reset", "1")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "There is no starter_app/ folder" in result.stdout
    assert "`python -m course restore` brings the latest back" in result.stdout
    assert "catch-up" not in result.stdout


def test_check_says_which_tests_are_gone_and_how_to_get_them_back(student_copy):
    """A student who deleted or renamed tests in their copy is told so, not shown a mystery."""
    routes = student_copy / "tests" / "lesson01" / "test_routes.py"
    source = routes.read_text(encoding="utf-8")
    routes.write_text(source.replace("def test_about_page_", "def test_renamed_"), "utf-8")
    renamed = course_in(student_copy, "check", "1")
    said = " ".join(renamed.stdout.split())
    assert (
        "? Step 1 An about page no test of this step ran: tests/lesson01/ does not hold its "
        "tests (test_about_page_answers, test_about_page_describes_bookshelf)." in said
    ), said
    assert "`git checkout -- tests` puts the course's tests back" in said
    shutil.rmtree(routes.parent)
    gone = course_in(student_copy, "check", "1")
    assert gone.returncode == 3, gone.stdout + gone.stderr
    assert gone.stdout.startswith(
        "✘ Lesson 01 cannot be checked: its tests folder, tests/lesson01/, does not exist. "
        "`git checkout -- tests` puts the course's tests back"
    ), gone.stdout


def _commands_in_help(text: str) -> set[str]:
    commands = text.split("Commands:", 1)[1]
    return set(re.findall(r"^  ([a-z-]+) ", commands, re.MULTILINE))


def test_start_in_the_student_copy_tells_our_files_from_the_students(student_copy):
    """Without solutions/, `start N` still replaces a file that is ours as lesson N-1
    finished it, and keeps one the student is working on (the copy holds fingerprints of
    our finished files, never their code)."""
    app = student_copy / "starter_app"
    first = course_in(student_copy, "start", "1")
    assert first.returncode == 0, first.stdout + first.stderr
    in_progress = (app / "pages.py").read_text()
    assert "TODO (lesson 01" in in_progress  # the untouched starter file was replaced
    second = course_in(student_copy, "start", "2")
    assert second.returncode == 0, second.stdout + second.stderr
    assert (app / "pages.py").read_text() == in_progress  # the student's lesson 01 work
    assert "starter_app/pages.py" in second.stdout and "you changed it" in second.stdout
    scaffold = student_copy / "lessons" / "02-templates" / "scaffold" / "starter_app"
    assert (app / "__init__.py").read_bytes() == (scaffold / "__init__.py").read_bytes()
    assert (app / "templates" / "base.html").is_file()


def test_the_student_copy_docs_and_make_targets_are_true_in_it(student_copy):
    """The copy's Makefile runs only files it holds, and its README names only the commands
    and make targets it has: nothing about verify, solutions/ or the benchmarks."""
    makefile = (student_copy / "Makefile").read_text(encoding="utf-8")
    readme = (student_copy / "README.md").read_text(encoding="utf-8")
    assert [name for name in _files_run_by(makefile) if not _in_copy(student_copy, name)] == []
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.MULTILINE))
    assert set(re.findall(r"\bmake ([a-z-]+)", readme)) <= targets
    commands = set(re.findall(r"python -m course ([a-z-]+)", readme))
    assert commands <= set(cli.commands) - {"verify", "grade", "export", "new-lesson"}
    for instructor_only in ("verify", "solutions/", "bench", "PERFORMANCE.md", "instructor-only"):
        assert instructor_only not in readme + makefile, instructor_only


def _files_run_by(makefile: str):
    """The scripts, folders and course modules that the Makefile's commands name."""
    for line in makefile.splitlines():
        words = line.split() if line.startswith("\t") else []
        for before, word in itertools.pairwise(words):
            if before == "-m" and word.split(".")[0] == "course":
                yield word.replace(".", "/")
            elif before == "-r" or (
                "/" in word and before != "-m" and not _quoted_or_variable(word)
            ):
                yield word


def _quoted_or_variable(word: str) -> bool:
    return word.startswith("$") or "'" in word


def _in_copy(copy: Path, name: str) -> bool:
    return (copy / name).exists() or (copy / f"{name}.py").exists()


def test_export_refuses_a_folder_that_is_not_empty(course_cli, tmp_path):
    (tmp_path / "taken.txt").write_text("")
    result = course_cli("export", "--student", str(tmp_path))
    assert result.returncode == 2 and "is not empty" in result.stdout


def test_export_under_a_file_is_one_line_not_a_traceback(course_cli, tmp_path):
    (tmp_path / "notes.txt").write_text("")
    result = course_cli("export", "--student", str(tmp_path / "notes.txt" / "copy"))
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Not a directory" in result.stdout and "notes.txt" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def _small_kit(folder):
    """The kit with lessons 00-01 only, so verify stays quick."""
    keep = ("00-", "01-", "lesson00", "lesson01")

    def ignore(directory, names):
        skipped = {".git", ".venv", "__pycache__", ".course", "instance", "artifacts"}
        skipped &= set(names)
        if Path(directory).parent == KIT_ROOT and Path(directory).name in LESSON_FOLDERS:
            numbered = {n for n in names if n[:2].isdigit() or n.startswith("lesson")}
            skipped |= {n for n in numbered if not n.startswith(keep)}
        return skipped

    shutil.copytree(KIT_ROOT, folder, ignore=ignore)
    return folder


def test_export_gives_students_the_start_of_the_course(tmp_path):
    """The copy's app is state(0), even when the instructor's own starter_app/ is mid-course
    (after `catch-up 6`, say)."""
    kit = _small_kit(tmp_path / "kit")
    (kit / "starter_app" / "pages.py").write_text("# half-finished\n", encoding="utf-8")
    (kit / "starter_app" / "books.py").write_text("# from a later lesson\n", encoding="utf-8")
    copy = tmp_path / "student"
    exported = course_in(kit, "export", "--student", str(copy))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    start = KIT_ROOT / "solutions" / "00-getting-started"
    assert _app_files(copy) == _app_files(start)


def test_export_leaves_out_a_class_kept_next_to_the_course(tmp_path):
    """Submissions and grades an instructor keeps in the course folder (as the README's
    grading example does) never reach the students; a licence does."""
    kit = _small_kit(tmp_path / "kit")
    (kit / "submissions" / "alice" / "starter_app").mkdir(parents=True)
    (kit / "grades").mkdir()
    (kit / "grades" / "gradebook.csv").write_text("student,total\nalice,3\n", encoding="utf-8")
    (kit / "LICENSE").write_text("Free to share.\n", encoding="utf-8")
    copy = tmp_path / "student"
    exported = course_in(kit, "export", "--student", str(copy))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert not (copy / "submissions").exists() and not (copy / "grades").exists()
    assert (copy / "LICENSE").read_text() == "Free to share.\n"
    assert "Not copied, as they are not part of the course: grades, submissions." in " ".join(
        exported.stdout.split()
    )


def _app_files(root: Path) -> dict[str, bytes]:
    app = root / "starter_app"
    return {str(path): (app / path).read_bytes() for path in overlay_files(app)}


def test_new_lesson_shows_up_in_verify_as_unfinished(tmp_path):
    kit = _small_kit(tmp_path / "kit")
    created = course_in(kit, "new-lesson", "Sessions & Users")
    assert created.returncode == 0, created.stdout + created.stderr
    folder = kit / "lessons" / "02-sessions-users"
    assert (folder / "README.md").read_text().startswith("# Lesson 02 · Sessions & Users")
    assert (kit / "tests" / "lesson02" / "test_sessions_users.py").is_file()
    assert (kit / "solutions" / "02-sessions-users").is_dir()
    verify = course_in(kit, "verify", "--backend", "mock")
    assert verify.returncode == 1, verify.stdout + verify.stderr
    assert "lesson 02, solution mock: lesson 02 test_sessions_users_page_answers" in verify.stdout
    assert "Traceback" not in verify.stdout + verify.stderr
    check = course_in(kit, "check", "2")
    assert "GET /sessions-users answered with status 404" in check.stdout


def test_new_lesson_refuses_a_title_without_letters(tmp_path):
    kit = _small_kit(tmp_path / "kit")
    result = course_in(kit, "new-lesson", "!!!")
    assert result.returncode == 2 and "no letters or digits" in result.stdout


LONG_TITLE = "Caching & Ünïcode: part 2/3, with queues, retries and workers that run overnight"


def test_new_lesson_files_pass_ruff_and_name_accents_plainly(tmp_path):
    """Whatever the title, the new test passes the kit's own lint, so `make test` does too."""
    kit = _small_kit(tmp_path / "kit")
    created = course_in(kit, "new-lesson", LONG_TITLE)
    assert created.returncode == 0, created.stdout + created.stderr
    tests = list((kit / "tests" / "lesson02").glob("test_*.py"))
    assert [t.name for t in tests] == ["test_caching_unicode_part_2_3_with_queues_ret.py"]
    for ruff in (["check"], ["format", "--check"]):
        linted = subprocess.run([sys.executable, "-m", "ruff", *ruff, *map(str, tests)],
                                cwd=kit, capture_output=True, text=True)  # fmt: skip
        assert linted.returncode == 0, linted.stdout + linted.stderr
