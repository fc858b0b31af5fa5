"""Where the kit keeps things."""

import os
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
APP_PACKAGE = "starter_app"
# The student's own tests (lesson 12 grades them), next to the app in a submission.
STUDENT_TESTS = "student_tests"
# Per-student data (progress, backups): git-ignored. COURSE_DATA_DIR moves it (the
# kit's own tests use that, so they never touch a real student's progress).
STUDENT_DATA_DIR = Path(os.environ.get("COURSE_DATA_DIR") or KIT_ROOT / ".course")
