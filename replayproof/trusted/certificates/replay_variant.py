"""The checker of replay-variant certificates (docs/variants.md §4): the kernel under the certificate's
model (budget, delay, noise, omissions), the class's cells and plain graphs only; it never imports the
solver. Plays are judged from their abstract state (abstract.py): the adversary's DAG is walked by
`abstract.walk` and its loops checked here; the generator's product is `abstract.product`, each round
judged by `abstract.Judge`.
"""
from __future__ import annotations

from typing import Any

from .abstract import Judge, checker, cycles, defeats, element, left, product, synthetic, walk
from ..classes import cells as C
from .common import Reject
from .abstract import Ctx
from ..kernel import correct, enumerates
from .variant import Variant

KIND_ADV = "replay-variant-adversary"
KIND_GEN = "replay-variant-generator"


# ---------------------------------------------------------------- adversary

def _check_adversary(ctx: Ctx, cert: dict[str, Any], variant: Variant) -> str:
    nodes, loops = walk(ctx, cert, variant.words(), "answers, replays used or presented cells differ",
                        lambda *args: _check_loop(ctx, *args))
    return (f"not-generatable under {variant.words()}: the adversary strategy ({nodes} nodes, {loops} final "
            "loops) defeats every proper generator; the kernel judges every branch legal under this model, and "
            "every loop a legal enumeration of its targets in which every available answer is wrong for one of them")


def _check_loop(ctx: Ctx, node: dict[str, Any], st: tuple, alive: frozenset[int],
                answers: frozenset[int], seen: frozenset, where: str) -> int:
    """One cycle of the loop judged for every target still in: legal, no replay used (under a budget),
    finite cells only repeated; with successors, no answer too young to copy after its first input (so a
    new answer leaves the same state in every cycle). Returns the cycle's first input."""
    if not answers:
        raise Reject(f"{where}: a loop needs at least one earlier answer")
    if not node["present"]:
        raise Reject(f"{where}: the loop presents nothing")
    still = [ctx.names[a] for a, age in st[2] if age + 1 < ctx.mode.delay]  # too young after the first input
    if still and len(answers) < len(ctx.names):  # a new answer in a later cycle would leave another state
        raise Reject(f"{where}: a loop with successors must start where every answer is old enough to copy after "
                     f"its first input, but {', '.join(still)} is not under replay delay {ctx.mode.delay}")
    sigs = [ctx.cell(c, where) for c in node["present"]]
    inputs = [element(ctx, s, "repeat" if ctx.cells[s].size != C.INF else "new", seen, where) for s in sigs]
    order = sorted(answers)
    for h in sorted(alive):
        play = synthetic(ctx, h, st, frozenset())
        for k, x in enumerate(inputs):
            before = play.replays, play.noises
            play, r = play.step(ctx.rules, x, order[k % len(order)])
            if not r.legal:
                raise Reject(f"{where}: loop input {x} is illegal for {ctx.names[h]}: {r.why}")
            if ctx.mode.budget is not None and play.replays != before[0]:
                raise Reject(f"{where}: loop input {x} is a replay for {ctx.names[h]}; a loop repeated forever "
                             f"would exceed the replay budget {ctx.mode.budget}")
            if play.noises != before[1]:
                raise Reject(f"{where}: loop input {x} is noise for {ctx.names[h]}; a loop repeated forever "
                             f"would exceed the noise budget {ctx.mode.noise}")
    targets = ctx.hyps(node["enumerates"], where)
    if not targets:
        raise Reject(f"{where}: the loop enumerates no target")
    for h in sorted(targets):
        if h not in alive:
            raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but the play is not legal for it")
        for sig in ctx.cells_of[h]:
            if ctx.cells[sig].size == C.INF and sig not in sigs:
                raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but never presents its infinite "
                             f"cell {ctx.show(sig)}")
        missing = left(ctx, h, seen)
        if not enumerates(missing, ctx.mode):
            raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but {missing} element(s) of its finite "
                         f"cells are never presented (at most {ctx.mode.omit} may be omitted)")
    wrong = node["wrong"]
    for key in wrong:
        if key not in ctx.index or ctx.index[key] not in answers:
            raise Reject(f"{where}: 'wrong' lists {key!r}, which is not an answer so far")
    for a in sorted(answers):
        label = ctx.names[a]
        if label not in wrong:
            raise Reject(f"{where}: answer {label} may be repeated forever, but no target it is wrong for is given")
        t = wrong[label]
        if t not in ctx.index or ctx.index[t] not in targets:
            raise Reject(f"{where}: answer {label} is claimed wrong for {t}, which the loop does not enumerate")
        ok, _ = correct(ctx.rules, ctx.index[t], seen, a, ctx.mode)
        if ok:
            raise Reject(f"{where}: answer {label} is claimed wrong for {t}, but the kernel says supp({label}) "
                         f"is inside supp({t})")
    return inputs[0]


# ---------------------------------------------------------------- generator

def _check_generator(ctx: Ctx, cert: dict[str, Any], variant: Variant) -> str:
    judge = Judge(ctx)

    def one(st: tuple, seen: frozenset, x: int, ans: int) -> tuple | None:
        st2, = judge.after(st, x, [ans])
        return None if st2 == ("dead",) else (st2, None)

    n = len(ctx.names)
    size, answer, edges = product(ctx, cert, one, "new")
    found = cycles(ctx, {u: [(v, sig) for v, sig, _ in out] for u, out in edges.items()})
    for comp, rule, fed in found:
        for h in range(n):
            if rule[3][h] != -1:
                defeats(ctx, h, comp, rule, fed, answer, f" while enumerating {ctx.names[h]} legally under "
                        f"{variant.words()}")
    return (f"generatable under {variant.words()}: the finite-state generator ({size}) answers "
            f"every input from every reachable state, and in each of its {len(found)} cycles (judged by the kernel "
            "under this model) no target can be enumerated legally while an answer there is wrong for it")


checker(KIND_ADV, KIND_GEN, Variant.from_json, _check_adversary, _check_generator)
