"""The bitmask solver against the original solver kept as a baseline (`game/solve_reference.py`):
same verdicts and byte-identical certificates on seeded random classes, with and without replay."""
from __future__ import annotations

import random

import pytest

from replayproof.trusted.classes.cells import INF, make_table
from replayproof.classes.classfile import realized_class
from replayproof.game.build import certificate
from replayproof.game.solve import solve
from replayproof.game.solve_reference import solve_reference
from conftest import bundled
from test_game_diff import random_table


def triangle(n: int, size=1):
    """h_i = x<=0 or (x in 1..n and x != i), by cells (size INF: the infinite-cell variant)."""
    sizes = {frozenset(range(n)): INF, **{frozenset(set(range(n)) - {j}): size for j in range(n)}}
    return make_table([f"h{i}" for i in range(n)], sizes)


def same(table, replay: bool) -> str:
    cls = realized_class("c", table)
    new, old = solve(table, replay), solve_reference(table, replay)
    assert (new.verdict, new.first_cell) == (old.verdict, old.first_cell), (table, replay)
    assert certificate(cls, new, None) == certificate(cls, old, None), (table, replay)
    return new.verdict


def test_fast_solver_matches_the_reference_solver_and_its_certificates():
    rng = random.Random(17)
    tally = {"not-generatable": 0, "generatable": 0}
    for k in range(84):
        n = (2, 3, 3, 4, 4, 5, 6)[k % 7]
        table = random_table(rng, n, (None, None, None, 6, 8, 8, 9)[k % 7])
        for replay in (True, False):
            tally[same(table, replay)] += 1
    assert tally["not-generatable"] >= 5 and tally["generatable"] >= 80, tally


@pytest.mark.parametrize("table", [triangle(6), triangle(5, INF), bundled("h4_cells").table],
                         ids=["triangle-6", "inf-triangle-5", "h4"])
def test_fast_solver_matches_the_reference_on_families(table):
    assert same(table, True) == "not-generatable"
    assert same(table, False) == "generatable"
