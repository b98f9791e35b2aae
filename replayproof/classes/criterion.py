"""The finite characterization of proper generation in the limit with replay (Li and Zhang).

A finite class is generatable iff for every realized profile P (the signature of a non-empty
cell) some first answer j splits P into residual groups E (equal L_k minus L_j) that each
admit a member h inside their intersection. Pure set reasoning on the cell table: no game,
no solver. Statement, proof sketch and citation: docs/game.md, "The characterization".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..trusted.classes.cells import CellTable


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


def bits(m: int) -> list[int]:
    """The indices set in a bitmask, ascending."""
    out = []
    while m:
        low = m & -m
        out.append(low.bit_length() - 1)
        m ^= low
    return out


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


@dataclass
class Lattice:
    """The supports as cell bitmasks, with the queries the criterion repeats, memoised."""

    masks: list[int]
    minimal: list[int] = field(init=False)          # one index per ⊆-minimal support (least index)
    _residual: list[dict[int, int]] = field(init=False)  # per j: k -> residual id of L_k - L_j
    _lower: dict[int, int] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        m = self.masks
        n = len(m)
        self.minimal = [h for h in range(n)
                        if not any(m[g] & ~m[h] == 0 and (m[g] != m[h] or g < h) for g in range(n))]
        self._residual = []
        for j in range(n):
            ids: dict[int, int] = {}
            self._residual.append({k: ids.setdefault(m[k] & ~m[j], len(ids)) for k in range(n)})

    def minimal_below(self, h: int) -> int:
        """The least-index ⊆-minimal hypothesis whose support lies inside supp(h)."""
        return next(g for g in self.minimal if self.masks[g] & ~self.masks[h] == 0)

    def lower(self, group: int) -> int:
        """A ⊆-minimal hypothesis inside every support of the group (a bitmask), or -1."""
        if group not in self._lower:
            meet = -1
            for k in bits(group):
                meet &= self.masks[k]
            self._lower[group] = next((h for h in self.minimal if self.masks[h] & ~meet == 0), -1)
        return self._lower[group]

    def split(self, profile: int, j: int) -> list[int]:
        """The residual groups of a profile under first answer j, as bitmasks, in member order."""
        rid = self._residual[j]
        by: dict[int, int] = {}
        for k in bits(profile):
            r = rid[k]
            by[r] = by.get(r, 0) | 1 << k
        return list(by.values())

    def failing(self, profile: int, j: int) -> int:
        """A group of the profile under j with no member inside it (bitmask), or 0 if j is good."""
        return next((e for e in self.split(profile, j) if self.lower(e) < 0), 0)


def _fs(m: int) -> frozenset[int]:
    return frozenset(bits(m))


def criterion(table: CellTable) -> Criterion:
    """Decide the class by the characterization; the first failing profile gives the obstruction.

    Only ⊆-minimal first answers are tried: a good j stays good when replaced by any j' with
    L_j' ⊆ L_j (docs/game.md), so the chosen answers and outputs are all ⊆-minimal.
    """
    lat = Lattice(cell_masks(table))
    choices: list[Choice] = []
    for c in table.cells:
        p = 0
        for k in c.signature:
            p |= 1 << k
        for j in lat.minimal:
            if not lat.failing(p, j):
                outs = tuple((_fs(e), lat.lower(e)) for e in lat.split(p, j))
                choices.append(Choice(c.signature, j, outs))
                break
        else:
            return Criterion(False, Obstruction(c.signature, tuple(_fs(lat.failing(p, j)) for j in range(table.n))),
                             ())
    return Criterion(True, None, tuple(choices))


def find_obstruction(table: CellTable) -> Obstruction | None:
    """The obstruction of a not-generatable class, or None when the class is generatable."""
    return criterion(table).obstruction


def generatable_signatures(n: int, sigs: list[int]) -> bool:
    """The criterion on a bare list of non-empty cell signatures (bitmasks over n hypotheses).

    Cell sizes never matter to the criterion, only which cells are non-empty; sweeps call this.
    """
    masks = [0] * n
    for i, s in enumerate(sigs):
        for h in bits(s):
            masks[h] |= 1 << i
    lat = Lattice(masks)
    return all(any(not lat.failing(p, j) for j in lat.minimal) for p in sigs)


MachineState = tuple[int, int] | None  # None before the first input, else (j, C as a bitmask)


@dataclass
class CanonicalGenerator:
    """The sufficiency direction's Mealy machine: state (first answer j, candidates C).

    On the first input (profile P) it answers j(P) and keeps C = P; on each later input with
    profile Q, C shrinks to C ∩ Q unless j ∈ Q, and it answers the ⊆-minimal member inside the
    residual group of the candidate with least residual L_i - L_j, or j when none is least.
    """

    lattice: Lattice
    first: dict[int, int]  # profile bitmask -> chosen first answer j

    @classmethod
    def of(cls, table: CellTable, crit: Criterion) -> "CanonicalGenerator":
        if not crit.generatable:
            raise ValueError("the canonical generator exists only for a generatable class")
        first = {sum(1 << k for k in ch.profile): ch.answer for ch in crit.choices}
        return cls(Lattice(cell_masks(table)), first)

    def step(self, state: MachineState, profile: int) -> tuple[MachineState, int]:
        """The next state and the answer after an input with this profile (bitmask)."""
        if state is None:
            j = self.first[profile]
            return (j, profile), j
        j, cand = state
        if not profile >> j & 1:
            cand &= profile
        return (j, cand), self.output(j, cand)

    def output(self, j: int, cand: int) -> int:
        m = self.lattice.masks
        res = {k: m[k] & ~m[j] for k in bits(cand)}
        least = next((i for i, r in res.items() if all(r & ~q == 0 for q in res.values())), -1)
        if least < 0:
            return j
        group = sum(1 << k for k, r in res.items() if r == res[least])
        h = self.lattice.lower(group)
        return j if h < 0 else h


@dataclass(frozen=True)
class ProfileReport:
    """One realized profile: its good first answer with outputs, or the failing group of every j."""

    profile: frozenset[int]
    choice: Choice | None
    failing: tuple[frozenset[int], ...]  # per j when choice is None, else ()


def explain(table: CellTable) -> tuple[ProfileReport, ...]:
    """The criterion profile by profile (not stopping at the first failure), for `info`."""
    lat = Lattice(cell_masks(table))
    out = []
    for c in table.cells:
        p = sum(1 << k for k in c.signature)
        j = next((j for j in lat.minimal if not lat.failing(p, j)), -1)
        if j >= 0:
            outs = tuple((_fs(e), lat.lower(e)) for e in lat.split(p, j))
            out.append(ProfileReport(c.signature, Choice(c.signature, j, outs), ()))
        else:
            out.append(ProfileReport(c.signature, None, tuple(_fs(lat.failing(p, j)) for j in range(table.n))))
    return tuple(out)
