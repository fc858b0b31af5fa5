"""What every test's fresh app would otherwise compile again: templates, routes, URL builders.

Each graded test builds its own app, so nothing one test does can leak into the next. The
code Flask compiles for an app is the same every time, though, and compiling it again is
most of what a test costs: templates (Jinja), and for each route its parsed parts and its
URL builder (werkzeug). They are kept for the whole run, keyed by everything that decides
them, so what runs is exactly what a fresh compile would give.
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


def _share_once(method: str, sharing) -> None:
    """Replace Rule.<method> by sharing(the original), once per process."""
    original = getattr(Rule, method)
    if getattr(original, "shared", False):
        return
    shared = functools.wraps(original)(sharing(original))
    shared.shared = True
    setattr(Rule, method, shared)


def _shared_builders(compile_builder):
    """Rule._compile_builder that reuses the URL builder code written for an equal rule."""
    builders: dict = {}

    def shared_builder(self, append_unknown=True):
        key = _builder_key(self, append_unknown)
        if key is None:
            return compile_builder(self, append_unknown)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    return shared_builder


# One for the whole process: the runs of a student's own tests, forked from it, find the
# templates their app shares with the graded one compiled already.
_TEMPLATES = _MemoryBytecodeCache()


def _rule_key(rule: Rule):
    """What decides a rule's parsed parts, or None when it cannot be a key: its text, the
    part of the address it matches, whether it merges slashes, and the map's converters."""
    try:
        routing = rule.map
        domain = (rule.host if routing.host_matching else rule.subdomain) or ""
        key = (rule.rule, domain, routing.host_matching, bool(rule.merge_slashes),
               frozenset(routing.converters.items()))  # fmt: skip
        hash(key)
    except (AttributeError, TypeError):  # a werkzeug without them, or an odd converter
        return None
    return key


class _Parsed:
    """What compiling a rule worked out, to give an equal rule of another app's map."""

    def __init__(self, rule: Rule, converters: list[tuple]):
        self.parts = list(rule._parts)
        self.trace = list(rule._trace)
        self.converters = converters  # (variable, name, args, kwargs), in the rule's order

    def give(self, rule: Rule) -> None:
        """What Rule.compile sets, with converters of the rule's own map."""
        rule._parts = list(self.parts)
        rule._trace = list(self.trace)
        rule._converters = {}
        for variable, name, args, kwargs in self.converters:
            rule._converters[variable] = rule.get_converter(variable, name, args, kwargs)
            rule.arguments.add(variable)
        rule._build = rule._compile_builder(False).__get__(rule, None)
        rule._build_unknown = rule._compile_builder(True).__get__(rule, None)


def _shared_parsing(compile_rule):
    """Rule.compile that reuses what was parsed of an equal rule."""
    parsed: dict = {}

    def shared_compile(self):
        key = _rule_key(self)
        if key is not None and key in parsed:
            parsed[key].give(self)
            return
        made: list[tuple] = []
        make = self.get_converter

        def noted(variable, name, args, kwargs):
            made.append((variable, name, args, kwargs))
            return make(variable, name, args, kwargs)

        self.get_converter = noted  # this rule's own, while it compiles
        try:
            compile_rule(self)
        finally:
            del self.get_converter
        if key is not None:
            parsed[key] = _Parsed(self, made)

    return shared_compile


def share_compiled_routes() -> None:
    """Make werkzeug reuse what it parsed and wrote for an equal rule (once per process)."""
    _share_once("_compile_builder", _shared_builders)
    _share_once("compile", _shared_parsing)


def sharing_compiled_code(factory):
    """Wrap create_app so every test's app reuses what the previous ones compiled.

    Jinja keys its cache by template file and checks the source, so an edited template is
    always compiled anew.
    """
    share_compiled_routes()

    @functools.wraps(factory)
    def create_app(*args, **kwargs):
        app = factory(*args, **kwargs)
        if hasattr(app, "jinja_env"):
            app.jinja_env.bytecode_cache = _TEMPLATES
        return app

    return create_app
