"""The exact bounded equivalence oracle for black boxes: every abstract stream up to the horizon,
then CEGAR on the verdict of the hypothesis (docs/verify.md, "Black boxes").

Conformance: the prefix tree of ALL playable symbol words of at most T rounds is built once, one
real call per prefix, and every hypothesis is compared with it breadth-first (the first, shortest
disagreement is the counterexample). CEGAR: a hypothesis that conforms is verified; a defeat on it
that does not replay on the real code yields the word up to the first differing round as the next
counterexample. Budgets (prefixes, states, time) raise SolverUnknown, never a verdict.
"""
from __future__ import annotations

import time
from typing import Any, Callable

from aalpy.base import Oracle

from ..trusted.classes.model import FiniteClass
from ..trusted.errors import SolverUnknown
from .concrete import Concretizer
from .engine import VerifyResult, verify_generator
from ..generators.machine import Machine, MealyModel

MAX_PREFIXES = 200_000
BLOCKED = "n/a"   # output of a symbol that cannot be played here (e.g. repeat of an unseen cell)

Symbol = tuple[int, str]


def clone(con: Concretizer) -> Concretizer:
    """A copy of a play so far (the per-cell element caches are shared: they are deterministic)."""
    new = Concretizer.__new__(Concretizer)
    new.cls, new.proper, new.sigs = con.cls, con.proper, con.sigs
    new.inputs, new.answers, new.seen = list(con.inputs), list(con.answers), set(con.seen)
    new._elements, new._iters = con._elements, con._iters
    return new


def to_machine(hyp: Any, alphabet: list[Symbol], kind: str) -> Machine:
    """An AALpy Mealy machine as a cell-level Machine (unplayable symbols answer 0; never played)."""
    ids = {s: f"l{i}" for i, s in enumerate(hyp.states)}
    delta = {}
    for s in hyp.states:
        for sym in alphabet:
            out = s.output_fun[sym]
            delta[(ids[s], sym[0], sym[1])] = (ids[s.transitions[sym]], 0 if out == BLOCKED else out)
    return Machine(kind, tuple(ids[s] for s in hyp.states), ids[hyp.initial_state], delta)


class PrefixTree:
    """The real generator's abstract answer on every playable word of at most `horizon` symbols.

    Grown one level at a time, as far as a comparison needs it (one real call per prefix);
    levels[k] lists the words of length k+1 as (parent index in levels[k-1], symbol, answer)."""

    def __init__(self, cls: FiniteClass, real: Callable, proper: bool, alphabet: list[Symbol], horizon: int,
                 deadline: float, max_prefixes: int = MAX_PREFIXES):
        self.real, self.alphabet, self.proper, self.horizon = real, alphabet, proper, horizon
        self.deadline, self.max_prefixes = deadline, max_prefixes
        self.levels: list[list[tuple[int, Symbol, Any]]] = []
        self.frontier = [Concretizer(cls, proper)]
        self.size = 0

    def _grow(self) -> None:
        depth = len(self.levels)
        level: list[tuple[int, Symbol, Any]] = []
        nxt: list[Concretizer] = []
        for i, con in enumerate(self.frontier):
            for sym in self.alphabet:
                try:
                    child = clone(con)
                    child.present(*sym)
                except (ValueError, StopIteration):
                    continue
                if self.size + len(level) >= self.max_prefixes:
                    raise SolverUnknown(_too_big(self.alphabet, self.proper, self.horizon, depth + 1, self.size,
                                                 self.max_prefixes))
                if len(level) % 256 == 0 and time.monotonic() > self.deadline:
                    raise SolverUnknown(f"unknown: the time budget ran out while running the generator on every "
                                        f"stream up to {self.horizon} rounds ({self.size + len(level)} prefixes so "
                                        f"far); no verdict")
                g = self.real(tuple(child.inputs))
                level.append((i, sym, child.abstract(g)))
                child.record(g)
                nxt.append(child)
        self.levels.append(level)
        self.size += len(level)
        self.frontier = nxt if depth + 1 < self.horizon else []

    def word(self, depth: int, i: int) -> tuple[Symbol, ...]:
        out = []
        while depth >= 0:
            parent, sym, _ = self.levels[depth][i]
            out.append(sym)
            i, depth = parent, depth - 1
        return tuple(reversed(out))

    def first_difference(self, hyp: Any) -> tuple[Symbol, ...] | None:
        """The shortest (breadth-first) word on which the hypothesis answers differently, or None."""
        states = [hyp.initial_state]
        for depth in range(self.horizon):
            if depth == len(self.levels):
                self._grow()
            level = self.levels[depth]
            nxt = []
            for i, (parent, sym, answer) in enumerate(level):
                s = states[parent]
                if s.output_fun[sym] != answer:
                    return self.word(depth, i)
                nxt.append(s.transitions[sym])
            states = nxt
        return None


