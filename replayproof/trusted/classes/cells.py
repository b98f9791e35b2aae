"""The cell abstraction of a finite class (docs/model.md §5) and what the checker reads off it.

Pure functions over a small frozen data structure; no solver. Cells come either from the
z3 computation (`exactcells`) or directly from a class file given by cardinalities. What only
the engines read off a table (supports, closed sets, C(H), isomorphism keys): replayproof/classes/cells.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

INF = math.inf
Size = float  # an int, or INF


@dataclass(frozen=True)
class Cell:
    """The elements whose signature (set of hypotheses containing them) is `signature`."""

    signature: frozenset[int]
    size: Size  # exact cardinality, or INF
    elements: tuple[int, ...] = ()  # all elements when finite, a few samples when infinite

    @property
    def infinite(self) -> bool:
        return self.size == INF


@dataclass(frozen=True)
class CellTable:
    """Hypothesis names and the non-empty cells with non-empty signature, in a fixed order."""

    names: tuple[str, ...]
    cells: tuple[Cell, ...]

    @property
    def n(self) -> int:
        return len(self.names)


def make_table(names: Iterable[str], sizes: dict[frozenset[int], Size],
               elements: dict[frozenset[int], tuple[int, ...]] | None = None) -> CellTable:
    """Build a table from signature -> size, dropping empty cells and the empty signature."""
    elements = elements or {}
    cells = [Cell(sig, size, tuple(elements.get(sig, ()))) for sig, size in sizes.items()
             if size != 0 and sig]
    cells.sort(key=lambda c: (sorted(c.signature), c.size))
    return CellTable(tuple(names), tuple(cells))


def subset(table: CellTable, h: int, g: int) -> bool:
    """supp(h) is a subset of supp(g): every cell inside h is inside g."""
    return all(g in c.signature for c in table.cells if h in c.signature)


def realize(table: CellTable) -> tuple[dict[frozenset[int], tuple[int, ...]], dict[frozenset[int], tuple[int, int]]]:
    """A concrete copy of the cells in the integers: finite cells get 1..F in order, infinite
    cell j gets {x > F : (x - F - 1) % k == j} for k infinite cells. Everything <= 0 is outside.

    Returns (finite cell -> its elements, infinite cell -> (offset, period)).
    """
    finite: dict[frozenset[int], tuple[int, ...]] = {}
    nxt = 1
    for c in table.cells:
        if not c.infinite:
            finite[c.signature] = tuple(range(nxt, nxt + int(c.size)))
            nxt += int(c.size)
    infinite_cells = [c for c in table.cells if c.infinite]
    period = max(len(infinite_cells), 1)
    infinite = {c.signature: (nxt + j, period) for j, c in enumerate(infinite_cells)}
    return finite, infinite


def format_size(size: Size) -> str:
    return "inf" if size == INF else str(int(size))
