"""Exact cell-level models of the bundled generators: per round's (cell, how), the possible (next state, abstract
answer) pairs, several only where the answer hangs on unbounded positions (docs/verify.md, §4)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Hashable

from ..classes.model import FiniteClass
from ..errors import InputError
from ..classes.brute import window
from .base import ELEMENT, PROPER
from .library import closure_order, order_key, read_name, sep51_standard, telltale

Option = tuple[Hashable, int]
STALE = -1  # element-level answer: an element already observed (else a cell index: a fresh element of it)


@dataclass
class Layout:
    """Per cell: its first elements in near-zero order, enough to compare with every finite cell."""

    cls: FiniteClass
    key: Callable[[int], int]
    known: list[tuple[int, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        cells = self.cls.table.cells
        finite_keys = [self.key(v) for c in cells if not c.infinite for v in self.cls.cell_elements(c.signature)]
        top = max(finite_keys, default=-1)
        for c in cells:  # a finite cell in full, an infinite one up to its first element beyond `top`
            out = []
            for v in self.cls.cell_elements(c.signature):
                out.append(v)
                if c.infinite and self.key(v) > top:
                    break
            self.known.append(tuple(out))

    def bump(self, counts: tuple[int, ...], c: int) -> tuple[int, ...]:
        """One more element of cell c presented (counted up to the elements the layout knows of it)."""
        return counts[:c] + (min(counts[c] + 1, len(self.known[c])),) + counts[c + 1:]

    def nearest(self, counts: tuple[int, ...], cells: list[int]) -> tuple[int, ...]:
        """The cells that may hold the nearest unobserved element among `cells` (STALE if none)."""
        exact: list[tuple[int, int]] = []
        vague: list[tuple[int, int]] = []   # (lower bound on the key, cell)
        for c in cells:
            k = counts[c]
            if k < len(self.known[c]):
                exact.append((self.key(self.known[c][k]), c))
            elif self.cls.table.cells[c].infinite:
                vague.append((self.key(self.known[c][-1]), c))
        if not exact and not vague:
            return (STALE,)
        best = min(exact) if exact else None
        if best is None:
            return tuple(sorted(c for _, c in vague))
        return (best[1],) + tuple(sorted(c for lb, c in vague if lb < best[0]))


class BundledModel:
    """What every bundled model is: the package's own, and exact on cell-canonical streams (docs/verify.md, §4)."""

    canonical = True
    bundled = True


@dataclass
class ClosureModel(BundledModel):
    """closure: a fresh element (nearest 0) of the intersection of the consistent hypotheses, the cells it
    draws on chosen by the generator's own `closure_order`."""

    cls: FiniteClass
    spec: str = "closure"
    kind: str = ELEMENT

    def __post_init__(self) -> None:
        self.layout = Layout(self.cls, order_key(self.cls))
        self.sigs = [c.signature for c in self.cls.table.cells]

    def start(self) -> Hashable:
        return tuple(0 for _ in self.sigs)

    def step(self, q: Hashable, cell: int, how: str) -> tuple[Option, ...]:
        counts = q if how == "repeat" else self.layout.bump(q, cell)
        return tuple((counts, a) for a in self.answers(counts))

    def answers(self, counts: tuple[int, ...]) -> tuple[int, ...]:
        consistent = frozenset(range(self.cls.n)).intersection(*(self.sigs[c] for c, k in enumerate(counts) if k))
        for cells in closure_order(self.sigs, consistent):
            got = self.layout.nearest(counts, cells)
            if got != (STALE,):
                return got
        return (STALE,)


