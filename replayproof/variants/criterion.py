"""Cell-level criteria for the no-replay models: noise k and omissions i, finitely many omissions, finitely
many noise inputs.

Without replay an input's legality does not depend on the answers, so the level game of solve.py
reduces to reachability: the adversary wins iff some reachable level has eligible targets with no
hypothesis inside all of them (docs/variants.md §7c gives the argument). Proved for UUS classes (every
hypothesis has an infinite cell; the sweeps enumerate only those, decide refuses the others). These are
the second method the game is compared with, and what `sweep --model noise:K|omit:I|...:finite` runs.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations, permutations, product
from typing import Callable

from ..trusted.classes.cells import CellTable, subset
from ..trusted.kernel import FINITE


@dataclass(frozen=True)
class Witness:
    """Targets T (all with the same infinite cells) and how many elements of each finite cell to present."""

    targets: tuple[int, ...]
    present: tuple[tuple[frozenset[int], int], ...]


def _inside_all(table: CellTable, targets: frozenset[int]) -> bool:
    """Some hypothesis of the class lies inside every target."""
    return any(all(subset(table, g, h) for h in targets) for g in range(table.n))


def _infinite_cells(table: CellTable, h: int) -> frozenset[frozenset[int]]:
    return frozenset(c.signature for c in table.cells if c.infinite and h in c.signature)


def _groups(table: CellTable) -> dict[frozenset[frozenset[int]], list[int]]:
    """Hypotheses grouped by their infinite cells."""
    groups: dict[frozenset[frozenset[int]], list[int]] = {}
    for h in range(table.n):
        groups.setdefault(_infinite_cells(table, h), []).append(h)
    return groups


def _presentation(table: CellTable, targets: frozenset[int], noise: int, omit: int) -> tuple | None:
    """Counts of elements to present per finite cell so that every target has at most `noise` presented
    elements outside it and at most `omit` unpresented elements inside it; None if there are none."""
    full, mixed = [], []
    for c in table.cells:
        if c.infinite or not (c.signature & targets):
            continue
        (full if targets <= c.signature else mixed).append(c)
    if sum(int(c.size) for c in mixed) > len(targets) * (noise + omit):
        return None    # every mixed element costs some target a noise input or an omission
    for counts in product(*(range(int(c.size) + 1) for c in mixed)):
        if all(sum(d for c, d in zip(mixed, counts) if h not in c.signature) <= noise
               and sum(int(c.size) - d for c, d in zip(mixed, counts) if h in c.signature) <= omit
               for h in targets):
            return tuple((c.signature, int(c.size)) for c in full) + tuple(
                (c.signature, d) for c, d in zip(mixed, counts) if d)
    return None


def noise_omit_witness(table: CellTable, noise: int, omit: int) -> Witness | None:
    """Targets and a presentation that defeat every proper generator under `noise` noise inputs and `omit`
    omissions without replay, or None when some generator wins (the criterion of docs/variants.md §7c)."""
    for group in _groups(table).values():
        for size in range(len(group), 0, -1):
            for targets in combinations(group, size):
                t = frozenset(targets)
                if _inside_all(table, t):
                    continue
                present = _presentation(table, t, noise, omit)
                if present is not None:
                    return Witness(targets, present)
    return None


def noise_omit_defeats(table: CellTable, noise: int, omit: int) -> bool:
    """Whether noise k and omissions i (no replay) defeat every proper generator on this class."""
    return noise_omit_witness(table, noise, omit) is not None


def finite_omit_defeats(table: CellTable) -> bool:
    """Whether finitely many omissions (no noise, no replay) defeat every proper generator: some set of
    presented cells leaves candidates whose members with the fewest infinite cells have no hypothesis
    inside all of them (docs/variants.md §7c)."""
    seen = set()
    for r in range(len(table.cells) + 1):
        for touched in combinations(table.cells, r):
            cand = frozenset(range(table.n))
            for c in touched:
                cand &= c.signature
            if not cand or cand in seen:
                continue
            seen.add(cand)
            infs = {h: _infinite_cells(table, h) for h in cand}
            common = frozenset.intersection(*infs.values())
            eligible = frozenset(h for h in cand if infs[h] == common)
            if eligible and not _inside_all(table, eligible):
                return True
    return False


def _reaches(table: CellTable, h: int, g: int) -> bool:
    """Every infinite cell of h lies in g: some presented set contains h's infinite cells and lies inside g."""
    return all(g in c.signature for c in table.cells if c.infinite and h in c.signature)


def finite_noise_defeats(table: CellTable) -> bool:
    """Whether finitely many noise inputs (no omissions, no replay) defeat every proper generator: some
    targets, ordered so that each one's infinite cells lie in every later one, have no hypothesis inside
    all of them (a chain of eventually-presented cell sets; docs/variants.md §7c)."""
    n = table.n
    for size in range(n, 1, -1):
        for targets in combinations(range(n), size):
            if _inside_all(table, frozenset(targets)):
                continue
            if any(all(_reaches(table, order[i], order[j]) for i in range(size) for j in range(i + 1, size))
                   for order in permutations(targets)):
                return True
    return False


def criterion_for(budget: int | None | str, delay: int, noise: int | str, omit: int | str) -> Callable[[CellTable], bool] | None:
    """The criterion that decides this model (adversary wins -> True), or None where none is known: with
    replay, a delay, or finitely many of one limit together with the other."""
    if budget != 0 or delay != 1:
        return None
    if noise == FINITE:
        return finite_noise_defeats if omit == 0 else None
    if omit == FINITE:
        return finite_omit_defeats if noise == 0 else None
    return lambda table: noise_omit_defeats(table, int(noise), int(omit))
