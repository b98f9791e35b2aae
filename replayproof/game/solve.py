"""Backward induction on the reduced arena: the exact winner of every closed state (docs/game.md).

States (O, A) are bitmasks and the inner loop is integer arithmetic over the cell signatures
that O does not already make legal. Two exact shortcuts keep the search small: the generator
wins (O, A) outright when some hypothesis lies inside every target of A (docs/game.md, "Solver
shortcuts"), and "stay" is tried before "up". Only values are memoised; the reason (`Why`) of a
state is derived from values by the same rule as `solve_reference`, so certificates are unchanged.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Callable

from ..trusted.classes.cells import CellTable
from .arena import Game, bits

ADV, GEN = True, False
_GEN, _LOOP = -1, 0  # memo codes; a positive code is the shrunk target set of a winning leave


@dataclass(frozen=True)
class Why:
    """How a closed state (O, A) is won.

    kind: "leave" (adversary presents `cell`, shrinking A), "loop" (adversary enumerates the
    eligible targets `targets` forever), "stay" (generator answers `answer` in O forever),
    "up" (generator outputs the new hypothesis `answer`), "empty" (A is empty: generator).
    """

    kind: str
    cell: int = -1
    answer: int = -1
    targets: int = 0


class _Search:
    """Memoised values of closed states; `value(o, a)` is True iff the adversary wins (O=o, A=a)."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self.memo: dict[int, int] = {}   # (o << n | a) -> _GEN, _LOOP or the winning leave's A'
        self.inside: dict[int, int] = {}  # A -> hypotheses inside every target of A
        self.value = self._compile()

    def _compile(self) -> Callable[[int, int], bool]:
        game = self.game
        n, sigs, replay, memo, inside = game.n, game.sigs, game.replay, self.memo, self.inside
        # above[h]: the hypotheses whose support lies inside supp(h)
        above = [sum(1 << x for x in range(n) if game.below[x] >> h & 1) for h in range(n)]
        everyone = (1 << n) - 1
        free_cache: dict[int, tuple[int, ...]] = {}
        answers = [1 << b for b in range(n)]

        def inside_all(m: int) -> int:
            got = inside.get(m)
            if got is None:
                got, rest = everyone, m
                while rest:
                    low = rest & -rest
                    got &= above[low.bit_length() - 1]
                    rest ^= low
                inside[m] = got
            return got

        def free(o: int) -> tuple[int, ...]:
            """Signatures a presentation can still shrink A with: not made legal by a replay of O."""
            got = free_cache.get(o)
            if got is None:
                got = tuple(s for s in sigs if not s & o) if replay else tuple(sigs)
                free_cache[o] = got
            return got

        def value(o: int, a: int) -> bool:
            key = o << n | a
            code = memo.get(key)
            if code is not None:
                return code >= 0
            if not a or inside_all(a):  # empty A, or one answer inside every target: stay on it
                memo[key] = _GEN
                return GEN
            blocked, moves = 0, set()
            for s in free(o):
                if a & ~s:  # not legal for every target: a leave (or an illegal input)
                    blocked |= s
                    shrunk = a & s
                    if shrunk:
                        moves.add(shrunk)
            for shrunk in sorted(moves, key=lambda m: (m.bit_count(), m)):
                if not inside_all(shrunk) and all(value(o | bb, shrunk) for bb in answers):
                    memo[key] = shrunk
                    return ADV
            if inside_all(a & ~blocked) & o:  # stay: an answer in O inside every eligible target
                memo[key] = _GEN
                return GEN
            for bb in answers:
                if not o & bb and not value(o | bb, a):  # up
                    memo[key] = _GEN
                    return GEN
            memo[key] = _LOOP
            return ADV

        return value

    def why(self, o: int, a: int) -> Why:
        """The reason of a state, by the rule of `solve_reference` (first leave, stay, up, loop)."""
        game, value = self.game, self.value
        adv = value(o, a)
        code = self.memo[o << game.n | a]
        if not a:
            return Why("empty")
        if adv and code > 0:
            return Why("leave", cell=game.leave_moves(o, a)[code], targets=code)
        elig = game.eligible(o, a)
        if adv:
            return Why("loop", targets=elig)
        stay = _stay(game, o, a)
        if stay >= 0:
            return Why("stay", answer=stay)
        up = next(b for b in range(game.n) if not o >> b & 1 and not value(o | 1 << b, a))
        return Why("up", answer=up)


class _WhyView(Mapping):
    """Read-only (O, A) -> Why over the states the search has valued, computed on demand."""

    def __init__(self, search: _Search) -> None:
        self._search = search

    def __getitem__(self, key: tuple[int, int]) -> Why:
        o, a = key
        if (o << self._search.game.n | a) not in self._search.memo:
            raise KeyError(key)
        return self._search.why(o, a)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        n = self._search.game.n
        low = (1 << n) - 1
        return ((k >> n, k & low) for k in list(self._search.memo))

    def __len__(self) -> int:
        return len(self._search.memo)


@dataclass(frozen=True)
class Solution:
    """The verdict of the proper-limit game and the winner of every closed state explored."""

    game: Game
    adversary_wins: bool
    first_cell: int             # adversary: a winning first presentation (-1 if none)
    why: Mapping[tuple[int, int], Why] = field(repr=False)

    @property
    def verdict(self) -> str:
        return "not-generatable" if self.adversary_wins else "generatable"

    def wins(self, answers: int, targets: int) -> bool:
        """Whether the adversary wins the closed state (O, A)."""
        return self.why._search.value(answers, targets)  # type: ignore[attr-defined]

    def stay_answer(self, answers: int, targets: int) -> int:
        """A generator answer in O that is inside every eligible target, or -1."""
        return _stay(self.game, answers, targets)


def _stay(game: Game, answers: int, targets: int) -> int:
    elig = game.eligible(answers, targets)
    for a in bits(answers):
        if game.below[a] & elig == elig:
            return a
    return -1


def solve(table: CellTable, replay: bool = True) -> Solution:
    """Decide proper generation in the limit (with or without replay) for a finite class."""
    game = Game.of(table, replay)
    search = _Search(game)
    value = search.value
    first = -1
    order = sorted(game.first_moves().items(), key=lambda kv: (-bin(kv[0]).count("1"), kv[1]))
    for sig, cell in order:
        if all(value(1 << b, sig) for b in range(game.n)):
            first = cell
            break
    return Solution(game, first >= 0, first, _WhyView(search))
