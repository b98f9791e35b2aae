"""The checker of the criterion's certificates: the kernel, the class's cells and set reasoning only.

`criterion-obstruction` is turned into the two-phase adversary (one point of the profile P, then
an enumeration of L_j ∪ L_E for each first answer j) and judged by the kernel; `criterion-witness`
has its table re-verified from the cells and its canonical generator checked on the game by the
`proper-limit-generator` checker. It never imports the criterion or the solver. Why this
suffices: docs/game.md, "The characterization".
"""
from __future__ import annotations

from typing import Any, Callable

from . import CheckResult, register
from ..classes import cells as C
from ..kernel import correct, judge
from .source import ClassMismatch, load_class
from .strategy import Ctx, Reject

KIND_OBSTRUCTION = "criterion-obstruction"
KIND_WITNESS = "criterion-witness"
KIND_GEN = "proper-limit-generator"
SAMPLES = 3  # elements judged per infinite cell (all elements of a cell share its signature)

Spec = dict[str, Callable[[Any], bool]]


def _is_str(v: Any) -> bool:
    return isinstance(v, str)


def _is_names(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _fields(obj: Any, spec: Spec, where: str) -> None:
    """Strict shape: an object with exactly the fields of `spec`, each of the right type."""
    if not isinstance(obj, dict):
        raise Reject(f"{where}: expected a JSON object")
    for key in obj:
        if key not in spec:
            raise Reject(f"{where}: unknown field {key!r}")
    for key, ok in spec.items():
        if key not in obj:
            raise Reject(f"{where}: missing field {key!r}")
        if not ok(obj[key]):
            raise Reject(f"{where}: field {key!r} has the wrong type or value")


CELL: Spec = {"signature": _is_names, "size": lambda v: v == "inf" or (isinstance(v, str) and v.isdigit())}
CLASS: Spec = {"name": _is_str, "path": lambda v: v is None or isinstance(v, str), "hypotheses": _is_names,
               "cells": lambda v: isinstance(v, list)}


def _head(kind: str, verdict: str) -> Spec:
    return {"kind": lambda v: v == kind, "format": lambda v: v == 1 and not isinstance(v, bool),
            "notion": lambda v: v == "proper-limit", "replay": lambda v: v is True,
            "verdict": lambda v: v == verdict, "class": lambda v: isinstance(v, dict), "summary": _is_str}


OBSTRUCTION: Spec = {**_head(KIND_OBSTRUCTION, "not-generatable"), "profile": _is_names,
                     "groups": lambda v: isinstance(v, dict)}
WITNESS: Spec = {**_head(KIND_WITNESS, "generatable"), "choices": lambda v: isinstance(v, list),
                 "generator": lambda v: v is None or isinstance(v, dict)}
CHOICE: Spec = {"profile": _is_names, "answer": _is_str, "outputs": lambda v: isinstance(v, list)}
OUTPUT: Spec = {"group": _is_names, "output": _is_str}


def _context(cert: dict[str, Any], spec: Spec) -> Ctx:
    _fields(cert, spec, "certificate")
    _fields(cert["class"], CLASS, "class")
    for i, cell in enumerate(cert["class"]["cells"]):
        _fields(cell, CELL, f"class.cells[{i}]")
    block = cert["class"]
    try:
        cls = load_class(block["path"], block["cells"], block["hypotheses"], block["name"])
    except ClassMismatch as exc:
        raise Reject(str(exc)) from None
    return Ctx(cls, True)


def _run(cert: dict[str, Any], body: Callable[[dict[str, Any]], str]) -> CheckResult:
    kind = str(cert.get("kind"))
    try:
        return CheckResult(True, kind, body(cert))
    except Reject as exc:
        return CheckResult(False, kind, str(exc))


@register(KIND_OBSTRUCTION)
def check_obstruction(cert: dict[str, Any]) -> CheckResult:
    """Judge the two-phase adversary against every first answer with the kernel."""
    return _run(cert, _obstruction)


@register(KIND_WITNESS)
def check_witness(cert: dict[str, Any]) -> CheckResult:
    """Re-verify the criterion's table from the cells, and the canonical generator on the game."""
    return _run(cert, _witness)


def _obstruction(cert: dict[str, Any]) -> str:
    ctx = _context(cert, OBSTRUCTION)
    n = len(ctx.names)
    profile = ctx.cell(cert["profile"], "profile")
    x0 = ctx.elements(profile, 1)[0]
    groups = cert["groups"]
    for key in groups:
        if key not in ctx.names:
            raise Reject(f"groups: unknown first answer {key!r}")
    for j in range(n):
        label = ctx.names[j]
        if label not in groups:
            raise Reject(f"groups: no group for the first answer {label}")
        if not _is_names(groups[label]):
            raise Reject(f"groups.{label}: expected a list of hypothesis names")
        group = ctx.hyps(groups[label], f"groups.{label}")
        where = f"first answer {label}, group {ctx.show(group)}"
        if not group or not group <= profile:
            raise Reject(f"{where}: the group must be a non-empty part of the profile {ctx.show(profile)}")
        _every_answer_wrong(ctx, group, where)
        _judge_phase_two(ctx, x0, j, group, where)
    return (f"not-generatable with replay: after a first input {x0} from profile {ctx.show(profile)}, for each of the "
            f"{n} first answers j the kernel judges the enumeration of L_j and the group's languages legal for every "
            "member of the group, and no hypothesis lies inside all of them, so each answer is wrong for one of "
            "finitely many legally enumerated targets")


def _every_answer_wrong(ctx: Ctx, group: frozenset[int], where: str) -> None:
    """Every hypothesis h is wrong (kernel: supp(h) not inside supp(k)) for some member k."""
    for h in range(len(ctx.names)):
        if all(correct(ctx.cls, k, set(), h, ctx.mode)[0] for k in sorted(group)):
            raise Reject(f"{where}: {ctx.names[h]} lies inside every member of the group, so answering it "
                         "forever is correct")


def _judge_phase_two(ctx: Ctx, x0: int, j: int, group: frozenset[int], where: str) -> None:
    """The stream x0, then every cell of L_j and of the group (all finite elements, samples of
    infinite cells), with first answer j: legal for every member, and complete for every member."""
    present = sorted((s for s in ctx.cells if j in s or s & group), key=sorted)
    inputs = [x0]
    for sig in present:
        inputs += ctx.elements(sig, SAMPLES if ctx.cells[sig].size == C.INF else None)
    answers = [j] * len(inputs)
    for k in sorted(group):
        trace = judge(ctx.cls, k, inputs, answers, ctx.mode)
        if not trace.legal:
            r = trace.rounds[-1]
            raise Reject(f"{where}: the kernel finds round {r.t} (input {r.x}) illegal for {ctx.names[k]}: {r.why}")
        missing = [s for s in ctx.cells if k in s and s not in present]
        if missing:  # cannot happen by construction; kept so the claim is checked, not assumed
            raise Reject(f"{where}: the stream never presents cell {ctx.show(missing[0])} of {ctx.names[k]}")


def _residual_groups(ctx: Ctx, profile: frozenset[int], j: int) -> set[frozenset[int]]:
    by: dict[frozenset[frozenset[int]], set[int]] = {}
    for k in profile:
        by.setdefault(frozenset(s for s in ctx.cells if k in s and j not in s), set()).add(k)
    return {frozenset(g) for g in by.values()}


def _witness(cert: dict[str, Any]) -> str:
    ctx = _context(cert, WITNESS)
    seen: set[frozenset[int]] = set()
    for i, choice in enumerate(cert["choices"]):
        _fields(choice, CHOICE, f"choices[{i}]")
        profile = ctx.cell(choice["profile"], f"choices[{i}]")
        if profile in seen:
            raise Reject(f"choices[{i}]: profile {ctx.show(profile)} is listed twice")
        seen.add(profile)
        if choice["answer"] not in ctx.names:
            raise Reject(f"choices[{i}]: unknown first answer {choice['answer']!r}")
        j = ctx.names.index(choice["answer"])
        where = f"profile {ctx.show(profile)}, first answer {choice['answer']}"
        listed: set[frozenset[int]] = set()
        for m, out in enumerate(choice["outputs"]):
            _fields(out, OUTPUT, f"choices[{i}].outputs[{m}]")
            group = ctx.hyps(out["group"], where)
            if out["output"] not in ctx.names:
                raise Reject(f"{where}: unknown output {out['output']!r}")
            h = ctx.names.index(out["output"])
            for k in sorted(group):
                ok, why = correct(ctx.cls, k, set(), h, ctx.mode)
                if not ok:
                    raise Reject(f"{where}: output {out['output']} for group {ctx.show(group)} is wrong for "
                                 f"{ctx.names[k]}: {why}")
            listed.add(group)
        actual = _residual_groups(ctx, profile, j)
        if listed != actual:
            raise Reject(f"{where}: the residual groups are {', '.join(sorted(ctx.show(g) for g in actual))}, "
                         f"the certificate lists {', '.join(sorted(ctx.show(g) for g in listed))}")
    missing = [s for s in ctx.cells if s not in seen]
    if missing:
        raise Reject(f"choices: no first answer for the realized profile {ctx.show(sorted(missing, key=sorted)[0])}")
    message = (f"generatable with replay: each of the {len(seen)} realized profiles has a first answer whose "
               "residual groups each have a member inside them (the Li-Zhang criterion)")
    gen = cert["generator"]
    if gen is not None:
        from . import strict
        from .strategy import check as check_game
        if gen.get("kind") != KIND_GEN:
            raise Reject(f"generator: expected a {KIND_GEN} certificate, got kind {gen.get('kind')!r}")
        if gen.get("class") != cert["class"] or gen.get("replay") is not True:
            raise Reject("generator: it must be for the same class, with replay")
        problem = strict.validate(KIND_GEN, gen)
        if problem:
            raise Reject(f"generator: malformed certificate: {problem}")
        result = check_game(gen)  # in this check's origin: its class path is relative to the same file
        if not result.valid:
            raise Reject(f"generator: {result.message}")
        message += f"; the canonical generator ({len(gen['states'])} states) re-checked on the game"
    return message
