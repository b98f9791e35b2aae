"""The "finitely many" models on cells, solved exactly (docs/variants.md §7): noise, omissions or replays
that are finitely many, the number unknown in advance, alone or with fixed limits.

The adversary wins a play iff for some target the play is legal, has finitely many *bad* rounds (a
replay under finitely many replays, a noise input under finitely many noise inputs: not
`kernel.repeatable`), enumerates the target and is wrong for it infinitely often: an ω-regular (Muller)
condition. Levels (P, O, u) are as in the budget game (solve.py; u counts only the fixed limits) and a
play ends on one level forever, so the game is solved level by level, top down: the adversary wins a
level by a winning move up; the generator by a winning new answer; otherwise both stay, and the level is
the *stay game* (`Stay`): each round the adversary picks a stay cell, the generator an answer in O, and
the adversary wins iff for some eligible target h the cells presented infinitely often contain h's
infinite cells and are all good for h, and an answer wrong for h recurs. The stay game is solved by
Zielonka's recursion specialised to this arena, where every colour is available at every turn.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Iterator

from ..trusted.classes.cells import CellTable
from ..trusted.kernel import FINITE
from ..trusted.certificates.variant import FiniteVariant
from .solve import Move, bitmasks

ADV, GEN = True, False
DEAD = -1
Used = tuple  # per target: (replays, noise) counted for the fixed limits only, or DEAD


def bits(m: int) -> Iterator[int]:
    k = 0
    while m:
        if m & 1:
            yield k
        m >>= 1
        k += 1


def low(m: int) -> int:
    return (m & -m).bit_length() - 1


@dataclass(frozen=True)
class FArena:
    """A class's cells read as the game of a (possibly finitely-many) model; sets are bitmasks."""

    n: int
    variant: FiniteVariant
    sigs: tuple[int, ...]
    sizes: tuple[int, ...]       # -1: infinite
    slot: tuple[int, ...]        # per finite cell its position in P, -1 for infinite cells
    above: tuple[int, ...]       # above[h]: hypotheses whose support lies inside supp(h)

    @classmethod
    def of(cls, table: CellTable, variant: FiniteVariant) -> "FArena":
        return cls(table.n, variant, *bitmasks(table))

    def start(self) -> tuple[tuple[int, ...], int, Used]:
        return (0,) * sum(1 for s in self.slot if s >= 0), 0, ((0, 0),) * self.n

    def inside_all(self, targets: int) -> int:
        got = (1 << self.n) - 1
        for h in bits(targets):
            got &= self.above[h]
        return got

    def wrong(self, h: int, answers: int) -> int:
        """The answers of the set whose support is not inside supp(h)."""
        return answers & ~self.above[h]

    def charge(self, cell: int, o: int, u: Used) -> tuple[Used, int]:
        """Counters after presenting an element of `cell` after answers `o`, and the targets for which
        the round is bad (kernel.Play.step's order: a licensed replay while the budget lasts, else noise)."""
        sig, v = self.sigs[cell], self.variant
        licensed = bool(sig & o)
        out, bad = [], 0
        for h, k in enumerate(u):
            if k == DEAD or sig >> h & 1 or (licensed and v.budget is None):
                out.append(k)
            elif licensed and v.budget == FINITE:
                out.append(k)
                bad |= 1 << h
            elif licensed and k[0] < v.budget:
                out.append((k[0] + 1, k[1]))
            elif v.noise == FINITE:
                out.append(k)
                bad |= 1 << h
            elif k[1] < v.noise:
                out.append((k[0], k[1] + 1))
            else:
                out.append(DEAD)
        return tuple(out), bad

    def moves(self, p: tuple[int, ...], o: int, u: Used):
        """(move, P', u', bad) for every available move."""
        for c, size in enumerate(self.sizes):
            u2, bad = self.charge(c, o, u)
            if size < 0:
                yield Move(c, True), p, u2, bad
                continue
            k = self.slot[c]
            if p[k] < size:
                yield Move(c, True), p[:k] + (p[k] + 1,) + p[k + 1:], u2, bad
            if p[k] > 0:
                yield Move(c, False), p, u2, bad

    def omits_ok(self, h: int, p: tuple[int, ...]) -> bool:
        """Whether h's finite cells are presented but for what the omission limit allows."""
        if self.variant.omit == FINITE:
            return True
        left = sum(self.sizes[c] - p[self.slot[c]] for c, s in enumerate(self.sigs) if s >> h & 1 and self.sizes[c] >= 0)
        return left <= self.variant.omit

    def need(self, h: int) -> int:
        """h's infinite cells, as a mask over cells."""
        return sum(1 << c for c, s in enumerate(self.sigs) if s >> h & 1 and self.sizes[c] < 0)


