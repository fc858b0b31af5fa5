"""Inside the test process: collect once, then fork one child per submission to grade.

Loaded by the plugin with `--course-zygote FD`. The parent imports pytest, the libraries
and the tests and collects them once, and never imports an app. For each job the grader
sends over the socket (a submission's folder, limits, and three file descriptors: results
channel, secret, output), it forks a child that cuts itself off (new session, its own
output, limits, working folder) before it reads its secret and runs the tests; the app
is imported only in the child. The parent answers with the child's pid.
"""

import gc
import json
import os
import resource
import signal
import socket
import sys
import tempfile

MB = 1024 * 1024


def serve(session, sock_fd: int, start_recording, collection_errors: list[dict]) -> None:
    """Announce the collected tests (or the test files that cannot be imported: then the
    grader stops), then fork a child for every job until the grader hangs up."""
    sock = socket.socket(fileno=sock_fd)
    from course.recorder import describe  # the same description the children send

    for error in collection_errors:  # records of course.recorder.collection_error
        sock.send(json.dumps(error).encode())
    for item in session.items:
        sock.send(json.dumps({"kind": "collected", **describe(item)}).encode())
    sock.send(json.dumps({"kind": "ready"}).encode())
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped without waiting
    gc.freeze()  # what is collected now is never scanned again: children share those pages
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(sock, 65536, 3)
        except OSError:
            return
        if not data:
            return
        pid = os.fork()
        if pid == 0:
            _child(session, sock, json.loads(data), fds, start_recording)
        for fd in fds:
            os.close(fd)
        sock.send(json.dumps({"pid": pid}).encode())


def _child(session, sock, job: dict, fds: list[int], start_recording) -> None:
    """Grade one submission, then exit without returning to the parent's loop."""
    try:
        sock.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        channel, key_fd, output = fds
        _isolate(job, output)
        session.config.option.target = job["target"]
        recorder = start_recording(session, channel, key_fd)
        items = session.items
        for index, item in enumerate(items):
            following = items[index + 1] if index + 1 < len(items) else None
            item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
        recorder.finish()
    finally:
        os._exit(0)


def _isolate(job: dict, output: int) -> None:
    """Output to the grader's pipe, no input, limits, and a working folder of its own."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    os.close(devnull)
    limits = [(resource.RLIMIT_CPU, job["cpu_s"]), (resource.RLIMIT_FSIZE, job["file_mb"] * MB),
              (resource.RLIMIT_CORE, 0)]  # fmt: skip
    if job["memory_mb"]:
        limits.append((resource.RLIMIT_AS, job["memory_mb"] * MB))
    for kind, value in limits:
        hard = resource.getrlimit(kind)[1]  # a limit may only go down
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (value, value))
    os.chdir(job["home"])
    os.environ.update(HOME=job["home"], TMPDIR=job["home"])
    tempfile.tempdir = None  # read TMPDIR again
    sys.stdout.flush()
