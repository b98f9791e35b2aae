"""The checker of replay-variant certificates: the kernel under the certificate's model, the class's
cells and plain graphs only (docs/variants.md §4). It never imports the solver.

Every play is judged by `kernel.Play.step` with the model's `Mode` (budget, delay). A strategy node or a
machine state is identified by its abstract state: distinct elements presented per finite cell, the
answers so far, the answers still too young to replay (with their age) and the replays each target
has used. Two plays with the same abstract state are judged alike from then on (legality and cost
depend on an input's signature, the answers old enough to copy and the replays used), so each abstract
state is judged once and every other play reaching it must agree.

For the same reason the checker judges from abstract states: a node's (or machine state's) plays are
rebuilt from its abstract state (`_synthetic`), and the kernel's judgment of an input for one target is
memoised per (target, the input's signature, answers, young answers with ages, that target's counters):
that is everything `Play.step` reads to decide legality and to count replays and noise (it judges the
input before it reads the round's answer, and membership is by signature). Every edge's answers, ages and
presented cells come from a kernel step as well (`_Judge.after`).
"""
from __future__ import annotations

from collections import Counter, deque
from typing import Any

from . import CheckResult, register
from .source import ClassMismatch, load_class
from ..classes import cells as C
from .strategy import Ctx, Reject, _by_id, _components, _cycle
from ..kernel import Play, correct, enumerates, start
from .variant import Variant

KIND_ADV = "replay-variant-adversary"
KIND_GEN = "replay-variant-generator"


def check(cert: dict[str, Any]) -> CheckResult:
    """Load the class (no solver), read the model, then check the strategy under that model."""
    kind = cert.get("kind", "?")
    try:
        _fields(cert)
        try:
            variant = Variant.from_json(cert["model"])
        except ValueError as exc:
            raise Reject(f"model: {exc}") from None
        block = cert["class"]
        cls = load_class(block["path"], block["cells"], block["hypotheses"], block["name"])
        ctx = Ctx(cls, True)
        ctx.mode = variant.mode
        message = _check_adversary(ctx, cert, variant) if kind == KIND_ADV else _check_generator(ctx, cert, variant)
    except (Reject, ClassMismatch) as exc:
        return CheckResult(False, kind, str(exc))
    except (KeyError, TypeError, AttributeError, IndexError) as exc:  # no schema file: a malformed part
        what = f"missing field {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
        return CheckResult(False, kind, f"malformed certificate: {what}")
    return CheckResult(True, kind, message)


register(KIND_ADV)(check)
register(KIND_GEN)(check)

_COMMON = {"kind": str, "format": int, "notion": str, "model": dict, "verdict": str, "class": dict, "summary": str}
_ADV = {"root": str, "nodes": list}
_GEN = {"start": str, "states": list}


def _fields(cert: dict[str, Any]) -> None:
    """Exactly the fields of the kind, with their types; the verdict must be the kind's."""
    want = {**_COMMON, **(_ADV if cert.get("kind") == KIND_ADV else _GEN)}
    for key, typ in want.items():
        if key not in cert:
            raise Reject(f"missing field {key!r}")
        if not isinstance(cert[key], typ):
            raise Reject(f"field {key!r} is not a {typ.__name__}")
    extra = sorted(set(cert) - set(want))
    if extra:
        raise Reject(f"unknown field {extra[0]!r}")
    if cert["format"] != 1 or cert["notion"] != "proper-limit":
        raise Reject("format must be 1 and notion \"proper-limit\"")
    verdict = "not-generatable" if cert["kind"] == KIND_ADV else "generatable"
    if cert["verdict"] != verdict:
        raise Reject(f"a {cert['kind']} certificate carries the verdict {verdict!r}, not {cert['verdict']!r}")


def _finite(ctx: Ctx) -> list[frozenset[int]]:
    finite = getattr(ctx, "finite_sigs", None)
    if finite is None:
        finite = ctx.finite_sigs = [sig for sig in sorted(ctx.cells, key=sorted) if ctx.cells[sig].size != C.INF]
    return finite


def _shared(ctx: Ctx, some: Play) -> tuple:
    """The part of the abstract state every target's play shares: presented finite cells, answers, young answers."""
    t, delay = some.t, ctx.mode.delay
    per = Counter(ctx.rules.signature(x) for x in some.seen)
    counts = tuple(per[sig] for sig in _finite(ctx))
    answers = frozenset(a for a, _ in some.answered)
    young = tuple(sorted((a, t + 1 - first) for a, first in some.answered if first > t + 1 - delay))
    return counts, answers, young


