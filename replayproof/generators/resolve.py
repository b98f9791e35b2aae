"""Turn a --generator SPEC into a Generator: bundled name, burn-in:<spec>, file.py:fn or module:fn."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..trusted.classes.bundled import find
from ..trusted.classes.model import FiniteClass
from ..trusted.errors import InputError
from ..trusted.generators.base import ELEMENT, PROPER, Generator, GeneratorError
from ..trusted.generators.library import BUNDLED, burn_in, read_name, registered

AUTO = "auto"  # the kind of user code that did not declare one: decided by its first answer (under_test.py)


@dataclass(frozen=True)
class Resolved(Generator):
    """A generator as the engines resolve it: the room's Generator plus what only the engines read."""

    bundled: bool = False  # the package's own (a bundled name, or burn-in of one)
    recipe: tuple = ()   # how attack/symbolic.py encodes a bundled generator in SMT; () for user code
    process: Any = None  # user code: its generators.process.UserProcess (output, disagreements)


def resolve(spec: str, cls: FiniteClass, threshold: int | None = None, *, deadline: float | None = None) -> Resolved:
    """The generator named by `spec` for class `cls`; `threshold` is burn-in's d. User code runs in its
    own process; a call still running at `deadline` (time.monotonic()) raises SolverUnknown."""
    burn, inner = read_name(spec)
    if burn:
        if threshold is None:
            raise GeneratorError(f"generator {spec.strip()!r}: burn-in needs --threshold d (its d)")
        wrapped = resolve(inner, cls, threshold, deadline=deadline)
        g = burn_in(wrapped, threshold)
        return Resolved(g.spec, g.kind, g.fn, wrapped.bundled,
                        ("burn-in", threshold, wrapped.recipe) if wrapped.recipe else (), wrapped.process)
    if inner in BUNDLED:
        g = registered(inner, cls, None)
        return Resolved(g.spec, g.kind, g.fn, True, (g.spec,))
    if ":" in inner:
        return _user(inner, cls, deadline)
    raise GeneratorError(f"unknown generator {inner!r} (bundled: {', '.join(BUNDLED)}, burn-in:<spec>; "
                         "or user code as path/file.py:function or module:function)")


def _user(spec: str, cls: FiniteClass, deadline: float | None) -> Resolved:
    """User code, run in its own process (generators/process.py): never in replayproof's."""
    where, _, name = spec.rpartition(":")
    if not where or not name:
        raise GeneratorError(f"generator {spec!r}: expected path/file.py:function or module:function")
    if where.endswith(".py") or "/" in where:
        where = str(_user_file(where))
    from .process import UserProcess  # not imported by the checker, which never runs user code
    proc = UserProcess(spec, where, name, cls, deadline)
    if proc.kind not in (ELEMENT, PROPER, AUTO):
        proc.close()
        raise GeneratorError(f"generator {spec!r}: attribute kind must be 'element' or 'proper', not {proc.kind!r}")
    return Resolved(spec, proc.kind, proc, False, process=proc)


def _user_file(where: str) -> Path:
    """The user's generator file: a path, or a bundled example (filter_closure.py); size-capped."""
    from ..classes.limits import GENERATOR_FILE
    from ..trusted.classes.limits import check_file
    try:
        path = find(where, "generators")
    except InputError as exc:
        raise GeneratorError(f"generator file {exc}") from None
    if not path.is_file():
        raise GeneratorError(f"generator file {where}: no such file")
    try:
        check_file(path, GENERATOR_FILE, "generator file")
    except InputError as exc:
        raise GeneratorError(str(exc)) from None
    return path
