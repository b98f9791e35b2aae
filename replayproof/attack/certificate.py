"""Defeat-trace certificates: a stream, the generator's answers, the target; re-judged by the kernel."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..classes import cells as C
from ..certificates import CheckResult, class_path, register
from ..certificates.memo import Memo
from ..certificates.source import ClassMismatch, load_class
from ..errors import ReplayproofError
from ..generators.base import Generator
from ..generators.library import BUNDLED, burn_in
from ..kernel import Mode, judge
from ..classes.model import FiniteClass
from ..classes.stringclass import element_from_json
from .elements import coded, game_class, real

if TYPE_CHECKING:  # the checker never imports the search (and so no solver)
    from .search import Found
    from .space import Game

KIND = "defeat-trace"


def _cells(cls: FiniteClass) -> list[dict[str, Any]]:
    return [{"signature": [cls.names[h] for h in sorted(c.signature)], "size": C.format_size(c.size)}
            for c in cls.table.cells]


def certificate(game: "Game", found: "Found", spec: str, bundled: bool, burn_in: int | None,
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


BURN_IN = "burn-in:"


def registered(spec: str, cls: FiniteClass, d: int | None) -> Generator | None:
    """The package's own generator of that name (bundled, or burn-in of a bundled one), else None.

    Looked up in the table only: a certificate's name never reaches the user-code loader."""
    if spec.startswith(BURN_IN) and spec[len(BURN_IN):] in BUNDLED:
        if d is None:
            raise ReplayproofError(f"{spec} needs burn_in_threshold (its d)")
        return burn_in(registered(spec[len(BURN_IN):], cls, None), d)
    b = BUNDLED.get(spec)
    return None if b is None else Generator(b.name, b.kind, b.make(cls), True, b.description)


@register(KIND)
def check(cert: dict[str, Any]) -> CheckResult:
    """Re-judge with the kernel; re-run the generator only when the package's table names it."""
    try:
        cls = load_class(cert["class"], cert["cells"], name=cert["class_name"])
    except ClassMismatch as exc:
        return _fail(str(exc))
    names = cls.names
    proper, replay = cert["proper"], cert["replay"]
    for key, name in [("target", cert["target"])] + ([(f"answers/{k}", a) for k, a in enumerate(cert["answers"])]
                                                      if proper else []):
        if name not in names:
            return _fail(f"{key}: unknown hypothesis {name!r} (known: {', '.join(names)})")
    try:
        inputs = [element_from_json(cls, x, f"inputs/{k}") for k, x in enumerate(cert["inputs"])]
        answers = ([names.index(a) for a in cert["answers"]] if proper
                   else [element_from_json(cls, a, f"answers/{k}") for k, a in enumerate(cert["answers"])])
    except ValueError as exc:
        return _fail(f"malformed certificate: {exc}")
    target = names.index(cert["target"])
    t, notion, d, settle = cert["failing_round"], cert["notion"], cert["threshold"], cert["settle"]
    if notion != "proper-limit" and d is None:
        return _fail(f"threshold: the {notion} notion needs a threshold")
    if notion == "proper-limit":
        d = None
    if not 1 <= t <= len(inputs) or len(answers) != len(inputs):
        return _fail("failing_round must index the stream, and there must be one answer per input")
    trace = judge(Memo(cls), target, inputs, answers, Mode(replay=replay, proper=proper))
    if not trace.legal or len(trace.rounds) < len(inputs):
        return _fail(f"round {trace.first_illegal} is not legal: {trace.rounds[-1].why}")
    r = trace.rounds[t - 1]
    if r.correct:
        return _fail(f"the answer at round {t} is correct for {cert['target']}")
    if notion == "proper-limit" and t <= settle:
        return _fail(f"round {t} is not after the settle time {settle}")
    if d is not None and r.distinct < d:
        return _fail(f"round {t} has {r.distinct} distinct examples, fewer than the threshold {d}")
    spec = cert["generator"]
    try:
        gen = registered(spec, cls, cert["burn_in_threshold"])
    except ReplayproofError as exc:
        return _fail(f"cannot re-run the generator {spec}: {exc}")
    if gen is None:
        rerun = f"answers as recorded; generator not re-run ({spec} is not in the package's table)"
    else:
        from .runner import Runner
        try:
            runner = Runner(gen, cls)
            view = game_class(cls)
            xs = tuple(coded(view, x) for x in inputs)
            again = [runner.answer(xs[:k]) for k in range(1, len(xs) + 1)]
            again = again if proper else [runner.real(a) for a in again]
        except ReplayproofError as exc:
            return _fail(f"cannot re-run the bundled generator {spec}: {exc}")
        if again != answers:
            shown = [names[a] for a in again] if proper else again
            return _fail(f"the bundled generator {spec} answers {shown}, not the recorded answers")
        burn = cert["burn_in_threshold"]
        rerun = f"answers re-computed by the bundled generator {spec}" + (f" (burn-in d={burn})" if burn else "")
    where = f"distinct {r.distinct} >= {d}" if d is not None else f"after settle {settle}"
    kind = "replay" if replay else "standard"
    return CheckResult(True, KIND, f"{kind} stream of {len(inputs)} rounds is legal for {cert['target']} "
                                   f"and the answer at round {t} is wrong ({r.why}; {where}); {rerun}")