def _used(p: Play | None, budget: int | None) -> tuple[int, int] | int:
    """One target's counters in the abstract state: (replays, noise) used, or -1 once an input was illegal."""
    return -1 if p is None else ((p.replays if budget is not None else 0), p.noises)


def _state(ctx: Ctx, plays: list[Play | None], budget: int | None) -> tuple:
    """The abstract state of one stream judged for every target (None: the input was illegal for it)."""
    some = next((p for p in plays if p is not None), None)
    if some is None:
        return ("dead",)
    return (*_shared(ctx, some), tuple(_used(p, budget) for p in plays))


class _Judge:
    """The kernel's judgment of one more round from an abstract state, memoised per target (module docstring)."""

    def __init__(self, ctx: Ctx, budget: int | None) -> None:
        self.ctx, self.budget = ctx, budget
        self.memo: dict[tuple, tuple[int, int] | int] = {}
        self.presented: dict[tuple[int, ...], frozenset] = {}
        self.cells: dict[tuple, tuple[int, ...]] = {}
        self.ages: dict[tuple, tuple] = {}

    def seen(self, counts: tuple[int, ...]) -> frozenset:
        """The elements of finite cells presented in an abstract state (each cell's first `count`; `_element`
        presents a finite cell's elements in order)."""
        got = self.presented.get(counts)
        if got is None:
            got = self.presented[counts] = frozenset(
                x for sig, k in zip(_finite(self.ctx), counts) for x in self.ctx.elements(sig)[:k])
        return got

    def after(self, state: tuple, x: int, answers: range | list[int]) -> list[tuple]:
        """The abstract states after input x and each of the answers, every target judged by `kernel.Play.step`
        (once per target: the kernel judges an input before it reads the round's answer)."""
        ctx = self.ctx
        counts, so_far, young, used = state
        sig = ctx.rules.signature(x)
        out: list[tuple[int, int] | int] = []
        legal = -1
        for h, u in enumerate(used):
            if u == -1:
                out.append(-1)
                continue
            key = (h, sig, so_far, young, u)
            got = self.memo.get(key)
            if got is None:
                nxt, r = _synthetic(ctx, h, state, self.seen(counts)).step(ctx.rules, x, answers[0])
                got = self.memo[key] = _used(nxt if r.legal else None, self.budget)
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
                nxt, r = _synthetic(ctx, legal, state, self.seen(counts)).step(ctx.rules, x, b)
                cells, so_far2, young2 = _shared(ctx, nxt)
                ages = (so_far2, young2)
                self.cells[ckey], self.ages[akey] = cells, ages
            states.append((cells, *ages, judged))
        return states


def _element(ctx: Ctx, sig: frozenset[int], how: str, seen: frozenset, where: str) -> int:
    """The concrete input: the first element of the cell not seen yet ("new"/"any") or its first ("repeat")."""
    if how == "repeat":
        x = ctx.elements(sig, 1)[0]
        if x not in seen:
            raise Reject(f"{where}: repeats cell {ctx.show(sig)}, which was never presented")
        return x
    if how not in ("new", "any"):
        raise Reject(f"{where}: element must be \"new\" or \"repeat\", not {how!r}")
    size = ctx.cells[sig].size
    k = 1
    while True:
        if size != C.INF and k > size:
            raise Reject(f"{where}: cell {ctx.show(sig)} has no element left that was not presented")
        x = ctx.elements(sig, k)[k - 1]
        if x not in seen:
            return x
        k += 1


# ---------------------------------------------------------------- adversary

