"""The bounded game as pysmt formulas (formula building only; solving lives in search.py).

Per round t: x_t (input), g_t (answer: element or hypothesis index), ok_t (answer correct),
lg_t (input legal). The generator is not in the formula: its answers enter as facts
"after prefix p the answer is a, correct = c", learned lazily (CEGAR, docs/attack.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from pysmt.fnode import FNode
from pysmt.shortcuts import (GE, LT, And, Bool, Equals, Iff, Implies, Int, Ite, Not, Or, Plus,
                             Symbol)
from pysmt.typing import BOOL, INT

from .space import Game


@dataclass(frozen=True)
class Vars:
    """The symbols of one target's copy of the game."""

    x: tuple[FNode, ...]
    g: tuple[FNode, ...]
    ok: tuple[FNode, ...]
    lg: tuple[FNode, ...]


def variables(game: Game, h: int) -> Vars:
    """Fresh symbols for target h, rounds 1..T (index 0 is round 1)."""
    name = f"t{h}_"
    T = range(1, game.horizon + 1)
    return Vars(tuple(Symbol(f"{name}x{t}", INT) for t in T), tuple(Symbol(f"{name}g{t}", INT) for t in T),
                tuple(Symbol(f"{name}ok{t}", BOOL) for t in T), tuple(Symbol(f"{name}lg{t}", BOOL) for t in T))


def _one_of(term: FNode, values: tuple[int, ...]) -> FNode:
    return Or([Equals(term, Int(v)) for v in values]) if values else Bool(False)


def legality(game: Game, h: int, v: Vars, t: int) -> FNode:
    """x_t is legal for target h after answers g_1..g_{t-1} (spec section 2, on the pool)."""
    x, mode, cls = v.x[t - 1], game.mode, game.cls
    genuine = _one_of(x, game.pool(h))
    if not mode.replay or t == 1:
        return genuine
    if not mode.proper:
        return Or([genuine] + [Equals(x, v.g[k]) for k in range(t - 1)])
    options = []
    for e in game.input_pool(h):
        if cls.member(h, e):
            options.append(Equals(x, Int(e)))
            continue
        holders = [j for j in range(cls.n) if cls.member(j, e)]
        lic = Or([Equals(v.g[k], Int(j)) for k in range(t - 1) for j in holders])
        options.append(And(Equals(x, Int(e)), lic))
    return Or(options)


def round_constraints(game: Game, h: int, v: Vars, t: int) -> list[FNode]:
    """Round t's definition of lg_t, and the answer range for proper generators."""
    out = [Iff(v.lg[t - 1], legality(game, h, v, t))]
    if game.mode.proper:
        out.append(And(GE(v.g[t - 1], Int(0)), LT(v.g[t - 1], Int(game.cls.n))))
    return out


def game_constraints(game: Game, h: int, v: Vars) -> list[FNode]:
    """Definitions of lg_t, and answer ranges for proper generators, for every round."""
    return [f for t in range(1, game.horizon + 1) for f in round_constraints(game, h, v, t)]


def within(game: Game, h: int, v: Vars, t: int) -> FNode:
    """Inputs 1..t are genuine candidates of round t's pool (`Game.round_pool`) or replays."""
    pool = game.round_pool(h, t)
    parts = []
    for s in range(1, t + 1):
        options = [_one_of(v.x[s - 1], pool)]
        if game.mode.replay and not game.mode.proper:
            options += [Equals(v.x[s - 1], v.g[k]) for k in range(s - 1)]
        parts.append(Or(options))
    return And(parts)


def distinct(v: Vars, t: int) -> FNode:
    """|{x_1..x_t}| as an integer term."""
    return distinct_of(v.x[:t])


def distinct_of(xs: Sequence[FNode]) -> FNode:
    """|{xs}| as an integer term."""
    new = [And([Not(Equals(xs[s], xs[r])) for r in range(s)]) if s else Bool(True) for s in range(len(xs))]
    return Plus([Ite(n, Int(1), Int(0)) for n in new])


def defeat(game: Game, h: int, v: Vars, t: int) -> FNode:
    """A defeat at round t: rounds 1..t legal over round t's pool, answer t wrong, and it counts."""
    parts = list(v.lg[:t]) + [Not(v.ok[t - 1]), within(game, h, v, t)]
    if game.notion == "proper-limit":
        if t <= game.settle:
            return Bool(False)
    else:
        parts.append(GE(distinct(v, t), Int(game.threshold(h))))
    return And(parts)


def fact(v: Vars, prefix: tuple[int, ...], answer: int, correct: bool) -> FNode:
    """After inputs `prefix` the generator answers `answer`, which is (in)correct for the target."""
    t = len(prefix)
    same = And([Equals(v.x[s], Int(p)) for s, p in enumerate(prefix)])
    ok = v.ok[t - 1] if correct else Not(v.ok[t - 1])
    return Implies(same, And(Equals(v.g[t - 1], Int(answer)), ok))
