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

from collections import Counter, deque
from typing import Any

from . import CheckResult, register
from .finite_model import FiniteVariant
from .source import ClassMismatch, load_class
from ..classes import cells as C
from .strategy import Ctx, Reject, _by_id, _components, _cycle
from ..kernel import Play, correct, enumerates, repeatable, start

KIND_ADV = "finite-variant-adversary"
KIND_GEN = "finite-variant-generator"


def check(cert: dict[str, Any]) -> CheckResult:
    """Load the class (no solver), read the model, then check the strategy under that model."""
    kind = cert.get("kind", "?")
    try:
        _fields(cert)
        try:
            variant = FiniteVariant.from_json(cert["model"])
        except ValueError as exc:
            raise Reject(f"model: {exc}") from None
        block = cert["class"]
        cls = load_class(block["path"], block["cells"], block["hypotheses"], block["name"])
        ctx = Ctx(cls, True)
        ctx.mode = variant.mode
        message = _check_adversary(ctx, cert, variant) if kind == KIND_ADV else _check_generator(ctx, cert, variant)
    except (Reject, ClassMismatch) as exc:
        return CheckResult(False, kind, str(exc))
    except (KeyError, TypeError, AttributeError, IndexError) as exc:  # a malformed part the schema let through
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


def _finite_sigs(ctx: Ctx) -> list:
    got = getattr(ctx, "finite_sigs", None)
    if got is None:
        got = ctx.finite_sigs = [sig for sig in sorted(ctx.cells, key=sorted) if ctx.cells[sig].size != C.INF]
    return got


def _state(ctx: Ctx, plays: list[Play | None]) -> tuple:
    """The abstract state of one stream judged for every target (None: the input was illegal for it)."""
    some = next((p for p in plays if p is not None), None)
    if some is None:
        return ("dead",)
    mode = ctx.mode
    per = Counter(ctx.rules.signature(x) for x in some.seen)
    counts = tuple(per[sig] for sig in _finite_sigs(ctx))
    answers = frozenset(a for a, _ in some.answered)
    fixed_r, fixed_z = isinstance(mode.budget, int), isinstance(mode.noise, int)
    used = tuple(-1 if p is None else (p.replays if fixed_r else 0, p.noises if fixed_z else 0) for p in plays)
    return counts, answers, used


def _element(ctx: Ctx, sig: frozenset[int], how: str, seen: frozenset, where: str):
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


def _step(ctx: Ctx, plays: list[Play | None], x, b: int) -> list[Play | None]:
    out: list[Play | None] = []
    for p in plays:
        if p is None:
            out.append(None)
            continue
        nxt, r = p.step(ctx.rules, x, b)
        out.append(nxt if r.legal else None)
    return out


def _left(ctx: Ctx, h: int, seen: frozenset) -> int:
    """Elements of h's finite cells never presented."""
    return sum(1 for sig in ctx.cells_of[h] if ctx.cells[sig].size != C.INF for x in ctx.elements(sig) if x not in seen)


# ---------------------------------------------------------------- adversary

