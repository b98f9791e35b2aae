"""Black-box generators (file.py:function): learn a Mealy machine over the cell alphabet, verify it,
and confirm any defeat on the real code (docs/verify.md, "Black boxes").

Membership queries run the real function on concrete elements (concrete.py); equivalence queries
are exact up to the horizon (every playable abstract stream, exact.py), followed by CEGAR: a defeat
of the hypothesis that does not replay on the real code is a counterexample that refines it.
"""
from __future__ import annotations

import time
from typing import Any

from ..trusted.classes.model import FiniteClass
from ..trusted.errors import SolverUnknown
from .concrete import Concretizer
from .engine import VerifyResult
from . import exact
from .exact import BLOCKED, ExactOracle, PrefixTree, make_check, to_machine
from ..generators.machine import HOWS, machine_to_dict
from ..trusted.generators.base import PROPER
from ..trusted.generators.library import written


def _sul(cls: FiniteClass, real, proper: bool, deadline: float):
    from aalpy.base import SUL

    class CellSUL(SUL):
        """The real function behind the cell alphabet: one concrete play per query."""

        def pre(self) -> None:
            self.con, self.blocked = Concretizer(cls, proper), False
            if time.monotonic() > deadline:
                raise SolverUnknown("unknown: the time budget ran out while learning; no verdict")

        def post(self) -> None:
            pass

        def step(self, letter):
            if self.blocked:
                return BLOCKED
            c, how = letter
            try:
                self.con.present(c, how)
            except (ValueError, StopIteration):
                self.blocked = True
                return BLOCKED
            g = real(tuple(self.con.inputs))
            a = self.con.abstract(g)
            self.con.record(g)
            return a

    return CellSUL()


def learn_and_verify(cls: FiniteClass, spec: str, real, proper: bool, notion: str, thresholds: dict[int, int] | None,
                     replay: bool, *, source: str | None, horizon: int, max_states: int, deadline: float,
                     max_prefixes: int | None = None) -> tuple[VerifyResult, Any, dict[str, Any]]:
    """KV learning with the exact oracle and CEGAR: (verdict of the last hypothesis, that machine, stats).

    The verdict is `defeated` only when the defeat replayed on the real code; SolverUnknown on any budget."""
    from aalpy.learning_algs import run_KV
    kind = PROPER if proper else "element"
    alphabet = [(c, how) for c in range(len(cls.table.cells)) for how in HOWS[kind]]
    tree = PrefixTree(cls, real, proper, alphabet, horizon, deadline,
                      exact.MAX_PREFIXES if max_prefixes is None else max_prefixes)
    sul = _sul(cls, real, proper, deadline)
    check = make_check(cls, spec, notion, thresholds, replay, source, deadline)
    oracle = ExactOracle(alphabet, sul, tree, check, real, cls, kind, max_states, deadline)
    _, info = run_KV(alphabet, sul, oracle, "mealy", return_data=True, print_level=0)
    if oracle.result is None:  # KV stopped without a confirmed hypothesis
        raise SolverUnknown("unknown: learning stopped before a hypothesis passed the equivalence check; no verdict")
    machine = to_machine(oracle.hypothesis, alphabet, kind)
    stats = {"states": len(machine.states), "prefixes": tree.size, "horizon": horizon,
             "membership_queries": info.get("queries_learning"), "rounds": info.get("learning_rounds"),
             "conformance_counterexamples": oracle.conformance_cex, "cegar_counterexamples": oracle.cegar_cex}
    return oracle.result, machine, stats


def verify_black_box(cls: FiniteClass, spec: str, notion: str, thresholds: dict[int, int] | None, replay: bool,
                     *, source: str | None, horizon: int, max_states: int, timeout: float,
                     save_model: str | None = None, max_prefixes: int | None = None,
                     on_generator=None) -> VerifyResult:
    """Learn (exact up to the horizon, CEGAR), verify, and confirm any defeat on the real code.

    on_generator(gen), if given, receives the resolved generator (the shell reports its output and
    nondeterminism from it, also when the budget runs out)."""
    from ..trusted.generators.base import PROPER as GEN_PROPER
    from ..generators.under_test import runner as under_test
    start = time.monotonic()
    spec = written(spec)  # the name as the certificate records it and `check` reads it
    runner = under_test(spec, cls, deadline=start + timeout)
    if on_generator is not None:
        on_generator(runner.gen)
    first = next(iter(cls.cell_elements(cls.table.cells[0].signature)))
    proper = runner.resolve_kind((runner.words.rank(first) if runner.words else first,)) == GEN_PROPER
    r, machine, stats = learn_and_verify(cls, spec, runner.call, proper, notion, thresholds, replay, source=source,
                                         horizon=horizon, max_states=max_states, deadline=start + timeout,
                                         max_prefixes=max_prefixes)
    if save_model:
        import json
        from pathlib import Path
        Path(save_model).write_text(json.dumps(machine_to_dict(machine, cls), indent=1) + "\n", encoding="utf-8")
    how = (f"KV, AALpy: {stats['membership_queries']} membership queries, {stats['conformance_counterexamples']} "
           f"conformance and {stats['cegar_counterexamples']} CEGAR counterexamples")
    learned = (f"learned machine: {stats['states']} states ({how}; exact equivalence up to {horizon} rounds, "
               f"{stats['prefixes']} prefixes)")
    seconds = time.monotonic() - start
    if r.verdict == "verified":
        note = (f"the learned machine ({stats['states']} states) is verified for every horizon, and it agrees with "
                f"the generator on every stream of at most {horizon} rounds ({stats['prefixes']} prefixes compared); "
                f"no claim about the code beyond {horizon} rounds ({how})")
        return VerifyResult("verified-for-learned-model", r.spec, r.notion, r.replay, r.states, seconds,
                            r.certificate, note=note, thresholds=r.thresholds)
    return VerifyResult(r.verdict, r.spec, r.notion, r.replay, r.states, seconds, r.certificate, r.trace,
                        r.target, learned + "; the defeat was replayed on the real code and judged by the kernel",
                        r.thresholds, r.prefix)
