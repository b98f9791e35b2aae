"""The solver layer: z3 searches the bounded game, the generator is run lazily (CEGAR).

z3 proposes a legal stream with a wrong answer at round L, choosing unknown answers freely;
the generator is run on the proposed prefixes; its real answers become facts; repeat until a
proposal is real (then the kernel re-judges it) or z3 says unsat. One incremental solver per
target; L = 1, 2, ... are tried as assumptions, so the first defeat found is a shortest one.
Round L's definitions enter the solver when round L is first searched, and round L's search
depends only on L (its pool is `Game.round_pool`), so `Search.run` can be resumed with a larger
horizon without searching any smaller round again (what `threshold` does when it deepens).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

import z3
from pysmt.fnode import FNode
from pysmt.shortcuts import Symbol, get_env
from pysmt.solvers.z3 import Z3Converter
from pysmt.typing import BOOL

from ..trusted.errors import SolverUnknown
from ..trusted.kernel import Trace, correct, judge
from . import encode as E
from ..generators.under_test import UnderTest
from .space import Game
from .symbolic import Terms, values
from .symbolic import round_constraints as generator_round


class EncodingMismatch(AssertionError):
    """z3's model was real but the kernel disagrees: a bug in the encoding, never a verdict."""


@dataclass(frozen=True)
class Found:
    """A kernel-judged defeating trace."""

    target: int
    inputs: tuple[int, ...]
    answers: tuple[int, ...]
    round: int           # the failing round (= the stream's length)
    trace: Trace


@dataclass
class Stats:
    checks: int = 0
    facts: int = 0
    seconds: float = 0.0


@dataclass
class TargetState:
    """One target's incremental solver, its symbols and the facts learned so far."""

    vars: E.Vars
    solver: z3.Solver
    base: list[FNode]                 # constraints of the rounds added so far
    terms: Terms | None = None        # the generator as terms (symbolic engine)
    rounds: int = 0                   # rounds whose constraints are in the solver
    per_round: dict[int, list[FNode]] = field(default_factory=dict)
    facts: list[FNode] = field(default_factory=list)
    known: set[tuple[int, ...]] = field(default_factory=set)
    guards: dict[int, z3.BoolRef] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """The result of a search: a defeat, or none within the horizon (with what was searched)."""

    game: Game
    found: Found | None
    checks: int
    facts: int
    generator_calls: int
    seconds: float
    formulas: dict[int, tuple[list[FNode], list[FNode]]]  # target -> (constraints, learned facts)
    symbolic: bool = False
    variables: dict[int, E.Vars] = field(default_factory=dict)  # target -> its symbols

    @property
    def defeated(self) -> bool:
        return self.found is not None

    def _repr_html_(self) -> str:
        """A notebook shows the defeat as the explorer's timeline, or the class when none was found."""
        from ..explore import attack_certificate, notebook
        return notebook(attack_certificate(self), cls=self.game.cls)


