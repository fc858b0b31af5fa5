"""`branches`: one git branch per lesson holding its finished state, built off to the side.

Everything goes through git plumbing on a temporary index file, so the student's
branch, index and working tree are never touched.
"""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from course.appfiles import WORK_FOLDERS, app_files
from course.compose import compose_state, require_solutions
from course.errors import CourseError
from course.gitrepo import git, has_uncommitted, optional, require_repo
from course.lessons import Lesson
from course.project import Project

PREFIX = "lesson-"
NO_COMMIT = "0" * 40
# These commits hold our solutions, not the student's work, so they carry the course's name.
IDENTITY = {
    "GIT_AUTHOR_NAME": "Course tool",
    "GIT_AUTHOR_EMAIL": "course@localhost",
    "GIT_COMMITTER_NAME": "Course tool",
    "GIT_COMMITTER_EMAIL": "course@localhost",
}


@dataclass
class BranchReport:
    made: list[tuple[str, str]]  # (branch, created / updated / unchanged)
    current: str  # the student's branch (or a commit, when detached)
    uncommitted: bool


def make_branches(project: Project) -> BranchReport:
    """Create or update lesson-NN for every lesson, each commit on top of the previous one."""
    require_solutions(project.course)  # before git: no point in setting up a repository for nothing
    top = require_repo(project.root)
    current = optional(["symbolic-ref", "--short", "-q", "HEAD"], top) or "(detached HEAD)"
    names = [f"{PREFIX}{lesson.label}" for lesson in project.course.lessons]
    if current in names:
        raise CourseError(
            f"You are on branch {current}, which this command rewrites. Switch to your own "
            "branch first (for example `git switch main`), then run it again."
        )
    prefix = git(["rev-parse", "--show-prefix"], project.root).strip()
    head = parent = optional(["rev-parse", "-q", "--verify", "HEAD^{commit}"], top)
    made = []
    with tempfile.TemporaryDirectory(prefix="course-branches-") as scratch:
        for lesson, name in zip(project.course.lessons, names, strict=True):
            state = compose_state(project.course, lesson.number, Path(scratch) / lesson.label)
            tree = _tree(top, head, prefix, state, Path(scratch) / "index")
            parent, action = _commit(top, name, tree, parent, lesson)
            made.append((name, action))
    uncommitted = has_uncommitted(top, ".")
    return BranchReport(made, current, uncommitted)


def _tree(top: Path, base: str | None, prefix: str, state: Path, index: Path) -> str:
    """A tree: the base commit's files with the work folders replaced by `state`'s.

    `prefix` is where the project sits in the repository ('' at its top, else 'path/').
    """
    env = {"GIT_INDEX_FILE": str(index)}
    git(["read-tree", base] if base else ["read-tree", "--empty"], top, env)
    # -f: the working tree is the student's business, this index only holds the base's files.
    folders = [prefix + folder for folder in WORK_FOLDERS]
    git(["rm", "-r", "-q", "-f", "--cached", "--ignore-unmatch", "--", *folders], top, env)
    files = app_files(state)
    paths = "\n".join(str(state / path) for path in files) + "\n"
    blobs = git(["hash-object", "-w", "--stdin-paths"], top, env, paths).split()
    entries = "".join(
        f"100644 {blob}\t{prefix}{path.as_posix()}\n"
        for path, blob in zip(files, blobs, strict=True)
    )
    git(["update-index", "--add", "--index-info"], top, env, entries)
    return git(["write-tree"], top, env).strip()


def _commit(top: Path, name: str, tree: str, parent: str | None, lesson: Lesson) -> tuple:
    """Point `name` at a commit of `tree`; keep the branch as it is when nothing changed."""
    ref = f"refs/heads/{name}"
    existing = optional(["rev-parse", "-q", "--verify", f"{ref}^{{commit}}"], top)
    if existing and git(["show", "-s", "--format=%T %P", existing], top).split() == [
        tree,
        *([parent] if parent else []),
    ]:
        return existing, "unchanged"
    message = (
        f"Lesson {lesson.label}: {lesson.title} (finished)\n\n"
        f"The app at the end of lesson {lesson.label}, made by `python -m course branches`.\n"
    )
    parents = ["-p", parent] if parent else []
    commit_args = ["commit-tree", "--no-gpg-sign", tree, *parents, "-m", message]
    commit = git(commit_args, top, IDENTITY).strip()
    git(["update-ref", "-m", "course branches", ref, commit, existing or NO_COMMIT], top)
    return commit, "updated" if existing else "created"
