"""The student's progress: steps passed and when, hints used. Kept in .course/ (git-ignored)."""

import json
from datetime import datetime, timezone
from pathlib import Path

import click

from course.paths import STUDENT_DATA_DIR
from course.results import LessonResult

PROGRESS_FILE = STUDENT_DATA_DIR / "progress.json"


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
        if isinstance(data, dict) and isinstance(data.get("lessons"), dict):
            return data
        self._set_aside()
        return {"lessons": {}}

    def _set_aside(self) -> None:
        """Keep an unreadable file for the student to inspect, and say so: losing the
        record of one's progress without a word looks like the tool forgot it."""
        aside = self.path.with_suffix(".unreadable.json")
        self.path.replace(aside)
        # stderr: `check --json` output on stdout stays valid JSON.
        click.echo(
            f"! Your progress file {self.path} could not be read: it was saved as {aside} "
            "and your progress starts fresh (your app and its backups are not affected).",
            err=True,
        )

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.data, indent=2), encoding="utf-8")
        temporary.replace(self.path)  # atomic: an interrupted save never leaves half a file

    def lesson(self, label: str) -> dict:
        return self.data["lessons"].setdefault(label, {"steps": {}, "hints": {}})

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
