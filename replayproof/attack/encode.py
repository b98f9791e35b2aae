"""The bounded game as pysmt formulas (formula building only; solving lives in search.py).

Per round t: x_t (input), g_t (answer: element or hypothesis index), ok_t (answer correct),
lg_t (input legal). The generator is not in the formula: its answers enter as facts
"after prefix p the answer is a, correct = c", learned lazily (CEGAR, docs/attack.md).
Numbers are integers, or signed bit-vectors of a fixed width when every value the formula can
take is known in advance (bundled generators as terms): z3 then bit-blasts, several times faster.
"""
from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import Sequence

from pysmt.fnode import FNode
from pysmt.shortcuts import (GE, LT, SBV, And, Bool, BVAdd, BVSGE, BVSLT, Equals, Iff, Implies, Int, Ite,
                             Not, Or, Plus, Symbol)
from pysmt.typing import BOOL, INT, BVType

from .space import Game


@dataclass(frozen=True)
class Vars:
    """The symbols of one target's copy of the game."""

    x: tuple[FNode, ...]
    g: tuple[FNode, ...]
    ok: tuple[FNode, ...]
    lg: tuple[FNode, ...]
    width: int | None = None   # signed bit-vector width of x_t and g_t; None: integers


def variables(game: Game, h: int, width: int | None = None) -> Vars:
    """Fresh symbols for target h, rounds 1..T (index 0 is round 1), integers or `width`-bit vectors."""
    name = f"t{h}_" if width is None else f"t{h}_w{width}_"
    num = INT if width is None else BVType(width)
    T = range(1, game.horizon + 1)
    return Vars(tuple(Symbol(f"{name}x{t}", num) for t in T), tuple(Symbol(f"{name}g{t}", num) for t in T),
                tuple(Symbol(f"{name}ok{t}", BOOL) for t in T), tuple(Symbol(f"{name}lg{t}", BOOL) for t in T),
                width)


def value_width(game: Game, values: Sequence[int] = ()) -> int:
    """A bit-vector width holding every element the game's formulas mention, counts up to T, and `values`."""
    T = game.horizon
    big = max([T + 1, game.cls.n] + [abs(v) for v in values]
              + [abs(v) for c in game.cls.table.cells for v in itertools.islice(game.cls.cell_elements(c.signature), T + 1)])
    return max(8, big.bit_length() + 2)


def num(value: int, width: int | None) -> FNode:
    """A numeric constant of the formula's sort."""
    return Int(value) if width is None else SBV(value, width)


def less(a: FNode, b: FNode, width: int | None) -> FNode:
    return LT(a, b) if width is None else BVSLT(a, b)


def at_least(a: FNode, b: FNode, width: int | None) -> FNode:
    return GE(a, b) if width is None else BVSGE(a, b)


def total(terms: Sequence[FNode], width: int | None) -> FNode:
    return Plus(terms) if width is None else functools.reduce(BVAdd, terms)


def _one_of(term: FNode, values: tuple[int, ...], width: int | None = None) -> FNode:
    return Or([Equals(term, num(v, width)) for v in values]) if values else Bool(False)


def legality(game: Game, h: int, v: Vars, t: int) -> FNode:
    """x_t is legal for target h after answers g_1..g_{t-1} (docs/model.md §2, on the pool)."""
    x, mode, cls, w = v.x[t - 1], game.mode, game.cls, v.width
    genuine = _one_of(x, game.pool(h), w)
    if not mode.replay or t == 1:
        return genuine
    if not mode.proper:
        return Or([genuine] + [Equals(x, v.g[k]) for k in range(t - 1)])
    options = []
    for e in game.input_pool(h):
        if cls.member(h, e):
            options.append(Equals(x, num(e, w)))
            continue
        holders = [j for j in range(cls.n) if cls.member(j, e)]
        lic = Or([Equals(v.g[k], num(j, w)) for k in range(t - 1) for j in holders])
        options.append(And(Equals(x, num(e, w)), lic))
    return Or(options)


def round_constraints(game: Game, h: int, v: Vars, t: int) -> list[FNode]:
    """Round t's definition of lg_t, and the answer range for proper generators."""
    out = [Iff(v.lg[t - 1], legality(game, h, v, t))]
    if game.mode.proper:
        w = v.width
        out.append(And(at_least(v.g[t - 1], num(0, w), w), less(v.g[t - 1], num(game.cls.n, w), w)))
    return out


def game_constraints(game: Game, h: int, v: Vars) -> list[FNode]:
    """Definitions of lg_t, and answer ranges for proper generators, for every round."""
    return [f for t in range(1, game.horizon + 1) for f in round_constraints(game, h, v, t)]


def within(game: Game, h: int, v: Vars, t: int) -> FNode:
    """Inputs 1..t are genuine candidates of round t's pool (`Game.round_pool`) or replays."""
    pool = game.round_pool(h, t)
    parts = []
    for s in range(1, t + 1):
        options = [_one_of(v.x[s - 1], pool, v.width)]
        if game.mode.replay and not game.mode.proper:
            options += [Equals(v.x[s - 1], v.g[k]) for k in range(s - 1)]
        parts.append(Or(options))
    return And(parts)


def distinct(v: Vars, t: int) -> FNode:
    """|{x_1..x_t}| as a numeric term."""
    return distinct_of(v.x[:t], v.width)


def distinct_of(xs: Sequence[FNode], width: int | None = None) -> FNode:
    """|{xs}| as a numeric term."""
    new = [And([Not(Equals(xs[s], xs[r])) for r in range(s)]) if s else Bool(True) for s in range(len(xs))]
    return total([Ite(n, num(1, width), num(0, width)) for n in new], width)


def defeat(game: Game, h: int, v: Vars, t: int) -> FNode:
    """A defeat at round t: rounds 1..t legal over round t's pool, answer t wrong, and it counts."""
    parts = list(v.lg[:t]) + [Not(v.ok[t - 1]), within(game, h, v, t)]
    if game.notion == "proper-limit":
        if t <= game.settle:
            return Bool(False)
    else:
        parts.append(at_least(distinct(v, t), num(game.threshold(h), v.width), v.width))
    return And(parts)


def fact(v: Vars, prefix: tuple[int, ...], answer: int, correct: bool) -> FNode:
    """After inputs `prefix` the generator answers `answer`, which is (in)correct for the target."""
    t, w = len(prefix), v.width
    same = And([Equals(v.x[s], num(p, w)) for s, p in enumerate(prefix)])
    ok = v.ok[t - 1] if correct else Not(v.ok[t - 1])
    return Implies(same, And(Equals(v.g[t - 1], num(answer, w)), ok))