def _check_adversary(ctx: Ctx, cert: dict[str, Any], variant: Variant) -> str:
    nodes = _by_id(cert["nodes"], "node")
    n, budget = len(ctx.names), variant.budget
    root = cert["root"]
    if root not in nodes:
        raise Reject(f"root node {root!r} does not exist")
    judge = _Judge(ctx, budget)
    abstract: dict[str, tuple] = {root: _state(ctx, [start(ctx.rules, h, ctx.mode) for h in range(n)], budget)}
    seen_at: dict[str, frozenset] = {root: frozenset()}  # the elements presented on the first play reaching a node
    children: dict[str, list[str]] = {}
    queue, loops = deque([root]), 0

    def where(nid: str) -> str:
        state = abstract[nid]
        o, alive = (frozenset(), ()) if state == ("dead",) else \
            (state[1], (h for h, u in enumerate(state[3]) if u != -1))
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
        node, state = nodes[nid], abstract[nid]
        children[nid] = []
        if state == ("dead",):
            raise Reject(f"node {nid}: the play is illegal for every target under {variant.words()}, "
                         "which hands it to the generator")
        answers, used = state[1], state[3]
        alive = frozenset(h for h, u in enumerate(used) if u != -1)
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
            x = _element(ctx, sig, node.get("element", "new"), seen, here)
            for b in range(n):
                if ctx.names[b] not in nxt:
                    raise Reject(f"{here}: no successor for answer {ctx.names[b]}")
            for b, got in enumerate(judge.after(state, x, range(n))):
                visit(nid, nxt[ctx.names[b]], got, x)
        elif node["move"] == "loop":
            loops += 1
            first = _check_loop(ctx, nid, node, state, alive, answers, seen, budget, here)
            for b in range(n):
                if b in answers and ctx.names[b] in nxt:
                    raise Reject(f"{here}: answer {ctx.names[b]} is already in O, so the loop must absorb it")
                if b not in answers:
                    if ctx.names[b] not in nxt:
                        raise Reject(f"{here}: no successor for the new answer {ctx.names[b]}")
            fresh = [b for b in range(n) if b not in answers]
            for b, got in zip(fresh, judge.after(state, first, fresh) if fresh else []):
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


def _check_loop(ctx: Ctx, nid: str, node: dict[str, Any], state: tuple, alive: frozenset[int],
                answers: frozenset[int], seen: frozenset, budget: int | None, where: str) -> int:
    """One cycle of the loop judged for every target still in: legal, no replay used (under a budget),
    finite cells only repeated. Returns the cycle's first input."""
    if not answers:
        raise Reject(f"{where}: a loop needs at least one earlier answer")
    if not node["present"]:
        raise Reject(f"{where}: the loop presents nothing")
    sigs = [ctx.cell(c, where) for c in node["present"]]
    inputs = [_element(ctx, s, "repeat" if ctx.cells[s].size != C.INF else "new", seen, where) for s in sigs]
    order = sorted(answers)
    for h in sorted(alive):
        play = _synthetic(ctx, h, state, frozenset())
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

def _synthetic(ctx: Ctx, h: int, state: tuple, seen: frozenset) -> Play | None:
    """A kernel play for target h in the abstract state (rounds renumbered: old answers at round 1)."""
    counts, answers, young, used = state
    if used[h] == -1:
        return None
    replays, noises = used[h]
    delay = ctx.mode.delay
    t = delay
    ages = dict(young)
    answered = sorted(((a, 1 if a not in ages else t + 1 - ages[a]) for a in answers), key=lambda e: (e[1], e[0]))
    return Play(h, ctx.mode, t, seen, tuple(answered), replays, noises)


