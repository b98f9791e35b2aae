"""What `replayproof attack` prints: data first (for --json), then text."""
from __future__ import annotations

from typing import Any

from ..trusted.classes import cells as C
from ..generators.under_test import UnderTest
from .search import Found, Outcome
from ..generators.elements import real
from .space import Game


def _label(game: Game, sig: frozenset[int]) -> str:
    return "{" + ", ".join(game.cls.names[h] for h in sorted(sig)) + "}"


def rounds(found: Found, runner: UnderTest) -> list[dict[str, Any]]:
    """The judged trace as rows: round, input, genuine or replay of round k, answer, correct, distinct."""
    return [{"round": r.t, "input": runner.real(r.x), "source": "genuine" if r.replay_of is None else f"replay of round {r.replay_of}",
             "answer": runner.show(r.answer), "correct": r.correct, "distinct": r.distinct,
             "why": r.why} for r in found.trace.rounds]


def space(game: Game) -> dict[str, Any]:
    """Exactly what was searched: per target the candidate elements per cell, and a stream bound."""
    per = []
    for h in game.targets:
        cells = [{"cell": _label(game, c.signature), "size": C.format_size(c.size), "candidates": [real(game.cls, x) for x in c.elements]}
                 for c in game.cells if (h in c.signature or (game.mode.proper and game.mode.replay)) and c.elements]
        per.append({"target": game.cls.names[h],
                    "threshold": None if game.notion == "proper-limit" else game.threshold(h),
                    "cells": cells, "streams_at_most": game.streams_bound(h)})
    return {"horizon": game.horizon, "targets": per,
            "streams_at_most": sum(t["streams_at_most"] for t in per)}


def describe_space(game: Game) -> str:
    inputs = ("any candidate element in the target or in the support of an earlier answer"
              if game.mode.proper and game.mode.replay else
              "a candidate element of the target" + (" or a replay of any earlier answer" if game.mode.replay else ""))
    return (f"every stream of 1..{game.horizon} rounds whose inputs are each {inputs}; candidates are the "
            f"first min(|cell|, {game.horizon}) elements of each cell, nearest 0 first")


def data(outcome: Outcome, runner: UnderTest, spec: str, source: str) -> dict[str, Any]:
    game = outcome.game
    out: dict[str, Any] = {
        "result": "defeated" if outcome.defeated else "not-defeated-within",
        "horizon": game.horizon, "class": source, "generator": spec,
        "kind": runner.kind, "notion": game.notion, "replay": game.mode.replay,
        "engine": "symbolic" if outcome.symbolic else "cegar",
        "checks": outcome.checks, "facts": outcome.facts, "generator_calls": outcome.generator_calls,
        "seconds": round(outcome.seconds, 4),
    }
    if game.notion == "proper-limit":
        out["settle"] = game.settle
    if outcome.found:
        f = outcome.found
        out.update(target=game.cls.names[f.target], failing_round=f.round,
                   threshold=None if game.notion == "proper-limit" else game.threshold(f.target),
                   longest_wrong_run=longest_wrong_run(f), rounds=rounds(f, runner),
                   judged_by_kernel=True)
    else:
        out["searched"] = describe_space(game)
        out["space"] = space(game)
    return out


def _show(x) -> str:
    """An element for the text report: words quoted (the empty word is '')."""
    return repr(x) if isinstance(x, str) else str(x)


def longest_wrong_run(found: Found) -> int:
    best = run = 0
    for r in found.trace.rounds:
        run = run + 1 if not r.correct else 0
        best = max(best, run)
    return best


def render(d: dict[str, Any]) -> str:
    """The report as text."""
    mode = "with replay" if d["replay"] else "without replay"
    head = f"generator {d['generator']} ({d['kind']}) on {d['class']}, notion {d['notion']}, {mode}"
    lines = []
    if d["result"] == "defeated":
        lines.append(f"defeated: {head}, horizon {d['horizon']}")
        cond = (f"after settle time {d['settle']}" if d["notion"] == "proper-limit"
                else f"with {d['rounds'][-1]['distinct']} distinct examples >= threshold {d['threshold']}")
        lines.append(f"target {d['target']}: wrong at round {d['failing_round']} {cond}")
        w = max(len(r["answer"]) for r in d["rounds"])
        lines.append(f"  {'round':>5}  {'input':>6}  {'source':<18} {'answer':>{max(w, 6)}}  {'correct':<7}  distinct")
        for r in d["rounds"]:
            mark = "   <- fails" if r["round"] == d["failing_round"] else ""
            lines.append(f"  {r['round']:>5}  {_show(r['input']):>6}  {r['source']:<18} {r['answer']:>{max(w, 6)}}  "
                         f"{'yes' if r['correct'] else 'no':<7}  {r['distinct']:>8}{mark}")
        lines.append(f"failing round {d['failing_round']}: {d['rounds'][-1]['why']}")
        if d["notion"] == "proper-limit":
            lines.append(f"longest run of wrong answers in this trace: {d['longest_wrong_run']}")
        lines.append("re-judged by the kernel: the stream is legal and the failure counts for the notion")
    else:
        lines.append(f"not-defeated-within {d['horizon']}: {head}")
        lines.append(f"searched: {d['searched']}")
        for t in d["space"]["targets"]:
            th = "" if t["threshold"] is None else f" (threshold {t['threshold']})"
            lines.append(f"  target {t['target']}{th}: at most {t['streams_at_most']} streams")
            for c in t["cells"]:
                lines.append(f"    cell {c['cell']} (size {c['size']}): {', '.join(map(_show, c['candidates']))}")
        lines.append(f"  in all at most {d['space']['streams_at_most']} candidate streams; this says nothing about "
                     "longer streams (docs/attack.md says when the pool is complete)")
    lines.append(f"search: {d['engine']} engine, {d['checks']} z3 checks, {d['facts']} learned facts, "
                 f"{d['generator_calls']} generator calls, {d['seconds']:.3f} s")
    return "\n".join(lines)