def alive_of(u: Used) -> int:
    return sum(1 << h for h, k in enumerate(u) if k != DEAD)


@dataclass(frozen=True)
class Stay:
    """The stay game of a level: the adversary picks a cell of `cells` (a mask over cells), the generator
    an answer of `answers`; `targets` lists (h, need, free, wrong) for the eligible targets."""

    cells: int
    answers: int
    targets: tuple[tuple[int, int, int, int], ...]
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def win(self, x: int, y: int) -> bool:
        """The adversary's condition when exactly cells x and answers y recur."""
        return any(need & ~x == 0 and x & ~free == 0 and y & wrong for _, need, free, wrong in self.targets)

    def children(self, x: int, y: int) -> list[int]:
        """The cell sets x ∩ free(h) strictly inside x that satisfy the condition with y (Zielonka's
        children when the condition fails on (x, y): the adversary must drop cells)."""
        out = []
        for _, need, free, wrong in self.targets:
            sub = x & free
            if sub and sub != x and need & ~sub == 0 and y & wrong and sub not in out:
                out.append(sub)
        return out

    def adv_wins(self, x: int, y: int) -> bool:
        """Whether the adversary wins when it may present cells x and the generator answers in y.
        If (x, y) satisfies the condition, the generator can only escape by giving up an answer; if not,
        the adversary must give up cells (every colour is available at every turn, so the Zielonka
        attractors are trivial)."""
        got = self.memo.get((x, y))
        if got is None:
            if self.win(x, y):
                got = all(self.adv_wins(x, y & ~(1 << b)) for b in bits(y) if y & ~(1 << b))
            else:
                got = any(self.adv_wins(sub, y) for sub in self.children(x, y))
            self.memo[x, y] = got
        return got

    def adv_strategy(self, x: int, y: int, states: list) -> int:
        """Append the adversary's winning automaton for (x, y) to `states` (each [cell, {answer: state}],
        complete for the answers in y); returns its first state."""
        few = self.fixed(x, y)
        if few:                                           # whichever answers recur, cycling on `few` wins
            cells = list(bits(few))
            first = len(states)
            for i, c in enumerate(cells):
                nxt = first + (i + 1) % len(cells)
                states.append([c, {b: nxt for b in bits(y)}])
            return first
        if not self.win(x, y):
            sub = next(s for s in self.children(x, y) if self.adv_wins(s, y))
            return self.adv_strategy(sub, y, states)
        # one phase (docs/variants.md §7b): for an answer b wrong for a target h that x satisfies, present h's
        # infinite cells once, then play (x, y - b) until b is answered, and again. If b recurs, the cells that
        # recur lie in x and hold h's infinite cells, so h is defeated; if not, the play ends in (x, y - b),
        # which the adversary wins too (adv_wins requires it for every b). Size: at most |y| phases
        need, b = next((need, b) for _, need, free, wrong in self.targets if need & ~x == 0 and x & ~free == 0
                       for b in bits(y & wrong))
        sweep = len(states)                               # also the start of (x, y - b) when need is empty
        cells = list(bits(need))
        for c in cells:
            states.append([c, {}])
        sub = self.adv_strategy(x, y & ~(1 << b), states)
        for i in range(len(cells)):
            states[sweep + i][1] = {a: (sweep + i + 1 if i + 1 < len(cells) else sub) for a in bits(y)}
        for s in range(sweep + len(cells), len(states)):
            states[s][1].setdefault(b, sweep)
        return sweep

    def fixed(self, x: int, y: int) -> int:
        """A small nonempty set of cells inside x that wins whichever answers of y recur (the infinite cells
        of one target, or one cell, or x itself), or 0 if there is none among these."""
        options = [need for _, need, _, _ in self.targets if need and need & ~x == 0] + [1 << c for c in bits(x)]
        return next((s for s in sorted(options, key=int.bit_count) + [x]
                     if all(self.win(s, 1 << b) for b in bits(y))), 0)

    def gen_strategy(self, x: int, y: int, mem: list) -> int:
        """Append the generator's winning Mealy automaton for (x, y) to `mem` (each {cell: (answer, state)},
        complete for the cells in x); returns its first state."""
        if self.win(x, y):
            b = next(b for b in bits(y) if y & ~(1 << b) and not self.adv_wins(x, y & ~(1 << b)))
            return self.gen_strategy(x, y & ~(1 << b), mem)
        kids = self.children(x, y)
        if not kids:
            first = len(mem)
            mem.append({c: (low(y), first) for c in bits(x)})
            return first
        starts, ranges = [], []
        for sub in kids:
            lo = len(mem)
            starts.append(self.gen_strategy(sub, y, mem))
            ranges.append((lo, len(mem)))
        for i, (sub, (lo, hi)) in enumerate(zip(kids, ranges)):
            nxt = starts[(i + 1) % len(kids)]
            for s in range(lo, hi):
                for c in bits(x & ~sub):
                    mem[s][c] = (low(y), nxt)   # the adversary left this phase's cells: next phase
        return starts[0]


