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

from ..sweep.enumerate import enumerate_batches, table_of
from ..sweep.run import _patterns, cells_text, replay_generatable
from ..trusted.classes import cells as C
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
    twin_disagree: int = 0                  # -1: the twin model was not solved
    twin_smallest: Example | None = None

    @property
    def twin(self) -> tuple[int, int]:
        """(noise, omit) of the twin model: k omissions for noise k, noise i for i omissions."""
        return (self.omit, self.noise)


def _smaller(ex: Example, old: Example | None) -> bool:
    return old is None or (ex.nonempty_cells, ex.code) < (old.nonempty_cells, old.code)


def sweep_noise(n: int, cards: Sequence[float], noise: int, omit: int = 0, twin: bool | None = None) -> NoiseSweep:
    """Solve every class under `noise` noise inputs, `omit` omissions and no replay; unbounded replay by
    the criterion, replay budget 1 by the game on the classes unbounded replay defeats (a budget only
    removes streams), and the twin model by the game (by default only for noise, whose twin, omissions,
    is the cheaper game; `twin_disagree` is -1 when it was not solved)."""
    twin = bool(noise) if twin is None else twin
    start = time.perf_counter()
    pairs: Counter = Counter()
    budget1: Counter = Counter()
    smallest: dict[tuple[bool, bool], Example] = {}
    total = disagree = 0
    example: Example | None = None
    for batch in enumerate_batches(n, cards):
        ok = replay_generatable(n, _patterns(batch))
        for code, digits, gen in zip(batch.codes, batch.digits, ok):
            total += 1
            table = table_of(n, cards, digits)
            mine = solve(table, 0, noise, omit).adversary_wins
            key = (not bool(gen), mine)
            pairs[key] += 1
            budget1[(bool(key[0]) and solve(table, 1).adversary_wins, mine)] += 1
            if key[0] != key[1]:
                ex = Example(int(code), cells_text(table), len(table.cells), -1)
                if _smaller(ex, smallest.get(key)):
                    smallest[key] = ex
            if twin and solve(table, 0, omit, noise).adversary_wins != mine:
                disagree += 1
                ex = Example(int(code), cells_text(table), len(table.cells), -1)
                if _smaller(ex, example):
                    example = ex
    return NoiseSweep(n, tuple(cards), noise, omit, total, dict(pairs), smallest, time.perf_counter() - start,
                      dict(budget1), disagree if twin else -1, example)


def certify_noise(result: NoiseSweep) -> list[tuple[tuple[bool, bool] | str, Example, tuple[tuple[str, str, bool, str], ...]]]:
    """For each separating pair's smallest class: the winner's certificate under each of the two models; for the
    smallest class on which the model and its twin disagree (key "twin"): the certificate under each."""
    from ..trusted.certificates import check
    from ..classes.classfile import realized_class
    from ..sweep.run import parse_cells
    from .build import certificate
    from ..trusted.certificates.variant import Variant
    out = []
    todo: list = [(key, ex, (Variant(None), Variant(0, 1, result.noise, result.omit)))
                  for key, ex in sorted(result.smallest.items())]
    if result.twin_smallest is not None:
        todo.append(("twin", result.twin_smallest,
                     (Variant(0, 1, result.noise, result.omit), Variant(0, 1, *result.twin))))
    for key, ex, models in todo:
        table = parse_cells(ex.cells, result.n)
        cls = realized_class(f"sweep-{result.n}-{ex.code}", table)
        checks = []
        for variant in models:
            cert = certificate(cls, solve(table, variant.budget, variant.noise, variant.omit), variant, None)
            r = check(cert, cls=cls)
            checks.append((variant.words(), cert["kind"], r.valid, r.message))
        out.append((key, ex, tuple(checks)))
    return out
