"""A brute-force solver of the "finitely many" models, for differential tests only (docs/variants.md §7).

It shares nothing with `finite.py` but the Zielonka solver of game/oracle.py: the explicit arena of full
positions (counts per cell, answers so far, the fixed-limit counters per target, the last answer or the
last move with the targets it was bad for), solved component by component for the Muller condition
"some target still in, its finite cells presented but for the omissions allowed, is answered wrongly
infinitely often, each of its infinite cells is fed anew infinitely often, and finitely many rounds are
bad for it (a replay under finitely many replays, a noise input under finitely many noise inputs)".
Small classes only.
"""
from __future__ import annotations

import networkx as nx

from ..trusted.classes.cells import CellTable
from ..game.oracle import ADV, GEN, SINK_ADV, SINK_GEN, TooLarge, _zielonka, sorted_repr

DEAD = -1
FIN = "finite"


def solve_finite_brute(table: CellTable, budget, noise, omit, limit: int = 300_000) -> bool:
    """True iff the adversary wins under the model (each limit a number, "finite", or None for an
    unbounded replay budget), replay delay 1."""
    n, cells = table.n, table.cells
    sigs = [c.signature for c in cells]
    cap = [1 if c.infinite else int(c.size) for c in cells]
    wrong = {a: frozenset(h for h in range(n) if any(a in s and h not in s for s in sigs)) for a in range(n)}

    def after(c: int, answers: frozenset[int], used: tuple) -> tuple[tuple, frozenset[int]]:
        out: list = []
        bad = set()
        for h, k in enumerate(used):
            if k == DEAD or h in sigs[c]:
                out.append(k)
                continue
            if answers & sigs[c]:                     # licensed: a replay while the budget lasts
                if budget is None:
                    out.append(k)
                    continue
                if budget == FIN:
                    out.append(k)
                    bad.add(h)
                    continue
                if k[0] < budget:
                    out.append((k[0] + 1, k[1]))
                    continue
            if noise == FIN:                          # otherwise noise
                out.append(k)
                bad.add(h)
            elif k[1] < noise:
                out.append((k[0], k[1] + 1))
            else:
                out.append(DEAD)
        return tuple(out), frozenset(bad)

    start = ("adv", tuple(0 for _ in cells), frozenset(), ((0, 0),) * n, -1)
    g = nx.DiGraph()
    g.add_node(start)
    todo = [start]
    while todo:
        pos = todo.pop()
        if len(g) > limit:
            raise TooLarge(f"more than {limit} positions")
        succ = []
        if pos[0] == "adv":
            _, counts, answers, used, _last = pos
            for c in range(len(cells)):
                used2, bad = after(c, answers, used)
                options = []
                if counts[c] < cap[c] or cells[c].infinite:
                    new = list(counts)
                    new[c] = min(counts[c] + 1, cap[c])
                    options.append((tuple(new), c if cells[c].infinite else -1))
                if counts[c] > 0:
                    options.append((counts, -1))
                for new_counts, tag in options:
                    alive = any(k != DEAD for k in used2)
                    succ.append(("gen", new_counts, answers, used2, tag, bad) if alive else SINK_GEN)
        elif pos[0] == "gen":
            _, counts, answers, used, _tag, _bad = pos
            succ = [("adv", counts, answers | {b}, used, b) for b in range(n)]
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
        out = {("bad", h) for h in pos[5]}
        if pos[4] >= 0:
            out.add(("new", pos[4]))
        return frozenset(out)

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
        eligible = [h for h in range(n) if used[h] != DEAD and
                    (omit == FIN or sum(cap[c] - counts[c] for c in range(len(cells))
                                        if h in sigs[c] and not cells[c].infinite) <= omit)]
        need = {h: (frozenset([("wrong", h)] + [("new", c) for c in range(len(cells))
                                                  if h in sigs[c] and cells[c].infinite]), ("bad", h))
                for h in eligible}
        needs = tuple(sorted(set(need.values()), key=sorted_repr))

        def adv_wins(cs: frozenset, needs=needs) -> bool:
            if SINK_ADV in cs:
                return True
            if SINK_GEN in cs:
                return False
            return any(nd <= cs and avoid not in cs for nd, avoid in needs)
        adv_wins.key = ("finite", needs)  # type: ignore[attr-defined]

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
