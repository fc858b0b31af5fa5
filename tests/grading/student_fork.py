"""Start the session that runs a student's own tests: a child forked from the test process.

The child (see grading.forked) collects the student's tests once, then forks a run per
mutant (grading.student_plugin). The student's tests get nothing their app did not have
already: the app runs in the very same test process. Where Python cannot fork,
`start_session` starts `python -m pytest` instead.
"""

import subprocess
from pathlib import Path

from grading.forked import Forked, fork_main


def fork_session(argv: list[str], cwd: Path, env: dict, output: Path) -> Forked:
    """Run `pytest argv` in a child, in `cwd` with `env`, printing to `output`."""

    def run_pytest() -> int:
        import pytest

        return int(pytest.main(argv))

    return fork_main(run_pytest, cwd, env, output)


def start_session(command: list[str], home: Path, env: dict, output: Path):
    """`python -m pytest` in a process of its own, started in the session's folder."""
    with open(output, "wb") as printed:
        return subprocess.Popen(
            command, cwd=home, env=env, stdin=subprocess.DEVNULL, stdout=printed,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
