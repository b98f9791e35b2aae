"""Black-box generators (file.py:function): learn a Mealy machine over the cell alphabet, verify it,
and confirm any defeat on the real code (docs/verify.md, "Black boxes").

Membership queries run the real function on concrete elements (concrete.py); equivalence queries
are random-word conformance tests up to the horizon (AALpy's RandomWordEqOracle), not the z3 search.
"""
from __future__ import annotations

import time
from typing import Any

from ..classes.model import FiniteClass
from ..errors import SolverUnknown
from .concrete import Concretizer
from .engine import VerifyResult, verify_generator
from .mealy import HOWS, PROPER, Machine, machine_to_dict
from .models import MealyModel

BLOCKED = "n/a"   # output of a symbol that cannot be played here (e.g. repeat of an unseen cell)


def _sul(cls: FiniteClass, real, proper: bool):
    from aalpy.base import SUL

    class CellSUL(SUL):
        """The real function behind the cell alphabet: one concrete play per query."""

        def pre(self) -> None:
            self.con, self.blocked = Concretizer(cls, proper), False

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


def learn(cls: FiniteClass, real, proper: bool, horizon: int, max_states: int, walks: int = 3000,
          seed: int = 0) -> tuple[Machine, dict[str, Any]]:
    """KV learning of the cell-level Mealy machine of `real`; SolverUnknown beyond max_states."""
    import random

    from aalpy.learning_algs import run_KV
    from aalpy.oracles import RandomWordEqOracle
    random.seed(seed)
    kind = PROPER if proper else "element"
    alphabet = [(c, how) for c in range(len(cls.table.cells)) for how in HOWS[kind]]
    sul = _sul(cls, real, proper)
    oracle = RandomWordEqOracle(alphabet, sul, num_walks=walks, min_walk_len=1, max_walk_len=horizon)
    model, info = run_KV(alphabet, sul, oracle, "mealy", max_learning_rounds=max(4, max_states), return_data=True,
                         print_level=0)
    if len(model.states) > max_states:
        raise SolverUnknown(f"unknown: the learned machine has {len(model.states)} states, more than --states "
                            f"{max_states}; no verdict")
    ids = {s: f"l{i}" for i, s in enumerate(model.states)}
    delta = {}
    for s in model.states:
        for sym in alphabet:
            out = s.output_fun[sym]
            to = s.transitions[sym]
            delta[(ids[s], sym[0], sym[1])] = (ids[to], 0 if out == BLOCKED else out)
    machine = Machine(kind, tuple(ids[s] for s in model.states), ids[model.initial_state], delta)
    stats = {"states": len(model.states), "queries": sul.num_queries, "steps": sul.num_steps,
             "rounds": info.get("learning_rounds")}
    return machine, stats


def verify_black_box(cls: FiniteClass, spec: str, notion: str, thresholds: dict[int, int] | None, replay: bool,
                     *, source: str | None, horizon: int, max_states: int, timeout: float,
                     save_model: str | None = None) -> VerifyResult:
    """Learn, verify the learned machine, and confirm a defeat on the real code (or report unknown)."""
    from ..attack.runner import Runner
    from ..generators import resolve
    from ..generators.base import PROPER as GEN_PROPER
    start = time.monotonic()
    runner = Runner(resolve(spec, cls), cls)
    first = next(iter(cls.cell_elements(cls.table.cells[0].signature)))
    proper = runner.resolve_kind((runner.words.rank(first) if runner.words else first,)) == GEN_PROPER
    machine, stats = learn(cls, runner.call, proper, horizon, max_states)
    if time.monotonic() - start > timeout:
        raise SolverUnknown(f"unknown: learning took longer than {timeout:g} s; no verdict")
    if save_model:
        import json
        from pathlib import Path
        Path(save_model).write_text(json.dumps(machine_to_dict(machine, cls), indent=1) + "\n", encoding="utf-8")
    r = verify_generator(cls, spec, notion, thresholds, replay, source=source, model=MealyModel(machine, spec),
                         timeout=max(1.0, timeout - (time.monotonic() - start)), real=runner.call)
    note = (f"learned machine: {stats['states']} states from {stats['queries']} membership queries "
            f"(KV, AALpy; equivalence: random conformance up to {horizon} rounds)")
    if r.verdict == "verified":
        return VerifyResult("verified-for-learned-model", r.spec, r.notion, r.replay, r.states, r.seconds,
                            r.certificate, note=note + f"; equivalent to the generator on all sampled streams up "
                                                      f"to {horizon} rounds, not a proof for the code",
                            thresholds=r.thresholds)
    return VerifyResult(r.verdict, r.spec, r.notion, r.replay, r.states, r.seconds, r.certificate, r.trace,
                        r.target, note + "; the defeat was replayed on the real code and judged by the kernel",
                        r.thresholds, r.prefix)