def _too_big(alphabet: list[Symbol], proper: bool, horizon: int, depth: int, done: int, cap: int) -> str:
    cells = len({c for c, _ in alphabet})
    hows = "new/repeat" if proper else "new/repeat/echo"
    shorter = f"; rounds <= {depth - 1} have {done} (try --horizon {depth - 1})" if depth > 1 else ""
    return (f"unknown: exact equivalence up to --horizon {horizon} needs every stream over {len(alphabet)} symbols "
            f"({cells} cells x {hows}), more than {cap} prefixes by round {depth}{shorter}; no verdict")


class ExactOracle(Oracle):
    """AALpy equivalence oracle: exact conformance up to the horizon, then CEGAR on the verdict."""

    def __init__(self, alphabet: list[Symbol], sul: Any, tree: PrefixTree, check: Callable[[Machine], VerifyResult],
                 real: Callable, cls: FiniteClass, kind: str, max_states: int, deadline: float):
        super().__init__(alphabet, sul)
        self.tree, self.check, self.real, self.cls, self.kind = tree, check, real, cls, kind
        self.max_states, self.deadline = max_states, deadline
        self.result: VerifyResult | None = None
        self.hypothesis: Any = None
        self.conformance_cex = 0
        self.cegar_cex = 0

    def find_cex(self, hypothesis: Any) -> tuple[Symbol, ...] | None:
        if len(hypothesis.states) > self.max_states:
            raise SolverUnknown(f"unknown: the learned machine has {len(hypothesis.states)} states, more than --states "
                                f"{self.max_states}; no verdict")
        if time.monotonic() > self.deadline:
            raise SolverUnknown("unknown: the time budget ran out while learning; no verdict")
        cex = self.tree.first_difference(hypothesis)
        if cex is not None:
            self.conformance_cex += 1
            return cex
        machine = to_machine(hypothesis, self.alphabet, self.kind)
        seen: list[tuple] = []

        def recorded(observed: tuple) -> object:
            seen.append(tuple(observed))
            return self.real(observed)

        try:
            result = self.check(machine, recorded)
        except SolverUnknown:
            cex = self._mismatch(seen[-1], hypothesis) if seen else None
            if cex is None:
                raise
            self.cegar_cex += 1
            return cex
        self.result, self.hypothesis = result, hypothesis
        return None

    def _mismatch(self, observed: tuple, hyp: Any) -> tuple[Symbol, ...] | None:
        """The word up to the first round where the real code and the hypothesis answer differently."""
        con = Concretizer(self.cls, self.kind == "proper")
        s = hyp.initial_state
        word: list[Symbol] = []
        for t, x in enumerate(observed):
            c, how = con.how(x)
            if c is None:
                return None
            word.append((c, how))
            con.inputs.append(x)
            con.seen.add(x)
            g = self.real(tuple(observed[:t + 1]))
            if s.output_fun[(c, how)] != con.abstract(g):
                return tuple(word)
            con.record(g)
            s = s.transitions[(c, how)]
        return None


def make_check(cls: FiniteClass, spec: str, notion: str, thresholds: dict[int, int] | None, replay: bool,
               source: str | None, deadline: float) -> Callable[[Machine, Callable], VerifyResult]:
    """Verify a hypothesis machine; its defeats are replayed on `real` (a mismatch is SolverUnknown)."""
    def check(machine: Machine, real: Callable) -> VerifyResult:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SolverUnknown("unknown: the time budget ran out while learning; no verdict")
        return verify_generator(cls, spec, notion, thresholds, replay, source=source,
                                model=MealyModel(machine, spec), timeout=left, real=real)
    return check
