"""The checker of replay-variant certificates: the kernel under the certificate's model, the class's
cells and plain graphs only (docs/variants.md §4). It never imports the solver.

Every play is judged by `kernel.Play.step` with the model's `Mode` (budget, delay) from its abstract state
(abstract.py): a node's (or machine state's) plays are rebuilt from it (`abstract.synthetic`), and the
kernel's judgment of an input for one target is memoised per (target, the input's signature, answers, young
answers with ages, that target's counters): that is everything `Play.step` reads to decide legality and to
count replays and noise (it judges the input before it reads the round's answer, and membership is by
signature). Every edge's answers, ages and presented cells come from a kernel step as well (`_Judge.after`).
"""
from __future__ import annotations

from collections import deque
from typing import Any

from .abstract import checker, cycles, defeats, element, finite_sigs, presented, product, shared, state, synthetic, used
from ..classes import cells as C
from .strategy import Ctx, Reject, _by_id, _cycle
from ..kernel import correct, enumerates, start
from .variant import Variant

KIND_ADV = "replay-variant-adversary"
KIND_GEN = "replay-variant-generator"


class _Judge:
    """The kernel's judgment of one more round from an abstract state, memoised per target (module docstring)."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.memo: dict[tuple, tuple[int, int] | int] = {}
        self.presented: dict[tuple[int, ...], frozenset] = {}
        self.cells: dict[tuple, tuple[int, ...]] = {}
        self.ages: dict[tuple, tuple] = {}

    def seen(self, counts: tuple[int, ...]) -> frozenset:
        """`abstract.presented`, memoised."""
        got = self.presented.get(counts)
        if got is None:
            got = self.presented[counts] = presented(self.ctx, counts)
        return got

    def after(self, state: tuple, x: int, answers: range | list[int]) -> list[tuple]:
        """The abstract states after input x and each of the answers, every target judged by `kernel.Play.step`
        (once per target: the kernel judges an input before it reads the round's answer)."""
        ctx = self.ctx
        counts, so_far, young, counters = state
        sig = ctx.rules.signature(x)
        out: list[tuple[int, int] | int] = []
        legal = -1
        for h, u in enumerate(counters):
            if u == -1:
                out.append(-1)
                continue
            key = (h, sig, so_far, young, u)
            got = self.memo.get(key)
            if got is None:
                nxt, r = synthetic(ctx, h, state, self.seen(counts)).step(ctx.rules, x, answers[0])
                got = self.memo[key] = used(nxt if r.legal else None, ctx.mode)
            if legal == -1 and got != -1:
                legal = h
            out.append(got)
        if legal == -1:
            return [("dead",)] * len(answers)
        # presented cells, answers and ages after the round: the same for every target (`Play.step` computes
        # them apart from the judgment); the cells presented depend only on the input (and are the same for
        # every element of an infinite cell), the answers and ages only on the answer
        judged, which = tuple(out), sig if ctx.cells[sig].size == C.INF else x
        states = []
        for b in answers:
            ckey, akey = (counts, which), (so_far, young, b)
            cells, ages = self.cells.get(ckey), self.ages.get(akey)
            if cells is None or ages is None:
                nxt, r = synthetic(ctx, legal, state, self.seen(counts)).step(ctx.rules, x, b)
                cells, so_far2, young2 = shared(ctx, nxt)
                ages = (so_far2, young2)
                self.cells[ckey], self.ages[akey] = cells, ages
            states.append((cells, *ages, judged))
        return states


# ---------------------------------------------------------------- adversary

def _check_adversary(ctx: Ctx, cert: dict[str, Any], variant: Variant) -> str:
    nodes = _by_id(cert["nodes"], "node")
    n, budget = len(ctx.names), variant.budget
    root = cert["root"]
    if root not in nodes:
        raise Reject(f"root node {root!r} does not exist")
    judge = _Judge(ctx)
    abstract: dict[str, tuple] = {root: state(ctx, [start(ctx.rules, h, ctx.mode) for h in range(n)])}
    seen_at: dict[str, frozenset] = {root: frozenset()}  # the elements presented on the first play reaching a node
    children: dict[str, list[str]] = {}
    queue, loops = deque([root]), 0

    def where(nid: str) -> str:
        st = abstract[nid]
        o, alive = (frozenset(), ()) if st == ("dead",) else (st[1], (h for h, u in enumerate(st[3]) if u != -1))
        return f"node {nid} (answers so far {ctx.show(o)}, legal for {ctx.show(alive)}, {variant.words()})"

    def visit(parent: str, nid: str, got: tuple, x: int) -> None:
        if nid not in nodes:
            raise Reject(f"{where(parent)}: successor {nid!r} does not exist")
        if nid in abstract:
            if abstract[nid] != got:
                raise Reject(f"node {nid} is reached by plays in different states (answers, replays used or "
                             "presented cells differ), so one strategy there cannot be judged once")
        else:
            abstract[nid], seen_at[nid] = got, seen_at[parent] | {x}
            queue.append(nid)
        children[parent].append(nid)

    while queue:
        nid = queue.popleft()
        node, st = nodes[nid], abstract[nid]
        children[nid] = []
        if st == ("dead",):
            raise Reject(f"node {nid}: the play is illegal for every target under {variant.words()}, "
                         "which hands it to the generator")
        answers, alive = st[1], frozenset(h for h, u in enumerate(st[3]) if u != -1)
        here = where(nid)
        rec = (ctx.hyps(node["answers_so_far"], f"node {nid}"), ctx.hyps(node["legal_for"], f"node {nid}"))
        if rec != (answers, alive):
            raise Reject(f"{here}: records answers so far {ctx.show(rec[0])} and legal for {ctx.show(rec[1])}")
        nxt = node["next"]
        for key in nxt:
            if key not in ctx.index:
                raise Reject(f"{here}: successor for unknown answer {key!r}")
        seen = seen_at[nid]
        if node["move"] == "step":
            sig = ctx.cell(node["present"], here)
            x = element(ctx, sig, node["element"], seen, here)
            for b in range(n):
                if ctx.names[b] not in nxt:
                    raise Reject(f"{here}: no successor for answer {ctx.names[b]}")
            for b, got in enumerate(judge.after(st, x, range(n))):
                visit(nid, nxt[ctx.names[b]], got, x)
        elif node["move"] == "loop":
            loops += 1
            first = _check_loop(ctx, node, st, alive, answers, seen, budget, here)
            for b in range(n):
                if b in answers and ctx.names[b] in nxt:
                    raise Reject(f"{here}: answer {ctx.names[b]} is already in O, so the loop must absorb it")
                if b not in answers:
                    if ctx.names[b] not in nxt:
                        raise Reject(f"{here}: no successor for the new answer {ctx.names[b]}")
            fresh = [b for b in range(n) if b not in answers]
            for b, got in zip(fresh, judge.after(st, first, fresh) if fresh else []):
                visit(nid, nxt[ctx.names[b]], got, first)
        else:
            raise Reject(f"{here}: move must be \"step\" or \"loop\"")
    unreachable = sorted(set(nodes) - set(abstract))
    if unreachable:
        raise Reject(f"node {unreachable[0]} is unreachable from the root")
    cycle = _cycle(children)
    if cycle:
        raise Reject(f"nodes {' -> '.join(cycle + [cycle[0]])} form a cycle: a play could follow it forever "
                     "without settling in a loop")
    return (f"not-generatable under {variant.words()}: the adversary strategy ({len(nodes)} nodes, {loops} final "
            "loops) defeats every proper generator; the kernel judges every branch legal under this model, and "
            "every loop a legal enumeration of its targets in which every available answer is wrong for one of them")


def _check_loop(ctx: Ctx, node: dict[str, Any], st: tuple, alive: frozenset[int],
                answers: frozenset[int], seen: frozenset, budget: int | None, where: str) -> int:
    """One cycle of the loop judged for every target still in: legal, no replay used (under a budget),
    finite cells only repeated. Returns the cycle's first input."""
    if not answers:
        raise Reject(f"{where}: a loop needs at least one earlier answer")
    if not node["present"]:
        raise Reject(f"{where}: the loop presents nothing")
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
            if budget is not None and play.replays != before[0]:
                raise Reject(f"{where}: loop input {x} is a replay for {ctx.names[h]}; a loop repeated forever "
                             f"would exceed the replay budget {budget}")
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
            if ctx.cells[sig].size == C.INF:
                if sig not in sigs:
                    raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but never presents its infinite "
                                 f"cell {ctx.show(sig)}")
        left = sum(1 for sig in ctx.cells_of[h] if ctx.cells[sig].size != C.INF
                   for x in ctx.elements(sig) if x not in seen)
        if not enumerates(left, ctx.mode):
            raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but {left} element(s) of its finite cells "
                         f"are never presented (at most {ctx.mode.omit} may be omitted)")
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
    judge = _Judge(ctx)

    def one(st: tuple, seen: frozenset, x: int, ans: int) -> tuple | None:
        st2, = judge.after(st, x, [ans])
        return None if st2 == ("dead",) else (st2, None)

    n = len(ctx.names)
    zero = (tuple(0 for _ in finite_sigs(ctx)), frozenset(), (), ((0, 0),) * n)
    states, answer, edges = product(ctx, cert, zero, one, "new")
    unreachable = sorted(set(states) - {s for s, _ in edges} - {"dead"})
    found = cycles(ctx, {u: [(v, sig) for v, sig, _ in out] for u, out in edges.items()})
    for comp, rule, fed in found:
        for h in range(n):
            if rule[3][h] != -1:
                defeats(ctx, h, comp, rule, fed, answer, f" while enumerating {ctx.names[h]} legally under "
                        f"{variant.words()}")
    extra = f" ({len(unreachable)} states never reached)" if unreachable else ""
    return (f"generatable under {variant.words()}: the finite-state generator ({len(states)} states{extra}) answers "
            f"every input from every reachable state, and in each of its {len(found)} cycles (judged by the kernel "
            "under this model) no target can be enumerated legally while an answer there is wrong for it")


checker(KIND_ADV, KIND_GEN, Variant.from_json, _check_adversary, _check_generator)
