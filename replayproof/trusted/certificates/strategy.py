"""The proper-limit strategy checkers: the kernel, the class's cells and plain graphs only, every node judged once
along the strategy (docs/game.md, §3 and §4)."""
from __future__ import annotations

from collections import deque
from typing import Any

from ..classes import cells as C
from . import CheckResult, register
from .abstract import Ctx
from .common import Reject, by_id, components, load, settled
from ..kernel import Play, correct, start

KIND_ADV = "proper-limit-adversary"
KIND_GEN = "proper-limit-generator"


def check(cert: dict[str, Any]) -> CheckResult:
    """Load the class (no solver), then check the strategy exhaustively (structure: strict.py)."""
    kind = cert["kind"]
    try:
        ctx = Ctx(load(cert["class"]), cert["replay"])
        message = _check_adversary(ctx, cert) if kind == KIND_ADV else _check_generator(ctx, cert)
    except Reject as exc:
        return CheckResult(False, kind, str(exc))
    return CheckResult(True, kind, message)


register(KIND_ADV)(check)
register(KIND_GEN)(check)


def _mode_words(ctx: Ctx) -> str:
    return "with replay" if ctx.mode.replay else "without replay"


# ---------------------------------------------------------------- adversary

def _check_adversary(ctx: Ctx, cert: dict[str, Any]) -> str:
    nodes = by_id(cert["nodes"], "node")
    n = len(ctx.names)
    if cert["root"] not in nodes:
        raise Reject(f"root node {cert['root']!r} does not exist")
    state: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
    children: dict[str, list[str]] = {}
    tree: dict[str, tuple[str, int, int]] = {}  # node -> (parent, input, answer): a shortest play to it
    plays: dict[tuple[str, int], Play] = {}     # (node, target) -> the kernel's state of that play

    def where(nid: str) -> str:
        o, a = state[nid]
        return f"node {nid} (answers so far {ctx.show(o)}, legal for {ctx.show(a)})"

    def expect(parent: str, nid: str, x: int, answer: int, o: frozenset[int], a: frozenset[int], after: str) -> None:
        if nid not in nodes:
            raise Reject(f"{where(parent)}: successor {nid!r} for answer {ctx.names[answer]} does not exist")
        if nid not in state:
            state[nid] = (o, a)
            tree[nid] = (parent, x, answer)
            queue.append(nid)
        rec = (ctx.hyps(nodes[nid]["answers_so_far"], f"node {nid}"), ctx.hyps(nodes[nid]["legal_for"], f"node {nid}"))
        if rec != (o, a):
            raise Reject(f"{where(parent)}: {after} and answer {ctx.names[answer]}, the answers so far are "
                         f"{ctx.show(o)} and the targets still legal are {ctx.show(a)}, but node {nid} records "
                         f"{ctx.show(rec[0])} and {ctx.show(rec[1])}")
        children[parent].append(nid)

    root = cert["root"]
    state[root] = (ctx.hyps(nodes[root]["answers_so_far"], "root"), ctx.hyps(nodes[root]["legal_for"], "root"))
    if state[root] != (frozenset(), frozenset(range(n))):
        raise Reject(f"{where(root)}: the root must have no answers so far and every hypothesis legal")
    for h in range(n):
        plays[root, h] = start(ctx.rules, h, ctx.mode)
    queue = deque([root])
    loops: list[str] = []
    tails: set[tuple[Any, ...]] = set()
    while queue:
        nid = queue.popleft()
        node = nodes[nid]
        o, a = state[nid]
        children[nid] = []
        nxt = node["next"]
        for key in nxt:
            if key not in ctx.index:
                raise Reject(f"{where(nid)}: successor for unknown answer {key!r}")
        if node["move"] == "step":
            sig = ctx.cell(node["present"], where(nid))
            x = ctx.elements(sig, 1)[0]
            after = a & ctx.legal_for(x, o)
            if not after:
                raise Reject(f"{where(nid)}: presenting {x} (cell {ctx.show(sig)}) is illegal for every target "
                             "still in play, which hands the play to the generator")
            for b in range(n):
                if ctx.names[b] not in nxt:
                    raise Reject(f"{where(nid)}: no successor for answer {ctx.names[b]}")
            for b in range(n):
                expect(nid, nxt[ctx.names[b]], x, b, o | {b}, after, f"after presenting {x} (cell {ctx.show(sig)})")
        else:
            loops.append(nid)
            _check_loop(ctx, nid, node, o, a, where(nid))
            _judge_tail(ctx, nid, node, o, tree, plays, tails)
            for b in range(n):
                if b in o and ctx.names[b] in nxt:
                    raise Reject(f"{where(nid)}: answer {ctx.names[b]} is already in O, so the loop must absorb it, "
                                 "not branch on it")
                if b not in o and ctx.names[b] not in nxt:
                    raise Reject(f"{where(nid)}: no successor for the new answer {ctx.names[b]}")
            x = ctx.elements(ctx.cell(node["present"][0], where(nid)), 1)[0]
            for b in range(n):
                if b not in o:
                    expect(nid, nxt[ctx.names[b]], x, b, o | {b}, a, "after a loop input")
    settled(nodes, state, children)
    return (f"not-generatable {_mode_words(ctx)}: the adversary strategy ({len(nodes)} nodes, {len(loops)} final loops) "
            "defeats every proper generator; every branch ends in a loop that is a legal enumeration of its "
            "targets in which every available answer is wrong for one of them")


