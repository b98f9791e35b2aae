"""Exact cells of a class given by predicates, computed with z3 over linear integer arithmetic.

Non-empty signatures are enumerated by all-SAT; each cell's finiteness is decided by
optimizing x in both directions (unbounded = infinite). Finite cells are listed in full.
"""
from __future__ import annotations

import time
from typing import Sequence

import z3

from ..trusted.classes import cells as C
from .encode import bool_term
from ..trusted.errors import InputError, SolverUnknown
from ..trusted.classes.expr import BoolExpr

MAX_SCAN_SPAN = 200_000   # a finite cell spanning at most this many integers is scanned exactly
MAX_SPARSE_CELL = 2_000   # a wider finite cell is listed by z3, up to this many elements
SAMPLES = 3


def _check(solver, what: str, deadline: float) -> bool:
    """One z3 query, given what is left of the budget (a wall-clock deadline, time.monotonic())."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise SolverUnknown(f"the time budget (--timeout) ran out while {what}")
    solver.set(timeout=max(1, int(left * 1000)))
    result = solver.check()
    if result == z3.unknown:
        reason = solver.reason_unknown()
        if reason in ("timeout", "canceled") or time.monotonic() >= deadline:
            raise SolverUnknown(f"the time budget (--timeout) ran out while {what}")
        raise SolverUnknown(f"z3 answered unknown while {what}: {reason}")
    return result == z3.sat


def _bound(cell: z3.BoolRef, x: z3.ArithRef, upward: bool, deadline: float, what: str) -> int | None:
    """The largest (or smallest) element of a non-empty cell, or None when unbounded."""
    opt = z3.Optimize()
    opt.add(cell)
    handle = opt.maximize(x) if upward else opt.minimize(x)
    if not _check(opt, what, deadline):
        raise SolverUnknown(f"z3 lost a model while {what}")
    v = handle.value()
    if not z3.is_int_value(v):  # oo or -oo (an infinitesimal expression)
        return None
    return v.as_long()


def _elements(cell: z3.BoolRef, x: z3.ArithRef, limit: int, deadline: float, what: str,
              order: str = "abs") -> tuple[int, ...]:
    """Up to `limit` elements of a cell, nearest to 0 first."""
    opt = z3.Optimize()
    opt.add(cell)
    opt.minimize(z3.If(x >= 0, 2 * x, -2 * x - 1))  # |x| with ties broken towards 0, -1, 1, -2, ...
    found: list[int] = []
    while len(found) < limit and _check(opt, what, deadline):
        v = opt.model().eval(x, model_completion=True).as_long()
        found.append(v)
        opt.add(x != v)
    return tuple(sorted(found))


def compute_cells(names: Sequence[str], predicates: Sequence[BoolExpr], *, timeout_ms: int = 20_000,
                  source: str = "class") -> C.CellTable:
    """The exact cell table of the predicates (docs/model.md §5); timeout_ms bounds the whole
    computation's z3 queries (wall clock), not each query."""
    deadline = time.monotonic() + timeout_ms / 1000
    x = z3.Int("x")
    member = [bool_term(p, x) for p in predicates]
    flags = [z3.Bool(f"in_{i}") for i in range(len(predicates))]
    solver = z3.Solver()
    for f, m in zip(flags, member):
        solver.add(f == m)
    sizes: dict[frozenset[int], float] = {}
    elements: dict[frozenset[int], tuple[int, ...]] = {}
    while _check(solver, f"enumerating the cells of {source}", deadline):
        model = solver.model()
        sig = frozenset(i for i, f in enumerate(flags) if z3.is_true(model.eval(f, model_completion=True)))
        solver.add(z3.Or([f != z3.BoolVal(i in sig) for i, f in enumerate(flags)]) if flags else z3.BoolVal(False))
        cell = z3.And([m if i in sig else z3.Not(m) for i, m in enumerate(member)])
        label = "{" + ", ".join(names[i] for i in sorted(sig)) + "}"
        what = f"deciding the cell {label} of {source}"
        hi = _bound(cell, x, True, deadline, what)
        lo = _bound(cell, x, False, deadline, what)
        if hi is None or lo is None:
            sizes[sig] = C.INF
            elements[sig] = _elements(cell, x, SAMPLES, deadline, what)
            continue
        if hi - lo < MAX_SCAN_SPAN:
            listed = _scan(predicates, sig, lo, hi)
        else:  # a dense start is refused at once; only a sparse cell is worth z3's one-by-one listing
            head = _scan(predicates, sig, lo, lo + MAX_SCAN_SPAN - 1)
            listed = head if len(head) > MAX_SPARSE_CELL else \
                _all_elements(cell, x, MAX_SPARSE_CELL + 1, deadline, what)
            if len(listed) > MAX_SPARSE_CELL:
                raise InputError(f"{source}: the cell {label} is finite but spans {lo}..{hi} with more than "
                                 f"{MAX_SPARSE_CELL} elements; replayproof lists finite cells in full "
                                 f"(up to {MAX_SCAN_SPAN} consecutive integers, or {MAX_SPARSE_CELL} scattered ones)")
        sizes[sig] = len(listed)
        elements[sig] = listed
    return C.make_table(names, sizes, elements)


def _all_elements(cell: z3.BoolRef, x: z3.ArithRef, limit: int, deadline: float, what: str) -> tuple[int, ...]:
    """Up to `limit` elements of a wide but possibly sparse finite cell, by blocking models."""
    solver = z3.Solver()
    solver.add(cell)
    found: list[int] = []
    while len(found) < limit and _check(solver, what, deadline):
        v = solver.model().eval(x, model_completion=True).as_long()
        found.append(v)
        solver.add(x != v)
    return tuple(sorted(found))


def _scan(predicates: Sequence[BoolExpr], sig: frozenset[int], lo: int, hi: int) -> tuple[int, ...]:
    """Elements of a bounded cell by exact evaluation (its bounds come from z3)."""
    from ..trusted.classes.expr import holds
    return tuple(v for v in range(lo, hi + 1)
                 if all(holds(p, v) == (i in sig) for i, p in enumerate(predicates)))
