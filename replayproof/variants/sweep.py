"""Sweep every small class under replay budgets: the replay number b*(H) of each (docs/variants.md §6).

A budget only removes streams, so a class generatable with unbounded replay is generatable under every
budget; the Li-Zhang criterion (vectorised, sweep/run.py) finds the classes unbounded replay defeats,
and only those are solved by the budget game, for b* in 1..K (K = F + n - 1, Lemma B).
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..sweep.enumerate import enumerate_batches, table_of
from ..sweep.run import _patterns, cells_text, replay_generatable
from ..trusted.classes import cells as C
from .batch import bounded_defeats, cells_of
from .solve import FINITE, solve

NONE = "none"  # no finite budget suffices


@dataclass(frozen=True)
class Example:
    code: int
    cells: str
    nonempty_cells: int
    number: int | str       # b*, or NONE


@dataclass(frozen=True)
class BudgetSweep:
    n: int
    cards: tuple[float, ...]
    total: int
    defeated: int                               # classes unbounded replay defeats
    histogram: dict[int | str, int]             # b* -> number of classes (among the defeated)
    smallest: dict[int | str, Example] = field(default_factory=dict)  # b* -> fewest non-empty cells, then code
    seconds: float = 0.0

    def changes(self, budget: int) -> int:
        """Classes whose verdict under this budget differs from unbounded replay's."""
        return sum(k for b, k in self.histogram.items() if b == NONE or b > budget)


def replay_number_of(table: C.CellTable) -> int | str:
    """b*(H) for a class unbounded replay defeats: the least budget that defeats every generator, or NONE."""
    bound = sum(int(c.size) for c in table.cells if not c.infinite) + table.n - 1
    if not solve(table, FINITE).adversary_wins:
        return NONE
    return next(k for k in range(1, bound + 1) if solve(table, k).adversary_wins)


def sweep_budgets(n: int, cards: Sequence[float]) -> BudgetSweep:
    """Every class of the sweep: total, how many unbounded replay defeats, and their replay numbers."""
    start = time.perf_counter()
    total = defeated = 0
    hist: Counter = Counter()
    smallest: dict[int | str, Example] = {}
    for batch in enumerate_batches(n, cards):
        ok = replay_generatable(n, _patterns(batch))
        total += len(ok)
        for code, digits in zip(batch.codes[~ok], batch.digits[~ok]):
            defeated += 1
            table = table_of(n, cards, digits)
            b = replay_number_of(table)
            hist[b] += 1
            ex = Example(int(code), cells_text(table), len(table.cells), b)
            old = smallest.get(b)
            if old is None or (ex.nonempty_cells, ex.code) < (old.nonempty_cells, old.code):
                smallest[b] = ex
    return BudgetSweep(n, tuple(cards), total, defeated, dict(hist), smallest, time.perf_counter() - start)


@dataclass(frozen=True)
class Certified:
    """A smallest class with a given b*, and the kernel's verdict on the certificates that pin it down."""

    example: Example
    checks: tuple[tuple[str, str, bool, str], ...]   # (model words, kind, valid, message)


def certify(result: BudgetSweep) -> list[Certified]:
    """For each b* found: the adversary at b* and the generator at b* - 1; for NONE, the adversary with
    unbounded replay and the generator at K (every finite budget, Lemma B). Each re-checked by the kernel."""
    from ..trusted.certificates import check
    from ..classes.classfile import realized_class
    from ..sweep.run import parse_cells
    from .build import certificate
    from ..trusted.certificates.variant import Variant
    out = []
    for b, ex in sorted(result.smallest.items(), key=lambda kv: (kv[0] == NONE, str(kv[0]))):
        table = parse_cells(ex.cells, result.n)
        cls = realized_class(f"sweep-{result.n}-{ex.code}", table)
        bound = sum(int(c.size) for c in table.cells if not c.infinite) + table.n - 1
        models = (Variant(None), Variant(bound)) if b == NONE else (Variant(b), Variant(b - 1))
        checks = []
        for variant in models:
            cert = certificate(cls, solve(table, variant.budget), variant, None)
            r = check(cert, cls=cls)
            checks.append((variant.words(), cert["kind"], r.valid, r.message))
        out.append(Certified(ex, tuple(checks)))
    return out


@dataclass(frozen=True)
class NoiseSweep:
    """Every class under noise k or omissions i (no replay) against unbounded replay: counts of the four
    verdict pairs and the smallest class of each separating pair; the classes whose verdict differs from
    replay budget 1's; and, against the twin model (k omissions for noise k, noise i for i omissions),
    how many classes disagree and the smallest that does."""

    n: int
    cards: tuple[float, ...]
    noise: int
    omit: int
    total: int
    pairs: dict[tuple[bool, bool], int]                  # (replay defeats, noise defeats) -> classes
    smallest: dict[tuple[bool, bool], Example] = field(default_factory=dict)
    seconds: float = 0.0
    budget1: dict[tuple[bool, bool], int] = field(default_factory=dict)   # (budget 1 defeats, model defeats)
    twin_disagree: int = 0
    twin_smallest: Example | None = None

    @property
    def twin(self) -> tuple[int, int]:
        """(noise, omit) of the twin model: k omissions for noise k, noise i for i omissions."""
        return (self.omit, self.noise)