def _path(tree: dict[str, tuple[str, int, int]], nid: str) -> list[str]:
    out = [nid]
    while out[-1] in tree:
        out.append(tree[out[-1]][0])
    return out[::-1]


def _play(ctx: Ctx, nid: str, h: int, tree, plays: dict[tuple[str, int], Play]) -> Play:
    """The kernel's state after the shortest play to `nid`, for target h: each round is judged once
    and shared by every node below it (memoised in `plays`)."""
    todo = []
    while (nid, h) not in plays:
        todo.append(nid)
        nid = tree[nid][0]
    play = plays[nid, h]
    for v in reversed(todo):
        _, x, b = tree[v]
        play, r = play.step(ctx.rules, x, b)
        if not r.legal:
            raise Reject(f"node {v}: the kernel finds round {r.t} (input {x}) of the play "
                         f"{' -> '.join(_path(tree, v))} illegal for {ctx.names[h]}: {r.why}")
        plays[v, h] = play
    return play


def _check_loop(ctx: Ctx, nid: str, node: dict[str, Any], o: frozenset[int], a: frozenset[int], where: str) -> None:
    if not o:
        raise Reject(f"{where}: a loop needs at least one earlier answer")
    present = {ctx.cell(c, where): None for c in node["present"]}  # ordered, with set lookups
    for sig in present:
        for x in ctx.elements(sig):
            for h in sorted(a - ctx.legal_for(x, o)):
                raise Reject(f"{where}: loop input {x} (cell {ctx.show(sig)}) is illegal for target "
                             f"{ctx.names[h]} given the answers so far")
    targets = ctx.hyps(node["enumerates"], where)
    if not targets:
        raise Reject(f"{where}: the loop enumerates no target")
    for h in sorted(targets):
        if h not in a:
            raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but the stream is not legal for it")
        for sig in ctx.cells_of[h]:
            if sig not in present:
                raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but never presents its cell {ctx.show(sig)}")
    wrong = node["wrong"]
    for key in wrong:
        if key not in ctx.names or ctx.names.index(key) not in o:
            raise Reject(f"{where}: 'wrong' lists {key!r}, which is not an answer so far")
    seen = {x for sig in present for x in ctx.elements(sig)}
    for ans in sorted(o):
        label = ctx.names[ans]
        if label not in wrong:
            raise Reject(f"{where}: answer {label} may be repeated forever, but no target it is wrong for is given")
        t = wrong[label]
        if t not in node["enumerates"]:
            raise Reject(f"{where}: answer {label} is claimed wrong for {t}, which the loop does not enumerate")
        ok, _ = correct(ctx.rules, ctx.index[t], seen, ans, ctx.mode)
        if ok:
            raise Reject(f"{where}: answer {label} is claimed wrong for {t}, but the kernel says supp({label}) "
                         f"is inside supp({t})")


