"""Processes a submission leaves behind in a session of their own, stopped when the batch ends.

Each submission's process group is killed when its run ends, but app code can leave that
group (`setsid`, a double fork) and outlive the batch. On Linux the grader makes itself the
"child subreaper" of everything it starts, so such a process becomes the grader's child once
its own parent is gone; when the batch ends, every child that appeared during it is killed.
Elsewhere (macOS) only the process groups are killed.
"""

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>
# Killing a leftover makes its own children leftovers in turn: a few rounds catch them all.
ROUNDS = 5


@contextlib.contextmanager
def stopped_at_the_end() -> Iterator[None]:
    """Adopt what the batch leaves behind while it runs; stop it when the batch ends."""
    if not _set_subreaper(True):
        yield
        return
    before = set(_children())  # the caller's own processes (a browser, a server) are spared
    try:
        yield
    finally:
        for _ in range(ROUNDS):
            leftovers = [pid for pid in _children() if pid not in before]
            if not leftovers:
                break
            for pid in leftovers:
                _kill_and_reap(pid)
        _set_subreaper(False)


def _set_subreaper(on: bool) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0


def _children() -> list[int]:
    """This process's children, from /proc (a child's stat names its parent)."""
    me, found = os.getpid(), []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # "pid (name) state ppid ...": the name may hold spaces and parentheses.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == me:
                found.append(int(stat.parent.name))
    return found


def _kill_and_reap(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
