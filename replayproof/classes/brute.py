"""Brute-force oracles for tests and benchmarks: slow, simple, and independent of the solvers
(the checker's own brute force, the cells by the periodicity scan, is trusted/classes/brute.py)."""
from __future__ import annotations

import itertools

from ..trusted.classes.cells import INF
from ..trusted.classes.model import FiniteClass
from ..trusted.errors import InputError
from .cells import intersection_size


def closure_dimension_by_sets(cls: FiniteClass, max_elements: int = 14) -> int:
    """C(H) straight from its definition (docs/model.md §6): the largest finite S with V(H,S)
    non-empty and <S> finite. Such S lies inside <S>, a union of finite cells, so it suffices
    to try every subset of the elements of the finite cells."""
    pool = sorted(v for c in cls.table.cells if not c.infinite for v in c.elements)
    if len(pool) > max_elements:
        raise InputError(f"{len(pool)} elements in finite cells; brute force allows {max_elements}")
    best = 0 if intersection_size(cls.table, frozenset(range(cls.n))) != INF else None
    for r in range(1, len(pool) + 1):
        for S in itertools.combinations(pool, r):
            V = frozenset(h for h in range(cls.n) if all(cls.member(h, v) for v in S))
            if V and intersection_size(cls.table, V) != INF:
                best = r if best is None else max(best, r)
    return best or 0