def _loop_inputs(ctx: Ctx, node: dict[str, Any]) -> list[int]:
    """One cycle of a loop's concrete stream: all elements of its finite cells, then a first element
    of each infinite cell (or its first cell's first element when it has none)."""
    sigs = [frozenset(ctx.index[nm] for nm in c) for c in node["present"]]
    finite = [x for s in sigs if ctx.cells[s].size != C.INF for x in ctx.elements(s)]
    infinite = [ctx.elements(s, 1)[0] for s in sigs if ctx.cells[s].size == C.INF]
    return finite + (infinite or [ctx.elements(sigs[0], 1)[0]])


def _judge_tail(ctx: Ctx, nid: str, node: dict[str, Any], o: frozenset[int], tree,
                plays: dict[tuple[str, int], Play], done: set[tuple[Any, ...]]) -> None:
    """Judge one concrete play into the loop with the kernel, for every target the loop blames:
    the shortest play to the loop, then one cycle of its inputs (all elements of its finite cells,
    one new element of each infinite one) with answers cycling through O. It must be legal, and
    each answer wrong for the target the certificate blames.

    The cycle's verdicts depend on the play before it only through the set of earlier answers,
    which is O (proper correctness ignores freshness), so each (O, target, cells) is judged once."""
    order = sorted(o)
    wrong = node["wrong"]
    inputs: list[int] | None = None
    for t in sorted(set(wrong.values())):
        h = ctx.index[t]
        key = (o, h, tuple(map(tuple, node["present"])))
        if key in done:
            continue
        done.add(key)
        play = _play(ctx, nid, h, tree, plays)
        if {a for a, _ in play.answered} != o:
            raise Reject(f"node {nid}: the play to it answers {ctx.show(a for a, _ in play.answered)}, "
                         f"not the answers so far {ctx.show(o)}")
        inputs = inputs if inputs is not None else _loop_inputs(ctx, node)
        for k, x in enumerate(inputs):
            play, r = play.step(ctx.rules, x, order[k % len(order)])
            if not r.legal:
                raise Reject(f"node {nid}: the kernel finds round {r.t} (input {r.x}) of the play "
                             f"{' -> '.join(_path(tree, nid))} illegal for {t}: {r.why}")
            if wrong[ctx.names[r.answer]] == t and r.correct:
                raise Reject(f"node {nid}: the kernel finds answer {ctx.names[r.answer]} correct for {t} at round {r.t}")


# ---------------------------------------------------------------- generator

