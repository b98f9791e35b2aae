"""The bounded game: notion, thresholds, horizon and the finite candidate pools (docs/attack.md)."""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

from ..trusted.classes import cells as C
from ..trusted.errors import InputError
from ..trusted.kernel import Mode, Trace
from ..trusted.classes.model import FiniteClass
from ..generators.elements import game_class

NOTIONS = ("uniform", "non-uniform", "proper-limit")
MAX_HORIZON = 64


@dataclass(frozen=True)
class PoolCell:
    """The candidate elements of one cell: its first min(|cell|, T) elements, nearest 0 first."""

    signature: frozenset[int]
    size: float
    elements: tuple[int, ...]


@dataclass(frozen=True)
class Game:
    """One bounded attack: who may be the target, with which threshold, over which pool."""

    cls: FiniteClass
    mode: Mode
    notion: str
    horizon: int
    targets: tuple[int, ...]
    thresholds: tuple[int, ...]       # per target in `targets` (1 for proper-limit)
    settle: int                       # proper-limit: wrong answers count only at rounds > settle
    cells: tuple[PoolCell, ...]       # pool cells of the whole class

    def threshold(self, h: int) -> int:
        return self.thresholds[self.targets.index(h)]

    def pool(self, h: int | None = None) -> tuple[int, ...]:
        """Genuine candidates for target h (all pool elements when h is None), nearest 0 first."""
        els = [v for c in self.cells if h is None or h in c.signature for v in c.elements]
        return tuple(sorted(els, key=lambda v: (abs(v), v < 0)))

    def input_pool(self, h: int) -> tuple[int, ...]:
        """Elements z3 may pick as x_t: the target's pool, or every pool element for proper replay."""
        return self.pool(None) if self.mode.proper and self.mode.replay else self.pool(h)

    def round_pool(self, h: int, t: int) -> tuple[int, ...]:
        """The genuine inputs of a stream failing at round t: `input_pool` cut to t elements per cell.

        A stream of t rounds uses at most t elements of a cell, so round t's search does not depend
        on the horizon, and deepening the horizon never searches a smaller round again.
        """
        allowed = {v for c in self.cells for v in c.elements[:t]}
        return tuple(v for v in self.input_pool(h) if v in allowed)

    def at_horizon(self, horizon: int) -> "Game":
        """The same game with a smaller horizon (pools cut to its length)."""
        cells = tuple(PoolCell(c.signature, c.size, c.elements[:horizon]) for c in self.cells)
        return replace(self, horizon=horizon, cells=cells)

    def defeated_at(self, trace: Trace, t: int) -> bool:
        """Whether round t of a judged trace is a failure that counts for this notion."""
        if len(trace.rounds) < t or not all(r.legal for r in trace.rounds[:t]):
            return False
        r = trace.rounds[t - 1]
        if r.correct:
            return False
        if self.notion == "proper-limit":
            return t > self.settle
        return r.distinct >= self.threshold(trace.target)

    def streams_bound(self, h: int) -> int:
        """An upper bound on the candidate streams of 1..T rounds for target h (round pools)."""
        total = 0
        for length in range(1, self.horizon + 1):
            p = len(self.round_pool(h, length))
            total += math.prod(p + (t - 1 if self.mode.replay and not self.mode.proper else 0)
                               for t in range(1, length + 1))
        return total


def pool_cells(cls: FiniteClass, horizon: int) -> tuple[PoolCell, ...]:
    """The first min(|cell|, T) elements of every cell (T inputs use at most T elements of a cell)."""
    out = []
    for c in cls.table.cells:
        k = horizon if c.size == C.INF else min(int(c.size), horizon)
        out.append(PoolCell(c.signature, c.size, tuple(itertools.islice(cls.cell_elements(c.signature), k))))
    return tuple(out)


def make_game(cls: FiniteClass, mode: Mode, notion: str, horizon: int, threshold: int | None,
              thresholds: dict[int, int] | None, settle: int) -> Game:
    """Validate the attack's parameters and build its game (InputError on anything out of range).

    A class of words is searched through its shortlex ranks (generators/elements.py)."""
    check_horizon(horizon)
    if notion not in NOTIONS:
        raise InputError(f"--notion must be one of {', '.join(NOTIONS)}, not {notion!r}")
    if notion == "proper-limit":
        if not mode.proper:
            raise InputError("--notion proper-limit needs a proper generator (one that answers hypothesis names)")
        if not 0 <= settle < horizon:
            raise InputError(f"--settle {settle} is out of range: it must be from 0 to horizon-1 = {horizon - 1}")
        targets = tuple(range(cls.n))
        ds = tuple(1 for _ in targets)
    else:
        if notion == "uniform":
            if thresholds:
                raise InputError("--thresholds is for --notion non-uniform; uniform takes one --threshold d")
            if threshold is None:
                raise InputError("--notion uniform needs --threshold d")
            per = {h: threshold for h in range(cls.n)}
        else:
            if not thresholds and threshold is None:
                raise InputError("--notion non-uniform needs --thresholds h=d,... (or --threshold d for all)")
            per = {h: threshold for h in range(cls.n)} if threshold is not None else {}
            per.update(thresholds or {})
        for h, d in per.items():
            if not 1 <= d <= horizon:
                raise InputError(f"threshold {d} for {cls.names[h]} is out of range: it must be from 1 to "
                                 f"the horizon {horizon} (a stream of {horizon} rounds has at most "
                                 f"{horizon} distinct examples)")
        targets = tuple(sorted(per))
        ds = tuple(per[h] for h in targets)
    view = game_class(cls)
    return Game(view, mode, notion, horizon, targets, ds, settle, pool_cells(view, horizon))


def check_horizon(horizon: int) -> None:
    if not 1 <= horizon <= MAX_HORIZON:
        raise InputError(f"--horizon {horizon} is out of range: it must be from 1 to {MAX_HORIZON}")
