"""An independent brute-force solver of the same game, for differential tests (docs/game.md).

It shares nothing with `arena`/`solve`: the full position (exact presentation counts per cell,
answers so far, legal targets, last answer or last move) as an explicit networkx arena, solved
strongly-connected component by component (reverse topological order) with Zielonka's
recursive algorithm for the Muller condition of docs/model.md §5. Exponential: small classes only.
"""
from __future__ import annotations

import itertools
from typing import Any, Callable

import networkx as nx

from ..trusted.classes.cells import CellTable

ADV, GEN = 0, 1
SINK_ADV, SINK_GEN = ("sink", ADV), ("sink", GEN)


class TooLarge(Exception):
    """The explicit arena exceeds the position budget."""


def solve_brute(table: CellTable, replay: bool = True, budget: int = 200_000) -> bool:
    """True iff the adversary wins (the class is not properly generatable in the limit)."""
    n = table.n
    cells = table.cells
    sigs = [c.signature for c in cells]
    cap = [1 if c.infinite else int(c.size) for c in cells]
    wrong = {a: frozenset(h for h in range(n) if any(a in s and h not in s for s in sigs)) for a in range(n)}

    def legal(c: int, answers: frozenset[int], targets: frozenset[int]) -> frozenset[int]:
        return frozenset(h for h in targets if h in sigs[c] or (replay and answers & sigs[c]))

    start = ("adv", tuple(0 for _ in cells), frozenset(), frozenset(range(n)), -1)
    g = nx.DiGraph()
    g.add_node(start)
    todo = [start]
    while todo:
        pos = todo.pop()
        if len(g) > budget:
            raise TooLarge(f"more than {budget} positions")
        succ = []
        if pos[0] == "adv":
            _, counts, answers, targets, _last = pos
            for c in range(len(cells)):
                after = legal(c, answers, targets)
                options = []
                if counts[c] < cap[c] or cells[c].infinite:
                    new = list(counts)
                    new[c] = min(counts[c] + 1, cap[c])
                    options.append((tuple(new), c if cells[c].infinite else -1))
                if counts[c] > 0 and answers:
                    options.append((counts, -1))  # a repeat (never in round 1)
                for new_counts, tag in options:
                    succ.append(("gen", new_counts, answers, after, tag) if after else SINK_GEN)
        elif pos[0] == "gen":
            _, counts, answers, targets, _tag = pos
            succ = [("adv", counts, answers | {b}, targets, b) for b in range(n)]
        else:
            succ = [pos]
        for s in succ:
            if s not in g:
                todo.append(s)
            g.add_edge(pos, s)

    def colors(pos) -> frozenset:
        if pos[0] == "sink":
            return frozenset({pos})
        if pos[0] == "adv":
            return frozenset(("wrong", h) for h in wrong[pos[4]]) if pos[4] >= 0 else frozenset()
        return frozenset({("new", pos[4])}) if pos[4] >= 0 else frozenset()

    def needs(sample) -> list[Need]:
        """A target still legal whose finite cells were all presented, answered wrongly and each of its
        infinite cells fed anew, infinitely often."""
        counts, targets = sample[1], sample[3]
        return [(frozenset([("wrong", h)] + [("new", c) for c in range(len(cells)) if h in sigs[c] and cells[c].infinite]),
                 frozenset())
                for h in targets if all(counts[c] == cap[c] for c in range(len(cells)) if h in sigs[c])]

    return solve_arena(g, start, colors, needs)


Need = tuple[frozenset, frozenset]  # colours a play's infinity set must hold, and colours it must not


