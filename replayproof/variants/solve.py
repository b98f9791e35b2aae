"""The budget game on cells, solved exactly by backward induction over levels (docs/variants.md §3).

A level is (P, O, u): P the distinct elements presented per finite cell, O the answers so far, u the
replays each target has used (-1: the target is out). Every move either keeps the level (a "stay") or
moves up a finite order, and a play that stays forever is won as in the paper's game: the adversary
enumerates every eligible target and wins iff no answer in O lies inside all of them. Without noise a
delay changes no verdict (docs/variants.md, Lemma D) and build.py realises it; with noise the delay is
played out: the level also holds the answers still too young to copy, with their ages (§7).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ..trusted.classes.cells import CellTable

ADV, GEN = True, False
DEAD = -1
FINITE = "finite"  # some finite budget, unknown in advance: the game of Lemma B (docs/variants.md)


@dataclass(frozen=True)
class Move:
    """Present an element of cell `cell`: a new one, or the first one again (`new` False)."""

    cell: int
    new: bool


def bitmasks(table: CellTable) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """A class's cells as both arenas read them: each cell's signature as a bitmask, its size (-1: infinite),
    its slot among the finite cells (-1 for an infinite one) and, per hypothesis h, the hypotheses whose
    support lies inside supp(h)."""
    n = table.n
    sigs = tuple(sum(1 << h for h in c.signature) for c in table.cells)
    sizes = tuple(-1 if c.infinite else int(c.size) for c in table.cells)
    slot, k = [], 0
    for s in sizes:
        slot.append(k if s >= 0 else -1)
        k += s >= 0
    inside = [all(s >> g & 1 for s in sigs if s >> a & 1) for a in range(n) for g in range(n)]
    above = tuple(sum(1 << a for a in range(n) if inside[a * n + h]) for h in range(n))
    return sigs, sizes, tuple(slot), above


@dataclass(frozen=True)
class Arena:
    """A class's cells read as the budget game; hypotheses and sets of them are bitmasks."""

    n: int
    budget: int | None | str   # a number, None (unbounded) or FINITE
    noise: int                 # inputs outside the target that need no licence; u(h) = replays * (noise + 1) + noise used
    omit: int                  # elements of the target an enumeration may leave out
    sigs: tuple[int, ...]
    sizes: tuple[int, ...]      # per cell; -1 for an infinite cell
    slot: tuple[int, ...]       # per cell: its position in P (finite cells), -1 for infinite cells
    above: tuple[int, ...]      # above[h]: the hypotheses whose support lies inside supp(h)
    charges: dict = field(default_factory=dict, compare=False, repr=False)  # charge's results, per (cell, licensed, used)

    @classmethod
    def of(cls, table: CellTable, budget: int | None | str, noise: int = 0, omit: int = 0) -> "Arena":
        if noise and budget == FINITE:
            raise ValueError("the FINITE game has no noise")
        return cls(table.n, budget, noise, omit, *bitmasks(table))

    @property
    def finite_cells(self) -> int:
        return sum(1 for s in self.slot if s >= 0)

    def start(self) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
        """The level before round 1: nothing presented, no answer, every target in with no replay used."""
        return (0,) * self.finite_cells, 0, (0,) * self.n

    def above_of(self, a: int) -> int:
        """The targets h with supp(a) inside supp(h)."""
        return sum(1 << h for h in range(self.n) if self.above[h] >> a & 1)

    def inside_all(self, targets: int) -> int:
        """The hypotheses whose support lies inside every target of the set."""
        got = (1 << self.n) - 1
        for h in range(self.n):
            if targets >> h & 1:
                got &= self.above[h]
        return got

    def charge(self, cell: int, answers: int, used: tuple[int, ...]) -> tuple[int, ...]:
        """Replays used per target once an element of `cell` is presented after `answers` (delay 1)."""
        sig, budget, width = self.sigs[cell], self.budget, self.noise + 1
        licensed = bool(sig & answers)
        key = (cell, licensed, used)
        got = self.charges.get(key)
        if got is not None:
            return got
        counted = isinstance(budget, int)
        out = []
        for h, k in enumerate(used):
            if k == DEAD or sig >> h & 1:
                out.append(k)
            elif licensed and not (counted and k // width >= budget):
                out.append(k + width if counted else k)     # a replay
            elif k % width < self.noise:
                out.append(k + 1)                            # noise (kernel.Play.step's order)
            else:
                out.append(DEAD)
        got = self.charges[key] = tuple(out)
        return got

    def free(self, cell: int, answers: int, used: tuple[int, ...]) -> bool:
        """Presenting the cell costs no target still in anything (so a loop may repeat it forever).
        Under FINITE that means genuine for every target still in: replays are not counted, so a loop
        must not use them."""
        if self.budget == FINITE:
            alive = alive_of(used)
            return self.sigs[cell] & alive == alive
        return self.charge(cell, answers, used) == used

    def moves(self, p: tuple[int, ...], o: int, u: tuple[int, ...]):
        """Every available move with the level it leads to (before the answer): (move, P', u')."""
        for c, size in enumerate(self.sizes):
            u2 = self.charge(c, o, u)
            if size < 0:
                yield Move(c, True), p, u2
                continue
            k = self.slot[c]
            if p[k] < size:
                yield Move(c, True), p[:k] + (p[k] + 1,) + p[k + 1:], u2
            if p[k] > 0:
                yield Move(c, False), p, u2

    def eligible(self, p: tuple[int, ...], o: int, u: tuple[int, ...]) -> int:
        """Targets a play that stays on this level forever can enumerate: in, every finite cell fully
        presented but at most `omit` elements, every infinite cell presentable without changing the level."""
        alive = alive_of(u)
        out = 0
        for h in range(self.n):
            if not alive >> h & 1:
                continue
            ok, left = True, 0
            for c, s in enumerate(self.sigs):
                if not s >> h & 1:
                    continue
                if self.sizes[c] >= 0:
                    left += self.sizes[c] - p[self.slot[c]]
                else:
                    ok = self.free(c, o, u)
                if not ok:
                    break
            if ok and left <= self.omit:
                out |= 1 << h
        return out


@lru_cache(maxsize=1 << 16)
def alive_of(u: tuple[int, ...]) -> int:
    """The targets still in, as a bitmask."""
    return sum(1 << h for h, k in enumerate(u) if k != DEAD)


@dataclass(frozen=True)
class Why:
    """How the adversary wins a level: "first"/"leave" (play `move`), or "loop" (stay forever,
    enumerating `targets` while presenting the infinite cells `cells`)."""

    kind: str
    move: Move | None = None
    targets: int = 0
    cells: tuple[int, ...] = ()


@dataclass
class Solution:
    """The verdict of the budget game and the value of every level explored. `delay` > 1: the delay was
    played out, `value` and `why` take the young answers as a fourth part of the level (`aged`)."""

    arena: Arena
    adversary_wins: bool
    value: Callable[..., bool] = field(repr=False)
    why: dict = field(repr=False)
    delay: int = 1

    @property
    def verdict(self) -> str:
        return "not-generatable" if self.adversary_wins else "generatable"


def aged(young: tuple[tuple[int, int], ...], o: int, b: int, delay: int) -> tuple[tuple[int, int], ...]:
    """The answers too young to copy at the next input, with their ages (rounds since first given), after
    answer b is given with answers `o` given before: at round t an answer first given at t - delay or
    earlier may be copied (kernel.copyable)."""
    out = [(a, age + 1) for a, age in young if age + 1 < delay]
    if not o >> b & 1 and delay > 1:
        out.append((b, 1))
    return tuple(sorted(out))


def old_answers(o: int, young: tuple[tuple[int, int], ...]) -> int:
    """The answers old enough to copy."""
    for a, _ in young:
        o &= ~(1 << a)
    return o


def solve(table: CellTable, budget: int | None | str, noise: int = 0, omit: int = 0, delay: int = 1) -> Solution:
    """Decide proper generation in the limit with at most `budget` replays (None: unbounded; FINITE:
    whether some finite budget defeats every generator, Lemma B), `noise` noise inputs and `omit`
    omissions; replays copy answers at least `delay` rounds old (played out only with noise: Lemma D)."""
    if noise and delay > 1:
        return _solve_delayed(table, budget, noise, omit, delay)
    arena = Arena.of(table, budget, noise, omit)
    n = arena.n
    memo: dict = {}
    why: dict = {}
    answers = [1 << b for b in range(n)]

    def value(p: tuple[int, ...], o: int, u: tuple[int, ...], young: tuple = ()) -> bool:
        key = (p, o, u)
        got = memo.get(key)
        if got is not None:
            return got
        alive = alive_of(u)
        if not alive or arena.inside_all(alive):
            memo[key] = GEN
            return GEN
        seen, stays = set(), []
        for move, p2, u2 in arena.moves(p, o, u):
            if not alive_of(u2):
                continue
            if (p2, u2) == (p, u) and o:
                if arena.budget != FINITE or arena.free(move.cell, o, u):
                    stays.append(move)
                continue  # under FINITE an uncounted replay that keeps the level is dominated by a stay
            if (p2, u2) in seen:
                continue
            seen.add((p2, u2))
            if all(value(p2, o | bb, u2) for bb in answers):
                memo[key] = ADV
                why[key] = Why("first" if not o else "leave", move)
                return ADV
        if stays:
            elig = arena.eligible(p, o, u)
            if elig and not arena.inside_all(elig) & o and \
                    all(value(p, o | bb, u) for bb in answers if not o & bb):
                cells = tuple(m.cell for m in stays if m.new and arena.sizes[m.cell] < 0
                              and arena.sigs[m.cell] & elig)
                memo[key] = ADV
                why[key] = Why("loop", targets=elig, cells=cells)
                return ADV
        memo[key] = GEN
        return GEN

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        wins = value(*arena.start())
    finally:
        sys.setrecursionlimit(limit)
    return Solution(arena, wins, value, why)


def _solve_delayed(table: CellTable, budget: int | None | str, noise: int, omit: int, delay: int) -> Solution:
    """The level game with the young answers (answer, age) as part of the level. Ages only grow and O only
    grows, so a level with young answers is left after finitely many rounds; a play that stays forever
    does so on a level without young answers, where the loop condition is the undelayed one. Replays may
    copy only old answers (`Arena.charge` is given those).

    The strategy read off `why` is the certificate, so the order in which moves are tried shapes its size:
    the moves that charge the fewest targets first, and a stall (which keeps P and u and lets answers age) only
    when no move that changes the level wins: stalls branch on every answer at the same P, so they multiply
    the levels the strategy reaches (docs/variants.md §8)."""
    arena = Arena.of(table, budget, noise, omit)
    n = arena.n
    memo: dict = {}
    why: dict = {}
    options: dict = {}
    ages: dict = {}

    def moves(p: tuple[int, ...], old: int, u: tuple[int, ...], stay: bool) -> tuple:
        """The moves from a level, sorted for the strategy (docstring), memoised: the moves that change P or u
        (one per level they lead to, fewest targets charged first), one stall (None if none), and the stays
        (moves a loop may repeat forever: `stay` says whether the level may loop, i.e. has answers, none young)."""
        key = (p, old, u, stay)
        got = options.get(key)
        if got is None:
            progress, seen, stall, stays = [], set(), None, []
            for move, p2, u2 in arena.moves(p, old, u):
                if not alive_of(u2):
                    continue
                if (p2, u2) == (p, u):
                    if stay:
                        stays.append(move)
                    elif stall is None:
                        stall = move
                elif (p2, u2) not in seen:
                    seen.add((p2, u2))
                    progress.append((sum(a != b for a, b in zip(u, u2)), len(progress), move, p2, u2))
            progress.sort()
            got = options[key] = (tuple(m[2:] for m in progress), stall, tuple(stays))
        return got

    def after(young: tuple, o: int, b: int) -> tuple:
        """`aged`, memoised (it depends on o only through whether b is new)."""
        key = (young, b, not o >> b & 1)
        got = ages.get(key)
        if got is None:
            got = ages[key] = aged(young, o, b, delay)
        return got

    def value(p: tuple[int, ...], o: int, u: tuple[int, ...], young: tuple = ()) -> bool:
        key = (p, o, u, young)
        got = memo.get(key)
        if got is not None:
            return got
        alive = alive_of(u)
        if not alive or arena.inside_all(alive):
            memo[key] = GEN
            return GEN
        progress, stall, stays = moves(p, old_answers(o, young), u, bool(o) and not young)
        for move, p2, u2 in progress:
            if all(value(p2, o | 1 << b, u2, after(young, o, b)) for b in range(n)):
                memo[key] = ADV
                why[key] = Why("first" if not o else "leave", move)
                return ADV
        # a move that keeps P and u only lets answers age (a stall); every stall leads to the same levels
        if stall is not None and all(value(p, o | 1 << b, u, after(young, o, b)) for b in range(n)):
            memo[key] = ADV
            why[key] = Why("first" if not o else "leave", stall)
            return ADV
        if stays:
            elig = arena.eligible(p, o, u)
            if elig and not arena.inside_all(elig) & o and \
                    all(value(p, o | 1 << b, u, aged((), o, b, delay)) for b in range(n) if not o >> b & 1):
                cells = tuple(m.cell for m in stays if m.new and arena.sizes[m.cell] < 0
                              and arena.sigs[m.cell] & elig)
                memo[key] = ADV
                why[key] = Why("loop", targets=elig, cells=cells)
                return ADV
        memo[key] = GEN
        return GEN

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        p0, o0, u0 = arena.start()
        wins = value(p0, o0, u0, ())
    finally:
        sys.setrecursionlimit(limit)
    return Solution(arena, wins, value, why, delay)
