"""Turn a --generator SPEC into a Generator: bundled name, burn-in:<spec>, file.py:fn or module:fn."""
from __future__ import annotations

from pathlib import Path

from ..classes.model import FiniteClass
from .base import AUTO, ELEMENT, PROPER, Generator, GeneratorError
from .library import BUNDLED, burn_in

BURN_IN = "burn-in:"


def resolve(spec: str, cls: FiniteClass, threshold: int | None = None, *, deadline: float | None = None) -> Generator:
    """The generator named by `spec` for class `cls`; `threshold` is burn-in's d. User code runs in its
    own process; a call still running at `deadline` (time.monotonic()) raises SolverUnknown."""
    spec = spec.strip()
    if spec.startswith(BURN_IN):
        if threshold is None:
            raise GeneratorError(f"generator {spec!r}: burn-in needs --threshold d (its d)")
        return burn_in(resolve(spec[len(BURN_IN):], cls, threshold, deadline=deadline), threshold)
    if spec in BUNDLED:
        b = BUNDLED[spec]
        return Generator(spec, b.kind, b.make(cls), True, b.description, (spec,))
    if ":" in spec:
        return _user(spec, cls, deadline)
    raise GeneratorError(f"unknown generator {spec!r} (bundled: {', '.join(BUNDLED)}, burn-in:<spec>; "
                         "or user code as path/file.py:function or module:function)")


def _user(spec: str, cls: FiniteClass, deadline: float | None) -> Generator:
    """User code, run in its own process (generators/process.py): never in replayproof's."""
    where, _, name = spec.rpartition(":")
    if not where or not name:
        raise GeneratorError(f"generator {spec!r}: expected path/file.py:function or module:function")
    if (where.endswith(".py") or "/" in where) and not Path(where).is_file():
        raise GeneratorError(f"generator file {where}: no such file")
    from .process import UserProcess  # not imported by the checker, which never runs user code
    proc = UserProcess(spec, where, name, cls, deadline)
    if proc.kind not in (ELEMENT, PROPER, AUTO):
        proc.close()
        raise GeneratorError(f"generator {spec!r}: attribute kind must be 'element' or 'proper', not {proc.kind!r}")
    return Generator(spec, proc.kind, proc, False, proc.doc, process=proc)
