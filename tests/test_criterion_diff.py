"""Slow differential tests: the criterion and the game agree on every small class and on larger random ones."""
from __future__ import annotations

import itertools
import random

import pytest

from replayproof.trusted.classes import cells as C
from replayproof.classes.criterion import criterion
from replayproof.game.solve import solve
from replayproof.sweep.enumerate import enumerate_batches, enumerate_classes, table_of

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_game_and_criterion_agree_on_every_sweep_class(n):
    """Every class of sweep size n (cardinalities 0, 1, inf); size 4 is 564,448 classes (minutes)."""
    count = disagree = 0
    for c in enumerate_classes(n, (0, 1, C.INF)):
        count += 1
        if criterion(c.table).generatable == solve(c.table, True).adversary_wins:
            disagree += 1
    assert count == {1: 1, 2: 7, 3: 296, 4: 564_448}[n] and disagree == 0


def test_game_and_criterion_agree_on_500_random_classes_of_5_to_7():
    rng = random.Random(2026)
    adversary = 0
    for _ in range(500):
        n = rng.randint(5, 7)
        empty = rng.choice([0.5, 0.75, 0.9])
        sizes = {frozenset(s): 0 if rng.random() < empty else rng.choice([1, 2, C.INF])
                 for k in range(1, n + 1) for s in itertools.combinations(range(n), k)}
        table = C.make_table([f"h{i}" for i in range(n)], sizes)
        wins = solve(table, True).adversary_wins
        adversary += wins
        assert criterion(table).generatable == (not wins), table
    assert adversary > 0


def test_without_replay_every_sampled_sweep_class_is_generatable():
    """The theorem that lets the sweep skip solves without replay, on a sample of size 4."""
    cards = (0, 1, C.INF)
    sampled = 0
    for batch in enumerate_batches(4, cards):
        for digits in batch.digits[::500]:
            sampled += 1
            assert not solve(table_of(4, cards, digits), replay=False).adversary_wins
    assert sampled > 1000
