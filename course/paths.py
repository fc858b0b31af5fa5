"""Where the kit keeps things."""

from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
APP_PACKAGE = "starter_app"
LESSONS_DIR = KIT_ROOT / "lessons"
SOLUTIONS_DIR = KIT_ROOT / "solutions"
TESTS_DIR = KIT_ROOT / "tests"
PYTEST_CONFIG = KIT_ROOT / "pyproject.toml"
# Per-student data (progress, backups): git-ignored.
STUDENT_DATA_DIR = KIT_ROOT / ".course"
