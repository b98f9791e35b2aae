"""Differential tests: the reduced solver against an independent brute-force solver of the full
game, on seeded random classes given by cell cardinalities; every certificate re-checks valid."""
from __future__ import annotations

import itertools
import random

import pytest

from replayproof.trusted.classes.cells import INF, make_table
from replayproof.trusted.certificates import check
from replayproof.classes.classfile import realized_class
from replayproof.game.build import certificate
from replayproof.game.oracle import solve_brute
from replayproof.game.solve import solve
from conftest import bundled


slow = pytest.mark.slow  # deselect with -m "not slow"; CI runs them


def random_table(rng: random.Random, n: int, max_cells: int | None = None):
    """Cells biased toward H4-like classes: few private cells, many shared ones."""
    sizes = {}
    for k in range(1, n + 1):
        for s in itertools.combinations(range(n), k):
            empty = 0.85 if k == 1 else 0.2
            sizes[frozenset(s)] = 0 if rng.random() < empty else rng.choice([1, 1, 2, INF, INF])
    if max_cells is not None:
        full = [s for s, v in sizes.items() if v]
        for s in rng.sample(full, max(0, len(full) - max_cells)):
            sizes[s] = 0
    return make_table([f"h{i}" for i in range(n)], sizes)


def permuted(table, perm):
    sizes = {frozenset(perm[h] for h in c.signature): c.size for c in table.cells}
    names = [None] * table.n
    for h, name in enumerate(table.names):
        names[perm[h]] = name
    return make_table(names, sizes)


def agree_and_certify(table, replay: bool) -> bool:
    sol = solve(table, replay)
    assert sol.adversary_wins == solve_brute(table, replay), (table, replay)
    cert = certificate(realized_class("random", table), sol, None)
    result = check(cert)
    assert result.valid, (table, replay, result.message)
    return sol.adversary_wins


def run_batch(seed: int, count: int, sizes=((2, None), (3, None), (3, None), (3, None), (4, 4))) -> dict:
    rng = random.Random(seed)
    tally = {"adversary": 0, "generator": 0}
    for k in range(count):
        n, cap = sizes[k % len(sizes)]
        table = random_table(rng, n, cap)
        for replay in (True, False):
            tally["adversary" if agree_and_certify(table, replay) else "generator"] += 1
    return tally


def test_solver_agrees_with_brute_force_on_random_classes():
    tally = run_batch(seed=8, count=16)
    # the sample must exercise both verdicts, or the test could not fail in one direction
    assert tally["adversary"] >= 3 and tally["generator"] >= 20, tally


@slow
def test_solver_agrees_with_brute_force_on_more_random_classes():
    tally = run_batch(seed=7, count=48)
    assert tally["adversary"] >= 4 and tally["generator"] >= 30, tally


def test_without_replay_every_random_class_is_generatable():
    """Without replay every finite class is properly generatable in the limit (docs/game.md)."""
    rng = random.Random(3)
    for _ in range(200):
        table = random_table(rng, rng.choice([2, 3, 4, 5]))
        assert not solve(table, replay=False).adversary_wins


def test_isomorphic_classes_get_the_same_verdict():
    rng = random.Random(11)
    for _ in range(150):
        n = rng.choice([2, 3, 4, 5])
        table = random_table(rng, n)
        perm = list(range(n))
        rng.shuffle(perm)
        other = permuted(table, perm)
        for replay in (True, False):
            assert solve(table, replay).verdict == solve(other, replay).verdict


def test_h4_permuted_certificates_check():
    table = bundled("h4_cells").table
    for perm in itertools.permutations(range(4)):
        t = permuted(table, perm)
        sol = solve(t, True)
        assert sol.verdict == "not-generatable"
        assert check(certificate(realized_class("H4p", t), sol, None)).valid


@slow
def test_h4_agrees_with_brute_force():
    table = bundled("h4_cells").table
    assert solve_brute(table, True) and not solve_brute(table, False)


@slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_solver_agrees_with_brute_force_many(seed):
    tally = run_batch(seed=seed, count=60, sizes=((2, None), (3, None), (3, None), (4, 5)))
    assert tally["adversary"] >= 5, tally
