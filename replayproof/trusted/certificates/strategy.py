"""The proper-limit strategy checkers: the kernel, the class's cells and plain graphs only, every node judged once
along the strategy (docs/game.md, §3 and §4); the adversary's DAG and its loops are abstract.py's walk."""
from __future__ import annotations

from collections import deque
from typing import Any

from ..classes import cells as C
from . import CheckResult, register
from .abstract import Ctx, defeats, judge_loop, machine, walk
from .common import Reject, components, load

KIND_ADV = "proper-limit-adversary"
KIND_GEN = "proper-limit-generator"


def check(cert: dict[str, Any]) -> CheckResult:
    """Load the class (no solver), then check the strategy exhaustively (structure: strict.py)."""
    kind = cert["kind"]
    ctx = Ctx(load(cert["class"]), cert["replay"])
    message = _check_adversary(ctx, cert) if kind == KIND_ADV else _check_generator(ctx, cert)
    return CheckResult(True, kind, message)


register(KIND_ADV)(check)
register(KIND_GEN)(check)


def _mode_words(ctx: Ctx) -> str:
    return "with replay" if ctx.mode.replay else "without replay"


# ---------------------------------------------------------------- adversary

def _check_adversary(ctx: Ctx, cert: dict[str, Any]) -> str:
    """`abstract.walk`: a step presents its cell's first element, and a node may be reached by plays that
    differ in the finite cells presented (no judgment here depends on them: membership is by signature,
    proper correctness ignores the elements), so it must agree only on the rest of the abstract state:
    the answers so far and the targets still legal, what it records. A loop presents every element of its
    finite cells (an enumeration counts none presented before it) and `abstract.SAMPLES` of each infinite one."""
    def one_cycle(node: dict[str, Any], st: tuple, alive: frozenset[int], answers: frozenset[int],
                  seen: frozenset, where: str) -> int:
        return judge_loop(ctx, node, st, alive, answers, frozenset(), where, ctx.elements)

    words = "unbounded replay" if ctx.mode.replay else "no replay"  # as variant.words names these models
    nodes, loops = walk(ctx, cert, words, "answers so far or legal targets differ", one_cycle,
                        pick=lambda sig, node, seen, here: ctx.elements(sig, 1)[0], part=lambda st: st[1:])
    return (f"not-generatable {_mode_words(ctx)}: the adversary strategy ({nodes} nodes, {loops} final loops) "
            "defeats every proper generator; every branch ends in a loop that is a legal enumeration of its "
            "targets in which every available answer is wrong for one of them")


# ---------------------------------------------------------------- generator

def _check_generator(ctx: Ctx, cert: dict[str, Any]) -> str:
    states, start, answer, table = machine(ctx, cert, element=False)
    n = len(ctx.names)
    rec = {sid: (ctx.hyps(st["answers_so_far"], f"state {sid}"), ctx.hyps(st["legal_for"], f"state {sid}"), answer[sid])
           for sid, st in states.items()}

    def where(sid: str) -> str:
        o, a, ans = rec[sid]
        said = "nothing yet" if ans is None else ctx.names[ans]
        return f"state {sid} (answer {said}, answers so far {ctx.show(o)}, legal for {ctx.show(a)})"

    if rec[start][:2] != (frozenset(), frozenset(range(n))):
        raise Reject(f"{where(start)}: the start must have no answers so far and every hypothesis legal")
    edges: dict[str, list[tuple[str, frozenset[int]]]] = {}
    queue, seen = deque([start]), {start}
    while queue:
        sid = queue.popleft()
        o, a, _ = rec[sid]
        edges[sid] = []
        for sig in sorted(ctx.cells, key=sorted):
            to = table[sid].get((sig, "any"))
            if to is None:
                raise Reject(f"{where(sid)}: no transition for an input from cell {ctx.show(sig)}")
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
        _check_component(ctx, comp, inner, rec, answer)
    return (f"generatable {_mode_words(ctx)}: the finite-state generator ({len(states)} states) answers every input "
            f"from every reachable state, and in each of its {cycles} cycles no target can be enumerated legally "
            "while an answer there is wrong for it")


def _check_component(ctx: Ctx, comp: set[str], inner, rec, answer: dict[str, int | None]) -> None:
    """No play staying in this strongly connected set of states forever is an adversary win (abstract.defeats):
    a finite cell was presented there only if presenting it keeps every target in A (else it would have
    removed one, and A is one set along the cycle), an infinite one only if an edge of the cycle presents it."""
    first = sorted(comp)[0]
    o, a, _ = rec[first]
    for sid in sorted(comp):
        if rec[sid][:2] != (o, a):
            raise Reject(f"states {first} and {sid} lie on one cycle but record different answers so far or "
                         "legal targets")
    stable = frozenset(x for sig in ctx.cells if ctx.cells[sig].size != C.INF
                       and a <= ctx.legal_for(ctx.elements(sig, 1)[0], o) for x in ctx.elements(sig))
    looping = {sig for _, _, sig in inner if ctx.cells[sig].size == C.INF}
    for h in sorted(a):
        defeats(ctx, h, sorted(comp), stable, looping, answer, f" while enumerating {ctx.names[h]} legally "
                f"{_mode_words(ctx)}")
