"""`start`, `reset`, `catch-up`, `backups` and `restore`, run as a student in a copy."""

import re
import shutil

import pytest

from course.appfiles import WORK_FOLDERS
from course.compose import compose_lesson_start, compose_state

APP = "starter_app"
MARK = "\n# my own work, never to be lost\n"


def backup_names(result) -> list[str]:
    """The backup names a command's output mentions."""
    return re.findall(r"restore\s+(\d{8}-\d{6}-[a-z0-9-]+)", result.stdout)


def set_app(project, source):
    """Make the project's work exactly the work composed in `source`."""
    for folder in WORK_FOLDERS:
        shutil.rmtree(project / folder, ignore_errors=True)
        if (source / folder).is_dir():
            shutil.copytree(source / folder, project / folder)


def test_start_adds_the_lesson_files_where_the_app_is_untouched(student, project, course):
    result = student("start", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    scaffold = course.get(1).scaffold_dir / APP / "pages.py"
    assert (project / APP / "pages.py").read_bytes() == scaffold.read_bytes()
    assert "starter_app/pages.py  replaced (you had not changed it)" in result.stdout
    assert "read lessons/01-routes-and-views/README.md" in result.stdout


def test_start_twice_changes_nothing_the_second_time(student, backups_dir):
    student("start", "1")
    again = student("start", "1")
    assert "starter_app/pages.py  already there" in again.stdout
    assert len(list(backups_dir.iterdir())) == 1  # only the first start replaced a file


def test_start_leaves_a_file_the_student_changed_and_says_where_the_todos_are(
    student, project, snapshot
):
    pages = project / APP / "pages.py"
    pages.write_text(pages.read_text() + MARK)
    before = snapshot(project)
    result = student("start", "1")
    assert result.returncode == 0
    assert snapshot(project) == before
    assert "starter_app/pages.py  you changed it, so it was left as you wrote it" in result.stdout
    assert "lessons/01-routes-and-views/scaffold/starter_app/pages.py" in result.stdout
    assert "python -m course reset 1 starter_app/pages.py" in result.stdout


def test_start_puts_back_a_file_the_student_deleted(student, project, course):
    (project / APP / "pages.py").unlink()
    result = student("start", "1")
    assert "starter_app/pages.py  added" in result.stdout
    scaffold = course.get(1).scaffold_dir / APP / "pages.py"
    assert (project / APP / "pages.py").read_bytes() == scaffold.read_bytes()


@pytest.mark.parametrize("number", [1, -1], ids=["lesson01", "last-lesson"])
def test_start_after_finishing_the_lesson_before_gives_the_lesson_start(
    student, project, course, tmp_path, snapshot, number
):
    lesson = course.lessons[number]
    set_app(project, compose_state(course, lesson.number - 1, tmp_path / "before"))
    result = student("start", str(lesson.number))
    assert result.returncode == 0, result.stdout + result.stderr
    expected = compose_lesson_start(course, lesson, tmp_path / "expected")
    assert snapshot(project) == snapshot(expected)


@pytest.mark.parametrize("started", [(), ("1",)], ids=["nothing-started", "lesson01-started"])
def test_start_of_a_lesson_whose_lesson_before_was_never_started_changes_nothing(
    student, project, snapshot, backups_dir, started
):
    """start 3 after start 1 once added lesson 03's files with none of lesson 02's."""
    for number in started:
        student("start", number)
    before = snapshot(project)
    result = student("start", "3")
    assert result.returncode == 2, result.stdout + result.stderr
    text = " ".join(result.stdout.split())
    assert "Lesson 02's files are not in your app yet" in text
    assert "python -m course start 2" in text and "python -m course catch-up 3" in text
    assert snapshot(project) == before
    assert len(list(backups_dir.glob("*"))) == len(started)


def test_start_anyway_adds_the_files_and_check_says_the_lesson_before_is_not_finished(
    student, project, course
):
    student("start", "1")
    started = student("start", "3", "--anyway")
    assert started.returncode == 0, started.stdout + started.stderr
    assert (project / APP / "db.py").read_bytes() == (
        course.get(3).scaffold_dir / APP / "db.py"
    ).read_bytes()
    checked = " ".join(student("check", "3").stdout.split())
    assert "Lesson 01 is not finished yet (step 1, 2, 3, 4, 5 to do)" in checked
    assert "Lesson 02 is not finished yet" in checked and "catch-up 3" in checked
    assert "no longer passes" not in checked


@pytest.mark.parametrize("number", [0, 1, -1], ids=["lesson00", "lesson01", "last-lesson"])
def test_catch_up_sets_the_app_to_the_start_of_the_lesson(
    student, project, course, tmp_path, snapshot, number
):
    lesson = course.lessons[number]
    (project / APP / "pages.py").write_text(MARK)  # so lesson 00's start is a change too
    result = student("catch-up", str(lesson.number))
    assert result.returncode == 0, result.stdout + result.stderr
    if lesson.number:
        expected = compose_lesson_start(course, lesson, tmp_path / "expected")
    else:
        expected = compose_state(course, 0, tmp_path / "expected")
    assert snapshot(project) == snapshot(expected)
    assert f"starter_app/ is now at the start of lesson {lesson.label}" in result.stdout


def test_catch_up_twice_changes_nothing_and_makes_no_backup_the_second_time(
    student, project, backups_dir, snapshot
):
    student("catch-up", "2")
    before = snapshot(project)
    again = student("catch-up", "2")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "starter_app/ is already exactly at the start of lesson 02" in again.stdout
    assert "no backup made" in again.stdout and "not committed" not in again.stdout
    assert len(list(backups_dir.iterdir())) == 1
    assert snapshot(project) == before


def test_catch_up_keeps_the_database_in_instance(student, project):
    data = project / APP / "instance" / "mongo" / "data.wt"
    data.parent.mkdir(parents=True)
    data.write_bytes(b"the student's books")
    student("catch-up", "1")
    assert data.read_bytes() == b"the student's books"


def test_reset_puts_back_one_file_after_a_backup(student, project, course):
    student("start", "1")
    pages = project / APP / "pages.py"
    pages.write_text("broken beyond repair\n")
    (project / APP / "notes.txt").write_text("mine\n")
    result = student("reset", "1", "pages.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "starter_app/pages.py  replaced by the lesson's version" in result.stdout
    assert pages.read_bytes() == (course.get(1).scaffold_dir / APP / "pages.py").read_bytes()
    assert (project / APP / "notes.txt").read_text() == "mine\n"  # reset touches its files only
    assert backup_names(result)


def test_reset_of_a_file_already_the_lessons_makes_no_backup(student, backups_dir):
    """As catch-up does: with nothing to change, there is nothing to back up."""
    student("start", "1")
    result = student("reset", "1", "starter_app/pages.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "starter_app/pages.py  already the lesson's version" in result.stdout
    assert "Nothing changed, so no backup was made." in result.stdout
    assert not backup_names(result) and len(list(backups_dir.iterdir())) == 1  # start's


def test_one_file_changed_is_said_in_the_singular(student):
    caught_up = student("catch-up", "1")  # the starter app differs from lesson 01 in pages.py
    assert "(1 file changed)" in caught_up.stdout, caught_up.stdout
    assert "(1 file changed)" in student("restore").stdout


def test_reset_of_lesson_00_puts_back_the_starter_app(student, project, course, snapshot):
    (project / APP / "health.py").unlink()
    (project / APP / "pages.py").write_text("")
    student("reset", "0")
    assert snapshot(project) == snapshot(course.get(0).solution_dir)


def test_reset_of_a_file_the_lesson_does_not_have_is_refused(student, project, snapshot):
    before = snapshot(project)
    result = student("reset", "1", "no_such.py")
    assert result.returncode == 2
    assert "no_such.py is not one of this lesson's files. They are: starter_app/pages.py" in (
        result.stdout
    )
    assert snapshot(project) == before


DESTRUCTIVE = {
    "catch-up": ("catch-up", "1"),
    "reset": ("reset", "1"),
    "reset-file": ("reset", "1", "starter_app/pages.py"),
    "start": ("start", "1"),
}


@pytest.mark.parametrize("command", DESTRUCTIVE.values(), ids=DESTRUCTIVE.keys())
def test_every_command_that_replaces_files_leaves_a_restorable_backup(
    student, project, snapshot, command
):
    pages = project / APP / "pages.py"
    if command[0] != "start":  # start keeps changed files; give it an untouched one
        pages.write_text(pages.read_text() + MARK)
    (project / APP / "templates").mkdir()
    (project / APP / "templates" / "mine.html").write_bytes(b"<p>\xc3\xa9t\xc3\xa9</p>\r\n")
    before = snapshot(project)
    result = student(*command)
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(project) != before
    [name] = backup_names(result)
    assert name in student("backups").stdout
    restored = student("restore", name)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert snapshot(project) == before


def test_restore_backs_up_first_so_a_restore_can_be_undone(student, project, snapshot):
    student("catch-up", "1")
    at_lesson_start = snapshot(project)
    restored = student("restore")  # the latest: the app before catch-up
    assert snapshot(project) != at_lesson_start
    [undo] = backup_names(restored)
    assert "before-restore" in undo
    student("restore", undo)
    assert snapshot(project) == at_lesson_start


def test_before_any_backup_there_is_nothing_to_list_or_restore(student):
    listed, restored = student("backups"), student("restore")
    assert listed.returncode == 0 and "No backups yet" in listed.stdout
    assert restored.returncode == 2 and "There are no backups yet" in restored.stdout


def test_backup_names_are_shown_whole_at_80_columns_and_restore_takes_them(student, backups_dir):
    """At 80 columns a long name was cut to 20261124-105300-before-restore…, which restore
    refused."""
    student("catch-up", "1")
    [made] = [name for name in backup_names(student("restore")) if "before-restore" in name]
    long_name = f"{made}-2"  # as a second restore in the same second names its backup
    (backups_dir / made).rename(backups_dir / long_name)
    listed = student("backups", env={"COLUMNS": "80"})
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert max(map(len, listed.stdout.splitlines())) <= 80
    shown = re.findall(r"\b\d{8}-\d{6}-\S*", listed.stdout)
    assert long_name in shown, listed.stdout
    assert student("restore", long_name).returncode == 0


def test_restore_of_an_unknown_backup_points_to_the_list(student, project, snapshot):
    student("catch-up", "1")
    before = snapshot(project)
    result = student("restore", "2001-nope")
    assert result.returncode == 2
    assert "'2001-nope' is not a backup. `python -m course backups` lists them." in result.stdout
    assert snapshot(project) == before


def test_a_missing_app_folder_is_brought_back_by_catch_up(student, project, course):
    shutil.rmtree(project / APP)
    result = student("catch-up", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "There was no starter_app/ to back up" in result.stdout
    assert (project / APP / "__init__.py").is_file()


def test_the_students_own_tests_are_backed_up_and_restored(
    student, project, course, tmp_path, snapshot
):
    """Lesson 12's student_tests/ is the student's work too: reset and catch-up keep a copy."""
    set_app(project, compose_lesson_start(course, course.get(12), tmp_path / "start12"))
    tests = project / "student_tests"
    (tests / "test_reviews.py").write_text("def test_my_own_work():\n    assert True\n")
    (tests / "conftest.py").write_text((tests / "conftest.py").read_text() + MARK)
    mine = snapshot(project)
    reset = student("reset", "12")
    assert reset.returncode == 0, reset.stdout + reset.stderr
    assert MARK not in (tests / "conftest.py").read_text()  # the lesson's file is back...
    assert (tests / "test_reviews.py").is_file()  # ...and reset touched only its files
    [name] = backup_names(reset)
    assert student("restore", name).returncode == 0
    assert snapshot(project) == mine
    caught_up = student("catch-up", "11")
    assert caught_up.returncode == 0 and not tests.exists()
    [name] = backup_names(caught_up)
    assert student("restore", name).returncode == 0
    assert snapshot(project) == mine


def test_catch_up_to_lesson_12_brings_the_student_tests_folder(student, project, course):
    result = student("catch-up", "12")
    assert result.returncode == 0, result.stdout + result.stderr
    scaffold = course.get(12).scaffold_dir / "student_tests"
    for path in scaffold.rglob("*.py"):
        relative = path.relative_to(scaffold)
        assert (project / "student_tests" / relative).read_bytes() == path.read_bytes()
