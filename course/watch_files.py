"""Notice changes to the app's files for `watch`: file events, or polling where they fail."""

import threading
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from course.appfiles import TEMPORARY_SUFFIX
from course.compose import IGNORED_NAMES

DEBOUNCE_S = 0.2  # editors save in several writes: check once the files settle
POLL_INTERVAL_S = 0.5
# Reading a file (as the tests do) raises "opened" events: only writes count.
WRITE_EVENTS = {"created", "modified", "moved", "deleted"}


def ignored(path: str) -> bool:
    """Caches, instance data and editors' temporary files are not the student's code."""
    name = Path(path).name
    return (
        bool(IGNORED_NAMES.intersection(Path(path).parts))
        or name.endswith((".pyc", "~", ".swp", ".swx", TEMPORARY_SUFFIX))
        or name.startswith(".#")
    )


class PendingChanges:
    """The files changed since the last check; thread-safe, filled by the watcher thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._names: set[str] = set()
        self._last = 0.0

    def note(self, path: str) -> None:
        if ignored(path):
            return
        with self._lock:
            self._names.add(Path(path).name)
            self._last = time.monotonic()

    def settled(self, quiet: float = DEBOUNCE_S) -> list[str]:
        """The changed file names once nothing has changed for `quiet` seconds, else []."""
        with self._lock:
            if not self._names or time.monotonic() - self._last < quiet:
                return []
            names, self._names = sorted(self._names), set()
            return names


class Poller(threading.Thread):
    """Compares the files' sizes and times every interval: slower, but works everywhere."""

    def __init__(self, folder: Path, changes: PendingChanges, interval: float = POLL_INTERVAL_S):
        super().__init__(daemon=True, name="course-poller")
        self.folder, self.changes, self.interval = folder, changes, interval
        self._halt = threading.Event()  # not _stop: Thread uses that name
        self._seen = self._snapshot()

    def _snapshot(self) -> dict[str, tuple[int, int]]:
        seen = {}
        for path in self.folder.rglob("*"):
            try:
                if path.is_file() and not ignored(str(path)):
                    info = path.stat()
                    seen[str(path)] = (info.st_mtime_ns, info.st_size)
            except OSError:
                continue  # deleted while we looked: the next round sees it
        return seen

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            now = self._snapshot()
            for path in now.keys() | self._seen.keys():
                if now.get(path) != self._seen.get(path):
                    self.changes.note(path)
            self._seen = now

    def stop(self) -> None:
        self._halt.set()


def start_watching(
    folder: Path, changes: PendingChanges, poll: bool, out: Console
) -> Callable[[], None]:
    """Watch `folder` with file events (or polling, said once); return the function that stops."""
    reason = "polling was asked for"
    if not poll:
        try:
            return _start_observer(folder, changes)
        except (ImportError, OSError) as error:
            reason = f"file events are not available here: {error}"
    out.print(f"Watching by polling ({reason}); looking for changes every {POLL_INTERVAL_S} s.")
    poller = Poller(folder, changes)
    poller.start()
    return poller.stop


def _start_observer(folder: Path, changes: PendingChanges) -> Callable[[], None]:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    def on_event(event) -> None:
        if event.event_type in WRITE_EVENTS and not event.is_directory:
            changes.note(getattr(event, "dest_path", "") or event.src_path)

    handler = FileSystemEventHandler()
    handler.on_any_event = on_event
    observer = Observer()
    observer.schedule(handler, str(folder), recursive=True)
    observer.start()

    def stop() -> None:
        observer.stop()
        observer.join(timeout=2)

    return stop
