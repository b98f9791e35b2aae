"""Exact cell-level models of the bundled generators: per round's (cell, how), the possible (next state, abstract
answer) pairs, several only where the answer hangs on unbounded positions (docs/verify.md, §4)."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable

from ..classes.model import FiniteClass
from ..classes.stringclass import StringClass
from ..errors import InputError
from .base import ELEMENT, PROPER
from .library import order_key, telltales

Option = tuple[Hashable, int]
STALE = -1  # element-level answer: an element already observed (else a cell index: a fresh element of it)


@dataclass
class Layout:
    """Per cell: its first elements in near-zero order, enough to compare with every finite cell."""

    cls: FiniteClass
    key: Callable[[int], int]
    known: list[tuple[int, ...]] = field(default_factory=list)
    finite: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        cells = self.cls.table.cells
        finite_keys = [self.key(v) for c in cells if not c.infinite for v in self.cls.cell_elements(c.signature)]
        top = max(finite_keys, default=-1)
        for c in cells:
            self.finite.append(not c.infinite)
            if not c.infinite:
                self.known.append(tuple(self.cls.cell_elements(c.signature)))
                continue
            out = []
            for v in self.cls.cell_elements(c.signature):
                out.append(v)
                if self.key(v) > top:
                    break
            self.known.append(tuple(out))

    def cap(self, c: int) -> int:
        return len(self.known[c])

    def bump(self, counts: tuple[int, ...], c: int) -> tuple[int, ...]:
        return counts[:c] + (min(counts[c] + 1, self.cap(c)),) + counts[c + 1:]

    def nearest(self, counts: tuple[int, ...], cells: list[int]) -> tuple[int, ...]:
        """The cells that may hold the nearest unobserved element among `cells` (STALE if none)."""
        exact: list[tuple[int, int]] = []
        vague: list[tuple[int, int]] = []   # (lower bound on the key, cell)
        for c in cells:
            k = counts[c]
            if k < len(self.known[c]):
                exact.append((self.key(self.known[c][k]), c))
            elif not self.finite[c]:
                vague.append((self.key(self.known[c][-1]), c))
        if not exact and not vague:
            return (STALE,)
        best = min(exact) if exact else None
        if best is None:
            return tuple(sorted(c for _, c in vague))
        return (best[1],) + tuple(sorted(c for lb, c in vague if lb < best[0]))


def _sigmask(cls: FiniteClass, c: int) -> int:
    return sum(1 << h for h in cls.table.cells[c].signature)


@dataclass
class ClosureModel:
    """closure: a fresh element (nearest 0) of the intersection of the consistent hypotheses."""

    cls: FiniteClass
    spec: str = "closure"
    kind: str = ELEMENT
    canonical: bool = True
    bundled: bool = True

    def __post_init__(self) -> None:
        self.layout = Layout(self.cls, order_key(self.cls))
        self.sigs = [_sigmask(self.cls, c) for c in range(len(self.cls.table.cells))]

    def start(self) -> Hashable:
        return tuple(0 for _ in self.sigs)

    def step(self, q: Hashable, cell: int, how: str) -> tuple[Option, ...]:
        counts = q if how == "repeat" else self.layout.bump(q, cell)
        return tuple((counts, a) for a in self.answers(counts))

    def answers(self, counts: tuple[int, ...]) -> tuple[int, ...]:
        everyone = (1 << self.cls.n) - 1
        consistent = everyone
        for c, k in enumerate(counts):
            if k:
                consistent &= self.sigs[c]
        allc = list(range(len(self.sigs)))
        if not consistent:
            return self.layout.nearest(counts, allc)
        inside = [c for c in allc if self.sigs[c] & consistent == consistent]
        got = self.layout.nearest(counts, inside)
        if got != (STALE,):
            return got
        h = min(i for i in range(self.cls.n) if consistent >> i & 1)
        return self.layout.nearest(counts, [c for c in allc if self.sigs[c] >> h & 1])


@dataclass
class BurnInModel:
    """burn-in:<inner>: answer x_1 (stale) until d distinct examples were seen, then the inner model."""

    inner: Any  # a bundled element-level model
    d: int
    kind: str = ELEMENT
    canonical: bool = True
    bundled: bool = True

    @property
    def spec(self) -> str:
        return f"burn-in:{self.inner.spec}"

    def start(self) -> Hashable:
        return (0, self.inner.start())

    def step(self, q: Hashable, cell: int, how: str) -> tuple[Option, ...]:
        seen, inner = q
        seen = min(self.d, seen + (how != "repeat"))
        return tuple(((seen, q2), a if seen >= self.d else STALE) for q2, a in self.inner.step(inner, cell, how))


@dataclass
class TelltaleModel:
    """telltale: the first h (class order) whose tell-tale cells were presented and that is consistent."""

    cls: FiniteClass
    spec: str = "telltale"
    kind: str = PROPER
    canonical: bool = True
    bundled: bool = True

    def __post_init__(self) -> None:
        where = {}
        for c, cell in enumerate(self.cls.table.cells):
            first = next(iter(self.cls.cell_elements(cell.signature)))
            where[first] = c
        self.tells = [sum(1 << where[x] for x in t) for t in telltales(self.cls)]
        self.sigs = [_sigmask(self.cls, c) for c in range(len(self.cls.table.cells))]

    def start(self) -> Hashable:
        return 0

    def step(self, q: Hashable, cell: int, how: str) -> tuple[Option, ...]:
        seen = q | 1 << cell
        consistent = [h for h in range(self.cls.n)
                      if all(self.sigs[c] >> h & 1 for c in range(len(self.sigs)) if seen >> c & 1)]
        chosen = next((h for h in consistent if self.tells[h] & seen == self.tells[h]),
                      consistent[0] if consistent else 0)
        return ((seen, chosen),)


@dataclass
class Sep51Model:
    """sep51-standard: the least fresh positive until a negative is observed, then the largest fresh negative."""

    cls: FiniteClass
    spec: str = "sep51-standard"
    kind: str = ELEMENT
    canonical: bool = True
    bundled: bool = True

    def __post_init__(self) -> None:
        self.layout = Layout(self.cls, abs)
        self.sign = []
        for c, cell in enumerate(self.cls.table.cells):
            sample = self.layout.known[c] + tuple(itertools.islice(self.cls.cell_elements(cell.signature), 64))
            signs = {(v > 0) - (v < 0) for v in sample}
            if len(signs) != 1 or 0 in signs:
                raise InputError(f"sep51-standard has no exact cell-level model on class {self.cls.name!r}: "
                                 f"cell {sorted(self.cls.names[h] for h in cell.signature)} mixes signs or holds 0")
            self.sign.append(signs.pop())
        for v in range(-64, 65):
            if v and not self.cls.signature(v):
                raise InputError(f"sep51-standard has no exact cell-level model on class {self.cls.name!r}: "
                                 f"it may answer {v}, which lies in no hypothesis")

    def start(self) -> Hashable:
        return (tuple(0 for _ in self.sign), False)

    def step(self, q: Hashable, cell: int, how: str) -> tuple[Option, ...]:
        counts, neg = q
        if how != "repeat":
            counts = self.layout.bump(counts, cell)
        neg = neg or self.sign[cell] < 0
        side = [c for c, s in enumerate(self.sign) if s == (-1 if neg else 1)]
        return tuple(((counts, neg), a) for a in self.layout.nearest(counts, side))


def make_model(spec: str, cls: FiniteClass, threshold: int | None = None,
               other: Callable[[str, FiniteClass], Any] | None = None) -> Any:
    """The exact model of a bundled generator (burn-in of one too); any other SPEC is `other`'s
    (the engines pass generators/machine.py's machine_model; the checker passes none), else InputError."""
    spec = spec.strip()
    if spec.startswith("burn-in:"):
        if threshold is None:
            raise InputError(f"generator {spec!r}: burn-in needs --threshold d (its d)")
        inner = make_model(spec[len("burn-in:"):], cls, threshold, other)
        if inner.kind != ELEMENT or not inner.bundled:
            raise InputError(f"generator {spec!r}: burn-in wraps a bundled element-level generator here")
        return BurnInModel(inner, threshold)
    if spec == "closure":
        return ClosureModel(cls)
    if spec == "telltale":
        return TelltaleModel(cls)
    if spec == "sep51-standard":
        if isinstance(cls, StringClass):
            raise InputError(f"generator 'sep51-standard' answers integers; {cls.source or cls.name} is a class of words")
        return Sep51Model(cls)
    if other is None:
        raise InputError(f"generator {spec!r}: no bundled generator of that name")
    return other(spec, cls)