def solve_arena(g: nx.DiGraph, start: Any, colors: Callable[[Any], frozenset],
                needs: Callable[[Any], list[Need]]) -> bool:
    """True iff the adversary wins from `start` in the arena `g` (positions tagged "adv", "gen" or sink):
    components in reverse topological order, a trivial one by its successors, any other by Zielonka for the
    Muller condition `needs(any position of it)` (all three oracles read it off a component's counts)."""
    won: dict = {SINK_ADV: ADV, SINK_GEN: GEN}
    cond = nx.condensation(g)
    for comp in reversed(list(nx.topological_sort(cond))):
        members = cond.nodes[comp]["members"]
        if members <= {SINK_ADV, SINK_GEN}:
            continue
        if len(members) == 1:
            (v,) = members
            if not g.has_edge(v, v):
                outs = [won[w] for w in g.successors(v)]
                won[v] = (ADV if ADV in outs else GEN) if v[0] == "adv" else (GEN if GEN in outs else ADV)
                continue
        adv_wins = _muller(tuple(sorted(set(needs(next(iter(members)))), key=sorted_repr)))
        succ = {v: {w if w in members else (SINK_ADV if won[w] == ADV else SINK_GEN) for w in g.successors(v)}
                for v in members}
        sinks = set().union(*succ.values()) & {SINK_ADV, SINK_GEN}
        for s in sinks:
            succ[s] = {s}
        owner = {v: (ADV if v[0] == "adv" else GEN) for v in members}
        owner.update({s: ADV for s in sinks})
        arena = frozenset(set(members) | sinks)
        region = _zielonka(arena, owner, succ, {v: colors(v) for v in arena}, adv_wins)
        for v in members:
            won[v] = ADV if v in region else GEN
    return won[start] == ADV


def _muller(needs: tuple[Need, ...]) -> Callable[[frozenset], bool]:
    """Whether the adversary wins a play whose infinity set is `cs`: a sink decides, else some need is met."""
    def adv_wins(cs: frozenset) -> bool:
        if SINK_ADV in cs:
            return True
        if SINK_GEN in cs:
            return False
        return any(must <= cs and not avoid & cs for must, avoid in needs)
    adv_wins.key = needs  # type: ignore[attr-defined]
    return adv_wins


def _attractor(player: int, arena: frozenset, target: set, owner, succ) -> set:
    attr = set(target) & arena
    changed = True
    while changed:
        changed = False
        for v in arena - attr:
            out = succ[v] & arena
            if (owner[v] == player and out & attr) or (owner[v] != player and out <= attr):
                attr.add(v)
                changed = True
    return attr


def _zielonka(arena: frozenset, owner, succ, col, adv_wins) -> set:
    """Positions of `arena` (a trap-closed subgame) from which the adversary wins (Muller)."""
    if not arena:
        return set()
    allc = frozenset().union(*(col[v] for v in arena))
    sigma = ADV if adv_wins(allc) else GEN
    opp = 1 - sigma
    children = _children(allc, adv_wins)
    if not children:
        return set(arena) if sigma == ADV else set()
    rest = set(arena)
    opp_region: set = set()
    progress = True
    while progress:
        progress = False
        for d in children:
            outside = {v for v in rest if not col[v] <= d}
            sub = frozenset(rest - _attractor(sigma, frozenset(rest), outside, owner, succ))
            adv_sub = _zielonka(sub, owner, succ, col, adv_wins)
            opp_sub = (sub - adv_sub) if sigma == ADV else adv_sub
            if opp_sub:
                grab = _attractor(opp, frozenset(rest), opp_sub, owner, succ)
                opp_region |= grab
                rest -= grab
                progress = True
                break
    return rest if sigma == ADV else opp_region


def sorted_repr(x) -> list[str]:
    return sorted(map(repr, x))


_CHILDREN: dict = {}


def _children(allc: frozenset, adv_wins) -> list[frozenset]:
    """Maximal proper subsets of allc whose winner differs from allc's (Zielonka tree children)."""
    key = (allc, adv_wins.key)
    if key not in _CHILDREN:
        _CHILDREN[key] = _children_uncached(allc, adv_wins)
    return _CHILDREN[key]


def _children_uncached(allc: frozenset, adv_wins) -> list[frozenset]:
    top = adv_wins(allc)
    items = sorted(allc, key=repr)
    flips = [frozenset(s) for k in range(len(items)) for s in itertools.combinations(items, k)
             if adv_wins(frozenset(s)) != top]
    return [d for d in flips if not any(d < e for e in flips)]
