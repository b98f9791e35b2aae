"""A finite hypothesis class over the integers: named predicates plus their exact cells."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from . import cells as C
from .expr import BoolExpr, holds


def near_key(v: int) -> int:
    """Position of v in the order 0, 1, -1, 2, -2, ...: how cells are scanned and bundled generators pick."""
    return 2 * v - 1 if v > 0 else -2 * v


@dataclass(frozen=True)
class Hypothesis:
    name: str
    predicate: BoolExpr
    text: str  # the predicate as written (or generated for classes given by cells)


@dataclass(frozen=True)
class FiniteClass:
    """An ordered, named list of hypotheses and their cell table (computed or given)."""

    name: str
    hypotheses: tuple[Hypothesis, ...]
    table: C.CellTable
    description: str = ""
    source: str = ""  # file it came from, for messages
    given_by_cells: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(h.name for h in self.hypotheses)

    @property
    def n(self) -> int:
        return len(self.hypotheses)

    def member(self, h: int, x: int) -> bool:
        """x in supp(h), by exact evaluation of the predicate."""
        return holds(self.hypotheses[h].predicate, x)

    def signature(self, x: int) -> frozenset[int]:
        return frozenset(h for h in range(self.n) if self.member(h, x))

    def subset(self, h: int, g: int) -> bool:
        """supp(h) is a subset of supp(g), read off the exact cells."""
        return C.subset(self.table, h, g)

    def cell_elements(self, signature: frozenset[int]) -> Iterator[int]:
        """Concrete elements of one cell, nearest to 0 first (0, 1, -1, 2, ...).

        A finite cell's elements are the ones its cell lists (all of them); an infinite cell is
        scanned by exact evaluation from the nearest listed sample outward (endless).
        """
        cell = next((c for c in self.table.cells if c.signature == signature), None)
        if cell is None or cell.size == 0:
            return
        if not cell.infinite and len(set(cell.elements)) == cell.size:
            yield from sorted(set(cell.elements), key=near_key)
            return
        found = 0
        v = min((abs(e) for e in cell.elements), default=0)  # no element of the cell is nearer 0
        while found < cell.size:
            for cand in ((v,) if v == 0 else (v, -v)):
                if self.signature(cand) == signature:
                    found += 1
                    yield cand
            v += 1

    def index(self, name: str) -> int:
        """The index of a hypothesis by name; KeyError names the known ones."""
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(f"no hypothesis named {name!r} in class {self.name!r} "
                           f"(known: {', '.join(self.names)})") from None