def _check_adversary(ctx: Ctx, cert: dict[str, Any], variant: FiniteVariant) -> str:
    nodes = _by_id(cert["nodes"], "node")
    n = len(ctx.names)
    root = cert["root"]
    if root not in nodes:
        raise Reject(f"root node {root!r} does not exist")
    plays: dict[str, list[Play | None]] = {root: [start(ctx.rules, h, ctx.mode) for h in range(n)]}
    abstract: dict[str, tuple] = {root: _state(ctx, plays[root])}
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
        got = _state(ctx, child)
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
            x = _element(ctx, sig, node["element"], seen, where(nid))
            for b in range(n):
                if ctx.names[b] not in nxt:
                    raise Reject(f"{where(nid)}: no successor for answer {ctx.names[b]}")
                visit(nid, nxt[ctx.names[b]], _step(ctx, ps, x, b))
        elif node["move"] == "loop":
            loops += 1
            exits = _check_loop(ctx, node, ps, alive, answers, seen, where(nid))
            for b in range(n):
                if b in answers and ctx.names[b] in nxt:
                    raise Reject(f"{where(nid)}: answer {ctx.names[b]} is already in O, so the loop must absorb it")
                if b not in answers:
                    if ctx.names[b] not in nxt:
                        raise Reject(f"{where(nid)}: no successor for the new answer {ctx.names[b]}")
                    first, *others = exits[b]
                    for other in others:
                        if _state(ctx, other) != _state(ctx, first):
                            raise Reject(f"{where(nid)}: the new answer {ctx.names[b]} leads to different states "
                                         "from different loop states")
                    visit(nid, nxt[ctx.names[b]], first)
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
                answers: frozenset[int], seen: frozenset, where: str) -> dict[int, list]:
    """Judge every state of the loop for every target still in and check its Muller condition by
    `_escape`. Returns, per new answer, the plays after it from each loop state."""
    if not answers:
        raise Reject(f"{where}: a loop needs at least one earlier answer")
    states = _by_id(node["states"], "loop state")
    if node["start"] not in states:
        raise Reject(f"{where}: loop start state {node['start']!r} does not exist")
    entry = _state(ctx, ps)
    cell, good = {}, {}
    exits: dict[int, list] = {b: [] for b in range(len(ctx.names)) if b not in answers}
    for qid, st in states.items():
        here = f"{where}, loop state {qid}"
        sig = ctx.cell(st["present"], here)
        x = _element(ctx, sig, "new" if ctx.cells[sig].size == C.INF else "repeat", seen, here)
        cell[qid] = sig
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
            if _state(ctx, after) != entry:
                raise Reject(f"{here}: input {x} changes the counted replays or noise of a target, so the loop "
                             f"cannot repeat it forever")
        good[qid] = frozenset(ok)
        for b in exits:
            exits[b].append(_step(ctx, ps, x, b))
        stay = st["stay"]
        for key, to in stay.items():
            if key not in ctx.index or ctx.index[key] not in answers:
                raise Reject(f"{here}: 'stay' lists {key!r}, which is not an answer so far")
            if to not in states:
                raise Reject(f"{here}: on {key} goes to missing loop state {to!r}")
        for a in sorted(answers):
            if ctx.names[a] not in stay:
                raise Reject(f"{here}: no loop state for the answer {ctx.names[a]}")
    reach, todo = {node["start"]}, [node["start"]]
    while todo:
        for to in states[todo.pop()]["stay"].values():
            if to not in reach:
                reach.add(to)
                todo.append(to)
    if set(states) - reach:
        raise Reject(f"{where}: loop state {sorted(set(states) - reach)[0]} is unreachable from the loop's start")
    targets = {}
    for h in sorted(alive):
        if enumerates(_left(ctx, h, seen), ctx.mode):
            need = frozenset(s for s in ctx.cells_of[h] if ctx.cells[s].size == C.INF)
            wrong = frozenset(a for a in answers if not correct(ctx.rules, h, seen, a, ctx.mode)[0])
            targets[h] = (need, wrong)
    edges = frozenset((q, ctx.index[a], to) for q, st in states.items() for a, to in st["stay"].items())
    bad = _escape(edges, cell, good, targets, {})
    if bad:
        shown = ", ".join(f"{q} -{ctx.names[a]}-> {t}" for q, a, t in sorted(bad))
        raise Reject(f"{where}: the generator can make the loop transitions {{{shown}}} recur forever, and no "
                     "target is then enumerated legally, with finitely many bad rounds, while answered wrongly")
    return exits


def _escape(edges: frozenset, cell: dict, good: dict, targets: dict, memo: dict) -> frozenset | None:
    """A strongly connected set of loop transitions that defeats no target, or None (the one-player
    Emerson-Lei recursion: a set that defeats h can only shrink to one that misses an infinite cell of h
    or every answer wrong for h)."""
    if edges in memo:
        return memo[edges]
    graph: dict = {}
    for q, a, t in edges:
        graph.setdefault(q, []).append((t, a))
        graph.setdefault(t, [])
    found = None
    for comp in _components(graph):
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

def _synthetic(ctx: Ctx, h: int, state: tuple, seen: frozenset) -> Play | None:
    """A kernel play for target h in the abstract state (every answer given at round 1)."""
    counts, answers, used = state
    if used[h] == -1:
        return None
    replays, noises = used[h]
    return Play(h, ctx.mode, 1, seen, tuple((a, 1) for a in sorted(answers)), replays, noises)


