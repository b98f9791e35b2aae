"""replayproof: machine-checked verdicts and certificates for language generation with replay.

The Python API mirrors the command line: `load` a class file, read its cells, judge traces
with the trusted `kernel`, `decide` proper generation in the limit (game and/or criterion), under
replay budgets, delays, noise and omissions (`decide_model`, `replay_number`; `replayproof decide
--replay-budget ...`, `replayproof budget`),
`verify_generator` for every horizon (`replayproof verify`), compute the `optimal_threshold` d*
(`replayproof threshold`), and `check` any certificate. Engines are imported on first use, so
`import replayproof` stays light (the names differ from the subpackages `verify` and `threshold`).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .trusted.errors import InputError, ReplayproofError, SolverUnknown

# Loaded on first use (PEP 562), so `replayproof --help` does not import the class layer.
_LAZY = {"load": "classes.classfile", "loads": "classes.classfile", "realized_class": "classes.classfile",
         "ClassFileError": "classes.classfile", "INF": "trusted.classes.cells", "Cell": "trusted.classes.cells",
         "CellTable": "trusted.classes.cells", "class_info": "classes.info", "Mode": "trusted.kernel",
         "Trace": "trusted.kernel",
         "judge": "trusted.kernel", "FiniteClass": "trusted.classes.model", "Hypothesis": "trusted.classes.model",
         "decide_model": "variants.decide", "replay_number": "variants.decide"}

if TYPE_CHECKING:
    from .trusted.classes.cells import INF, Cell, CellTable
    from .classes.classfile import ClassFileError, load, loads, realized_class
    from .classes.info import class_info
    from .trusted.classes.model import FiniteClass, Hypothesis
    from .trusted.kernel import Mode, Trace, judge
    from .variants.decide import decide_model, replay_number


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'replayproof' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def decide(cls: FiniteClass, method: str | None = None, replay: bool = True, source: str | None = None,
           timeout: float | None = None):
    """Decide proper generation in the limit like `replayproof decide`; returns a frozen `Decision`.

    method: "game", "criterion", "both" or None (both up to 8 hypotheses, criterion above). The
    result's `verdict`, `certificate` and `check` (the kernel's re-check) are always set.
    """
    from .game.decide import decide_class
    return decide_class(cls, source if source is not None else (cls.source or None), method, replay,
                        deadline_s=timeout)


def verify_generator(cls: FiniteClass, generator: str, notion: str = "proper-limit",
           thresholds: dict[str, int] | None = None, replay: bool = True, source: str | None = None,
           timeout: float = 60.0):
    """Verify one generator for every horizon like `replayproof verify`; returns a frozen `VerifyResult`
    (`verdict` is defeated / verified / verified-for-learned-model, with its `certificate`).

    thresholds: target name -> d (uniform: give every target the same d; proper-limit: None).
    """
    from .verify.engine import verify_generator as run
    ds = {cls.index(name): d for name, d in (thresholds or {}).items()}
    return run(cls, generator, notion, ds or None, replay,
                            source=source if source is not None else (cls.source or None), timeout=timeout)


def optimal_threshold(cls: FiniteClass, source: str | None = None, timeout: float = 60.0):
    """d* with and without replay, each certified, like `replayproof threshold`."""
    from .threshold.compute import threshold as compute
    return compute(cls, source if source is not None else (cls.source or cls.name), timeout=timeout)


def check(certificate: dict, source: str | None = None):
    """Re-verify a certificate (a dict as `replayproof check` reads it) with the trusted checkers."""
    from .trusted.certificates import check as run_check
    return run_check(certificate, source)


__all__ = ["decide", "decide_model", "replay_number", "verify_generator", "optimal_threshold", "check", "load", "loads", "realized_class", "class_info", "judge", "Mode", "Trace", "FiniteClass",
           "Hypothesis", "Cell", "CellTable", "INF", "ClassFileError", "InputError", "ReplayproofError",
           "SolverUnknown"]