class Search:
    """A CEGAR search of one game against one generator."""

    def __init__(self, game: Game, runner: UnderTest, timeout: float = 60.0, symbolic: bool = True,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.game, self.runner = game, runner
        self.progress = progress  # progress(rounds searched, horizon): the shell's bar, if any
        self.symbolic = bool(symbolic and getattr(runner.gen, "recipe", ()))
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.conv = Z3Converter(get_env(), z3.main_ctx())
        self.stats = Stats()
        # bundled generators as terms: every value is known, so numbers are bit-vectors
        self.width = E.value_width(game, values(game, runner.gen.recipe)) if self.symbolic else None
        self.states = {h: self._state(h) for h in game.targets}
        self.searched = 0         # rounds 1..searched have no defeat for any target
        self.found: Found | None = None

    def _state(self, h: int) -> TargetState:
        terms = Terms(self.game, self.runner.gen.recipe, self.width) if self.symbolic else None
        # bit-vectors: bit-blast and SAT-solve (several times faster here than the incremental core)
        solver = z3.Tactic("qfbv").solver() if self.width else z3.Solver()
        return TargetState(E.variables(self.game, h, self.width), solver, [], terms)

    def _round(self, h: int, t: int) -> list[FNode]:
        """Round t's constraints for target h (built once)."""
        st = self.states[h]
        if t not in st.per_round:
            out = E.round_constraints(self.game, h, st.vars, t)
            if st.terms is not None:
                out += generator_round(st.terms, h, st.vars, t)
            st.per_round[t] = out
        return st.per_round[t]

    def _add_rounds(self, h: int, t: int) -> None:
        """Put the definitions of rounds up to t into target h's solver (once each)."""
        st = self.states[h]
        while st.rounds < t:
            st.rounds += 1
            for f in self._round(h, st.rounds):
                st.base.append(f)
                st.solver.add(self.conv.convert(f))

    def guard(self, h: int, t: int) -> z3.BoolRef:
        """A Boolean that, assumed, asks for a defeat of target h at round t."""
        st = self.states[h]
        self._add_rounds(h, t)
        if t not in st.guards:
            g = self.conv.convert(Symbol(f"t{h}_defeat{t}", BOOL))
            st.solver.add(g == self.conv.convert(E.defeat(self.game, h, st.vars, t)))
            st.guards[t] = g
        return st.guards[t]

    def run(self, horizon: int | None = None) -> Outcome:
        """Shortest defeat over all targets and rounds 1..horizon (default: the game's), or none.

        Resumable: a later call with a larger horizon searches only the rounds not searched yet.
        """
        horizon = self.game.horizon if horizon is None else horizon
        if not 1 <= horizon <= self.game.horizon:
            raise ValueError(f"horizon {horizon} outside 1..{self.game.horizon}")
        start = time.monotonic()
        t = self.searched
        while self.found is None and t < horizon:
            t += 1
            for h in self.game.targets:
                self.found = self.cegar(h, t)
                if self.found:
                    break
            else:
                self.searched = t
                if self.progress:
                    self.progress(t, horizon)
        self.stats.seconds += time.monotonic() - start
        game = self.game if horizon == self.game.horizon else self.game.at_horizon(horizon)
        found = self.found if self.found is not None and self.found.round <= horizon else None
        return Outcome(game, found, self.stats.checks, self.stats.facts, self.runner.calls,
                       self.stats.seconds, *self._integer_formulas(horizon))

    def _integer_formulas(self, horizon: int) -> tuple[dict, bool, dict]:
        """Every round's definitions over integers (the export and cvc5's re-check read these)."""
        if self.width is None:
            return ({h: ([f for r in range(1, horizon + 1) for f in self._round(h, r)], st.facts)
                     for h, st in self.states.items()}, self.symbolic, {h: st.vars for h, st in self.states.items()})
        formulas, variables = {}, {}
        for h in self.game.targets:
            v, terms = E.variables(self.game, h), Terms(self.game, self.runner.gen.recipe)
            formulas[h] = ([f for r in range(1, horizon + 1)
                            for f in E.round_constraints(self.game, h, v, r) + generator_round(terms, h, v, r)], [])
            variables[h] = v
        return formulas, self.symbolic, variables

    def cegar(self, h: int, t: int) -> Found | None:
        """Refine until z3's proposal of a defeat at round t is real, or there is none."""
        st, g = self.states[h], self.guard(h, t)
        while True:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise SolverUnknown(f"unknown: the search ran out of time ({self.timeout:g} s) at round {t}, "
                                    f"target {self.game.cls.names[h]}; no verdict")
            st.solver.set("timeout", max(1, int(remaining * 1000)))
            self.stats.checks += 1
            res = st.solver.check(g)
            if res == z3.unsat:
                return None
            if res != z3.sat:
                raise SolverUnknown(f"unknown: z3 answered {res} ({st.solver.reason_unknown()}) at round {t}, "
                                    f"target {self.game.cls.names[h]}; no verdict")
            model = st.solver.model()
            xs = tuple(_number(model.eval(self.conv.convert(x), model_completion=True)) for x in st.vars.x[:t])
            real = self.refine(h, st, xs, model)
            if real is not None:
                trace = judge(self.game.cls, h, xs, real, self.game.mode)
                if not self.game.defeated_at(trace, t):
                    raise EncodingMismatch(f"z3's stream {xs} with real answers {real} is no defeat for the kernel")
                return Found(h, xs, real, t, trace)

    def refine(self, h: int, st: TargetState, xs: tuple[int, ...], model: z3.ModelRef) -> tuple[int, ...] | None:
        """Run the generator along z3's stream; learn facts up to the first wrong guess.

        Returns the real answers when z3 guessed them all, else None.
        """
        answers: list[int] = []
        for t in range(1, len(xs) + 1):
            prefix = xs[:t]
            a = self.runner.answer(prefix)
            ok = correct(self.game.cls, h, set(prefix), a, self.game.mode)[0]
            answers.append(a)
            new = prefix not in st.known and not self.symbolic
            if new:
                st.known.add(prefix)
                f = E.fact(st.vars, prefix, a, ok)
                st.facts.append(f)
                st.solver.add(self.conv.convert(f))
                self.stats.facts += 1
            guessed = _number(model.eval(self.conv.convert(st.vars.g[t - 1]), model_completion=True))
            guessed_ok = z3.is_true(model.eval(self.conv.convert(st.vars.ok[t - 1]), model_completion=True))
            if guessed != a or guessed_ok != ok:
                if not new:
                    raise EncodingMismatch(f"z3's answer after {prefix} is not the generator's "
                                           f"({guessed} vs {a}; correct {guessed_ok} vs {ok})")
                return None
        return tuple(answers)


def _number(value: z3.ExprRef) -> int:
    """A model's integer or signed bit-vector value as a Python int."""
    return value.as_signed_long() if z3.is_bv_value(value) else value.as_long()


def attack(game: Game, runner: UnderTest, timeout: float = 60.0, symbolic: bool = True,
           progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Search the game; a returned defeat has been re-judged by the kernel.

    Bundled generators are encoded in the formula (symbolic=True); user code always runs lazily.
    """
    return Search(game, runner, timeout, symbolic, progress).run()


def deepen(game: Game, runner: UnderTest, horizons: Sequence[int], timeout: float = 60.0,
           symbolic: bool = True, progress: Callable[[int, int], None] | None = None) -> Iterator[Outcome]:
    """One search, resumed at each horizon (ascending, at most the game's): an Outcome per horizon.

    Stops after the first defeat; raises SolverUnknown when the shared time budget runs out.
    """
    search = Search(game, runner, timeout, symbolic, progress)
    for T in horizons:
        out = search.run(T)
        yield out
        if out.defeated:
            return
