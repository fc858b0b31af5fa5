"""The student's progress: steps passed and when, hints used. Kept in .course/ (git-ignored)."""

import contextlib
import json
from datetime import datetime, timezone
from pathlib import Path

import click

from course.paths import STUDENT_DATA_DIR
from course.results import LessonResult

PROGRESS_FILE = STUDENT_DATA_DIR / "progress.json"


def well_formed(data: object) -> bool:
    """Whether data has the shape this tool writes (lessons, each with steps and hints):
    a file edited by hand into another shape is set aside like a garbled one."""
    lessons = data.get("lessons") if isinstance(data, dict) else None
    return isinstance(lessons, dict) and all(map(_lesson_fits, lessons.values()))


def _lesson_fits(saved: object) -> bool:
    if not isinstance(saved, dict):
        return False
    steps, hints = saved.get("steps", {}), saved.get("hints", {})
    return (
        isinstance(steps, dict)
        and all(map(_step_fits, steps.values()))
        and isinstance(hints, dict)
        and all(_is_count(shown) for shown in hints.values())
        and isinstance(saved.get("checked_at", ""), str)
    )


def _step_fits(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("passed", False), bool)
        and isinstance(entry.get("passed_at"), str | None)
    )


def _is_count(value: object) -> bool:
    # bool is an int to Python, but `true` is no number of hints.
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class Progress:
    def __init__(self, path: Path = PROGRESS_FILE):
        self.path = path
        self.data = self._load()

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"lessons": {}}
        except (OSError, ValueError):
            data = None
        if well_formed(data):
            return data
        self._set_aside()
        return {"lessons": {}}

    def _set_aside(self) -> None:
        """Keep an unreadable file for the student to inspect, and say so: losing the
        record of one's progress without a word looks like the tool forgot it."""
        aside = self.path.with_suffix(".unreadable.json")
        try:
            self.path.replace(aside)
            kept = f"it was saved as {aside}"
        except OSError as error:
            kept = f"it is left where it is ({error.strerror or error})"
        # stderr: `check --json` output on stdout stays valid JSON.
        click.echo(
            f"! Your progress file {self.path} could not be read: {kept} "
            "and your progress starts fresh (your app and its backups are not affected).",
            err=True,
        )

    def save(self) -> None:
        """Write the file whole, or say in one line why it could not be: what the command
        found and showed matters more than remembering it."""
        temporary = self.path.with_suffix(".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(self.data, indent=2), encoding="utf-8")
            temporary.replace(self.path)  # atomic: an interrupted save never leaves half a file
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            click.echo(
                f"! Your progress could not be saved in {self.path} ({error.strerror or error}):"
                f" this command worked, but what it found is not remembered. Check that you can "
                f"write to that file and to its folder {self.path.parent}.",
                err=True,
            )

    def lesson(self, label: str) -> dict:
        saved = self.data["lessons"].setdefault(label, {})
        saved.setdefault("steps", {})
        saved.setdefault("hints", {})
        return saved

    def record(self, results: list[LessonResult], attempted: str | None = None) -> None:
        """Remember which steps pass now, and when each first passed.

        Only the lesson the student chose to check (`attempted`) gets a checked_at: the
        earlier lessons a check runs, and every lesson `status` runs, are not attempts.
        """
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for result in results:
            saved = self.lesson(result.lesson.label)
            if result.lesson.label == attempted:
                saved["checked_at"] = now
            for step in result.steps:
                entry = saved["steps"].setdefault(str(step.step.number), {"passed_at": None})
                entry["passed"] = step.passed
                if step.passed and not entry["passed_at"]:
                    entry["passed_at"] = now
        self.save()

    def step_passed(self, label: str, step: int) -> bool:
        return bool(self.lesson(label)["steps"].get(str(step), {}).get("passed"))

    def attempted(self, label: str) -> bool:
        """Whether the student checked this lesson themselves, or passed a step of it."""
        saved = self.data["lessons"].get(label, {})
        passed = any(entry.get("passed_at") for entry in saved.get("steps", {}).values())
        return "checked_at" in saved or passed

    def hints_used(self, label: str, step: int) -> int:
        return self.lesson(label)["hints"].get(str(step), 0)

    def use_hint(self, label: str, step: int, available: int) -> int:
        """Reveal one more hint for a step; return how many are now shown."""
        shown = min(self.hints_used(label, step) + 1, available)
        self.lesson(label)["hints"][str(step)] = shown
        self.save()
        return shown
