"""Run a test process under limits and collect its signed records (shared by check and grade).

The process gets: its own process group (killed as a whole), a wall-clock limit, CPU,
memory and file-size limits, a working folder and HOME/TMPDIR of its own, an environment
without the caller's settings and secrets, and output read through a capped buffer.
"""

import contextlib
import os
import resource
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from course.channel import ChannelReader, new_key
from course.text import printable

# Variables a Python test process needs; everything else (tokens, keys, MONGO_URI,
# PYTEST_ADDOPTS, PYTHONSTARTUP...) is left out.
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SYSTEMROOT", "TEST_MONGO_URI")
OUTPUT_KEPT = 64 * 1024  # bytes of output kept from the start and from the end
MB = 1024 * 1024
POLL_S = 0.25
EXIT_GRACE_S = 1.0


@dataclass(frozen=True)
class Limits:
    wall_s: float = 600.0  # the whole run
    test_s: float = 20.0  # one test (pytest-timeout)
    # One test once another has hung (None: test_s still): an endless loop in a view hangs
    # every test that asks for that page, and a student should not wait test_s for each.
    test_after_a_hang_s: float | None = None
    memory_mb: int | None = None  # address space
    file_mb: int = 64  # largest file the process may write


@dataclass
class Outcome:
    records: list[dict] = field(default_factory=list)
    forged: str = ""
    output: str = ""  # the start and end of what the process printed
    returncode: int | None = None
    timed_out: bool = False


def clean_environment(home: Path, pythonpath: list[Path], extra: dict | None = None) -> dict:
    """Only what the tests need; HOME and TMPDIR point into the run's own folder."""
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    env.update(extra or {})
    env.update(
        HOME=str(home), TMPDIR=str(home), PYTHONPATH=os.pathsep.join(map(str, pythonpath)),
        PYTHONDONTWRITEBYTECODE="1", PYTHONNOUSERSITE="1", PYTHONHASHSEED="0",
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONIOENCODING="utf-8", NO_COLOR="1",
        # glibc reserves 64 MB of address space for each thread's memory arena: under the
        # memory limit the wire backend's server could not start a thread for a new
        # connection ("can't start new thread"). Two arenas keep the reservations small.
        MALLOC_ARENA_MAX="2",
    )  # fmt: skip
    return env


def _apply_limits(pid: int, limits: Limits) -> None:
    """CPU, file-size, core and memory limits, set from outside right after the start.

    Set with prlimit rather than in preexec_fn, which is unsafe while other threads run
    (grade starts submissions from a thread pool). The process is still importing pytest
    then; the app's code only runs after collection. Without prlimit (macOS) only the wall
    clock and the process group apply.
    """
    if not hasattr(resource, "prlimit"):
        return
    cpu = int(limits.wall_s) + 5
    chosen = [(resource.RLIMIT_CPU, cpu), (resource.RLIMIT_FSIZE, limits.file_mb * MB),
              (resource.RLIMIT_CORE, 0)]  # fmt: skip
    if limits.memory_mb:
        chosen.append((resource.RLIMIT_AS, limits.memory_mb * MB))
    for kind, value in chosen:
        with contextlib.suppress(ProcessLookupError, ValueError, OSError):
            resource.prlimit(pid, kind, (value, value))


def run_sandboxed(command: list[str], cwd: Path, env: dict, limits: Limits) -> Outcome:
    """Run `command` (which must take `--course-channel=FD --course-key-fd=FD` at its end)."""
    key = new_key()
    key_read, key_write = os.pipe()
    channel_read, channel_write = os.pipe()
    full = [*command, f"--course-channel={channel_write}", f"--course-key-fd={key_read}"]
    process = subprocess.Popen(
        full, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, pass_fds=(key_read, channel_write), start_new_session=True,
    )  # fmt: skip
    _apply_limits(process.pid, limits)
    os.close(key_read)
    os.close(channel_write)
    send_key(key_write, key)
    try:
        return collect(_Spawned(process), channel_read, process.stdout.fileno(), key, limits.wall_s)
    finally:
        _kill_group(process)
        os.close(channel_read)
        process.stdout.close()


def send_key(fd: int, key: bytes) -> None:
    """Hand the secret over and close the pipe."""
    with contextlib.suppress(BrokenPipeError):  # the process may already have ended
        os.write(fd, key)
    os.close(fd)


class _Spawned:
    """A process this one started: its exit code is known."""

    def __init__(self, process: subprocess.Popen):
        self.process = process

    def poll(self) -> int | None:
        return self.process.poll()

    def stop(self) -> int | None:
        _kill_group(self.process)
        return self.process.returncode


def collect(child, channel_fd: int, output_fd: int, key: bytes, wall_s: float) -> Outcome:
    """Read records and output until the child (poll/stop) ends or the wall clock runs out."""
    outcome, kept, reader = Outcome(), _Kept(), ChannelReader(key)
    deadline = time.monotonic() + wall_s
    exited_at = None
    with selectors.DefaultSelector() as selector:
        selector.register(channel_fd, selectors.EVENT_READ, "channel")
        selector.register(output_fd, selectors.EVENT_READ, "output")
        while selector.get_map():
            now = time.monotonic()
            if now >= deadline:
                outcome.timed_out = True
                break
            if exited_at is None and child.poll() is not None:
                exited_at = now
            if exited_at is not None and now - exited_at > EXIT_GRACE_S:
                break  # something it started still holds the pipes open
            for event, _ in selector.select(timeout=min(deadline - now, POLL_S)):
                data = os.read(event.fd, 65536)
                if not data:
                    selector.unregister(event.fileobj)
                elif event.data == "channel":
                    reader.feed(data)
                else:
                    kept.add(data)
    outcome.returncode = child.stop()
    outcome.records, outcome.forged = reader.records, reader.forged
    outcome.output = kept.text()
    return outcome


class _Kept:
    """The first and the last OUTPUT_KEPT bytes of the output; the middle of a flood is dropped."""

    def __init__(self):
        self.head, self.tail, self.total = bytearray(), bytearray(), 0

    def add(self, data: bytes) -> None:
        self.total += len(data)
        if len(self.head) < OUTPUT_KEPT:
            taken = data[: OUTPUT_KEPT - len(self.head)]
            self.head += taken
            data = data[len(taken) :]
        self.tail += data
        del self.tail[:-OUTPUT_KEPT]

    def text(self) -> str:
        dropped = self.total - len(self.head) - len(self.tail)
        middle = f"\n[… {dropped} bytes of output left out …]\n" if dropped else ""
        text = self.head.decode("utf-8", "replace") + middle + self.tail.decode("utf-8", "replace")
        return printable(text)  # what the app printed: colours, escapes, anything


def _kill_group(process: subprocess.Popen) -> None:
    """Stop the process and anything it started (same process group)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
