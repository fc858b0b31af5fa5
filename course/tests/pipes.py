"""The tool with its output going into a pipe whose reader has left (`… | head -1`)."""

import os
import subprocess
import sys

from course.paths import KIT_ROOT


def into_a_closed_pipe(tmp_path, *arguments: str) -> subprocess.CompletedProcess:
    """Run Python with its output going into a pipe whose reader has gone, as when
    `| head -1` has printed its line and left (here before the first write: no race)."""
    reader, writer = os.pipe()
    os.close(reader)
    env = {**os.environ, "PYTHONPATH": str(KIT_ROOT), "COURSE_DATA_DIR": str(tmp_path / "data")}
    env.pop("PYTHONUNBUFFERED", None)  # a student's Python buffers what goes into a pipe
    try:
        return subprocess.run([sys.executable, *arguments], cwd=KIT_ROOT, env=env, stdout=writer,
                              stderr=subprocess.PIPE, text=True, timeout=120)  # fmt: skip
    finally:
        os.close(writer)
