"""Bad input and interruptions: one clear message each, and nothing of the student's is lost."""

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from course import appfiles, scaffold
from course.backups import find_backup, list_backups, restore_backup
from course.catch_up import catch_up
from course.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_SETUP, CourseError
from course.progress import Progress
from course.project import Project
from course.tests.pipes import into_a_closed_pipe

APP = "starter_app"
LESSON_COMMANDS = {
    "start": ("start",),
    "reset": ("reset",),
    "solution": ("solution", "--yes"),
    "catch-up": ("catch-up",),
    "watch": ("watch",),
}


@pytest.mark.parametrize("command", LESSON_COMMANDS.values(), ids=LESSON_COMMANDS.keys())
def test_an_unknown_lesson_is_one_line_and_changes_nothing(student, project, snapshot, command):
    before = snapshot(project)
    result = student(command[0], "42", *command[1:])
    assert result.returncode == 2
    assert result.stdout.startswith("✘ There is no lesson 42. The lessons are numbered 00 to")
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize("command", LESSON_COMMANDS.values(), ids=LESSON_COMMANDS.keys())
def test_a_word_for_a_lesson_is_a_usage_error(student, command):
    result = student(command[0], "abc", *command[1:])
    assert result.returncode == 2
    assert "'abc' is not a lesson number" in result.stdout + result.stderr


@pytest.mark.parametrize("command", LESSON_COMMANDS.values(), ids=LESSON_COMMANDS.keys())
def test_a_number_with_a_typo_changes_nothing(student, project, snapshot, command):
    """1O (a letter O) once acted on lesson 01; now it is refused before any change."""
    before = snapshot(project)
    result = student(command[0], "1O", *command[1:])
    assert result.returncode == 2
    assert "'1O' is not a lesson number" in result.stdout + result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize(
    "command", [("start", "1"), ("reset", "1"), ("solution", "1", "--yes"), ("watch", "1")]
)
def test_a_missing_app_folder_is_one_message_with_the_ways_back(student, project, command):
    (project / APP).rename(project / "elsewhere")
    result = student(*command)
    assert result.returncode == 3
    assert result.stdout.startswith("✘ There is no starter_app/ folder in")
    assert "python -m course restore" in result.stdout and "catch-up N" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "command",
    [("catch-up", "3"), ("solution", "1", "--yes"), ("branches",), ("reset", "0"), ("start", "0")],
)
def test_in_a_student_copy_what_needs_solutions_refuses_before_any_change(
    student, project, snapshot, backups_dir, command
):
    """A student copy has no solutions/: catch-up once deleted half the app there."""
    shutil.rmtree(project / "solutions")
    before = snapshot(project)
    result = student(*command)
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stdout.startswith("✘ This copy of the course has no solutions/ folder")
    assert "Ask your instructor" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(project) == before and not backups_dir.exists()


def test_a_project_folder_that_does_not_exist_is_a_usage_error(course_cli, tmp_path):
    result = course_cli("backups", "--project", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def _git(project, *args):
    return subprocess.run(
        ["git", *args], cwd=project, capture_output=True, text=True, check=True
    ).stdout


def test_catch_up_in_a_dirty_git_tree_says_so_and_keeps_the_changes(student, project, snapshot):
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "-c", "user.name=S", "-c", "user.email=s@example.com", "commit", "-qm", "mine")
    (project / APP / "pages.py").write_text("# work I have not committed\n")
    before = snapshot(project)
    result = student("catch-up", "1")
    assert "starter_app/ had changes you had not committed to git; they are in the backup" in (
        result.stdout
    )
    student("restore")
    assert snapshot(project) == before