@dataclass
class BurnInModel(BundledModel):
    """burn-in:<inner>: answer x_1 (stale) until d distinct examples were seen, then the inner model."""

    inner: Any  # a bundled element-level model
    d: int
    kind: str = ELEMENT

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
class TelltaleModel(BundledModel):
    """telltale: its answer depends only on which cells were presented (consistency) and on which tell-tales
    were (each a cell's first element, library.telltales). On a cell-canonical stream a cell's first element
    is the first one presented, so the state is the set of presented cells (a bit mask) and the answer is the
    generator's own on the first element of each."""

    cls: FiniteClass
    spec: str = "telltale"
    kind: str = PROPER

    def __post_init__(self) -> None:
        self.answer = telltale(self.cls)
        self.first = [next(iter(self.cls.cell_elements(cell.signature))) for cell in self.cls.table.cells]

    def start(self) -> Hashable:
        return 0

    def step(self, q: Hashable, cell: int, how: str) -> tuple[Option, ...]:
        seen = q | 1 << cell
        shown = tuple(x for c, x in enumerate(self.first) if seen >> c & 1)
        return ((seen, self.cls.names.index(self.answer(shown))),)


@dataclass
class Sep51Model(BundledModel):
    """sep51-standard: the least fresh positive until a negative is observed, then the largest fresh negative."""

    cls: FiniteClass
    spec: str = "sep51-standard"
    kind: str = ELEMENT

    def __post_init__(self) -> None:
        sep51_standard(self.cls)  # the generator's own refusal of a class of words (GeneratorError)
        self.layout = Layout(self.cls, abs)
        # Exact, over every integer (a sample would miss a hole at 65 or a cell turning negative at -200): the
        # generator may answer any non-zero integer, and a cell's side is the model's whole view of it.
        try:
            bound, period = window([h.predicate for h in self.cls.hypotheses])
        except InputError as exc:
            raise InputError(f"sep51-standard has no exact cell-level model on class {self.cls.name!r}: {exc}") from None
        signs: dict[frozenset[int], set[int]] = {}
        for v in range(-bound - period, bound + period + 1):
            sig = self.cls.signature(v)
            if v and not sig:
                raise InputError(f"sep51-standard has no exact cell-level model on class {self.cls.name!r}: "
                                 f"it may answer {v}, which lies in no hypothesis")
            signs.setdefault(sig, set()).add((v > 0) - (v < 0))
        self.sign = []
        for cell in self.cls.table.cells:
            side = signs.get(cell.signature, set())
            if len(side) != 1 or 0 in side:
                raise InputError(f"sep51-standard has no exact cell-level model on class {self.cls.name!r}: "
                                 f"cell {sorted(self.cls.names[h] for h in cell.signature)} mixes signs or holds 0")
            self.sign.append(side.pop())

    def start(self) -> Hashable:
        return (tuple(0 for _ in self.sign), False)

    def step(self, q: Hashable, cell: int, how: str) -> tuple[Option, ...]:
        counts, neg = q
        if how != "repeat":
            counts = self.layout.bump(counts, cell)
        neg = neg or self.sign[cell] < 0
        side = [c for c, s in enumerate(self.sign) if s == (-1 if neg else 1)]
        return tuple(((counts, neg), a) for a in self.layout.nearest(counts, side))


MODELS: dict[str, Callable[[FiniteClass], Any]] = {
    "closure": ClosureModel, "telltale": TelltaleModel, "sep51-standard": Sep51Model}


def make_model(spec: str, cls: FiniteClass, threshold: int | None = None) -> Any:
    """The exact model of a bundled generator (burn-in of one too), else InputError (the engines' other
    forms have theirs outside the room: a machine file's in generators/machine.py)."""
    burn, inner = read_name(spec)
    if burn and threshold is None:
        raise InputError(f"generator {spec!r}: burn-in needs --threshold d (its d)")
    model = MODELS[inner](cls) if inner in MODELS else None
    if burn and (model is None or model.kind != ELEMENT):
        raise InputError(f"generator {spec!r}: burn-in wraps a bundled element-level generator here")
    if model is None:
        raise InputError(f"generator {spec!r}: no bundled generator of that name")
    return BurnInModel(model, threshold) if burn else model
