"""A pytest plugin that sends each test's outcome as data to the course tool.

Loaded with `-p course.plugin --course-channel FD --course-key-fd FD`. It reads a one-time
secret from the key pipe and closes it while pytest starts, before any app code runs, then
sends signed records over the channel (see course.recorder and course.channel). With
`--course-zygote FD` it collects once and forks a child per submission (course.zygote).
The tool never parses pytest's printed output or trusts its exit code.
"""

import shutil

import pytest

from course.channel import ChannelWriter, read_key
from course.hangs import ShorterAfterAHang
from course.interrupts import InterruptsFail
from course.recorder import Recorder, collection_error, start_recording


def pytest_addoption(parser):
    group = parser.getgroup("course-tool", "course tool (set by `python -m course`)")
    group.addoption("--course-channel", type=int, default=None, help="fd to send results to")
    group.addoption("--course-key-fd", type=int, default=None, help="fd to read the secret from")
    group.addoption("--course-forget", default=None, help="folder to delete after collection")
    group.addoption("--course-zygote", type=int, default=None, help="socket fd: fork per job")
    group.addoption("--course-after-a-hang", type=float, default=None,
                    help="seconds each test may take once one has timed out")  # fmt: skip


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    channel = config.getoption("--course-channel")
    if channel is not None:
        key = read_key(config.getoption("--course-key-fd"))
        config.pluginmanager.register(Recorder(ChannelWriter(channel, key)), "course-recorder")
    if config.getoption("--course-zygote") is not None:
        config.pluginmanager.register(Zygote(), "course-zygote")
    if channel is not None or config.getoption("--course-zygote") is not None:
        config.pluginmanager.register(InterruptsFail(), "course-interrupts-fail")
    after_a_hang = config.getoption("--course-after-a-hang")
    if after_a_hang:
        config.pluginmanager.register(ShorterAfterAHang(after_a_hang), "course-after-a-hang")


class Zygote:
    """After collection, fork a child per submission instead of running the tests here."""

    def __init__(self):
        self.collection_errors: list[dict] = []  # a test file that cannot even be imported

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(collection_error(report))

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        from course.zygote import serve

        forget = session.config.getoption("--course-forget")
        if forget:  # imported now, and no child may read them
            shutil.rmtree(forget, ignore_errors=True)
        zygote = session.config.getoption("--course-zygote")
        serve(session, zygote, start_recording, self.collection_errors)
        return True
