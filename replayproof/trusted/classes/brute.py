"""Exact cells of a predicate class without a solver: the checker's way (brute force over the periodicity window)."""
from __future__ import annotations

import math
from typing import Sequence

from . import cells as C
from ..errors import InputError
from .expr import BoolExpr, holds, periodicity

MAX_SCAN = 2_000_000


def window(predicates: Sequence[BoolExpr]) -> tuple[int, int]:
    """(B, L): beyond [-B, B] every predicate is L-periodic (expr.periodicity), so the integers in
    [-B - L, B + L] show every signature with the sign of every element it has."""
    bound, period = 0, 1
    for p in predicates:
        b, L = periodicity(p)
        bound, period = max(bound, b), math.lcm(period, L)
    if 2 * (bound + period) > MAX_SCAN:
        raise InputError(f"brute-force window {bound + period} is too large to scan")
    return bound, period


def cells_by_scan(names: Sequence[str], predicates: Sequence[BoolExpr]) -> C.CellTable:
    """Exact cells by evaluating every integer in a window beyond which all predicates are
    periodic (expr.periodicity): a cell met outside [-B, B] recurs forever, so it is infinite."""
    bound, period = window(predicates)
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

