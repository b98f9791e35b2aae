"""The checker of replay-variant certificates (docs/variants.md §4): the kernel under the certificate's
model (budget, delay, noise, omissions), the class's cells and plain graphs only; it never imports the
solver. Plays are judged from their abstract state (abstract.py): the adversary's DAG is walked by
`abstract.walk` and its loops by `abstract.judge_loop`; the generator's product is `abstract.product`, each round
judged by `abstract.Judge`.
"""
from __future__ import annotations

from typing import Any

from .abstract import Ctx, Judge, checker, cycles, defeats, element, judge_loop, product, walk
from ..classes import cells as C
from .variant import Variant

KIND_ADV = "replay-variant-adversary"
KIND_GEN = "replay-variant-generator"


# ---------------------------------------------------------------- adversary

def _check_adversary(ctx: Ctx, cert: dict[str, Any], variant: Variant) -> str:
    def one_cycle(node: dict[str, Any], st: tuple, alive: frozenset[int], answers: frozenset[int],
                  seen: frozenset, where: str) -> int:
        """One element per cell: a finite cell's first (presented before the loop), a new one of an infinite cell."""
        return judge_loop(ctx, node, st, alive, answers, seen, where, lambda s: [
            element(ctx, s, "repeat" if ctx.cells[s].size != C.INF else "new", seen, where)])

    nodes, loops = walk(ctx, cert, variant.words(), "answers, replays used or presented cells differ", one_cycle)
    return (f"not-generatable under {variant.words()}: the adversary strategy ({nodes} nodes, {loops} final "
            "loops) defeats every proper generator; the kernel judges every branch legal under this model, and "
            "every loop a legal enumeration of its targets in which every available answer is wrong for one of them")


# ---------------------------------------------------------------- generator

def _check_generator(ctx: Ctx, cert: dict[str, Any], variant: Variant) -> str:
    judge = Judge(ctx)

    def one(st: tuple, seen: frozenset, x: int, ans: int) -> tuple | None:
        st2, = judge.after(st, x, [ans])
        return None if st2 == ("dead",) else (st2, None)

    n = len(ctx.names)
    size, answer, edges = product(ctx, cert, one, "new")
    found = cycles(ctx, {u: [(v, sig) for v, sig, _ in out] for u, out in edges.items()})
    for sids, rule, seen, fed in found:
        for h in range(n):
            if rule[3][h] != -1:
                defeats(ctx, h, sids, seen, fed, answer, f" while enumerating {ctx.names[h]} legally under "
                        f"{variant.words()}")
    return (f"generatable under {variant.words()}: the finite-state generator ({size}) answers "
            f"every input from every reachable state, and in each of its {len(found)} cycles (judged by the kernel "
            "under this model) no target can be enumerated legally while an answer there is wrong for it")


checker(KIND_ADV, KIND_GEN, Variant.from_json, _check_adversary, _check_generator)
