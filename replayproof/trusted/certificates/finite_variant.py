"""The checker of "finitely many" certificates (docs/variants.md §7b): the kernel under the certificate's
model, the class's cells and plain graphs only. It never imports the solver.

Every round is judged by `kernel.Play.step` under the model's `Mode` from its abstract state (abstract.py;
under FINITE a limit's count changes no judgment and is left out), and whether a round may recur forever in
an admissible infinite play by `kernel.repeatable` (docs/model.md §7). Adversary: a DAG of steps
(`abstract.walk`) ending in loops; a loop is an automaton over the answers so far, and every strongly
connected set of its transitions (what the generator can make recur) must defeat the generator for some
target: all its rounds legal and repeatable for it, its infinite cells fed, its finite cells presented but
for the omissions allowed, an answer wrong for it. Generator: in the product of the machine with the
abstract state (`abstract.product`), for every target, no cycle of rounds legal and repeatable for it that
feeds its cells may hold a state whose answer is wrong for it.
"""
from __future__ import annotations

from typing import Any

import networkx as nx

from .abstract import Ctx, checker, cycles, defeats, element, left, product, state, synthetic, walk
from .variant import FiniteVariant
from ..classes import cells as C
from .common import Reject, by_id, components
from ..kernel import Play, correct, enumerates, repeatable

KIND_ADV = "finite-variant-adversary"
KIND_GEN = "finite-variant-generator"


# ---------------------------------------------------------------- adversary

def _check_adversary(ctx: Ctx, cert: dict[str, Any], variant: FiniteVariant) -> str:
    nodes, loops = walk(ctx, cert, variant.words(), "answers, counted replays or noise, or presented cells differ",
                        lambda *args: _check_loop(ctx, *args))
    return (f"not-generatable under {variant.words()}: the adversary strategy ({nodes} nodes, {loops} final "
            "loops) defeats every proper generator; the kernel judges every branch legal under this model, and in "
            "every loop every set of transitions the generator can make recur is, for some target, legal with "
            "rounds that may recur forever (kernel.repeatable), enumerates it and is wrong for it infinitely often")


def _check_loop(ctx: Ctx, node: dict[str, Any], entry: tuple, alive: frozenset[int],
                answers: frozenset[int], seen: frozenset, where: str) -> int:
    """Judge every state of the loop for every target still in and check its Muller condition by
    `_escape`. Returns the first loop state's input: a new answer after it leads where it would after
    any other (each keeps the abstract state under every old answer, and `Play.step` judges an input
    before it reads the answer)."""
    states = by_id(node["states"], "loop state")
    if node["start"] not in states:
        raise Reject(f"{where}: loop start state {node['start']!r} does not exist")
    ps = [synthetic(ctx, h, entry, seen) for h in range(len(ctx.names))]
    cell, good, inputs = {}, {}, []
    for qid, st in states.items():
        here = f"{where}, loop state {qid}"
        sig = ctx.cell(st["present"], here)
        x = element(ctx, sig, "new" if ctx.cells[sig].size == C.INF else "repeat", seen, here)
        cell[qid] = sig
        inputs.append(x)
        ok = set(alive)
        for a in sorted(answers):
            after: list[Play | None] = []
            for h, p in enumerate(ps):
                if p is None:
                    after.append(None)
                    continue
                nxt, r = p.step(ctx.rules, x, a)
                if not r.legal:
                    raise Reject(f"{here}: input {x} is illegal for {ctx.names[h]}: {r.why}")
                if not repeatable(ctx.mode, p, nxt):
                    ok.discard(h)
                after.append(nxt)
            if state(ctx, after) != entry:
                raise Reject(f"{here}: input {x} changes the counted replays or noise of a target, so the loop "
                             f"cannot repeat it forever")
        good[qid] = frozenset(ok)
        stay = st["stay"]
        for key, to in stay.items():
            if key not in ctx.index or ctx.index[key] not in answers:
                raise Reject(f"{here}: 'stay' lists {key!r}, which is not an answer so far")
            if to not in states:
                raise Reject(f"{here}: on {key} goes to missing loop state {to!r}")
        for a in sorted(answers):
            if ctx.names[a] not in stay:
                raise Reject(f"{here}: no loop state for the answer {ctx.names[a]}")
    graph = nx.DiGraph((q, to) for q, st in states.items() for to in st["stay"].values())
    graph.add_nodes_from(states)
    unreached = sorted(set(states) - nx.descendants(graph, node["start"]) - {node["start"]})
    if unreached:
        raise Reject(f"{where}: loop state {unreached[0]} is unreachable from the loop's start")
    targets = {}
    for h in sorted(alive):
        if enumerates(left(ctx, h, seen), ctx.mode):
            need = frozenset(s for s in ctx.cells_of[h] if ctx.cells[s].size == C.INF)
            wrong = frozenset(a for a in answers if not correct(ctx.rules, h, seen, a, ctx.mode)[0])
            targets[h] = (need, wrong)
    edges = frozenset((q, ctx.index[a], to) for q, st in states.items() for a, to in st["stay"].items())
    bad = _escape(edges, cell, good, targets, {})
    if bad:
        shown = ", ".join(f"{q} -{ctx.names[a]}-> {t}" for q, a, t in sorted(bad))
        raise Reject(f"{where}: the generator can make the loop transitions {{{shown}}} recur forever, and no "
                     "target is then enumerated legally, with finitely many bad rounds, while answered wrongly")
    return inputs[0]