@pytest.fixture
def in_process(project, tmp_path, monkeypatch) -> Project:
    """The project as the commands' own functions see it, data kept in tmp."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "course-data"))
    return Project(project)


def _interrupt_after(count: int, real, once: bool = False):
    """`real`, with Ctrl+C pressed at call count+1 and, unless `once`, at every call after
    (as when the student presses it again while the files are put back)."""
    calls = []

    def copy(*args):
        calls.append(args)
        if len(calls) == count + 1 or (len(calls) > count and not once):
            raise KeyboardInterrupt
        real(*args)

    return copy


@pytest.mark.parametrize("command", ["catch-up", "restore"])
def test_interrupted_halfway_puts_the_app_back(in_process, monkeypatch, snapshot, command):
    """Ctrl+C once left the app half caught up (it may not even load), with only the
    command to restore it."""
    last = in_process.lesson(in_process.course.lessons[-1].number)
    if command == "restore":
        catch_up(in_process, last)  # restore then changes the same files back
    before, backups = snapshot(in_process.root), list_backups(in_process)
    copy = _interrupt_after(2, appfiles.copy_atomic, once=True)
    monkeypatch.setattr(appfiles, "copy_atomic", copy)
    with pytest.raises(CourseError) as caught:
        if command == "catch-up":
            catch_up(in_process, last)
        else:
            restore_backup(in_process, find_backup(in_process, None))
    assert caught.value.exit_code == EXIT_INTERRUPTED
    assert str(caught.value) == (
        "Interrupted before the end, so every file already changed was put back: "
        "your app is as it was before this command."
    )
    assert snapshot(in_process.root) == before
    assert list_backups(in_process) == backups  # the one it made is the app again: removed


def test_ctrl_c_again_while_the_app_is_put_back_keeps_the_backup(
    in_process, monkeypatch, snapshot, student
):
    before = snapshot(in_process.root)
    monkeypatch.setattr(appfiles, "copy_atomic", _interrupt_after(2, appfiles.copy_atomic))
    with pytest.raises(CourseError) as caught:
        catch_up(in_process, in_process.lesson(in_process.course.lessons[-1].number))
    assert caught.value.exit_code == EXIT_INTERRUPTED
    name = find_backup(in_process, None).name
    assert str(caught.value) == (
        "Interrupted, and putting the files back was interrupted. Your app as it was is "
        f"saved: `python -m course restore {name}` brings it back."
    )
    assert snapshot(in_process.root) != before
    assert student("restore", name).returncode == 0
    assert snapshot(in_process.root) == before


def test_reset_interrupted_leaves_no_half_written_file(in_process, monkeypatch, snapshot):
    pages = in_process.app / "pages.py"
    pages.write_text("my version\n")
    backed_up_files = len(appfiles.app_files(in_process.root))  # the backup copies these first
    monkeypatch.setattr(shutil, "copymode", _interrupt_after(backed_up_files, shutil.copymode))
    with pytest.raises(CourseError, match=r"Interrupted before the end, .* as it was before"):
        scaffold.reset_files(in_process, in_process.lesson(1))
    assert pages.read_text() == "my version\n"  # the old file, whole
    assert not [p for p in in_process.app.iterdir() if p.name.endswith(".course-tmp")]


def test_an_interrupted_backup_leaves_the_app_untouched_and_no_half_backup(
    in_process, monkeypatch, snapshot
):
    before = snapshot(in_process.root)
    monkeypatch.setattr(shutil, "copymode", _interrupt_after(1, shutil.copymode))
    with pytest.raises(CourseError) as caught:
        catch_up(in_process, in_process.lesson(1))
    assert caught.value.exit_code == EXIT_INTERRUPTED
    assert "nothing in starter_app/ was changed" in str(caught.value)
    assert snapshot(in_process.root) == before
    assert list_backups(in_process) == []
    assert not list(in_process.backups_dir.iterdir())


def _refuse_to_replace(name: str, real):
    """os.replace failing for one file, as it does for a file made immutable."""

    def replace(source, target, *args, **kwargs):
        if Path(target).name == name:
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), source, None, target)
        return real(source, target, *args, **kwargs)

    return replace


@pytest.mark.parametrize("command", ["catch-up", "restore"])
def test_a_file_that_cannot_be_written_leaves_the_app_as_it_was(
    in_process, monkeypatch, snapshot, command
):
    """catch-up 2 once rewrote __init__.py to import books, then stopped at pages.py
    before writing books.py: the app no longer loaded."""
    if command == "restore":
        catch_up(in_process, in_process.lesson(2))  # restore then changes the same files back
    before, backups = snapshot(in_process.root), list_backups(in_process)
    monkeypatch.setattr(appfiles.os, "replace", _refuse_to_replace("pages.py", os.replace))
    with pytest.raises(CourseError) as caught:
        if command == "catch-up":
            catch_up(in_process, in_process.lesson(2))
        else:
            restore_backup(in_process, find_backup(in_process, None))
    said = str(caught.value)
    assert caught.value.exit_code == EXIT_SETUP
    assert said.startswith("Could not change starter_app/pages.py (Operation not permitted)")
    assert "your app is as it was" in said and "its permissions" in said
    assert snapshot(in_process.root) == before
    assert list_backups(in_process) == backups  # the next `restore` takes the same one


def test_progress_that_cannot_be_saved_is_one_line_and_leaves_no_temporary_file(
    tmp_path, monkeypatch, capsys
):
    """A read-only .course/ once ended `check` and `hint` in a PermissionError traceback."""
    path = tmp_path / "course-data" / "progress.json"
    progress = Progress(path)
    refused = _refuse_to_replace("progress.json", os.replace)
    monkeypatch.setattr(Path, "replace", lambda source, target: refused(source, target))
    assert progress.use_hint("01", 2, available=3) == 1  # the hint is still shown
    said = capsys.readouterr().err
    assert said.startswith(f"! Your progress could not be saved in {path} (Operation not")
    assert said.count("\n") == 1 and "Check that you can write to that file" in said
    assert list(path.parent.iterdir()) == []


@pytest.mark.parametrize("command", [("hint", "3"), ("check", "0", "--json"), ("--help",)])
def test_output_piped_into_head_ends_quietly(tmp_path, command):
    result = into_a_closed_pipe(tmp_path, "-m", "course", *command)
    assert (result.returncode, result.stderr) == (EXIT_FAILED, "")


PRINTS = """
from course.cli import cli
from course.cli_main import main

@cli.command()
def shout():
    print("a line Python keeps in its buffer until the command ends")

main()
"""


def test_output_still_buffered_when_a_command_ends_goes_quietly(tmp_path):
    """What only reaches the pipe when Python flushes at exit once ended in 'Exception
    ignored ... BrokenPipeError' and exit code 120."""
    result = into_a_closed_pipe(tmp_path, "-c", PRINTS, "shout")
    assert (result.returncode, result.stderr) == (EXIT_FAILED, "")