def _smaller(ex: Example, old: Example | None) -> bool:
    return old is None or (ex.nonempty_cells, ex.code) < (old.nonempty_cells, old.code)


def smallest_of(n: int, cards: Sequence[float], batch, rows: np.ndarray, old: Example | None) -> Example | None:
    """The smallest class (fewest non-empty cells, then code) among the batch's `rows` and `old`."""
    if not rows.any():
        return old
    idx = np.flatnonzero(rows)
    count = (batch.digits[idx] > 0).sum(axis=1)
    best = idx[np.lexsort((batch.codes[idx], count))[0]]
    table = table_of(n, cards, batch.digits[best])
    ex = Example(int(batch.codes[best]), cells_text(table), len(table.cells), -1)
    return ex if _smaller(ex, old) else old


def sweep_noise(n: int, cards: Sequence[float], noise: int, omit: int = 0) -> NoiseSweep:
    """Every class under `noise` noise inputs or `omit` omissions and no replay, and under the twin model
    (k omissions for noise k, noise i for i omissions), by the criterion of §7c (batch.py); unbounded replay
    by the Li-Zhang criterion; replay budget 1 by the game, on the classes unbounded replay defeats (a
    budget only removes streams). `certify_noise` confirms the separations by the game and the kernel."""
    start = time.perf_counter()
    pairs: Counter = Counter()
    budget1: Counter = Counter()
    smallest: dict[tuple[bool, bool], Example] = {}
    total = disagree = 0
    example: Example | None = None
    for batch in enumerate_batches(n, cards):
        replay = ~replay_generatable(n, _patterns(batch))
        cells = cells_of(n, batch.digits, cards)
        mine = bounded_defeats(cells, noise, omit)
        twin = bounded_defeats(cells, omit, noise)
        total += len(mine)
        one = np.zeros(len(mine), dtype=bool)
        for r in np.flatnonzero(replay):
            one[r] = solve(table_of(n, cards, batch.digits[r]), 1).adversary_wins
        for key in ((False, False), (False, True), (True, False), (True, True)):
            rows = (replay == key[0]) & (mine == key[1])
            pairs[key] += int(rows.sum())
            budget1[key] += int(((one == key[0]) & (mine == key[1])).sum())
            if key[0] != key[1]:
                found = smallest_of(n, cards, batch, rows, smallest.get(key))
                if found is not None:
                    smallest[key] = found
        disagree += int((twin != mine).sum())
        example = smallest_of(n, cards, batch, twin != mine, example)
    return NoiseSweep(n, tuple(cards), noise, omit, total, {k: v for k, v in pairs.items() if v}, smallest,
                      time.perf_counter() - start, {k: v for k, v in budget1.items() if v}, disagree, example)


def confirmed(cls, cert: dict, words: str, defeats: bool) -> tuple[str, str, bool, str]:
    """The kernel's verdict on a game certificate, and whether it agrees with the sweep's claim that the
    adversary wins (`defeats`): a sweep decided by a criterion reports nothing the game and kernel dispute."""
    from ..trusted.certificates import check
    r = check(cert, cls=cls)
    if r.valid and cert["kind"].endswith("-adversary") != defeats:
        return (words, cert["kind"], False, f"the sweep says {'not ' if defeats else ''}generatable under {words}, "
                f"but the game's certificate for {cls.name} is a {cert['kind']} (criterion and game disagree)")
    return (words, cert["kind"], r.valid, r.message)


def certify_noise(result: NoiseSweep) -> list[tuple[tuple[bool, bool] | str, Example, tuple[tuple[str, str, bool, str], ...]]]:
    """For each separating pair's smallest class: the winner's certificate under each of the two models; for the
    smallest class on which the model and its twin disagree (key "twin"): the certificate under each. Each
    re-checked by the kernel and compared with the sweep's verdict."""
    from ..classes.classfile import realized_class
    from ..sweep.run import parse_cells
    from .build import certificate
    from .criterion import noise_omit_defeats
    from ..trusted.certificates.variant import Variant
    out = []
    mine = Variant(0, 1, result.noise, result.omit)
    todo: list = [(key, ex, ((Variant(None), key[0]), (mine, key[1]))) for key, ex in sorted(result.smallest.items())]
    if result.twin_smallest is not None:
        table = parse_cells(result.twin_smallest.cells, result.n)
        won = noise_omit_defeats(table, result.noise, result.omit)
        todo.append(("twin", result.twin_smallest, ((mine, won), (Variant(0, 1, *result.twin), not won))))
    for key, ex, models in todo:
        table = parse_cells(ex.cells, result.n)
        cls = realized_class(f"sweep-{result.n}-{ex.code}", table)
        checks = tuple(confirmed(cls, certificate(cls, solve(table, v.budget, v.noise, v.omit), v, None), v.words(), claim)
                       for v, claim in models)
        out.append((key, ex, checks))
    return out
