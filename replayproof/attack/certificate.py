"""Defeat-trace certificates: a stream, the generator's answers, the target; re-judged by the kernel."""
from __future__ import annotations

from typing import Any

from ..classes import cells as C
from ..certificates import CheckResult, class_file, class_path, register
from ..classes.classfile import load
from ..errors import ReplayproofError
from ..kernel import Mode, judge
from ..classes.model import FiniteClass
from ..classes.stringclass import element_from_json
from .elements import coded, game_class, real
from .search import Found
from .space import Game

KIND = "defeat-trace"


def _cells(cls: FiniteClass) -> list[dict[str, Any]]:
    return [{"signature": [cls.names[h] for h in sorted(c.signature)], "size": C.format_size(c.size)}
            for c in cls.table.cells]


def certificate(game: Game, found: Found, spec: str, bundled: bool, burn_in: int | None,
                source: str) -> dict[str, Any]:
    """The JSON certificate of one kernel-judged defeat."""
    cls, proper = game.cls, game.mode.proper
    return {
        "kind": KIND,
        "class": class_path(source),
        "class_name": cls.name,
        "cells": _cells(cls),
        "generator": spec,
        "bundled": bundled,
        "burn_in_threshold": burn_in,
        "notion": game.notion,
        "replay": game.mode.replay,
        "proper": proper,
        "threshold": None if game.notion == "proper-limit" else game.threshold(found.target),
        "settle": game.settle,
        "horizon": game.horizon,
        "target": cls.names[found.target],
        "inputs": [real(cls, x) for x in found.inputs],
        "answers": [cls.names[a] for a in found.answers] if proper else [real(cls, a) for a in found.answers],
        "failing_round": found.round,
    }


def _fail(msg: str) -> CheckResult:
    return CheckResult(False, KIND, msg)


@register(KIND)
def check(cert: dict[str, Any]) -> CheckResult:
    """Re-judge with the kernel; re-run bundled generators to confirm the answers are theirs."""
    try:
        cls = load(class_file(cert["class"]))
        proper, replay = bool(cert["proper"]), bool(cert["replay"])
        target = cls.index(cert["target"])
        inputs = [element_from_json(cls, x) for x in cert["inputs"]]
        answers = [cls.index(a) if proper else element_from_json(cls, a) for a in cert["answers"]]
        t = int(cert["failing_round"])
        notion = cert["notion"]
        d = None if notion == "proper-limit" else int(cert["threshold"])
        settle = int(cert.get("settle", 0))
    except (KeyError, TypeError, ValueError) as exc:
        return _fail(f"malformed certificate: {exc}")
    except ReplayproofError as exc:
        return _fail(f"cannot load the class: {exc}")
    if cert.get("cells") is not None and cert["cells"] != _cells(cls):
        return _fail(f"the cells recorded in the certificate do not match {cert['class']}")
    if not 1 <= t <= len(inputs) or len(answers) != len(inputs):
        return _fail("failing_round must index the stream, and there must be one answer per input")
    trace = judge(cls, target, inputs, answers, Mode(replay=replay, proper=proper))
    if not trace.legal or len(trace.rounds) < len(inputs):
        return _fail(f"round {trace.first_illegal} is not legal: {trace.rounds[-1].why}")
    r = trace.rounds[t - 1]
    if r.correct:
        return _fail(f"the answer at round {t} is correct for {cert['target']}")
    if notion == "proper-limit" and t <= settle:
        return _fail(f"round {t} is not after the settle time {settle}")
    if d is not None and r.distinct < d:
        return _fail(f"round {t} has {r.distinct} distinct examples, fewer than the threshold {d}")
    rerun = "answers as recorded (user code is not re-run by check)"
    if cert.get("bundled"):
        from ..generators import resolve
        from .runner import Runner
        try:
            runner = Runner(resolve(cert["generator"], cls, cert.get("burn_in_threshold")), cls)
            view = game_class(cls)
            xs = tuple(coded(view, x) for x in inputs)
            again = [runner.answer(xs[:k]) for k in range(1, len(xs) + 1)]
            again = again if proper else [runner.real(a) for a in again]
        except ReplayproofError as exc:
            return _fail(f"cannot re-run the bundled generator: {exc}")
        if again != answers:
            return _fail(f"the bundled generator {cert['generator']} answers {again}, not the recorded answers")
        rerun = f"answers re-computed by the bundled generator {cert['generator']}"
    where = f"distinct {r.distinct} >= {d}" if d is not None else f"after settle {settle}"
    kind = "replay" if replay else "standard"
    return CheckResult(True, KIND, f"{kind} stream of {len(inputs)} rounds is legal for {cert['target']} "
                                   f"and the answer at round {t} is wrong ({r.why}; {where}); {rerun}")
