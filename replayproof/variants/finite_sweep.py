"""Sweep every small class under a "finitely many" model against the fixed models (docs/variants.md §7).

noise:finite (no replay) against noise 1, 2, 3 and unbounded replay; omit:finite against 1, 2 and F
omissions (F: all the finite cells' elements); budget:finite (finitely many replays) against budgets 1
and 2, "some finite budget" (Lemma B's game) and unbounded replay. Finitely many replays only defeat
classes unbounded replay defeats, so budget:finite solves only those (the criterion finds them).
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..trusted.classes.cells import CellTable
from ..trusted.kernel import FINITE
from ..sweep.enumerate import enumerate_batches, table_of
from ..sweep.run import _patterns, replay_generatable
from ..trusted.certificates.variant import FiniteVariant
from ..trusted.certificates.variant import Variant
from .batch import bounded_defeats, cells_of, finite_noise_defeats, finite_omit_defeats
from .finite import solve_finite
from .sweep import confirmed, smallest_of
from .solve import FINITE as SOME_FINITE_BUDGET, solve

MODELS = ("noise", "omit", "budget")


def finite_variant(model: str) -> FiniteVariant:
    return {"noise": FiniteVariant(0, FINITE, 0), "omit": FiniteVariant(0, 0, FINITE),
            "budget": FiniteVariant(FINITE, 0, 0)}[model]


def finite_cells(table: CellTable) -> int:
    return sum(int(c.size) for c in table.cells if not c.infinite)


def fixed_models(model: str) -> list[str]:
    """The fixed models a finitely-many model is compared with (names as in the tables)."""
    return {"noise": ["noise 1", "noise 2", "noise 3", "unbounded replay"],
            "omit": ["omissions 1", "omissions 2", "omissions F"],
            "budget": ["replay budget 1", "replay budget 2", "some finite budget", "unbounded replay"]}[model]


def fixed_wins(table: CellTable, name: str) -> bool:
    """Whether the adversary wins under the named fixed model (the budget game, solve.py)."""
    if name == "unbounded replay":
        return solve(table, None).adversary_wins
    if name == "some finite budget":
        return solve(table, SOME_FINITE_BUDGET).adversary_wins
    k = name.rsplit(" ", 1)[1]
    if name.startswith("noise"):
        return solve(table, 0, int(k)).adversary_wins
    if name.startswith("omissions"):
        return solve(table, 0, 0, finite_cells(table) if k == "F" else int(k)).adversary_wins
    return solve(table, int(k)).adversary_wins


def fixed_variant(table: CellTable, name: str) -> Variant:
    """The fixed model as a certificate names it ("some finite budget": the budget K = F + n - 1 of Lemma B)."""
    if name == "unbounded replay":
        return Variant(None)
    if name == "some finite budget":
        return Variant(finite_cells(table) + table.n - 1)
    k = name.rsplit(" ", 1)[1]
    if name.startswith("noise"):
        return Variant(0, 1, int(k))
    if name.startswith("omissions"):
        return Variant(0, 1, 0, finite_cells(table) if k == "F" else int(k))
    return Variant(int(k))


@dataclass(frozen=True)
class Example:
    code: int
    cells: str
    nonempty_cells: int


@dataclass(frozen=True)
class FiniteSweep:
    """Every class: how many the finitely-many model defeats and, per fixed model, the verdict pairs
    (fixed defeats, finite defeats) with the smallest class of each separating pair."""

    n: int
    cards: tuple[float, ...]
    model: str
    total: int
    defeated: int
    pairs: dict[str, dict[tuple[bool, bool], int]]
    smallest: dict[tuple[str, tuple[bool, bool]], Example] = field(default_factory=dict)
    seconds: float = 0.0

    def changes(self, name: str) -> int:
        return sum(v for (a, b), v in self.pairs[name].items() if a != b)


def sweep_finite(n: int, cards: Sequence[float], model: str) -> FiniteSweep:
    """Every class under the finitely-many model and the fixed ones. noise:finite and omit:finite (and their
    fixed models) by the criteria of §7c (batch.py), unbounded replay by the Li-Zhang criterion; budget:finite
    by the games, on the classes unbounded replay defeats. `certify_finite` confirms the separations by the
    games and the kernel."""
    start = time.perf_counter()
    names = fixed_models(model)
    pairs = {nm: Counter() for nm in names}
    smallest: dict = {}
    total = defeated = 0
    for batch in enumerate_batches(n, cards):
        replay = ~replay_generatable(n, _patterns(batch))
        won, fixed = (_by_games if model == "budget" else _by_criteria)(n, cards, batch, model, names, replay)
        total += len(won)
        defeated += int(won.sum())
        for nm in names:
            for key in ((False, False), (False, True), (True, False), (True, True)):
                rows = (fixed[nm] == key[0]) & (won == key[1])
                pairs[nm][key] += int(rows.sum())
                if key[0] != key[1]:
                    found = smallest_of(n, cards, batch, rows, smallest.get((nm, key)))
                    if found is not None:
                        smallest[nm, key] = Example(found.code, found.cells, found.nonempty_cells)
    return FiniteSweep(n, tuple(cards), model, total, defeated,
                       {k: {key: v for key, v in c.items() if v} for k, c in pairs.items()}, smallest,
                       time.perf_counter() - start)


def _by_criteria(n: int, cards: Sequence[float], batch, model: str, names: list[str], replay: np.ndarray):
    """noise:finite or omit:finite and its fixed models on a batch, by the vectorised criteria."""
    cells = cells_of(n, batch.digits, cards)
    won = finite_noise_defeats(cells) if model == "noise" else finite_omit_defeats(cells)
    fixed = {}
    for nm in names:
        k = nm.rsplit(" ", 1)[1]
        if nm == "unbounded replay":
            fixed[nm] = replay
        elif nm.startswith("noise"):
            fixed[nm] = bounded_defeats(cells, int(k), 0)
        else:
            fixed[nm] = bounded_defeats(cells, 0, cells.size.sum(axis=1) if k == "F" else int(k))
    return won, fixed


def _by_games(n: int, cards: Sequence[float], batch, model: str, names: list[str], replay: np.ndarray):
    """budget:finite and the budgets on a batch: finitely many replays defeat only what replay defeats, so
    only those classes are solved."""
    variant = finite_variant(model)
    won = np.zeros(len(replay), dtype=bool)
    fixed = {nm: np.zeros(len(replay), dtype=bool) for nm in names}
    for r in np.flatnonzero(replay):
        table = table_of(n, cards, batch.digits[r])
        won[r] = solve_finite(table, variant).adversary_wins
        for nm in names:
            fixed[nm][r] = True if nm == "unbounded replay" else fixed_wins(table, nm)
    return won, fixed


def certify_finite(result: FiniteSweep) -> list[tuple[str, tuple[bool, bool], Example, tuple]]:
    """Each separating pair's smallest class with the winner's certificate under both models, re-checked by the
    kernel and compared with the sweep's verdicts."""
    from ..classes.classfile import realized_class
    from ..sweep.run import parse_cells
    from .build import certificate as fixed_certificate
    from .finite_build import certificate as finite_certificate
    out = []
    variant = finite_variant(result.model)
    for (name, key), ex in sorted(result.smallest.items()):
        table = parse_cells(ex.cells, result.n)
        cls = realized_class(f"sweep-{result.n}-{ex.code}", table)
        fv = fixed_variant(table, name)
        checks = (confirmed(cls, finite_certificate(cls, solve_finite(table, variant), variant, None), variant.words(), key[1]),
                  confirmed(cls, fixed_certificate(cls, solve(table, fv.budget, fv.noise, fv.omit), fv, None),
                            fv.words(), key[0]))
        out.append((name, key, ex, checks))
    return out
