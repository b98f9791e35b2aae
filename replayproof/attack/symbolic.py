"""Bundled generators written as SMT terms, so z3 reasons about them without running them.

The answer after x_1..x_t is a term over those symbols. Every value a term can take and every
input lies in a finite universe U (pool plus possible answers), so membership is a table over U.
The Python function stays the reference: search.py re-runs it on every defeat it reports, and
tests compare both against the brute-force oracle.
"""
from __future__ import annotations

import itertools
from typing import Sequence

from pysmt.fnode import FNode
from pysmt.shortcuts import And, Bool, Equals, Ite, Not, Or, Symbol
from pysmt.typing import BOOL

from ..trusted.generators.library import telltales
from . import encode as E
from .space import Game


def _near(v: int) -> tuple[int, bool]:
    return (abs(v), v < 0)


def _cell_prefix(game: Game, k: int) -> list[tuple[int, frozenset[int]]]:
    """The first k elements of every cell with their signatures, nearest 0 first."""
    out = []
    for c in game.cls.table.cells:
        out += [(v, c.signature) for v in itertools.islice(game.cls.cell_elements(c.signature), k)]
    return sorted(out, key=lambda p: _near(p[0]))


def values(game: Game, recipe: tuple) -> tuple[int, ...]:
    """Every answer the recipe can give within the horizon (elements, or indices for proper)."""
    T = game.horizon
    if recipe[0] == "closure":
        return tuple(v for v, _ in _cell_prefix(game, T + 1))
    if recipe[0] == "sep51-standard":
        return tuple(range(1, T + 2)) + tuple(range(-1, -T - 2, -1))
    if recipe[0] == "telltale":
        return tuple(range(game.cls.n))
    if recipe[0] == "burn-in":
        return tuple(sorted(set(values(game, recipe[2])) | set(game.pool(None)), key=_near))
    raise KeyError(recipe[0])


class Terms:
    """Term builders over one target's symbols, with membership tabled over the universe."""

    def __init__(self, game: Game, recipe: tuple, width: int | None = None) -> None:
        self.game, self.recipe, self.cls, self.width = game, recipe, game.cls, width
        answers = () if game.mode.proper else values(game, recipe)
        self.universe = tuple(sorted(set(game.pool(None)) | set(answers), key=_near))
        self.sig = {u: game.cls.signature(u) for u in self.universe}
        self.used: dict[tuple[FNode, FNode], FNode] = {}
        self.definitions: list[FNode] = []  # of the "used" Booleans, not yet handed out

    def num(self, value: int) -> FNode:
        return E.num(value, self.width)

    def member(self, h: int, term: FNode) -> FNode:
        return Or([Equals(term, self.num(u)) for u in self.universe if h in self.sig[u]] or [Bool(False)])

    def fresh(self, value: FNode, xs: Sequence[FNode]) -> FNode:
        """value is none of xs; for a constant, via one Boolean "used" per prefix (shared by rounds)."""
        if not value.is_constant() or not xs:
            return And([Not(Equals(value, x)) for x in xs])
        return Not(self._used(value, tuple(xs)))

    def _used(self, value: FNode, xs: tuple[FNode, ...]) -> FNode:
        key = (value, xs[-1])
        got = self.used.get(key)
        if got is None:
            got = self.used[key] = Symbol(f"{xs[-1].symbol_name()}_used_{value.constant_value()}", BOOL)
            before = self._used(value, xs[:-1]) if len(xs) > 1 else Bool(False)
            self.definitions.append(E.Iff(got, Or(before, Equals(xs[-1], value))))
        return got

    def first(self, options: list[tuple[FNode, int]], default: FNode) -> FNode:
        """The value of the first option whose condition holds, else default (an Ite chain)."""
        term = default
        for cond, val in reversed(options):
            term = Ite(cond, self.num(val), term)
        return term

    def answer(self, recipe: tuple, xs: Sequence[FNode]) -> FNode:
        """The generator's answer after observing xs, as a term."""
        kind = recipe[0]
        if kind == "sep51-standard":
            t, num, w = len(xs), self.num, self.width
            neg = Or([E.less(x, num(0), w) for x in xs])
            pos_first = self.first([(self.fresh(num(v), xs), v) for v in range(1, t + 2)], num(t + 1))
            neg_first = self.first([(self.fresh(num(v), xs), v) for v in range(-1, -t - 2, -1)], num(-t - 1))
            return Ite(neg, neg_first, pos_first)
        if kind == "closure":
            return self._closure(xs)
        if kind == "telltale":
            return self._telltale(xs)
        if kind == "burn-in":
            d, inner = recipe[1], recipe[2]
            return Ite(E.less(E.distinct_of(xs, self.width), self.num(d), self.width), xs[0], self.answer(inner, xs))
        raise KeyError(kind)

    def _consistent(self, xs: Sequence[FNode]) -> list[FNode]:
        return [And([self.member(h, x) for x in xs]) for h in range(self.cls.n)]

    def _closure(self, xs: Sequence[FNode]) -> FNode:
        n, cands = self.cls.n, _cell_prefix(self.game, len(xs) + 1)
        cons = self._consistent(xs)

        def inside(sig: frozenset[int]) -> FNode:  # V(S) is within sig: the element lies in <S>
            return And([Not(cons[h]) for h in range(n) if h not in sig])

        num = self.num
        main = [(And(inside(s), self.fresh(num(v), xs)), v) for v, s in cands]
        any_main = Or([c for c, _ in main])
        union = self.first([(self.fresh(num(v), xs), v) for v, _ in cands], num(cands[-1][0]))
        guess = union
        for h in reversed(range(n)):  # <S> exhausted: fresh element of the first consistent h
            of_h = self.first([(self.fresh(num(v), xs), v) for v, s in cands if h in s], num(cands[-1][0]))
            guess = Ite(cons[h], of_h, guess)
        return Ite(any_main, self.first(main, num(cands[-1][0])), guess)

    def _telltale(self, xs: Sequence[FNode]) -> FNode:
        cons, tells = self._consistent(xs), telltales(self.cls)
        shown = [And([Or([Equals(x, self.num(e)) for x in xs]) for e in tells[h]]) for h in range(self.cls.n)]
        fallback = self.first([(cons[h], h) for h in range(self.cls.n)], self.num(0))
        return self.first([(And(cons[h], shown[h]), h) for h in range(self.cls.n)], fallback)

    def correct(self, h: int, g: FNode, xs: Sequence[FNode]) -> FNode:
        """The answer g is correct for target h after xs (docs/model.md §1)."""
        if self.game.mode.proper:
            return Or([Equals(g, self.num(j)) for j in range(self.cls.n) if self.cls.subset(j, h)] or [Bool(False)])
        return And(self.member(h, g), self.fresh(g, xs))


def round_constraints(terms: Terms, h: int, v: E.Vars, t: int) -> list[FNode]:
    """g_t = the generator's answer term after x_1..x_t, and ok_t = its correctness."""
    xs = v.x[:t]
    out = [Equals(v.g[t - 1], terms.answer(terms.recipe, xs)), E.Iff(v.ok[t - 1], terms.correct(h, v.g[t - 1], xs))]
    out += terms.definitions
    terms.definitions = []
    return out


def generator_constraints(game: Game, h: int, v: E.Vars, recipe: tuple) -> list[FNode]:
    """g_t = the generator's answer term and ok_t = its correctness, for every round."""
    terms = Terms(game, recipe, v.width)
    return [f for t in range(1, game.horizon + 1) for f in round_constraints(terms, h, v, t)]

