"""The checker of "finitely many" certificates (docs/variants.md §7): the kernel under the certificate's
model, the class's cells and plain graphs only. It never imports the solver.

Every round is judged by `kernel.Play.step` under the model's `Mode`, and whether a round may recur
forever in an admissible infinite play by `kernel.repeatable` (docs/model.md §7). A play's abstract
state is: distinct elements presented per finite cell, the answers so far, and per target whether it is
still in and the replays and noise inputs it used where the model fixes their number (under FINITE the
counts change no judgment, so they are left out). Plays with one abstract state are judged alike from
then on, so each is judged once.

Adversary: a DAG of steps ending in loops; a loop is an automaton over the answers so far, and every
strongly connected set of its transitions (what the generator can make recur) must defeat the generator
for some target: all its rounds legal and repeatable for it, its infinite cells fed, its finite cells
presented but for the omissions allowed, an answer wrong for it. Generator: in the product of the
machine with the abstract state, for every target, no cycle of rounds legal and repeatable for it that
feeds its cells may hold a state whose answer is wrong for it.
"""
from __future__ import annotations

from collections import deque
from typing import Any

import networkx as nx

from .abstract import checker, cycles, defeats, element, finite_sigs, left, product, state, synthetic
from .finite_model import FiniteVariant
from ..classes import cells as C
from .strategy import Ctx, Reject, _by_id, _cycle
from ..kernel import Play, correct, enumerates, repeatable, start

KIND_ADV = "finite-variant-adversary"
KIND_GEN = "finite-variant-generator"


def _step(ctx: Ctx, plays: list[Play | None], x, b: int) -> list[Play | None]:
    """Every target's play after input x and answer b (None: illegal for it)."""
    out: list[Play | None] = []
    for p in plays:
        if p is None:
            out.append(None)
            continue
        nxt, r = p.step(ctx.rules, x, b)
        out.append(nxt if r.legal else None)
    return out


# ---------------------------------------------------------------- adversary

def _check_adversary(ctx: Ctx, cert: dict[str, Any], variant: FiniteVariant) -> str:
    nodes = _by_id(cert["nodes"], "node")
    n = len(ctx.names)
    root = cert["root"]
    if root not in nodes:
        raise Reject(f"root node {root!r} does not exist")
    plays: dict[str, list[Play | None]] = {root: [start(ctx.rules, h, ctx.mode) for h in range(n)]}
    abstract: dict[str, tuple] = {root: state(ctx, plays[root])}
    children: dict[str, list[str]] = {}
    queue, loops = deque([root]), 0

    def where(nid: str) -> str:
        ps = plays[nid]
        o = {a for p in ps if p is not None for a, _ in p.answered}
        return (f"node {nid} (answers so far {ctx.show(o)}, legal for "
                f"{ctx.show(h for h, p in enumerate(ps) if p is not None)}, {variant.words()})")

    def visit(parent: str, nid: str, child: list[Play | None]) -> None:
        if nid not in nodes:
            raise Reject(f"{where(parent)}: successor {nid!r} does not exist")
        got = state(ctx, child)
        if nid in abstract:
            if abstract[nid] != got:
                raise Reject(f"node {nid} is reached by plays in different states (answers, counted replays or "
                             "noise, or presented cells differ), so one strategy there cannot be judged once")
        else:
            abstract[nid], plays[nid] = got, child
            queue.append(nid)
        children[parent].append(nid)

    while queue:
        nid = queue.popleft()
        node, ps = nodes[nid], plays[nid]
        children[nid] = []
        alive = frozenset(h for h, p in enumerate(ps) if p is not None)
        answers = frozenset(a for p in ps if p is not None for a, _ in p.answered)
        if not alive:
            raise Reject(f"node {nid}: the play is illegal for every target under {variant.words()}, "
                         "which hands it to the generator")
        rec = (ctx.hyps(node["answers_so_far"], f"node {nid}"), ctx.hyps(node["legal_for"], f"node {nid}"))
        if rec != (answers, alive):
            raise Reject(f"{where(nid)}: records answers so far {ctx.show(rec[0])} and legal for {ctx.show(rec[1])}")
        nxt = node["next"]
        for key in nxt:
            if key not in ctx.index:
                raise Reject(f"{where(nid)}: successor for unknown answer {key!r}")
        seen = next(p.seen for p in ps if p is not None)
        if node["move"] == "step":
            sig = ctx.cell(node["present"], where(nid))
            x = element(ctx, sig, node["element"], seen, where(nid))
            for b in range(n):
                if ctx.names[b] not in nxt:
                    raise Reject(f"{where(nid)}: no successor for answer {ctx.names[b]}")
                visit(nid, nxt[ctx.names[b]], _step(ctx, ps, x, b))
        elif node["move"] == "loop":
            loops += 1
            x = _check_loop(ctx, node, ps, alive, answers, seen, where(nid))
            for b in range(n):
                if b in answers and ctx.names[b] in nxt:
                    raise Reject(f"{where(nid)}: answer {ctx.names[b]} is already in O, so the loop must absorb it")
                if b not in answers:
                    if ctx.names[b] not in nxt:
                        raise Reject(f"{where(nid)}: no successor for the new answer {ctx.names[b]}")
                    visit(nid, nxt[ctx.names[b]], _step(ctx, ps, x, b))
        else:
            raise Reject(f"{where(nid)}: move must be \"step\" or \"loop\"")
    unreachable = sorted(set(nodes) - set(plays))
    if unreachable:
        raise Reject(f"node {unreachable[0]} is unreachable from the root")
    cycle = _cycle(children)
    if cycle:
        raise Reject(f"nodes {' -> '.join(cycle + [cycle[0]])} form a cycle: a play could follow it forever "
                     "without settling in a loop")
    return (f"not-generatable under {variant.words()}: the adversary strategy ({len(nodes)} nodes, {loops} final "
            "loops) defeats every proper generator; the kernel judges every branch legal under this model, and in "
            "every loop every set of transitions the generator can make recur is, for some target, legal with "
            "rounds that may recur forever (kernel.repeatable), enumerates it and is wrong for it infinitely often")


