"""Sweep enumeration: exactly one representative per isomorphism class, and the filters."""
from __future__ import annotations

import itertools

import pytest

from replayproof.trusted.classes import cells as C
from replayproof.classes.cells import canonical_key, equal_support_groups, non_uus
from replayproof.trusted.errors import InputError
from replayproof.sweep.enumerate import enumerate_classes, parse_cards
from replayproof.sweep.run import cells_text, parse_cells

CARDS = (0, 1, C.INF)


def _brute_force_iso_classes(n: int) -> set:
    """All cell vectors, filtered, keyed by the n!-permutation canonical key (independent code)."""
    sigs = [frozenset(h for h in range(n) if mask >> h & 1) for mask in range(1, 2 ** n)]
    names = [f"h{i + 1}" for i in range(n)]
    keys = set()
    for vec in itertools.product(CARDS, repeat=len(sigs)):
        table = C.make_table(names, dict(zip(sigs, vec)))
        if non_uus(table) or equal_support_groups(table):
            continue
        keys.add(canonical_key(table))
    return keys


@pytest.mark.parametrize("n", [1, 2, 3])
def test_one_representative_per_isomorphism_class(n):
    found = list(enumerate_classes(n, CARDS))
    keys = [canonical_key(c.table) for c in found]
    assert len(keys) == len(set(keys))                  # no two representatives are isomorphic
    assert set(keys) == _brute_force_iso_classes(n)     # and every isomorphism class is represented
    for c in found:
        assert not non_uus(c.table) and not equal_support_groups(c.table)


def test_counts_at_small_sizes():
    assert [sum(1 for _ in enumerate_classes(n, CARDS)) for n in (1, 2, 3)] == [1, 7, 296]


def test_cells_text_round_trips():
    for c in enumerate_classes(3, CARDS):
        assert parse_cells(cells_text(c.table), 3) == c.table


@pytest.mark.parametrize("text, message", [("0,1", "must include 0"), ("0,x,inf", "'x' is not a cardinality")])
def test_bad_cards(text, message):
    with pytest.raises(InputError, match=message):
        parse_cards(text)


def test_size_limits():
    with pytest.raises(InputError, match="support 1 to 5"):
        next(enumerate_classes(6, (0, C.INF)))
    with pytest.raises(InputError, match="raw classes"):
        next(enumerate_classes(5, CARDS))
    with pytest.raises(InputError, match="raw classes"):
        next(enumerate_classes(4, (0, 1, 2, 3, C.INF)))
