"""replayproof: machine-checked verdicts and certificates for language generation with replay.

The Python API mirrors the command line: `load` a class file, read its cells, judge traces
with the trusted `kernel`, `decide` proper generation in the limit (game and/or criterion).
"""
from __future__ import annotations

from .classes.classfile import ClassFileError, load, loads, realized_class
from .classes.cells import INF, Cell, CellTable
from .errors import InputError, ReplayproofError, SolverUnknown
from .classes.info import class_info
from .kernel import Mode, Trace, judge
from .classes.model import FiniteClass, Hypothesis



def decide(cls: FiniteClass, method: str | None = None, replay: bool = True, source: str | None = None,
           timeout: float | None = None):
    """Decide proper generation in the limit like `replayproof decide`; returns a frozen `Decision`.

    method: "game", "criterion", "both" or None (both up to 8 hypotheses, criterion above). The
    result's `verdict`, `certificate` and `check` (the kernel's re-check) are always set.
    """
    from .game.decide import decide_class
    return decide_class(cls, source if source is not None else (cls.source or None), method, replay,
                        deadline_s=timeout)


__all__ = ["decide", "load", "loads", "realized_class", "class_info", "judge", "Mode", "Trace", "FiniteClass",
           "Hypothesis", "Cell", "CellTable", "INF", "ClassFileError", "InputError", "ReplayproofError",
           "SolverUnknown"]
