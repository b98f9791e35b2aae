"""The echo adversary: a fixed replay strategy, cheap enough for any black-box generator.

For each target it alternates the next genuine element of the target (nearest 0 first) with a
replay of the generator's last answer, for `horizon` rounds; the kernel judges every trace.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..trusted.kernel import Trace, judge
from ..generators.elements import real
from ..generators.under_test import UnderTest as Runner
from .space import Game


@dataclass(frozen=True)
class EchoOutcome:
    traces: tuple[Trace, ...]    # one per target of the game
    failing: tuple[int, ...]     # per trace: rounds that count as failures for the game's notion

    @property
    def defeated(self) -> bool:
        return any(self.failing)


def genuine_elements(game: Game, target: int):
    """The target's elements, nearest 0 first (0, 1, -1, 2, ...)."""
    cls = game.cls
    for v in itertools.count():
        for x in ((v,) if v == 0 else (v, -v)):
            if cls.member(target, x):
                yield x


def run(game: Game, runner: Runner) -> EchoOutcome:
    """Play the echo adversary against the generator for every target of the game."""
    traces, failing = [], []
    for target in game.targets:
        fresh = genuine_elements(game, target)
        inputs: list[int] = []
        answers: list[int] = []
        for t in range(1, game.horizon + 1):
            replay = t % 2 == 0 and game.mode.replay and not game.mode.proper
            inputs.append(answers[-1] if replay else next(fresh))
            answers.append(runner.answer(tuple(inputs)))
        trace = judge(game.cls, target, inputs, answers, game.mode)
        traces.append(trace)
        failing.append(tuple(r.t for r in trace.rounds if game.defeated_at(trace, r.t)))
    return EchoOutcome(tuple(traces), tuple(failing))


def echo_data(game: Game, out: EchoOutcome) -> dict:
    """The echo adversary's outcome as JSON-ready data (every target's kernel-judged trace)."""
    cls = game.cls
    return {"adversary": "echo", "result": "defeated" if out.defeated else f"not-defeated-within {game.horizon}",
            "horizon": game.horizon,
            "targets": [{"target": cls.names[tr.target], "threshold": game.threshold(tr.target),
                         "inputs": [real(cls, r.x) for r in tr.rounds],
                         "answers": [r.answer if game.mode.proper else real(cls, r.answer) for r in tr.rounds],
                         "failing_rounds": list(f)} for tr, f in zip(out.traces, out.failing)]}


def render_echo(game: Game, out: EchoOutcome) -> str:
    """The echo adversary's outcome as text: the first defeated target's trace."""
    cls = game.cls
    data = echo_data(game, out)
    lines = [f"{data['result']}: echo adversary (genuine element, then replay of the last answer), "
             f"{game.horizon} rounds per target, judged by the kernel"]
    k = next((i for i, f in enumerate(out.failing) if f), None)
    if k is None:
        return "\n".join(lines)
    tr = out.traces[k]
    lines.append(f"target {cls.names[tr.target]} (threshold {game.threshold(tr.target)}): failing rounds "
                 f"{list(out.failing[k])}")
    lines.append("  round   input  source             answer  correct  distinct")
    shown = data["targets"][k]
    for r, x, a in zip(tr.rounds, shown["inputs"], shown["answers"]):
        src = "genuine" if r.replay_of is None else f"replay of round {r.replay_of}"
        x, a = (repr(v) if isinstance(v, str) else v for v in (x, a))  # words quoted
        lines.append(f"  {r.t:>5}  {x:>6}  {src:<17}  {a:>6}  {'yes' if r.correct else 'no':<7}  "
                     f"{r.distinct:>8}")
    return "\n".join(lines)
