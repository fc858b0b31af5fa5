"""Single key presses for `watch`, read without blocking when stdin is a terminal."""

import os
import sys
import time
from typing import TextIO

try:
    import termios
    import tty
except ImportError:  # Windows
    termios = tty = None


class KeyReader:
    """Reads one key at a time from a terminal; elsewhere (a pipe, a test) it only waits."""

    def __init__(self, stream: TextIO = sys.stdin):
        self.stream = stream
        self.active = _is_terminal(stream)
        self._saved = None

    def __enter__(self) -> "KeyReader":
        if self.active and termios:
            # cbreak: keys arrive one by one without Enter, and Ctrl+C still interrupts.
            self._saved = termios.tcgetattr(self.stream.fileno())
            tty.setcbreak(self.stream.fileno())
        return self

    def __exit__(self, *exc_info) -> None:
        if self._saved is not None:
            termios.tcsetattr(self.stream.fileno(), termios.TCSADRAIN, self._saved)

    def read(self, timeout: float) -> str | None:
        """The key pressed within `timeout` seconds, lower-cased, or None."""
        if not self.active:
            time.sleep(timeout)
            return None
        if termios is None:
            return _read_windows(timeout)
        import select

        ready, _, _ = select.select([self.stream], [], [], timeout)
        if not ready:
            return None
        return os.read(self.stream.fileno(), 1).decode(errors="ignore").lower() or None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _read_windows(timeout: float) -> str | None:
    import msvcrt

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if msvcrt.kbhit():
            return msvcrt.getwch().lower()
        time.sleep(0.02)
    return None
