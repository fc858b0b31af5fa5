"""`start N` and `reset N`: put a lesson's scaffold files into the student's app."""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from course.appfiles import copy_atomic, digest, pick_file, same_bytes
from course.backups import Backup, backed_up
from course.catch_up import catch_up_offer
from course.compose import compose_state, has_solutions, overlay_files, require_solutions
from course.errors import CourseError
from course.fingerprints import read_fingerprints
from course.lessons import Lesson
from course.project import Project

WRITES = ("added", "replaced")


@dataclass
class FilePlan:
    path: Path  # starter_app/..., relative to the project
    ours: Path  # the lesson's file
    action: str  # added, replaced, kept (already ours) or conflict (the student's is kept)


@dataclass
class Outcome:
    lesson: Lesson
    plans: list[FilePlan]
    backup: Backup | None = None

    def having(self, action: str) -> list[FilePlan]:
        return [plan for plan in self.plans if plan.action == action]

    @property
    def writes(self) -> list[FilePlan]:
        """The plans that copy a file into the app."""
        return [plan for plan in self.plans if plan.action in WRITES]


def lesson_files(project: Project, lesson: Lesson) -> Path:
    """The folder of files a lesson hands the student."""
    if lesson.number:
        return lesson.scaffold_dir
    # Lesson 00 has no scaffold: its starting point is the pristine starter app, in solutions/.
    require_solutions(project.course)
    return lesson.solution_dir


@dataclass
class Before:
    """The finished lesson before: state(N-1) built from solutions/ or, in a student copy,
    the fingerprints of its files (see course.fingerprints)."""

    folder: Path | None
    fingerprints: dict[str, str]

    def holds(self, path: Path, mine: Path) -> bool:
        """Whether the student's file is still ours as the lesson before finished it."""
        if self.folder is not None:
            return same_bytes(mine, self.folder / path)
        expected = self.fingerprints.get(path.as_posix())
        return expected is not None and mine.is_file() and digest(mine) == expected


def state_before(project: Project, lesson: Lesson, destination: Path) -> Before:
    """The finished lesson before, to tell files the student changed from ours."""
    if has_solutions(project.course.root):
        return Before(compose_state(project.course, lesson.number - 1, destination), {})
    return Before(None, read_fingerprints(lesson))


def plan_start(project: Project, lesson: Lesson, before: Before) -> list[FilePlan]:
    """Copy a scaffold file only where the student's is missing or untouched since `before`."""
    folder, plans = lesson_files(project, lesson), []
    for path in overlay_files(folder):
        ours, mine = folder / path, project.root / path
        if not mine.exists():
            action = "added"
        elif same_bytes(mine, ours):
            action = "kept"
        elif before.holds(path, mine):
            action = "replaced"
        else:
            action = "conflict"
        plans.append(FilePlan(path, ours, action))
    return plans


def not_started(project: Project, lesson: Lesson) -> str | None:
    """What shows that the lesson was never started (its files are not in the app), or
    None. `start` records nothing else: the files it adds are the record."""
    if lesson.number < 1:
        return None  # lesson 00 hands over no files
    files = overlay_files(lesson.scaffold_dir)
    missing = [path for path in files if not (project.root / path).is_file()]
    if missing:
        return f"{missing[0].as_posix()} is missing"
    # A lesson that only changes files (lesson 01) leaves none missing: look for a change.
    with tempfile.TemporaryDirectory(prefix="course-start-") as folder:
        before = state_before(project, lesson, Path(folder))
        if files and all(before.holds(path, project.root / path) for path in files):
            return f"{files[0].as_posix()} is as it was before lesson {lesson.label}"
    return None


def skipped_lesson(project: Project, lesson: Lesson) -> str | None:
    """What shows that the lesson before was never started, or None."""
    if lesson.number < 1:
        return None
    return not_started(project, project.course.get(lesson.number - 1))


def start_first(project: Project, lesson: Lesson) -> str:
    """For a check of a lesson that was never started: what to run first ('' if started)."""
    reason = not_started(project, lesson)
    if not reason:
        return ""
    return (
        f"Lesson {lesson.label} is not started: its files are not in your app yet ({reason}), "
        "so the failures above point at files you do not have. Run "
        f"`python -m course start {lesson.number}` first, then check again."
    )


def refuse_a_skipped_lesson(project: Project, lesson: Lesson) -> None:
    """Lesson N builds on N-1: adding its files without N-1's gives an app that breaks."""
    reason = skipped_lesson(project, lesson)
    if reason:
        previous = f"{lesson.number - 1:02d}"
        offer = catch_up_offer(project.course.root, lesson.number)
        skip = f"Or skip it: {offer}. " if offer else ""
        raise CourseError(
            f"Lesson {previous}'s files are not in your app yet ({reason}), and lesson "
            f"{lesson.label} builds on them. Do lesson {previous} first: "
            f"`python -m course start {lesson.number - 1}`. {skip}Nothing was changed; "
            f"--anyway adds lesson {lesson.label}'s files all the same."
        )


def carry_out(project: Project, outcome: Outcome, command: str) -> Outcome:
    """Copy the files the plans write, after a backup; with nothing to write, there is
    nothing to back up (as catch-up does)."""
    if outcome.writes:
        with backed_up(project, f"{command}-{outcome.lesson.label}") as outcome.backup:
            for plan in outcome.writes:
                copy_atomic(plan.ours, project.root / plan.path)
    return outcome


def start_lesson(project: Project, lesson: Lesson, anyway: bool = False) -> Outcome:
    """Add lesson N's scaffold to the app without overwriting anything the student wrote."""
    project.require_app()
    if not anyway:
        refuse_a_skipped_lesson(project, lesson)
    with tempfile.TemporaryDirectory(prefix="course-start-") as folder:
        before = state_before(project, lesson, Path(folder))
        outcome = Outcome(lesson, plan_start(project, lesson, before))
    return carry_out(project, outcome, "start")


def reset_files(project: Project, lesson: Lesson, file: str | None = None) -> Outcome:
    """Put back lesson N's scaffold files (or one of them), after a backup; files already
    the lesson's are left alone, and when all are there is nothing to back up."""
    project.require_app()
    folder = lesson_files(project, lesson)
    paths = overlay_files(folder)
    if not paths:
        raise CourseError(f"Lesson {lesson.label} has no scaffold files to reset.")
    if file:
        paths = [pick_file(paths, file, project.root)]
    outcome = Outcome(lesson, [plan_reset(project, folder, path) for path in paths])
    return carry_out(project, outcome, "reset")


def plan_reset(project: Project, folder: Path, path: Path) -> FilePlan:
    """Whether reset puts the lesson's file back (added, replaced) or it already is (kept)."""
    mine, ours = project.root / path, folder / path
    action = "kept" if same_bytes(mine, ours) else WRITES[mine.exists()]
    return FilePlan(path, ours, action)
