"""What every test's fresh app would otherwise compile again: its templates and URL builders.

Each graded test builds its own app, so nothing one test does can leak into the next. The
code Flask compiles for an app is the same every time, though, and compiling it again is
most of what a test costs: templates (Jinja) and one URL builder per route (werkzeug).
Both are kept for the whole run, keyed by everything that decides them, so what runs is
exactly what a fresh compile would give.
"""

import functools

from jinja2 import BytecodeCache
from werkzeug.routing import Rule


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the whole test run (checked against each file's source)."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _builder_key(rule: Rule, append_unknown: bool):
    """What decides the code of a rule's URL builder, or None when it cannot be a key.

    The builder is a function werkzeug writes from the rule's parts (_trace), its defaults
    and append_unknown; it reaches the rule's converters through its `self` argument, so the
    same code serves every app with an equal rule.
    """
    try:
        key = (rule.rule, tuple(rule._trace), tuple(sorted((rule.defaults or {}).items())))
        hash(key)
    except (AttributeError, TypeError):  # an unhashable default, or a werkzeug without them
        return None
    return (*key, append_unknown)


def _share_url_builders() -> None:
    """Make werkzeug reuse the URL builder code it wrote for an equal rule (once per process)."""
    compile_builder = Rule._compile_builder
    if getattr(compile_builder, "shared", False):
        return
    builders: dict = {}

    @functools.wraps(compile_builder)
    def shared_builder(self, append_unknown=True):
        key = _builder_key(self, append_unknown)
        if key is None:
            return compile_builder(self, append_unknown)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    shared_builder.shared = True
    Rule._compile_builder = shared_builder


# One for the whole process: the runs of a student's own tests, forked from it, find the
# templates their app shares with the graded one compiled already.
_TEMPLATES = _MemoryBytecodeCache()


def sharing_compiled_code(factory):
    """Wrap create_app so every test's app reuses what the previous ones compiled.

    Jinja keys its cache by template file and checks the source, so an edited template is
    always compiled anew.
    """
    _share_url_builders()

    @functools.wraps(factory)
    def create_app(*args, **kwargs):
        app = factory(*args, **kwargs)
        if hasattr(app, "jinja_env"):
            app.jinja_env.bytecode_cache = _TEMPLATES
        return app

    return create_app
