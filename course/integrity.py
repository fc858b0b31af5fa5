"""Notice when code under test changes the machinery that decides its results.

A snapshot is taken after collection, before the first test runs and so before the app is
imported (the tests import it inside a fixture). At every check (course.recorder checks
after every few tests and after each file) it is compared again: pytest's and pluggy's
functions and classes, the registered hooks and plugins, the tests, their fixtures and
helpers, mongomock, and the builtins. A change means the results since the last check,
and every later one, cannot be trusted. This bounds what app code can do from inside the
test process; it is no proof: code written against this module can defeat it, which is
why results also travel over a signed channel and are compared with the list of tests the
tool expected.
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
    """Remember what decides results once; later, say what changed.

    The check runs often, so it compares with C-level loops (map over dict.get and
    operator.is_) rather than Python ones: 0.7 ms a check where it took 1.9 ms, timed on
    its own. Right after a real test, which has pushed these objects out of the CPU's
    caches, a check takes about 2.5 ms: too much to run after each of 400 tests.
    """

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
        self.namespaces = _grouped(self.slots)
        self.names = [_class_names(cls) for cls in self.classes]
        self.fixturedefs = list({
            id(fixturedef): fixturedef
            for item in self.items
            for defs in item._fixtureinfo.name2fixturedefs.values()
            for fixturedef in defs
        }.values())  # fmt: skip
        self.before = self._objects()
        self.functions = _functions(self.before)
        self.bodies = [function.__code__ for function in self.functions]

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
        """Every watched object in a fixed order (the slots' first), held by reference."""
        values = []
        for namespace, names in self.namespaces:
            values += map(namespace.get, names)
        values += [getattr(item, "obj", None) for item in self.items]
        values += [fixturedef.func for fixturedef in self.fixturedefs]
        values += sorted(self.manager.get_plugins(), key=id)
        for caller in vars(self.manager.hook).values():
            values += [impl.function for impl in caller.get_hookimpls()]
        return values

    def changes(self) -> list[str]:
        """What changed since the snapshot: a few names, or [] when nothing did."""
        problems = [
            f"{cls.__module__}.{cls.__qualname__} gained or lost attributes"
            for cls, names in zip(self.classes, self.names, strict=True)
            if cls.__dict__.keys() != names and _class_names(cls) != names
        ]
        now = self._objects()
        if len(now) != len(self.before) or not all(map(operator.is_, now, self.before)):
            problems.append(self._first_difference(now))
        elif not all(map(operator.is_, map(_BODY, self.functions), self.bodies)):
            problems.append(self._replaced_body())
        return problems[:MAX_REPORTED]

    def _first_difference(self, now: list) -> str:
        for index, (before, after) in enumerate(zip(self.before, now, strict=False)):
            if before is not after:
                return self._name_of(index)
        return "plugins or hooks were added or removed"

    def _replaced_body(self) -> str:
        """Name the function whose __code__ was swapped (its object stayed the same)."""
        for function, body in zip(self.functions, self.bodies, strict=True):
            if function.__code__ is not body:
                for index, value in enumerate(self.before):
                    if value is function or getattr(value, "__func__", None) is function:
                        return self._name_of(index)
        return "a test, fixture, plugin or hook was replaced"

    def _name_of(self, index: int) -> str:
        if index < len(self.slots):
            _, name, owner = self.slots[index]
            return f"{owner}.{name} was replaced"
        return "a test, fixture, plugin or hook was replaced"


_BODY = operator.attrgetter("__code__")


def _grouped(slots: list[tuple]) -> list[tuple]:
    """(namespace, names) runs of consecutive slots, in the slots' order."""
    groups: list[tuple] = []
    for namespace, name, _ in slots:
        if not groups or groups[-1][0] is not namespace:
            groups.append((namespace, []))
        groups[-1][1].append(name)
    return groups


def _functions(values: list) -> list[types.FunctionType]:
    """The plain functions among the values, or behind their methods, classmethods and
    staticmethods: the bodies a test could swap without replacing the object."""
    found = {}
    for value in values:
        # type(), never isinstance(): a proxy such as flask.request raises when asked for
        # its __class__ outside a request.
        inner = value.__func__ if issubclass(type(value), _WRAPPERS) else value
        if type(inner) is types.FunctionType:
            found[id(inner)] = inner
    return list(found.values())


_WRAPPERS = (types.MethodType, classmethod, staticmethod)