def _check_generator(ctx: Ctx, cert: dict[str, Any]) -> str:
    states = by_id(cert["states"], "state")
    n = len(ctx.names)
    if cert["start"] not in states:
        raise Reject(f"start state {cert['start']!r} does not exist")
    rec: dict[str, tuple[frozenset[int], frozenset[int], int | None]] = {}
    for sid, st in states.items():
        ans = st["answer"]
        if ans is not None and ans not in ctx.index:
            raise Reject(f"state {sid}: unknown answer {ans!r}")
        rec[sid] = (ctx.hyps(st["answers_so_far"], f"state {sid}"), ctx.hyps(st["legal_for"], f"state {sid}"),
                    None if ans is None else ctx.index[ans])

    def where(sid: str) -> str:
        o, a, ans = rec[sid]
        said = "nothing yet" if ans is None else ctx.names[ans]
        return f"state {sid} (answer {said}, answers so far {ctx.show(o)}, legal for {ctx.show(a)})"

    start = cert["start"]
    if rec[start][:2] != (frozenset(), frozenset(range(n))):
        raise Reject(f"{where(start)}: the start must have no answers so far and every hypothesis legal")
    edges: dict[str, list[tuple[str, frozenset[int]]]] = {}
    queue, seen = deque([start]), {start}
    while queue:
        sid = queue.popleft()
        o, a, _ = rec[sid]
        edges[sid] = []
        table = {}
        for edge in states[sid]["on"]:
            sig = ctx.cell(edge["cell"], where(sid))
            if sig in table:
                raise Reject(f"{where(sid)}: two transitions on cell {ctx.show(sig)}")
            table[sig] = edge["to"]
        for sig in sorted(ctx.cells, key=sorted):
            if sig not in table:
                raise Reject(f"{where(sid)}: no transition for an input from cell {ctx.show(sig)}")
            to = table[sig]
            if to not in states:
                raise Reject(f"{where(sid)}: on cell {ctx.show(sig)} goes to missing state {to!r}")
            x = ctx.elements(sig, 1)[0]
            after = a & ctx.legal_for(x, o)
            o2, a2, ans2 = rec[to]
            if not after:
                if a2:
                    raise Reject(f"{where(sid)}: input {x} (cell {ctx.show(sig)}) is illegal for every target, "
                                 f"but state {to} records targets {ctx.show(a2)}")
            elif ans2 is None or (o2, a2) != (o | {ans2}, after):
                raise Reject(f"{where(sid)}: after input {x} (cell {ctx.show(sig)}) the targets still legal are "
                             f"{ctx.show(after)}, but state {to} records legal {ctx.show(a2)}, answers so far "
                             f"{ctx.show(o2)} and answer {'nothing' if ans2 is None else ctx.names[ans2]}")
            edges[sid].append((to, sig))
            if to not in seen:
                seen.add(to)
                queue.append(to)
    unreachable = sorted(set(states) - seen)
    if unreachable:
        raise Reject(f"state {unreachable[0]} is unreachable from the start")
    cycles = 0
    for comp in components(edges):
        inner = [(u, v, sig) for u in comp for v, sig in edges[u] if v in comp]
        if not inner:
            continue
        cycles += 1
        _check_component(ctx, comp, inner, rec, where)
    return (f"generatable {_mode_words(ctx)}: the finite-state generator ({len(states)} states) answers every input "
            f"from every reachable state, and in each of its {cycles} cycles no target can be enumerated legally "
            "while an answer there is wrong for it")


def _check_component(ctx: Ctx, comp: set[str], inner, rec, where) -> None:
    """No play staying in this strongly connected set of states forever is an adversary win."""
    first = sorted(comp)[0]
    o, a, _ = rec[first]
    for sid in sorted(comp):
        if rec[sid][:2] != (o, a):
            raise Reject(f"states {first} and {sid} lie on one cycle but record different answers so far or "
                         "legal targets")
    if not a:
        return
    stable = {sig for sig in ctx.cells if a <= ctx.legal_for(ctx.elements(sig, 1)[0], o)}
    looping = {sig for _, _, sig in inner}
    for h in sorted(a):
        mine = [sig for sig in ctx.cells if h in sig]
        if any(ctx.cells[s].size != C.INF and s not in stable for s in mine):
            continue  # a finite cell of h was never presented (it would have removed a target from A)
        if any(ctx.cells[s].size == C.INF and s not in looping for s in mine):
            continue  # an infinite cell of h cannot be presented forever without leaving the cycle
        for sid in sorted(comp):
            ans = rec[sid][2]
            ok, _ = correct(ctx.rules, h, set(), ans, ctx.mode)
            if not ok:
                raise Reject(f"{where(sid)}: the adversary can stay on the cycle through {{{', '.join(sorted(comp))}}} "
                             f"forever while enumerating {ctx.names[h]} legally, and answer {ctx.names[ans]} is "
                             f"wrong for {ctx.names[h]} (its support is not inside {ctx.names[h]}'s)")
