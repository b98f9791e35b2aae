"""The criterion's checkers: an obstruction as the kernel-judged two-phase adversary, a witness's table re-derived
from the cells and its generator on the game; fields are the schema's (docs/game.md, §8)."""
from __future__ import annotations

from typing import Any

from . import CHECKERS, CheckResult, register
from ..kernel import correct, judge
from .common import Reject, load
from .abstract import Ctx

KIND_OBSTRUCTION = "criterion-obstruction"
KIND_WITNESS = "criterion-witness"


def check(cert: dict[str, Any]) -> CheckResult:
    """An obstruction: the two-phase adversary judged against every first answer with the kernel. A
    witness: the criterion's table re-verified from the cells, and the canonical generator on the game."""
    return CheckResult(True, cert["kind"], (_obstruction if cert["kind"] == KIND_OBSTRUCTION else _witness)(cert))


register(KIND_OBSTRUCTION)(check)  # each kind's own wrapper, so a rejection is reported under its kind
register(KIND_WITNESS)(check)


def _obstruction(cert: dict[str, Any]) -> str:
    ctx = Ctx(load(cert["class"]), True)
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
        inputs += ctx.elements(sig)  # all of a finite cell, abstract.SAMPLES of an infinite one
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
    ctx = Ctx(load(cert["class"]), True)
    seen: set[frozenset[int]] = set()
    for i, choice in enumerate(cert["choices"]):
        profile = ctx.cell(choice["profile"], f"choices[{i}]")
        if profile in seen:
            raise Reject(f"choices[{i}]: profile {ctx.show(profile)} is listed twice")
        seen.add(profile)
        if choice["answer"] not in ctx.names:
            raise Reject(f"choices[{i}]: unknown first answer {choice['answer']!r}")
        j = ctx.names.index(choice["answer"])
        where = f"profile {ctx.show(profile)}, first answer {choice['answer']}"
        listed: set[frozenset[int]] = set()
        for out in choice["outputs"]:
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
    gen = cert["generator"]  # a proper-limit-generator certificate, by the schema
    if gen is not None:
        from .strategy import KIND_GEN
        if gen["class"] != cert["class"] or gen["replay"] is not True:
            raise Reject("generator: it must be for the same class, with replay")
        result = CHECKERS[KIND_GEN](gen)  # in this check's origin: its class path is relative to the same file
        if not result.valid:
            raise Reject(f"generator: {result.message}")
        message += f"; the canonical generator ({len(gen['states'])} states) re-checked on the game"
    return message
