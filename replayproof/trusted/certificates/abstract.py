"""What the replay-variant and finitely-many checkers share (docs/variants.md §4, §7b): one `check` for
both kinds of a model, a play's abstract state, the input a move names, and the generator's product.

A play's abstract state: distinct elements presented per finite cell, the answers so far, the answers
still too young to replay with their age (none under delay 1), and per target the replays and noise
inputs it used where the model fixes their number (-1 once an input was illegal for it). Plays with one
abstract state are judged alike from then on (legality and cost depend on an input's signature, the
answers old enough to copy and those counters), so each abstract state is judged once. Along a round
counts and answers only grow, counters only increase and young answers only age: every state of a
strongly connected part of the generator's product is one and the same.
"""
from __future__ import annotations

from collections import Counter, deque
from typing import Any, Callable

from . import CheckResult, register
from .source import ClassMismatch, load_class
from ..classes import cells as C
from .strategy import Ctx, Reject, _by_id, _components
from ..kernel import Mode, Play, correct, enumerates


def checker(adversary_kind: str, generator_kind: str, model: Callable[[Any], Any],
            adversary: Callable[..., str], generator: Callable[..., str]) -> None:
    """Register one `check` for both kinds; their fields, model keys and types are the schema's
    (validated before any checker runs)."""
    def check(cert: dict[str, Any]) -> CheckResult:
        """Load the class (no solver), read the model, then check the strategy under that model."""
        kind = cert.get("kind", "?")
        try:
            try:
                variant = model(cert["model"])
            except ValueError as exc:
                raise Reject(f"model: {exc}") from None
            block = cert["class"]
            ctx = Ctx(load_class(block["path"], block["cells"], block["hypotheses"], block["name"]), True)
            ctx.mode = variant.mode
            message = (adversary if kind == adversary_kind else generator)(ctx, cert, variant)
        except (Reject, ClassMismatch) as exc:
            return CheckResult(False, kind, str(exc))
        except (KeyError, TypeError, AttributeError, IndexError) as exc:  # a malformed part the schema let through
            what = f"missing field {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
            return CheckResult(False, kind, f"malformed certificate: {what}")
        return CheckResult(True, kind, message)
    register(adversary_kind)(check)
    register(generator_kind)(check)


def finite_sigs(ctx: Ctx) -> list[frozenset[int]]:
    """The finite cells, in the order of an abstract state's counts."""
    finite = getattr(ctx, "finite_sigs", None)
    if finite is None:
        finite = ctx.finite_sigs = [sig for sig in sorted(ctx.cells, key=sorted) if ctx.cells[sig].size != C.INF]
    return finite


def shared(ctx: Ctx, some: Play) -> tuple:
    """The part of the abstract state every target's play shares: presented finite cells, answers, young answers."""
    t, delay = some.t, ctx.mode.delay
    per = Counter(ctx.rules.signature(x) for x in some.seen)
    counts = tuple(per[sig] for sig in finite_sigs(ctx))
    answers = frozenset(a for a, _ in some.answered)
    young = tuple(sorted((a, t + 1 - first) for a, first in some.answered if first > t + 1 - delay))
    return counts, answers, young


def used(p: Play | None, mode: Mode) -> tuple[int, int] | int:
    """One target's counters: (replays, noise) used where the model fixes their number (else 0), or -1 once
    an input was illegal."""
    return -1 if p is None else (p.replays if isinstance(mode.budget, int) else 0,
                                 p.noises if isinstance(mode.noise, int) else 0)


def state(ctx: Ctx, plays: list[Play | None]) -> tuple:
    """The abstract state of one stream judged for every target (None: the input was illegal for it)."""
    some = next((p for p in plays if p is not None), None)
    if some is None:
        return ("dead",)
    return (*shared(ctx, some), tuple(used(p, ctx.mode) for p in plays))


def synthetic(ctx: Ctx, h: int, state: tuple, seen: frozenset) -> Play | None:
    """A kernel play for target h in the abstract state (rounds renumbered: old answers at round 1)."""
    counts, answers, young, counters = state
    if counters[h] == -1:
        return None
    t, ages = ctx.mode.delay, dict(young)
    answered = sorted(((a, 1 if a not in ages else t + 1 - ages[a]) for a in answers), key=lambda e: (e[1], e[0]))
    return Play(h, ctx.mode, t, seen, tuple(answered), *counters[h])


