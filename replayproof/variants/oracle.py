"""A brute-force solver of the budget game, for differential tests only (docs/variants.md §5).

It shares nothing with `solve.py` but the Zielonka solver of game/oracle.py: the explicit arena of
full positions (exact counts per cell, answers so far, replays used per target, last answer or last
move) solved component by component for the Muller condition "some target still in whose cells are
complete is answered wrongly, and each of its infinite cells fed anew, infinitely often". Small only.
"""
from __future__ import annotations

import networkx as nx

from ..trusted.classes.cells import CellTable
from ..game.oracle import ADV, GEN, SINK_ADV, SINK_GEN, TooLarge, _zielonka, sorted_repr

DEAD = -1


def solve_budget_brute(table: CellTable, budget: int | None, limit: int = 200_000, delay: int = 1,
                       noise: int = 0, omit: int = 0) -> bool:
    """True iff the adversary wins with at most `budget` replays per stream (None: unbounded), each
    copying an answer at least `delay` rounds old. The delay is played out (answers' ages are part of
    the position), not reduced by Lemma D: this is the check of Lemma D."""
    n, cells = table.n, table.cells
    sigs = [c.signature for c in cells]
    cap = [1 if c.infinite else int(c.size) for c in cells]
    wrong = {a: frozenset(h for h in range(n) if any(a in s and h not in s for s in sigs)) for a in range(n)}

    def after(c: int, answers: frozenset[int], used: tuple[int, ...]) -> tuple[int, ...]:
        """`answers`: those old enough to copy."""
        out: list = []
        for h, k in enumerate(used):
            if k == DEAD or h in sigs[c]:
                out.append(k)
            elif answers & sigs[c] and (budget is None or k[0] < budget):
                out.append((k[0] + 1 if budget is not None else 0, k[1]))
            elif k[1] < noise:
                out.append((k[0], k[1] + 1))
            else:
                out.append(DEAD)
        return tuple(out)

    start = ("adv", tuple(0 for _ in cells), frozenset(), ((0, 0),) * n, -1, ())
    g = nx.DiGraph()
    g.add_node(start)
    todo = [start]
    while todo:
        pos = todo.pop()
        if len(g) > limit:
            raise TooLarge(f"more than {limit} positions")
        succ = []
        if pos[0] == "adv":
            _, counts, answers, used, _last, young = pos
            old = answers - {a for a, _ in young}
            for c in range(len(cells)):
                used2 = after(c, old, used)
                options = []
                if counts[c] < cap[c] or cells[c].infinite:
                    new = list(counts)
                    new[c] = min(counts[c] + 1, cap[c])
                    options.append((tuple(new), c if cells[c].infinite else -1))
                if counts[c] > 0 and (answers or noise):
                    options.append((counts, -1))
                for new_counts, tag in options:
                    alive = any(k != DEAD for k in used2)
                    succ.append(("gen", new_counts, answers, used2, tag, young) if alive else SINK_GEN)
        elif pos[0] == "gen":
            _, counts, answers, used, _tag, young = pos
            for b in range(n):
                aged = [(a, k + 1) for a, k in young if k + 1 < delay]
                if b not in answers and delay > 1:
                    aged.append((b, 1))
                succ.append(("adv", counts, answers | {b}, used, b, tuple(sorted(aged))))
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
        sample = next(iter(members))
        counts, used = sample[1], sample[3]
        eligible = [h for h in range(n) if used[h] != DEAD
                    and sum(cap[c] - counts[c] for c in range(len(cells)) if h in sigs[c]
                            and not cells[c].infinite) <= omit]
        need = {h: frozenset([("wrong", h)] + [("new", c) for c in range(len(cells))
                                                 if h in sigs[c] and cells[c].infinite]) for h in eligible}
        needs = tuple(sorted(set(need.values()), key=sorted_repr))

        def adv_wins(cs: frozenset, needs=needs) -> bool:
            if SINK_ADV in cs:
                return True
            if SINK_GEN in cs:
                return False
            return any(nd <= cs for nd in needs)
        adv_wins.key = needs  # type: ignore[attr-defined]

        succ = {}
        for v in members:
            succ[v] = {w if w in members else (SINK_ADV if won[w] == ADV else SINK_GEN) for w in g.successors(v)}
        sinks = set().union(*succ.values()) & {SINK_ADV, SINK_GEN}
        for s in sinks:
            succ[s] = {s}
        owner = {v: (ADV if v[0] == "adv" else GEN) for v in members}
        owner.update({s: ADV for s in sinks})
        col = {v: colors(v) for v in set(members) | sinks}
        region = _zielonka(frozenset(set(members) | sinks), owner, succ, col, adv_wins)
        for v in members:
            won[v] = ADV if v in region else GEN
    return won[start] == ADV