def _check_generator(ctx: Ctx, cert: dict[str, Any], variant: FiniteVariant) -> str:
    states = _by_id(cert["states"], "state")
    n = len(ctx.names)
    s0 = cert["start"]
    if s0 not in states:
        raise Reject(f"start state {s0!r} does not exist")
    answer: dict[str, int | None] = {}
    table: dict[str, dict[tuple[frozenset[int], str], str]] = {}
    for sid, st in states.items():
        ans = st["answer"]
        if ans is not None and ans not in ctx.index:
            raise Reject(f"state {sid}: unknown answer {ans!r}")
        answer[sid] = None if ans is None else ctx.index[ans]
        tab: dict[tuple[frozenset[int], str], str] = {}
        for edge in st["on"]:
            sig = ctx.cell(edge["cell"], f"state {sid}")
            how = edge["element"]
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
    finite = _finite_sigs(ctx)
    first = (s0, (tuple(0 for _ in finite), frozenset(), ((0, 0),) * n))
    edges: dict[tuple, list[tuple[tuple, frozenset, frozenset]]] = {}
    queue, seen_nodes = deque([first]), {first}
    while queue:
        node = queue.popleft()
        sid, st = node
        counts, answers, _ = st
        seen = frozenset(x for sig, k in zip(finite, counts) for x in ctx.elements(sig)[:k])
        base = [_synthetic(ctx, h, st, seen) for h in range(n)]
        edges[node] = []
        for sig in sorted(ctx.cells, key=sorted):
            infinite = ctx.cells[sig].size == C.INF
            options = ["any"] if infinite else \
                [o for o, ok in (("new", counts[finite.index(sig)] < ctx.cells[sig].size),
                                 ("repeat", counts[finite.index(sig)] > 0)) if ok]
            for how in options:
                if (sig, how) not in table[sid]:
                    raise Reject(f"state {sid} (answers so far {ctx.show(answers)}): no transition for a {how} "
                                 f"element of cell {ctx.show(sig)}")
                to = table[sid][sig, how]
                ans = answer[to]
                if ans is None:
                    raise Reject(f"state {to}: entered after an input but gives no answer")
                x = ctx.elements(sig, 1)[0] if how == "repeat" else \
                    _element(ctx, sig, "new", seen, f"state {sid}")
                after = _step(ctx, base, x, ans)
                st2 = _state(ctx, after)
                if st2 == ("dead",):
                    continue  # illegal for every target: nothing after it matters
                good = frozenset(h for h in range(n) if base[h] is not None and after[h] is not None
                                 and repeatable(ctx.mode, base[h], after[h]))
                child = (to, st2)
                edges[node].append((child, sig, good))
                if child not in seen_nodes:
                    seen_nodes.add(child)
                    queue.append(child)
    unreachable = sorted(set(states) - {s for s, _ in seen_nodes} - {"dead"})
    cycles = 0
    for h in range(n):
        graph = {u: [(v, sig) for v, sig, good in out if h in good] for u, out in edges.items()}
        for comp in _components(graph):
            inner = [(u, v, sig) for u in comp for v, sig in graph[u] if v in comp]
            if not inner:
                continue
            cycles += 1
            _check_component(ctx, h, comp, inner, answer, variant)
    extra = f" ({len(unreachable)} states never reached)" if unreachable else ""
    return (f"generatable under {variant.words()}: the finite-state generator ({len(states)} states{extra}) answers "
            f"every input from every reachable state, and in each of its {cycles} cycles of rounds legal and "
            "repeatable for a target (judged by the kernel under this model) that enumerate the target, every "
            "answer is right for it")


def _check_component(ctx: Ctx, h: int, comp: set, inner: list, answer: dict, variant: FiniteVariant) -> None:
    """No play that stays forever in this strongly connected set of rounds good for h defeats h."""
    rule = {st for _, st in comp}
    if len(rule) != 1:
        raise Reject("a cycle of the generator changes the rule state (answers, counted replays or noise, or "
                     "presented cells); the product is not monotone")
    (counts, _, _), = rule
    finite = _finite_sigs(ctx)
    left = sum(int(ctx.cells[s].size) - counts[finite.index(s)] for s in ctx.cells_of[h] if ctx.cells[s].size != C.INF)
    if not enumerates(left, ctx.mode):
        return
    fed = {sig for _, _, sig in inner if ctx.cells[sig].size == C.INF}
    if any(ctx.cells[s].size == C.INF and s not in fed for s in ctx.cells_of[h]):
        return
    for sid, _ in sorted(comp, key=lambda v: v[0]):
        ok, _ = correct(ctx.rules, h, set(), answer[sid], ctx.mode)
        if not ok:
            raise Reject(f"state {sid}: the adversary can stay on a cycle through it forever, every round legal and "
                         f"repeatable for {ctx.names[h]}, enumerating {ctx.names[h]} under {variant.words()}, and "
                         f"answer {ctx.names[answer[sid]]} is wrong for {ctx.names[h]}")
