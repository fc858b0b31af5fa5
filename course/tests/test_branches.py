"""`branches`: one git branch per lesson, made without touching the student's branch or files."""

import os
import subprocess

import pytest

from course.appfiles import WORK_FOLDERS, app_files, same_bytes

APP = "starter_app"


def git(repo, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def clone(project):
    """The copy of the course as a git clone with one commit, some staged and unstaged work."""
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "-c", "user.name=S", "-c", "user.email=s@example.com", "commit", "-qm", "start")
    (project / APP / "pages.py").write_text("# unstaged work\n")
    (project / APP / "notes.md").write_text("staged work\n")
    git(project, "add", f"{APP}/notes.md")
    return project


def _student_state(repo) -> tuple:
    return (
        git(repo, "rev-parse", "HEAD"),
        git(repo, "symbolic-ref", "HEAD"),
        git(repo, "status", "--porcelain"),
        git(repo, "diff"),
        git(repo, "diff", "--cached"),
    )


def test_each_lesson_gets_a_branch_with_its_finished_app(student, clone, course, state):
    before = _student_state(clone)
    result = student("branches")
    assert result.returncode == 0, result.stdout + result.stderr
    names = [f"lesson-{lesson.label}" for lesson in course.lessons]
    assert git(clone, "branch", "--list", "lesson-*").split() == names
    for lesson in course.lessons:
        finished = state(lesson.number)
        files = [path.as_posix() for path in app_files(finished)]
        listed = git(clone, "ls-tree", "-r", "--name-only", names[lesson.number], *WORK_FOLDERS)
        assert listed.split() == files
        for path in files:
            shown = subprocess.run(
                ["git", "show", f"{names[lesson.number]}:{path}"],
                cwd=clone,
                capture_output=True,
                check=True,
            ).stdout
            assert shown == (finished / path).read_bytes()
    assert _student_state(clone) == before
    assert "were left as they are" in result.stdout


def test_a_diff_between_two_lesson_branches_is_one_lesson(student, clone, state):
    student("branches")
    changed = git(clone, "diff", "--name-only", "lesson-00", "lesson-01").split()
    before, after = state(0), state(1)
    expected = [
        path.as_posix()
        for path in sorted(set(app_files(before)) | set(app_files(after)))
        if not same_bytes(before / path, after / path)
    ]
    assert changed == expected


def test_running_again_updates_only_what_changed(student, clone):
    student("branches")
    again = student("branches")
    assert "lesson-00  unchanged" in again.stdout and "created" not in again.stdout
    git(clone, "-c", "user.name=S", "-c", "user.email=s@example.com", "commit", "-qm", "more")
    after_commit = student("branches")
    assert "lesson-00  updated" in after_commit.stdout


def test_on_a_lesson_branch_it_refuses_to_move_it(student, clone):
    student("branches")
    git(clone, "stash", "-q", "--include-untracked")  # in the test's own repo, to switch
    git(clone, "switch", "-q", "lesson-01")
    result = student("branches")
    assert result.returncode == 2
    assert "You are on branch lesson-01, which this command rewrites" in result.stdout


def test_outside_a_git_repository_it_says_how_to_get_one(student, project, tmp_path):
    result = student("branches", env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.returncode == 3
    assert "is not a git repository" in result.stdout and "git init" in result.stdout


def test_without_git_it_says_how_to_install_it(student, project, tmp_path):
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    result = student("branches", env={"PATH": str(empty)})
    assert result.returncode == 3
    assert result.stdout.startswith("✘ git is not installed")
    assert os.listdir(empty) == []


def test_a_clone_without_any_commit_still_gets_branches(student, project):
    git(project, "init", "-q", "-b", "main")
    result = student("branches")
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(project, "rev-list", "--count", "lesson-00").strip() == "1"
    assert git(project, "status", "--porcelain", "--untracked-files=no") == ""
