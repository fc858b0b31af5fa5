"""Notice when code under test changes the machinery that decides its results.

A snapshot is taken after collection, before the first test runs and so before the app is
imported (the tests import it inside a fixture). After each test it is compared again:
pytest's and pluggy's functions and classes, the registered hooks and plugins, the tests,
their fixtures and helpers, mongomock, and the builtins. A change means later results
cannot be trusted. This bounds what app code can do from inside the test process; it is no
proof: code written against this module can defeat it, which is why results also travel
over a signed channel and are compared with the list of tests the tool expected.
"""

import builtins
import operator
import sys
import types

# Modules whose functions and classes decide or observe a test's outcome.
WATCHED_PREFIXES = (
    "_pytest", "pytest", "pluggy", "course", "grading", "mongomock", "flask.testing",
    "werkzeug.test",
)  # fmt: skip
MAX_REPORTED = 3


def _watchable(value) -> bool:
    if isinstance(value, (classmethod, staticmethod, property)):
        return True
    return callable(value) and not isinstance(value, types.ModuleType)


def _code_of(value):
    """A function's body, else None; proxies such as flask.request answer only in a request."""
    try:
        return getattr(value, "__code__", None)
    except Exception:  # any error means there is no body to compare
        return None


def _slot_names(cls: type) -> list[str]:
    """The slot names copyreg computes for a class (its __slotnames__ cache, worked out)."""
    names = []
    for owner in cls.__mro__:
        slots = owner.__dict__.get("__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name in ("__dict__", "__weakref__"):
                continue
            private = name.startswith("__") and not name.endswith("__")
            stripped = owner.__name__.lstrip("_")
            names.append(f"_{stripped}{name}" if private and stripped else name)
    return names


def _class_names(cls: type) -> frozenset:
    """The class's attribute names, without the __slotnames__ cache Python itself adds when
    an instance is first copied or pickled (werkzeug copies its request builder to follow a
    redirect), as long as the cache holds what Python would have put there."""
    names = cls.__dict__.keys()
    if cls.__dict__.get("__slotnames__") == _slot_names(cls):
        names = names - {"__slotnames__"}
    return frozenset(names)


def _slots(owner: str, namespace) -> list[tuple]:
    """(namespace, name, owner) for every function or class in a module's or class's namespace."""
    return [
        (namespace, name, owner) for name, value in list(namespace.items()) if _watchable(value)
    ]


class Guard:
    """Remember what decides results once; later, say what changed."""

    def __init__(self, config, items):
        self.manager = config.pluginmanager
        self.items = list(items)
        self.slots: list[tuple] = _slots("builtins", builtins.__dict__)
        self.classes: list[type] = []
        for module in self._modules():
            self.slots += _slots(module.__name__, module.__dict__)
            for value in list(module.__dict__.values()):
                if isinstance(value, type) and value.__module__ == module.__name__:
                    self.classes.append(value)
                    self.slots += _slots(f"{module.__name__}.{value.__qualname__}", value.__dict__)
        self.names = [_class_names(cls) for cls in self.classes]
        self.fixturedefs = list({
            id(fixturedef): fixturedef
            for item in self.items
            for defs in item._fixtureinfo.name2fixturedefs.values()
            for fixturedef in defs
        }.values())  # fmt: skip
        self.before = self._objects()

    def _modules(self) -> list[types.ModuleType]:
        """The watched library modules, plus every module that holds a collected test."""
        modules = {
            name: module
            for name, module in list(sys.modules.items())
            if isinstance(module, types.ModuleType) and name.startswith(WATCHED_PREFIXES)
        }
        for item in self.items:
            module = getattr(item, "module", None)
            if module is not None:
                modules[module.__name__] = module
        return list(modules.values())

    def _objects(self) -> list:
        """Every watched object (and function body) in a fixed order, held by reference."""
        values = [namespace.get(name) for namespace, name, _ in self.slots]
        values += [getattr(item, "obj", None) for item in self.items]
        values += [fixturedef.func for fixturedef in self.fixturedefs]
        values += sorted(self.manager.get_plugins(), key=id)
        for caller in vars(self.manager.hook).values():
            values += [impl.function for impl in caller.get_hookimpls()]
        return values + [_code_of(value) for value in values]

    def changes(self) -> list[str]:
        """What changed since the snapshot: a few names, or [] when nothing did."""
        problems = [
            f"{cls.__module__}.{cls.__qualname__} gained or lost attributes"
            for cls, names in zip(self.classes, self.names, strict=True)
            if _class_names(cls) != names
        ]
        now = self._objects()
        if len(now) != len(self.before) or not all(map(operator.is_, now, self.before)):
            problems.append(self._first_difference(now))
        return problems[:MAX_REPORTED]

    def _first_difference(self, now: list) -> str:
        half = len(self.before) // 2  # objects first, then their function bodies
        for index, (before, after) in enumerate(zip(self.before, now, strict=False)):
            if before is not after:
                if index % half < len(self.slots):
                    _, name, owner = self.slots[index % half]
                    return f"{owner}.{name} was replaced"
                return "a test, fixture, plugin or hook was replaced"
        return "plugins or hooks were added or removed"
