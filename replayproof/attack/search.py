"""The solver layer: z3 searches the bounded game, the generator is run lazily (CEGAR).

z3 proposes a legal stream with a wrong answer at round L, choosing unknown answers freely;
the generator is run on the proposed prefixes; its real answers become facts; repeat until a
proposal is real (then the kernel re-judges it) or z3 says unsat. One incremental solver per
target; L = 1, 2, ... are tried as assumptions, so the first defeat found is a shortest one.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3
from pysmt.fnode import FNode
from pysmt.shortcuts import Symbol, get_env
from pysmt.solvers.z3 import Z3Converter
from pysmt.typing import BOOL

from ..errors import SolverUnknown
from ..kernel import Trace, correct, judge
from . import encode as E
from .runner import Runner
from .space import Game
from .symbolic import generator_constraints


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
    base: list[FNode]
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

    @property
    def defeated(self) -> bool:
        return self.found is not None


class Search:
    """A CEGAR search of one game against one generator."""

    def __init__(self, game: Game, runner: Runner, timeout: float = 60.0, symbolic: bool = True) -> None:
        self.game, self.runner = game, runner
        self.symbolic = bool(symbolic and runner.gen.recipe)
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.conv = Z3Converter(get_env(), z3.main_ctx())
        self.stats = Stats()
        self.states = {h: self._state(h) for h in game.targets}

    def _state(self, h: int) -> TargetState:
        v = E.variables(self.game, h)
        solver = z3.Solver()
        base = E.game_constraints(self.game, h, v)
        if self.symbolic:
            base += generator_constraints(self.game, h, v, self.runner.gen.recipe)
        for f in base:
            solver.add(self.conv.convert(f))
        return TargetState(v, solver, base)

    def guard(self, h: int, t: int) -> z3.BoolRef:
        """A Boolean that, assumed, asks for a defeat of target h at round t."""
        st = self.states[h]
        if t not in st.guards:
            g = self.conv.convert(Symbol(f"t{h}_defeat{t}", BOOL))
            st.solver.add(g == self.conv.convert(E.defeat(self.game, h, st.vars, t)))
            st.guards[t] = g
        return st.guards[t]

    def run(self) -> Outcome:
        """Shortest defeat over all targets and rounds 1..T, or none."""
        start = time.monotonic()
        found = None
        for t in range(1, self.game.horizon + 1):
            for h in self.game.targets:
                found = self.cegar(h, t)
                if found:
                    break
            if found:
                break
        self.stats.seconds = time.monotonic() - start
        return Outcome(self.game, found, self.stats.checks, self.stats.facts, self.runner.calls,
                       self.stats.seconds, {h: (s.base, s.facts) for h, s in self.states.items()},
                       self.symbolic)

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
            xs = tuple(model.eval(self.conv.convert(x), model_completion=True).as_long() for x in st.vars.x[:t])
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
            guessed = model.eval(self.conv.convert(st.vars.g[t - 1]), model_completion=True).as_long()
            guessed_ok = z3.is_true(model.eval(self.conv.convert(st.vars.ok[t - 1]), model_completion=True))
            if guessed != a or guessed_ok != ok:
                if not new:
                    raise EncodingMismatch(f"z3's answer after {prefix} is not the generator's "
                                           f"({guessed} vs {a}; correct {guessed_ok} vs {ok})")
                return None
        return tuple(answers)


def attack(game: Game, runner: Runner, timeout: float = 60.0, symbolic: bool = True) -> Outcome:
    """Search the game; a returned defeat has been re-judged by the kernel.

    Bundled generators are encoded in the formula (symbolic=True); user code always runs lazily.
    """
    return Search(game, runner, timeout, symbolic).run()
