"""Turn a --generator SPEC into a Generator: bundled name, burn-in:<spec>, file.py:fn or module:fn."""
from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys

from ..classes.bundled import find
from ..classes.model import FiniteClass
from ..errors import InputError
from .base import AUTO, ELEMENT, PROPER, Generator, GeneratorError, GeneratorFn
from .library import BUNDLED, burn_in

BURN_IN = "burn-in:"


def resolve(spec: str, cls: FiniteClass, threshold: int | None = None) -> Generator:
    """The generator named by `spec` for class `cls`; `threshold` is burn-in's d."""
    spec = spec.strip()
    if spec.startswith(BURN_IN):
        if threshold is None:
            raise GeneratorError(f"generator {spec!r}: burn-in needs --threshold d (its d)")
        if spec[len(BURN_IN):].strip().startswith(BURN_IN):
            raise GeneratorError(f"generator {spec!r}: burn-in applies once (burn-in:<spec> with a bundled name or "
                                 "user code); burn-in of a burn-in is not supported")
        return burn_in(resolve(spec[len(BURN_IN):], cls, threshold), threshold)
    if spec in BUNDLED:
        b = BUNDLED[spec]
        return Generator(spec, b.kind, b.make(cls), True, b.description, (spec,))
    if ":" in spec:
        return _user(spec, cls)
    raise GeneratorError(f"unknown generator {spec!r} (bundled: {', '.join(BUNDLED)}, burn-in:<spec>; "
                         "or user code as path/file.py:function or module:function)")


def _user(spec: str, cls: FiniteClass) -> Generator:
    where, _, name = spec.rpartition(":")
    if not where or not name:
        raise GeneratorError(f"generator {spec!r}: expected path/file.py:function or module:function")
    try:
        module = _load_file(where) if where.endswith(".py") or "/" in where else importlib.import_module(where)
    except GeneratorError:
        raise
    except Exception as exc:  # the user's module failed to import
        raise GeneratorError(f"generator {spec!r}: cannot import {where}: {type(exc).__name__}: {exc}") from None
    fn = getattr(module, name, None)
    if fn is None or not callable(fn):
        raise GeneratorError(f"generator {spec!r}: {where} has no function {name!r}")
    kind = getattr(fn, "kind", AUTO)
    if kind not in (ELEMENT, PROPER, AUTO):
        raise GeneratorError(f"generator {spec!r}: attribute kind must be 'element' or 'proper', not {kind!r}")
    return Generator(spec, kind, _bind(fn, cls), False, (inspect.getdoc(fn) or "").split("\n")[0])


def _load_file(where: str):
    from ..classes.limits import GENERATOR_FILE, check_file
    try:
        path = find(where, "generators")  # a path, or a bundled example (filter_closure.py)
    except InputError as exc:
        raise GeneratorError(f"generator file {exc}") from None
    if not path.is_file():
        raise GeneratorError(f"generator file {where}: no such file")
    try:
        check_file(path, GENERATOR_FILE, "generator file")
    except InputError as exc:
        raise GeneratorError(str(exc)) from None
    mod_name = f"_replayproof_user_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise GeneratorError(f"generator file {where}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    spec.loader.exec_module(module)
    return module


def _bind(fn, cls: FiniteClass) -> GeneratorFn:
    """Call f(observed) or, when f takes two positional parameters, f(observed, cls)."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return fn
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.VAR_POSITIONAL for p in params) or len(positional) >= 2:
        return lambda observed: fn(observed, cls)
    return fn
