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
         "judge": "trusted.kernel", "FiniteClass": "trusted.classes.model", "Hypothesis": "trusted.classes.model"}

if TYPE_CHECKING:
    from .trusted.classes.cells import INF, Cell, CellTable
    from .classes.classfile import ClassFileError, load, loads, realized_class
    from .classes.info import class_info
    from .trusted.classes.model import FiniteClass, Hypothesis
    from .trusted.kernel import Mode, Trace, judge


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


def decide_model(cls: FiniteClass, replay_budget: int | str | None = None, replay_delay: int = 1,
                 noise: int | str = 0, omit: int | str = 0, method: str | None = None, source: str | None = None):
    """Decide proper generation in the limit under an adversary model like `replayproof decide --replay-budget
    --replay-delay --noise --omit` (docs/variants.md): each limit a number or "finite" (replay_budget None:
    unbounded). method "criterion" or "both" also runs the criterion of §7c (no replay only) and compares it
    with the game. Returns the decision (`verdict`, `certificate`, `check`: the kernel's re-check)."""
    from .trusted.kernel import FINITE
    from .variants.decide import check_applies, compare, criterion_of
    src = source if source is not None else (cls.source or None)
    try:
        if FINITE in (replay_budget, noise, omit):
            from .trusted.certificates.finite_model import FiniteVariant
            from .variants.finite_decide import decide_finite
            if replay_delay != 1:
                raise InputError("a replay delay with finitely many noise inputs, omissions or replays is not supported")
            variant, run = FiniteVariant(replay_budget, noise, omit), decide_finite
        else:
            from .trusted.certificates.variant import Variant
            from .variants.decide import decide_variant
            variant, run = Variant(replay_budget, replay_delay, noise, omit), decide_variant
    except (TypeError, ValueError) as exc:
        raise InputError(f"decide_model: {exc}") from None
    crit = criterion_of(method, variant.budget, replay_delay, variant.noise, variant.omit, variant.words())
    check_applies(crit, cls, method)
    dec = run(cls, src, variant)
    compare(crit, cls, dec.verdict, variant.words())
    return dec


def replay_number(cls: FiniteClass, replay_delay: int = 1, source: str | None = None):
    """b*(H) like `replayproof budget`: the least replay budget that defeats every proper generator, with the
    adversary certificate at b* and the generator certificate at b* - 1, each re-checked (docs/variants.md)."""
    from .variants.decide import replay_number as run
    return run(cls, source if source is not None else (cls.source or None), replay_delay)


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
