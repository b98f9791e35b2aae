"""BASELINE ONLY (benchmarks/bench_check.py): the proper-limit checker as it was before issue #18/#17,
kept verbatim but unregistered, to measure the new checker against in the same run.

The checker of proper-limit certificates: the kernel, the class's cells and plain graphs only.

It never imports the solver. Semantics of the certificate and why these checks suffice:
docs/game.md, "Certificates" and "What the checker proves".
"""
from __future__ import annotations

import json
from collections import deque
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx

from replayproof.trusted.classes import cells as C
from replayproof.trusted.certificates import CheckResult
from replayproof.classes.classfile import load, realized_class
from replayproof.trusted.errors import InputError
from replayproof.trusted.kernel import Mode, correct, judge, licence
from replayproof.trusted.classes.model import FiniteClass

KIND_ADV = "proper-limit-adversary"
KIND_GEN = "proper-limit-generator"
ROOT = Path.cwd()
SCHEMA = Path(__file__).resolve().parent / "_baseline_schema.json"
SAMPLES = 3  # elements checked per infinite cell (all elements of a cell share its signature)


class Reject(Exception):
    """The first failing step of a check."""


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _schema_errors(cert: dict[str, Any]) -> str | None:
    errors = sorted(_validator().iter_errors(cert), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if not errors:
        return None
    e = errors[0]
    where = "/".join(map(str, e.absolute_path)) or "(top level)"
    return f"schema: at {where}: {e.message}"


class Ctx:
    """The class, its cells by signature, concrete elements and the rules (mode) of the claim."""

    def __init__(self, cls: FiniteClass, replay: bool):
        self.cls = cls
        self.names = cls.names
        self.mode = Mode(replay=replay, proper=True)
        self.cells = {c.signature: c for c in cls.table.cells}
        self._elements: dict[frozenset[int], list[int]] = {}

    def hyps(self, names: list[str], where: str) -> frozenset[int]:
        out = set()
        for nm in names:
            if nm not in self.names:
                raise Reject(f"{where}: unknown hypothesis {nm!r} (known: {', '.join(self.names)})")
            out.add(self.names.index(nm))
        return frozenset(out)

    def show(self, hs) -> str:
        return "{" + ", ".join(self.names[h] for h in sorted(hs)) + "}"

    def cell(self, names: list[str], where: str) -> frozenset[int]:
        sig = self.hyps(names, where)
        if sig not in self.cells:
            raise Reject(f"{where}: the cell {self.show(sig)} is empty in this class")
        return sig

    def elements(self, sig: frozenset[int], k: int | None = None) -> list[int]:
        """The first k elements of a cell (all of a finite one when k is None), signature-checked."""
        size = self.cells[sig].size
        want = SAMPLES if k is None and size == C.INF else (int(size) if k is None else k)
        have = self._elements.setdefault(sig, [])
        if len(have) < want:
            it = self.cls.cell_elements(sig)
            have[:] = [x for _, x in zip(range(want), it)]
            for x in have:
                if self.cls.signature(x) != sig:
                    raise Reject(f"element {x} of cell {self.show(sig)} has signature {self.show(self.cls.signature(x))}")
        return have[:want]

    def legal(self, h: int, x: int, answers) -> bool:
        return licence(self.cls, h, x, sorted(answers), self.mode)[0]


def _load_class(block: dict[str, Any]) -> FiniteClass:
    names = list(block["hypotheses"])
    sizes = {}
    for c in block["cells"]:
        for nm in c["signature"]:
            if nm not in names:
                raise Reject(f"class: cell {c['signature']} names unknown hypothesis {nm!r}")
        sig = frozenset(names.index(nm) for nm in c["signature"])
        if sig in sizes:
            raise Reject(f"class: the cell {c['signature']} is listed twice")
        sizes[sig] = C.INF if c["size"] == "inf" else int(c["size"])
    table = C.make_table(names, sizes)
    if block["path"] is None:
        return realized_class(block["name"], table)
    path = Path(block["path"])
    full = path if path.is_absolute() else ROOT / path
    if not full.exists():
        raise Reject(f"class: file {block['path']} not found (relative paths are read from {ROOT})")
    try:
        cls = load(full)
    except InputError as exc:
        raise Reject(f"class: {exc}") from None
    if list(cls.names) != names:
        raise Reject(f"class: {block['path']} has hypotheses {list(cls.names)}, the certificate {names}")
    actual = {c.signature: c.size for c in cls.table.cells}
    for sig in sorted(set(actual) | set(sizes), key=sorted):
        if actual.get(sig, 0) != sizes.get(sig, 0):
            label = "{" + ", ".join(names[h] for h in sorted(sig)) + "}"
            raise Reject(f"class: cell {label} has size {C.format_size(actual.get(sig, 0))} in {block['path']} "
                         f"but {C.format_size(sizes.get(sig, 0))} in the certificate")
    return cls


def check(cert: dict[str, Any]) -> CheckResult:
    """Validate against the schema, load the class, then check the strategy exhaustively."""
    kind = str(cert.get("kind"))
    problem = _schema_errors(cert)
    if problem:
        return CheckResult(False, kind, problem)
    try:
        ctx = Ctx(_load_class(cert["class"]), cert["replay"])
        message = _check_adversary(ctx, cert) if kind == KIND_ADV else _check_generator(ctx, cert)
    except Reject as exc:
        return CheckResult(False, kind, str(exc))
    return CheckResult(True, kind, message)




def _by_id(items: list[dict[str, Any]], what: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for it in items:
        if it["id"] in out:
            raise Reject(f"{what} id {it['id']!r} is used twice")
        out[it["id"]] = it
    return out


def _mode_words(ctx: Ctx) -> str:
    return "with replay" if ctx.mode.replay else "without replay"


# ---------------------------------------------------------------- adversary

def _check_adversary(ctx: Ctx, cert: dict[str, Any]) -> str:
    nodes = _by_id(cert["nodes"], "node")
    n = len(ctx.names)
    if cert["root"] not in nodes:
        raise Reject(f"root node {cert['root']!r} does not exist")
    graph = nx.DiGraph()
    state: dict[str, tuple[frozenset[int], frozenset[int]]] = {}

    def where(nid: str) -> str:
        o, a = state[nid]
        return f"node {nid} (answers so far {ctx.show(o)}, legal for {ctx.show(a)})"

    def expect(parent: str, nid: str, answer: int, o: frozenset[int], a: frozenset[int], after: str) -> None:
        if nid not in nodes:
            raise Reject(f"{where(parent)}: successor {nid!r} for answer {ctx.names[answer]} does not exist")
        rec = (ctx.hyps(nodes[nid]["answers_so_far"], f"node {nid}"), ctx.hyps(nodes[nid]["legal_for"], f"node {nid}"))
        if rec != (o, a):
            raise Reject(f"{where(parent)}: {after} and answer {ctx.names[answer]}, the answers so far are "
                         f"{ctx.show(o)} and the targets still legal are {ctx.show(a)}, but node {nid} records "
                         f"{ctx.show(rec[0])} and {ctx.show(rec[1])}")
        graph.add_edge(parent, nid, answer=ctx.names[answer])

    root = nodes[cert["root"]]
    state[root["id"]] = (ctx.hyps(root["answers_so_far"], "root"), ctx.hyps(root["legal_for"], "root"))
    if state[root["id"]] != (frozenset(), frozenset(range(n))):
        raise Reject(f"{where(root['id'])}: the root must have no answers so far and every hypothesis legal")
    graph.add_node(root["id"])
    queue = deque([root["id"]])
    loops: list[str] = []
    while queue:
        nid = queue.popleft()
        node = nodes[nid]
        o, a = state[nid]
        nxt = node["next"]
        for key in nxt:
            if key not in ctx.names:
                raise Reject(f"{where(nid)}: successor for unknown answer {key!r}")
        if node["move"] == "step":
            sig = ctx.cell(node["present"], where(nid))
            x = ctx.elements(sig, 1)[0]
            after = frozenset(h for h in a if ctx.legal(h, x, o))
            if not after:
                raise Reject(f"{where(nid)}: presenting {x} (cell {ctx.show(sig)}) is illegal for every target "
                             "still in play, which hands the play to the generator")
            for b in range(n):
                if ctx.names[b] not in nxt:
                    raise Reject(f"{where(nid)}: no successor for answer {ctx.names[b]}")
            for b in range(n):
                child = nxt[ctx.names[b]]
                fresh = child not in state
                if fresh:
                    state[child] = (o | {b}, after)
                expect(nid, child, b, o | {b}, after, f"after presenting {x} (cell {ctx.show(sig)})")
                if fresh:
                    queue.append(child)
        else:
            loops.append(nid)
            _check_loop(ctx, nid, node, o, a, where(nid))
            for b in range(n):
                if b in o and ctx.names[b] in nxt:
                    raise Reject(f"{where(nid)}: answer {ctx.names[b]} is already in O, so the loop must absorb it, "
                                 "not branch on it")
                if b not in o and ctx.names[b] not in nxt:
                    raise Reject(f"{where(nid)}: no successor for the new answer {ctx.names[b]}")
            for b in range(n):
                if b in o:
                    continue
                child = nxt[ctx.names[b]]
                fresh = child not in state
                if fresh:
                    state[child] = (o | {b}, a)
                expect(nid, child, b, o | {b}, a, "after a loop input")
                if fresh:
                    queue.append(child)
    unreachable = sorted(set(nodes) - set(state))
    if unreachable:
        raise Reject(f"node {unreachable[0]} is unreachable from the root")
    if not nx.is_directed_acyclic_graph(graph):
        cycle = [u for u, _ in nx.find_cycle(graph)]
        raise Reject(f"nodes {' -> '.join(cycle + [cycle[0]])} form a cycle: a play could follow it forever "
                     "without settling in a loop")
    for nid in loops:
        _witness(ctx, nodes, graph, cert["root"], nid)
    return (f"not-generatable {_mode_words(ctx)}: the adversary strategy ({len(nodes)} nodes, {len(loops)} final loops) "
            "defeats every proper generator; every branch ends in a loop that is a legal enumeration of its "
            "targets in which every available answer is wrong for one of them")


def _check_loop(ctx: Ctx, nid: str, node: dict[str, Any], o: frozenset[int], a: frozenset[int], where: str) -> None:
    if not o:
        raise Reject(f"{where}: a loop needs at least one earlier answer")
    present = [ctx.cell(c, where) for c in node["present"]]
    for sig in present:
        for x in ctx.elements(sig):
            for h in sorted(a):
                if not ctx.legal(h, x, o):
                    raise Reject(f"{where}: loop input {x} (cell {ctx.show(sig)}) is illegal for target "
                                 f"{ctx.names[h]} given the answers so far")
    targets = ctx.hyps(node["enumerates"], where)
    if not targets:
        raise Reject(f"{where}: the loop enumerates no target")
    for h in sorted(targets):
        if h not in a:
            raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but the stream is not legal for it")
        for sig in ctx.cells:
            if h in sig and sig not in present:
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
        ok, _ = correct(ctx.cls, ctx.names.index(t), seen, ans, ctx.mode)
        if ok:
            raise Reject(f"{where}: answer {label} is claimed wrong for {t}, but the kernel says supp({label}) "
                         f"is inside supp({t})")


def _loop_inputs(ctx: Ctx, node: dict[str, Any], cycles: int) -> list[int]:
    """A loop's concrete stream: all elements of its finite cells, then `cycles` rounds of new
    elements of its infinite cells (or repeats of its first element when it has none)."""
    sigs = [frozenset(ctx.names.index(nm) for nm in c) for c in node["present"]]
    finite = [x for s in sigs if ctx.cells[s].size != C.INF for x in ctx.elements(s)]
    infinite = [s for s in sigs if ctx.cells[s].size == C.INF]
    out = list(finite)
    for j in range(cycles):
        out += [ctx.elements(s, j + 1)[j] for s in infinite] if infinite else [ctx.elements(sigs[0], 1)[0]]
    return out


def _witness(ctx: Ctx, nodes: dict, graph: nx.DiGraph, root: str, loop: str) -> None:
    """Judge one concrete play into the loop with the kernel: legal for every enumerated target,
    and each answer in O wrong for its claimed target."""
    path = nx.shortest_path(graph, root, loop)
    inputs: list[int] = []
    answers: list[int] = []
    for u, v in zip(path, path[1:]):
        node = nodes[u]
        first = node["present"] if node["move"] == "step" else node["present"][0]
        inputs.append(ctx.elements(frozenset(ctx.names.index(nm) for nm in first), 1)[0])
        answers.append(ctx.names.index(graph.edges[u, v]["answer"]))
    node = nodes[loop]
    o = sorted(ctx.hyps(node["answers_so_far"], loop))
    tail = _loop_inputs(ctx, node, 2)
    start = len(inputs)
    inputs += tail
    answers += [o[k % len(o)] for k in range(len(tail))]
    for t in node["enumerates"]:
        h = ctx.names.index(t)
        trace = judge(ctx.cls, h, inputs, answers, ctx.mode)
        if not trace.legal:
            r = trace.rounds[-1]
            raise Reject(f"node {loop}: the kernel finds round {r.t} (input {r.x}) of the play "
                         f"{' -> '.join(path)} illegal for {t}: {r.why}")
        for r in trace.rounds[start:]:
            if node["wrong"][ctx.names[r.answer]] == t and r.correct:
                raise Reject(f"node {loop}: the kernel finds answer {ctx.names[r.answer]} correct for {t} at round {r.t}")


# ---------------------------------------------------------------- generator

def _check_generator(ctx: Ctx, cert: dict[str, Any]) -> str:
    states = _by_id(cert["states"], "state")
    n = len(ctx.names)
    if cert["start"] not in states:
        raise Reject(f"start state {cert['start']!r} does not exist")
    rec: dict[str, tuple[frozenset[int], frozenset[int], int | None]] = {}
    for sid, st in states.items():
        ans = st["answer"]
        if ans is not None and ans not in ctx.names:
            raise Reject(f"state {sid}: unknown answer {ans!r}")
        rec[sid] = (ctx.hyps(st["answers_so_far"], f"state {sid}"), ctx.hyps(st["legal_for"], f"state {sid}"),
                    None if ans is None else ctx.names.index(ans))

    def where(sid: str) -> str:
        o, a, ans = rec[sid]
        said = "nothing yet" if ans is None else ctx.names[ans]
        return f"state {sid} (answer {said}, answers so far {ctx.show(o)}, legal for {ctx.show(a)})"

    start = cert["start"]
    if rec[start][:2] != (frozenset(), frozenset(range(n))):
        raise Reject(f"{where(start)}: the start must have no answers so far and every hypothesis legal")
    graph = nx.MultiDiGraph()
    graph.add_node(start)
    queue, seen = deque([start]), {start}
    while queue:
        sid = queue.popleft()
        o, a, _ = rec[sid]
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
            after = frozenset(h for h in a if ctx.legal(h, x, o))
            o2, a2, ans2 = rec[to]
            if not after:
                if a2:
                    raise Reject(f"{where(sid)}: input {x} (cell {ctx.show(sig)}) is illegal for every target, "
                                 f"but state {to} records targets {ctx.show(a2)}")
            elif ans2 is None or (o2, a2) != (o | {ans2}, after):
                raise Reject(f"{where(sid)}: after input {x} (cell {ctx.show(sig)}) the targets still legal are "
                             f"{ctx.show(after)}, but state {to} records legal {ctx.show(a2)}, answers so far "
                             f"{ctx.show(o2)} and answer {'nothing' if ans2 is None else ctx.names[ans2]}")
            graph.add_edge(sid, to, cell=sig)
            if to not in seen:
                seen.add(to)
                queue.append(to)
    unreachable = sorted(set(states) - seen)
    if unreachable:
        raise Reject(f"state {unreachable[0]} is unreachable from the start")
    cycles = 0
    for comp in nx.strongly_connected_components(graph):
        inner = [(u, v, d["cell"]) for u, v, d in graph.edges(comp, data=True) if v in comp]
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
    stable = {sig for sig in ctx.cells if all(ctx.legal(h, ctx.elements(sig, 1)[0], o) for h in a)}
    looping = {sig for _, _, sig in inner}
    for h in sorted(a):
        mine = [sig for sig in ctx.cells if h in sig]
        if any(ctx.cells[s].size != C.INF and s not in stable for s in mine):
            continue  # a finite cell of h was never presented (it would have removed a target from A)
        if any(ctx.cells[s].size == C.INF and s not in looping for s in mine):
            continue  # an infinite cell of h cannot be presented forever without leaving the cycle
        for sid in sorted(comp):
            ans = rec[sid][2]
            ok, _ = correct(ctx.cls, h, set(), ans, ctx.mode)
            if not ok:
                raise Reject(f"{where(sid)}: the adversary can stay on the cycle through {{{', '.join(sorted(comp))}}} "
                             f"forever while enumerating {ctx.names[h]} legally, and answer {ctx.names[ans]} is "
                             f"wrong for {ctx.names[h]} (its support is not inside {ctx.names[h]}'s)")
