"""The original backward-induction solver, kept verbatim as a baseline (tests and benchmarks only).

Set logic over cell lists and one (O, A) state at a time, exactly as before the bitmask solver in
`solve.py`; the differential test `tests/test_solve_fast.py` compares verdicts and certificates,
and `benchmarks/bench_hot.py` times both. Not used by any command.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..trusted.classes.cells import CellTable
from .arena import Game, bits

ADV, GEN = True, False


def _legal_for(game: Game, cell: int, answers: int) -> int:
    sig = game.sigs[cell]
    return game.everyone if game.replay and sig & answers else sig


def _stable(game: Game, answers: int, targets: int) -> list[int]:
    return [c for c in range(len(game.sigs)) if targets & ~_legal_for(game, c, answers) == 0]


def _eligible(game: Game, answers: int, targets: int) -> int:
    inside = set(_stable(game, answers, targets))
    out = 0
    for h in bits(targets):
        if all(c in inside for c, s in enumerate(game.sigs) if s >> h & 1):
            out |= 1 << h
    return out


def _leave_moves(game: Game, answers: int, targets: int) -> dict[int, int]:
    moves: dict[int, int] = {}
    for c in range(len(game.sigs)):
        shrunk = targets & _legal_for(game, c, answers)
        if shrunk and shrunk != targets and shrunk not in moves:
            moves[shrunk] = c
    return moves


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


@dataclass(frozen=True)
class Solution:
    """The verdict of the proper-limit game and the winner of every closed state explored."""

    game: Game
    adversary_wins: bool
    first_cell: int             # adversary: a winning first presentation (-1 if none)
    why: dict[tuple[int, int], Why] = field(repr=False)

    @property
    def verdict(self) -> str:
        return "not-generatable" if self.adversary_wins else "generatable"

    def wins(self, answers: int, targets: int) -> bool:
        """Whether the adversary wins the closed state (O, A)."""
        return _value(self.game, answers, targets, self.why)

    def stay_answer(self, answers: int, targets: int) -> int:
        """A generator answer in O that is inside every eligible target, or -1."""
        return _stay(self.game, answers, targets)


def _stay(game: Game, answers: int, targets: int) -> int:
    elig = _eligible(game, answers, targets)
    for a in bits(answers):
        if game.below[a] & elig == elig:
            return a
    return -1


def _value(game: Game, o: int, a: int, memo: dict[tuple[int, int], Why]) -> bool:
    """True iff the adversary wins the closed state (O=o, A=a), o non-empty; fills memo."""
    key = (o, a)
    if key in memo:
        return memo[key].kind in ("leave", "loop")
    if a == 0:
        memo[key] = Why("empty")
        return GEN
    moves = sorted(_leave_moves(game, o, a).items(), key=lambda kv: (bin(kv[0]).count("1"), kv[0]))
    for shrunk, cell in moves:
        if all(_value(game, o | 1 << b, shrunk, memo) for b in range(game.n)):
            memo[key] = Why("leave", cell=cell, targets=shrunk)
            return ADV
    for b in range(game.n):
        if not o >> b & 1 and not _value(game, o | 1 << b, a, memo):
            up = Why("up", answer=b)
            break
    else:
        up = None
    stay = _stay(game, o, a)
    if stay >= 0:  # staying wins; preferred to going up (fewer generator states)
        memo[key] = Why("stay", answer=stay)
        return GEN
    if up is not None:
        memo[key] = up
        return GEN
    memo[key] = Why("loop", targets=_eligible(game, o, a))
    return ADV


def solve_reference(table: CellTable, replay: bool = True) -> Solution:
    """Decide proper generation in the limit (with or without replay) for a finite class."""
    game = Game.of(table, replay)
    memo: dict[tuple[int, int], Why] = {}
    first = -1
    order = sorted(game.first_moves().items(), key=lambda kv: (-bin(kv[0]).count("1"), kv[1]))
    for sig, cell in order:
        if all(_value(game, 1 << b, sig, memo) for b in range(game.n)):
            first = cell
            break
    return Solution(game, first >= 0, first, memo)