@dataclass(frozen=True)
class Why:
    """How the adversary wins a level: "first"/"leave" (play `move`) or "stay" (the stay game)."""

    kind: str
    move: Move | None = None


@dataclass
class FSolution:
    arena: FArena
    adversary_wins: bool
    value: object = field(repr=False)
    why: dict = field(repr=False)
    stay: object = field(repr=False)     # level -> its Stay game (or None)

    @property
    def verdict(self) -> str:
        return "not-generatable" if self.adversary_wins else "generatable"


def solve_finite(table: CellTable, variant: FiniteVariant) -> FSolution:
    """Decide proper generation in the limit under `variant` (delay 1), exactly."""
    arena = FArena.of(table, variant)
    n = arena.n
    memo: dict = {}
    why: dict = {}
    stays_of: dict = {}

    def stay_game(p, o, u) -> Stay | None:
        key = (p, o, u)
        if key in stays_of:
            return stays_of[key]
        cells, bads = 0, {}
        if o:
            for move, p2, u2, bad in arena.moves(p, o, u):
                if (p2, u2) == (p, u):
                    cells |= 1 << move.cell
                    bads[move.cell] = bad
        alive = alive_of(u)
        targets = []
        for h in bits(alive):
            if not arena.omits_ok(h, p):
                continue
            free = sum(1 << c for c in bits(cells) if not bads[c] >> h & 1)
            targets.append((h, arena.need(h), free, arena.wrong(h, o)))
        game = Stay(cells, o, tuple(targets)) if cells else None
        stays_of[key] = game
        return game

    def value(p, o, u) -> bool:
        key = (p, o, u)
        got = memo.get(key)
        if got is not None:
            return got
        alive = alive_of(u)
        if not alive or arena.inside_all(alive):
            memo[key] = GEN
            return GEN
        seen = set()
        for move, p2, u2, _ in arena.moves(p, o, u):
            if not alive_of(u2) or ((p2, u2) == (p, u) and o) or (p2, u2) in seen:
                continue
            seen.add((p2, u2))
            if all(value(p2, o | 1 << b, u2) for b in range(n)):
                memo[key] = ADV
                why[key] = Why("first" if not o else "leave", move)
                return ADV
        game = stay_game(p, o, u)
        won = game is not None and all(value(p, o | 1 << b, u) for b in range(n) if not o >> b & 1) \
            and game.adv_wins(game.cells, o)
        memo[key] = won
        if won:
            why[key] = Why("stay")
        return won

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        wins = value(*arena.start())
    finally:
        sys.setrecursionlimit(limit)
    return FSolution(arena, wins, value, why, stay_game)
