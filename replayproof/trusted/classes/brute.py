"""Brute-force oracles, for tests and benchmarks: slow, simple, and independent of the solvers."""
from __future__ import annotations

import itertools
from typing import Sequence

from . import cells as C
from ..errors import InputError
from .expr import BoolExpr, holds, periodicity
from .model import FiniteClass

MAX_SCAN = 2_000_000


def cells_by_scan(names: Sequence[str], predicates: Sequence[BoolExpr]) -> C.CellTable:
    """Exact cells by evaluating every integer in a window beyond which all predicates are
    periodic (expr.periodicity): a cell met outside [-B, B] recurs forever, so it is infinite."""
    bound, period = 0, 1
    for p in predicates:
        b, L = periodicity(p)
        bound, period = max(bound, b), period * L // _gcd(period, L)
    if 2 * (bound + period) > MAX_SCAN:
        raise InputError(f"brute-force window {bound + period} is too large to scan")
    sizes: dict[frozenset[int], float] = {}
    elements: dict[frozenset[int], list[int]] = {}
    for v in range(-bound - period, bound + period + 1):
        sig = frozenset(i for i, p in enumerate(predicates) if holds(p, v))
        if abs(v) > bound:
            sizes[sig] = C.INF
        elif sizes.get(sig) != C.INF:
            sizes[sig] = sizes.get(sig, 0) + 1
        elements.setdefault(sig, []).append(v)
    return C.make_table(names, sizes, {s: tuple(e) for s, e in elements.items()})


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def closure_dimension_by_sets(cls: FiniteClass, max_elements: int = 14) -> int:
    """C(H) straight from its definition (docs/model.md §6): the largest finite S with V(H,S)
    non-empty and <S> finite. Such S lies inside <S>, a union of finite cells, so it suffices
    to try every subset of the elements of the finite cells."""
    pool = sorted(v for c in cls.table.cells if not c.infinite for v in c.elements)
    if len(pool) > max_elements:
        raise InputError(f"{len(pool)} elements in finite cells; brute force allows {max_elements}")
    best = 0 if C.intersection_size(cls.table, frozenset(range(cls.n))) != C.INF else None
    for r in range(1, len(pool) + 1):
        for S in itertools.combinations(pool, r):
            V = frozenset(h for h in range(cls.n) if all(cls.member(h, v) for v in S))
            if V and C.intersection_size(cls.table, V) != C.INF:
                best = r if best is None else max(best, r)
    return best or 0