def _check_loop(ctx: Ctx, node: dict[str, Any], ps: list[Play | None], alive: frozenset[int],
                answers: frozenset[int], seen: frozenset, where: str) -> int:
    """Judge every state of the loop for every target still in and check its Muller condition by
    `_escape`. Returns the first loop state's input: a new answer after it leads where it would after
    any other (each keeps the abstract state under every old answer, and `Play.step` judges an input
    before it reads the answer)."""
    if not answers:
        raise Reject(f"{where}: a loop needs at least one earlier answer")
    states = _by_id(node["states"], "loop state")
    if node["start"] not in states:
        raise Reject(f"{where}: loop start state {node['start']!r} does not exist")
    entry = state(ctx, ps)
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
    found = None
    for comp in nx.strongly_connected_components(nx.DiGraph((q, t) for q, _, t in sorted(edges))):
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
        after = _step(ctx, base, x, ans)
        st2 = state(ctx, after)
        if st2 == ("dead",):
            return None
        return st2, frozenset(h for h in range(n) if base[h] is not None and after[h] is not None
                              and repeatable(ctx.mode, base[h], after[h]))

    zero = (tuple(0 for _ in finite_sigs(ctx)), frozenset(), (), ((0, 0),) * n)
    states, answer, edges = product(ctx, cert, zero, one)
    unreachable = sorted(set(states) - {s for s, _ in edges} - {"dead"})
    count = 0
    for h in range(n):
        for comp, rule, fed in cycles(ctx, {u: [(v, sig) for v, sig, good in out if h in good]
                                            for u, out in edges.items()}):
            count += 1
            defeats(ctx, h, comp, rule, fed, answer, f", every round legal and repeatable for {ctx.names[h]}, "
                    f"enumerating {ctx.names[h]} under {variant.words()}")
    extra = f" ({len(unreachable)} states never reached)" if unreachable else ""
    return (f"generatable under {variant.words()}: the finite-state generator ({len(states)} states{extra}) answers "
            f"every input from every reachable state, and in each of its {count} cycles of rounds legal and "
            "repeatable for a target (judged by the kernel under this model) that enumerate the target, every "
            "answer is right for it")


checker(KIND_ADV, KIND_GEN, FiniteVariant.from_json, _check_adversary, _check_generator)