def _escape(edges: frozenset, cell: dict, good: dict, targets: dict, memo: dict) -> frozenset | None:
    """A strongly connected set of loop transitions that defeats no target, or None (the one-player
    Emerson-Lei recursion: a set that defeats h can only shrink to one that misses an infinite cell of h
    or every answer wrong for h)."""
    if edges in memo:
        return memo[edges]
    graph: dict = {}
    for q, a, t in sorted(edges):  # sorted: the set named in a rejection does not depend on string hashing
        graph.setdefault(q, []).append((t, a))
        graph.setdefault(t, [])
    found = None
    for comp in components(graph):
        inner = frozenset((q, a, t) for q, a, t in edges if q in comp and t in comp)
        if not inner:
            continue
        cells = {cell[q] for q, _, _ in inner}
        said = {a for _, a, _ in inner}
        winner = next((h for h, (need, wrong) in targets.items()
                       if all(h in good[q] for q in comp) and need <= cells and said & wrong), None)
        if winner is None:
            found = inner
            break
        need, wrong = targets[winner]
        options = [frozenset(e for e in inner if e[1] not in wrong)] + \
            [frozenset(e for e in inner if cell[e[0]] != c) for c in sorted(need, key=sorted)]
        for sub in options:
            found = _escape(sub, cell, good, targets, memo)
            if found:
                break
        if found:
            break
    memo[edges] = found
    return found


# ---------------------------------------------------------------- generator

def _check_generator(ctx: Ctx, cert: dict[str, Any], variant: FiniteVariant) -> str:
    n = len(ctx.names)
    bases: dict[tuple, list[Play | None]] = {}

    def one(st: tuple, seen: frozenset, x: int, ans: int) -> tuple | None:
        base = bases.get(st)
        if base is None:
            base = bases[st] = [synthetic(ctx, h, st, seen) for h in range(n)]
        steps = [None if p is None else p.step(ctx.rules, x, ans) for p in base]
        after = [None if got is None or not got[1].legal else got[0] for got in steps]
        st2 = state(ctx, after)
        if st2 == ("dead",):
            return None
        return st2, frozenset(h for h in range(n) if base[h] is not None and after[h] is not None
                              and repeatable(ctx.mode, base[h], after[h]))

    size, answer, edges = product(ctx, cert, one)
    count = 0
    for h in range(n):
        for sids, _, seen, fed in cycles(ctx, {u: [(v, sig) for v, sig, good in out if h in good]
                                               for u, out in edges.items()}):
            count += 1
            defeats(ctx, h, sids, seen, fed, answer, f", every round legal and repeatable for {ctx.names[h]}, "
                    f"enumerating {ctx.names[h]} under {variant.words()}")
    return (f"generatable under {variant.words()}: the finite-state generator ({size}) answers "
            f"every input from every reachable state, and in each of its {count} cycles of rounds legal and "
            "repeatable for a target (judged by the kernel under this model) that enumerate the target, every "
            "answer is right for it")


checker(KIND_ADV, KIND_GEN, FiniteVariant.from_json, _check_adversary, _check_generator)