def _check_generator(ctx: Ctx, cert: dict[str, Any], variant: Variant) -> str:
    states = _by_id(cert["states"], "state")
    n, budget = len(ctx.names), variant.budget
    s0 = cert["start"]
    if s0 not in states:
        raise Reject(f"start state {s0!r} does not exist")
    answer: dict[str, int | None] = {}
    table: dict[str, dict[tuple[frozenset[int], str], str]] = {}
    for sid, st in states.items():
        ans = st.get("answer")
        if ans is not None and ans not in ctx.index:
            raise Reject(f"state {sid}: unknown answer {ans!r}")
        answer[sid] = None if ans is None else ctx.index[ans]
        tab: dict[tuple[frozenset[int], str], str] = {}
        for edge in st["on"]:
            sig = ctx.cell(edge["cell"], f"state {sid}")
            how = edge.get("element")
            if how not in (("any",) if ctx.cells[sig].size == C.INF else ("new", "repeat")):
                raise Reject(f"state {sid}: element {how!r} for cell {ctx.show(sig)} (an infinite cell takes \"any\", "
                             "a finite one \"new\" or \"repeat\")")
            if (sig, how) in tab:
                raise Reject(f"state {sid}: two transitions on {how} elements of cell {ctx.show(sig)}")
            if edge["to"] not in states:
                raise Reject(f"state {sid}: on cell {ctx.show(sig)} goes to missing state {edge['to']!r}")
            tab[sig, how] = edge["to"]
        table[sid] = tab
    if answer[s0] is not None:
        raise Reject(f"state {s0}: the start state answers before any input")
    finite = [sig for sig in sorted(ctx.cells, key=sorted) if ctx.cells[sig].size != C.INF]
    zero = (tuple(0 for _ in finite), frozenset(), (), ((0, 0),) * n)
    judge = _Judge(ctx, budget)
    first = (s0, zero)
    edges: dict[tuple, list[tuple[tuple, frozenset[int], str]]] = {}
    queue, seen_nodes = deque([first]), {first}
    while queue:
        node = queue.popleft()
        sid, st = node
        counts, answers, _, used = st
        seen = frozenset(x for sig, k in zip(finite, counts) for x in ctx.elements(sig)[:k])
        edges[node] = []
        for sig in sorted(ctx.cells, key=sorted):
            options = ["new"] if ctx.cells[sig].size == C.INF else \
                [o for o, ok in (("new", counts[finite.index(sig)] < ctx.cells[sig].size),
                                 ("repeat", counts[finite.index(sig)] > 0)) if ok]
            for how in options:
                key = (sig, "any" if ctx.cells[sig].size == C.INF else how)
                if key not in table[sid]:
                    raise Reject(f"state {sid} (answers so far {ctx.show(answers)}): no transition for a {how} "
                                 f"element of cell {ctx.show(sig)}")
                to = table[sid][key]
                ans = answer[to]
                if ans is None:
                    raise Reject(f"state {to}: entered after an input but gives no answer")
                x = ctx.elements(sig, 1)[0] if ctx.cells[sig].size == C.INF else \
                    (ctx.elements(sig)[counts[finite.index(sig)]] if how == "new" else ctx.elements(sig, 1)[0])
                st2, = judge.after(st, x, [ans])
                if st2 == ("dead",):
                    continue  # illegal for every target: nothing after it matters
                child = (to, st2)
                edges[node].append((child, sig, how))
                if child not in seen_nodes:
                    seen_nodes.add(child)
                    queue.append(child)
    unreachable = sorted(set(states) - {s for s, _ in seen_nodes} - {"dead"})
    cycles = 0
    graph = {u: [(v, (sig, how)) for v, sig, how in out] for u, out in edges.items()}
    for comp in _components(graph):
        inner = [(u, v, lab) for u in comp for v, lab in graph[u] if v in comp]
        if not inner:
            continue
        cycles += 1
        _check_component(ctx, comp, inner, answer, variant)
    extra = f" ({len(unreachable)} states never reached)" if unreachable else ""
    return (f"generatable under {variant.words()}: the finite-state generator ({len(states)} states{extra}) answers "
            f"every input from every reachable state, and in each of its {cycles} cycles (judged by the kernel "
            "under this model) no target can be enumerated legally while an answer there is wrong for it")


def _check_component(ctx: Ctx, comp: set, inner: list, answer: dict, variant: Variant) -> None:
    """No play staying forever in this strongly connected set of (state, rule state) is an adversary win."""
    rule = {st for _, st in comp}
    if len(rule) != 1:
        raise Reject("a cycle of the generator changes the rule state (answers, replays or presented cells); "
                     "the product is not monotone")
    (counts, _, _, used), = rule
    finite = [sig for sig in sorted(ctx.cells, key=sorted) if ctx.cells[sig].size != C.INF]
    fed = {sig for _, _, (sig, how) in inner if how == "new" and ctx.cells[sig].size == C.INF}
    for h in range(len(ctx.names)):
        if used[h] == -1:
            continue
        mine = ctx.cells_of[h]
        left = sum(int(ctx.cells[s].size) - counts[finite.index(s)] for s in mine if ctx.cells[s].size != C.INF)
        if not enumerates(left, ctx.mode):
            continue
        if any(ctx.cells[s].size == C.INF and s not in fed for s in mine):
            continue
        for sid, _ in sorted(comp, key=lambda v: v[0]):
            ok, _ = correct(ctx.rules, h, set(), answer[sid], ctx.mode)
            if not ok:
                raise Reject(f"state {sid}: the adversary can stay on a cycle through it forever while enumerating "
                             f"{ctx.names[h]} legally under {variant.words()}, and answer {ctx.names[answer[sid]]} "
                             f"is wrong for {ctx.names[h]}")
