"""The Theorem 5.1 adversary, reusable against any element-level generator, and its pigeonhole core.

Present 1..d, then replay the generator's last output every round. The stream is genuine for
h_inf while the generator stays inside {1, 2, ...}, and a legal replay stream for h_d throughout;
h_inf and h_d share only 1..d, so once the answers are fresh, each is wrong for one of the two.
"""
from __future__ import annotations

from dataclasses import dataclass

from pysmt.shortcuts import GE, LE, LT, And, Int, Not, Or, Solver, Symbol
from pysmt.typing import INT

from ..trusted.errors import InputError
from ..trusted.kernel import Mode, Trace, judge
from ..trusted.classes.model import FiniteClass
from ..generators.under_test import UnderTest as Runner


def errors_after(trace: Trace, d: int) -> tuple[int, ...]:
    """Wrong rounds once d distinct examples were seen (the kernel's distinct count): the uniform threshold-d
    failures."""
    return tuple(r.t for r in trace.rounds if r.legal and not r.correct and r.distinct >= d)


@dataclass(frozen=True)
class Paper51Outcome:
    d: int
    inputs: tuple[int, ...]
    answers: tuple[int, ...]
    trace_inf: Trace     # judged for h_inf
    trace_d: Trace       # judged for h_d (with replay)

    @property
    def defeated(self) -> bool:
        """Wrong for h_inf once d distinct examples were seen, or wrong for h_d at the last round
        with more distinct examples than any fixed threshold below the horizon allows."""
        return bool(self.trace_inf.legal and errors_after(self.trace_inf, self.d)) or \
            bool(self.trace_d.legal and self.trace_d.rounds[-1].correct is False
                 and self.trace_d.rounds[-1].distinct > self.d)


def run(cls: FiniteClass, runner: Runner, d: int, rounds: int) -> Paper51Outcome:
    """Play the adversary for `rounds` rounds against the generator behind `runner`."""
    try:
        h_inf, h_d = cls.index("h_inf"), cls.index(f"h{d}")
    except KeyError as exc:
        raise InputError(f"the paper-5.1 adversary needs the Theorem 5.1 class (h_inf and h{d}): {exc.args[0]}") from None
    if rounds <= d:
        raise InputError(f"the paper-5.1 adversary needs more than d = {d} rounds (given {rounds})")
    inputs: list[int] = []
    answers: list[int] = []
    for t in range(1, rounds + 1):
        inputs.append(t if t <= d else answers[-1])
        answers.append(runner.answer(tuple(inputs)))
    mode = Mode(replay=True)
    return Paper51Outcome(d, tuple(inputs), tuple(answers), judge(cls, h_inf, inputs, answers, mode),
                          judge(cls, h_d, inputs, answers, mode))


def pigeonhole_unsat(d: int, solver: str) -> bool:
    """True iff no fresh element (outside 1..d) lies in both h_inf = {x >= 1} and
    h_d = {1..d} + negatives, as decided by the named SMT solver: the core of the argument."""
    x = Symbol("x", INT)
    in_inf = GE(x, Int(1))
    in_d = Or(And(GE(x, Int(1)), LE(x, Int(d))), LT(x, Int(0)))
    fresh = Not(And(GE(x, Int(1)), LE(x, Int(d))))
    with Solver(name=solver) as s:
        s.add_assertion(And(in_inf, in_d, fresh))
        return not s.solve()


def paper51_data(out, d: int, rounds: int) -> dict:
    """The Theorem 5.1 adversary's outcome as JSON-ready data, as judged by the kernel."""
    return {"adversary": "paper-5.1", "d": d, "rounds": rounds, "result": "defeated" if out.defeated else "not-defeated",
            "inputs": list(out.inputs), "answers": list(out.answers),
            "wrong_for_h_inf_after_d": list(errors_after(out.trace_inf, d)), "wrong_for_h_d": list(out.trace_d.errors),
            "distinct_at_end": out.trace_d.rounds[-1].distinct}


def check_paper51(d: int | None, mode: Mode) -> int:
    """The adversary's preconditions: a threshold d, element-level answers, replay allowed."""
    if d is None:
        raise InputError("--adversary paper-5.1 needs --threshold d (it presents 1..d first)")
    if mode.proper or not mode.replay:
        raise InputError("--adversary paper-5.1 plays element-level generators with replay")
    return d


def render_paper51(out, d: int, rounds: int) -> str:
    """The adversary's play round by round, with the kernel's judgement for h_inf and h_d."""
    data = paper51_data(out, d, rounds)
    lines = [f"{data['result']}: Theorem 5.1 adversary (present 1..{d}, then replay each output), {rounds} rounds",
             "  round   input  source             answer  h_inf  h" + str(d)]
    for r_inf, r_d in zip(out.trace_inf.rounds, out.trace_d.rounds):
        src = "genuine" if r_d.replay_of is None else f"replay of round {r_d.replay_of}"
        lines.append(f"  {r_d.t:>5}  {r_d.x:>6}  {src:<17}  {r_d.answer:>6}  {'ok' if r_inf.correct else 'wrong':<5}  "
                     f"{'ok' if r_d.correct else 'wrong'}")
    lines.append(f"judged by the kernel: wrong for h_inf after {d} distinct examples at rounds "
                 f"{data['wrong_for_h_inf_after_d'] or 'none'}; wrong for h{d} at rounds {data['wrong_for_h_d'] or 'none'} "
                 f"(distinct examples at the end: {data['distinct_at_end']})")
    return "\n".join(lines)
