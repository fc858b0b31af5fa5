"""What the command line names: each submission to grade, and a file-safe id for each."""

import re
from pathlib import Path

from course.grading.locate import is_noise
from course.paths import APP_PACKAGE


def expand(paths: list[Path]) -> list[Path]:
    """Each path is a submission, or a folder of submissions (one per entry inside).

    Every entry but system leftovers is listed, files of any kind too: one that cannot be
    graded gets a row that says why, rather than vanishing from the gradebook.
    """
    found = []
    for path in paths:
        if path.is_dir() and not _looks_like_submission(path):
            inside = sorted(p for p in path.iterdir() if not is_noise(p.name))
            found += inside or [path]
        else:
            found.append(path)
    return found


def _looks_like_submission(path: Path) -> bool:
    return (path / APP_PACKAGE).exists() or (path / ".git").exists()


def student_ids(paths: list[Path]) -> list[str]:
    """A file-safe id per submission (its folder or zip name), unique within the batch."""
    ids: list[str] = []
    for path in paths:
        name = re.sub(r"\.zip$", "", path.name, flags=re.IGNORECASE)
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
        base, number = base or "submission", 2
        candidate = base
        while candidate in ids:
            candidate, number = f"{base}-{number}", number + 1
        ids.append(candidate)
    return ids
