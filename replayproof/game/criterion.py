"""The finite characterization of proper generation in the limit with replay (Li and Zhang).

A finite class is generatable iff for every realized profile P (the signature of a non-empty
cell) some first answer j splits P into residual groups E (equal L_k minus L_j) that each
admit a member h inside their intersection. Pure set reasoning on the cell table: no game,
no solver. Statement, proof sketch and citation: docs/game.md, "The characterization".
"""
from __future__ import annotations

from dataclasses import dataclass

from ..classes.cells import CellTable


@dataclass(frozen=True)
class Obstruction:
    """Why a class is not generatable: a profile P and, for every first answer j, a group E of
    P's members with equal residual outside L_j and no member h of the class inside all of them."""

    profile: frozenset[int]
    groups: tuple[frozenset[int], ...]  # groups[j] = E for first answer j


@dataclass(frozen=True)
class Choice:
    """How one profile is handled: first answer j, and per residual group E an output h inside it."""

    profile: frozenset[int]
    answer: int
    outputs: tuple[tuple[frozenset[int], int], ...]  # (E, h) for each group of P under j


@dataclass(frozen=True)
class Criterion:
    """The criterion's verdict with its witness: an obstruction, or a choice for every profile."""

    generatable: bool
    obstruction: Obstruction | None
    choices: tuple[Choice, ...]


def cell_masks(table: CellTable) -> list[int]:
    """For each hypothesis, the set of (indices of) non-empty cells inside it, as a bitmask."""
    masks = [0] * table.n
    for i, c in enumerate(table.cells):
        for h in c.signature:
            masks[h] |= 1 << i
    return masks


def groups(masks: list[int], profile: frozenset[int], j: int) -> list[frozenset[int]]:
    """P split by residual outside L_j: k and k' share a group iff L_k - L_j = L_k' - L_j."""
    by_residual: dict[int, set[int]] = {}
    for k in sorted(profile):
        by_residual.setdefault(masks[k] & ~masks[j], set()).add(k)
    return [frozenset(g) for g in by_residual.values()]


def inside(masks: list[int], group: frozenset[int]) -> int:
    """A hypothesis whose language lies inside every language of the group, or -1."""
    meet = -1
    for k in group:
        meet &= masks[k]
    return next((h for h, m in enumerate(masks) if m & ~meet == 0), -1)


def profiles(table: CellTable) -> list[frozenset[int]]:
    """The realized profiles: signatures of the non-empty cells, in table order."""
    return [c.signature for c in table.cells]


def criterion(table: CellTable) -> Criterion:
    """Decide the class by the characterization; the first failing profile gives the obstruction."""
    masks = cell_masks(table)
    choices: list[Choice] = []
    for p in profiles(table):
        failing: list[frozenset[int]] = []
        for j in range(table.n):
            outs = [(e, inside(masks, e)) for e in groups(masks, p, j)]
            bad = next((e for e, h in outs if h < 0), None)
            if bad is None:
                choices.append(Choice(p, j, tuple(outs)))
                break
            failing.append(bad)
        else:
            return Criterion(False, Obstruction(p, tuple(failing)), ())
    return Criterion(True, None, tuple(choices))


def find_obstruction(table: CellTable) -> Obstruction | None:
    """The obstruction of a not-generatable class, or None when the class is generatable."""
    return criterion(table).obstruction
