"""The results channel: records a test run sends to the tool, signed so they cannot be forged.

The tool gives the pytest process a one-time secret through a pipe that the plugin reads
and closes before any app code runs, then reads the records back through a second pipe.
Each record is a JSON line carrying an HMAC over its body and the previous record's MAC,
so a line printed, written or replayed by the code under test breaks the chain.
"""

import hashlib
import hmac
import json
import os
import secrets

from course.text import printable

MAX_LINE_BYTES = 65536  # a longer line is not one of ours
MAX_TEXT = 2000  # longest message kept in a record
KEY_BYTES = 32


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def read_key(fd: int) -> bytes:
    """Read the secret from its pipe and close it, so nothing later can read it again."""
    with os.fdopen(fd, "rb") as pipe:
        return pipe.read(KEY_BYTES)


def _sign(signer, previous: str, body: str) -> str:
    mac = signer.copy()
    mac.update(f"{previous}\n{body}".encode())
    return mac.hexdigest()


class ChannelWriter:
    """The plugin's end: sends each record as one signed line."""

    def __init__(self, fd: int, key: bytes):
        self.fd = fd
        # Only the keyed HMAC state is kept, not the key bytes themselves.
        self._signer = hmac.new(key, digestmod=hashlib.sha256)
        self._previous = ""

    def send(self, record: dict) -> None:
        body = json.dumps(_shorten(record), sort_keys=True)
        self._previous = _sign(self._signer, self._previous, body)
        line = (json.dumps({"body": body, "mac": self._previous}) + "\n").encode()
        while line:  # a pipe may take a long line in several writes
            line = line[os.write(self.fd, line) :]


def _shorten(record: dict) -> dict:
    """Long texts are cut, so a record always stays well under the reader's line limit; each
    text is made printable (course.text): an app's error message can be anything."""
    return {
        key: printable(value[:MAX_TEXT])[:MAX_TEXT] if isinstance(value, str) else value
        for key, value in record.items()
    }


class ChannelReader:
    """The tool's end: checks the chain and keeps the records that verify."""

    def __init__(self, key: bytes):
        self._signer = hmac.new(key, digestmod=hashlib.sha256)
        self._previous = ""
        self._pending = b""
        self.records: list[dict] = []
        self.forged = ""  # why the stream stopped being trusted, else ''

    def feed(self, data: bytes) -> None:
        """Take bytes from the pipe; every complete line is verified in order."""
        self._pending += data
        while b"\n" in self._pending and not self.forged:
            line, self._pending = self._pending.split(b"\n", 1)
            self._accept(line)
        if len(self._pending) > MAX_LINE_BYTES and not self.forged:
            self.forged = "an over-long line appeared on the results channel"

    def _accept(self, line: bytes) -> None:
        try:
            wrapper = json.loads(line)
            body, mac = wrapper["body"], wrapper["mac"]
            expected = _sign(self._signer, self._previous, body)
            if not hmac.compare_digest(expected, mac):
                raise ValueError("bad signature")
            self.records.append(json.loads(body))
            self._previous = mac
        except (ValueError, KeyError, TypeError):
            self.forged = "a record on the results channel was not signed by the grader's plugin"