def presented(ctx: Ctx, counts: tuple[int, ...]) -> frozenset:
    """The elements of finite cells presented in an abstract state (each cell's first `count`: `element`
    presents a finite cell's elements in order)."""
    return frozenset(x for sig, k in zip(finite_sigs(ctx), counts) for x in ctx.elements(sig)[:k])


def left(ctx: Ctx, h: int, seen: frozenset) -> int:
    """Elements of h's finite cells never presented."""
    return sum(1 for sig in ctx.cells_of[h] if ctx.cells[sig].size != C.INF for x in ctx.elements(sig) if x not in seen)


def element(ctx: Ctx, sig: frozenset[int], how: str, seen: frozenset, where: str) -> int:
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


# ---------------------------------------------------------------- generator

Round = Callable[[tuple, frozenset, int, int], "tuple[tuple, Any] | None"]


def product(ctx: Ctx, cert: dict[str, Any], zero: tuple, judge: Round, any_word: str = "any"
            ) -> tuple[dict[str, dict], dict[str, int | None], dict[tuple, list[tuple[tuple, frozenset, Any]]]]:
    """Read the generator's machine and explore its product with the abstract state from (start, `zero`).
    `judge(state, presented, input, answer)` is one round: (the next abstract state, the edge's label), or
    None when the round is illegal for every target. Returns the states, their answers and the edges
    (node -> [(node, cell, label)])."""
    states = _by_id(cert["states"], "state")
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
    finite = finite_sigs(ctx)
    first = (s0, zero)
    edges: dict[tuple, list[tuple[tuple, frozenset, Any]]] = {}
    queue, reached = deque([first]), {first}
    while queue:
        node = queue.popleft()
        sid, st = node
        counts, answers = st[0], st[1]
        seen = presented(ctx, counts)
        edges[node] = []
        for sig in sorted(ctx.cells, key=sorted):
            size = ctx.cells[sig].size
            k = 0 if size == C.INF else counts[finite.index(sig)]
            for how in ([any_word] if size == C.INF else ["new"] * (k < size) + ["repeat"] * (k > 0)):
                if (sig, "any" if size == C.INF else how) not in table[sid]:
                    raise Reject(f"state {sid} (answers so far {ctx.show(answers)}): no transition for a {how} "
                                 f"element of cell {ctx.show(sig)}")
                to = table[sid][sig, "any" if size == C.INF else how]
                ans = answer[to]
                if ans is None:
                    raise Reject(f"state {to}: entered after an input but gives no answer")
                x = ctx.elements(sig)[k] if how == "new" and size != C.INF else ctx.elements(sig, 1)[0]
                got = judge(st, seen, x, ans)
                if got is None:
                    continue  # illegal for every target: nothing after it matters
                child = (to, got[0])
                edges[node].append((child, sig, got[1]))
                if child not in reached:
                    reached.add(child)
                    queue.append(child)
    return states, answer, edges


def cycles(ctx: Ctx, graph: dict[tuple, list[tuple[tuple, frozenset]]]) -> list[tuple[set, tuple, set]]:
    """The strongly connected parts of a product graph (node -> [(node, cell)]) that hold an edge, each with
    its one abstract state (module docstring) and the infinite cells its edges present."""
    out = []
    for comp in _components(graph):
        inner = [sig for u in comp for v, sig in graph[u] if v in comp]
        if inner:
            out.append((comp, next(iter(comp))[1], {sig for sig in inner if ctx.cells[sig].size == C.INF}))
    return out


def defeats(ctx: Ctx, h: int, comp: set, rule: tuple, fed: set, answer: dict, how: str) -> None:
    """Reject when a play staying forever in this strongly connected part enumerates h (its finite cells
    presented but for the omissions allowed, its infinite cells fed) while a state there answers wrongly
    for h. `how` says how the play is legal for h, in the message."""
    finite = finite_sigs(ctx)
    left = sum(int(ctx.cells[s].size) - rule[0][finite.index(s)] for s in ctx.cells_of[h] if ctx.cells[s].size != C.INF)
    if not enumerates(left, ctx.mode):
        return
    if any(ctx.cells[s].size == C.INF and s not in fed for s in ctx.cells_of[h]):
        return
    for sid, _ in sorted(comp, key=lambda v: v[0]):
        ok, _ = correct(ctx.rules, h, set(), answer[sid], ctx.mode)
        if not ok:
            raise Reject(f"state {sid}: the adversary can stay on a cycle through it forever{how}, and answer "
                         f"{ctx.names[answer[sid]]} is wrong for {ctx.names[h]}")
