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
from ..game.oracle import SINK_GEN, Need, TooLarge, solve_arena

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

    def needs(sample) -> list[Need]:
        """As the budget oracle's (omissions unbounded under finitely many), and no round bad for the target
        (a replay or noise input it allows only finitely often) infinitely often."""
        counts, used = sample[1], sample[3]
        return [(frozenset([("wrong", h)] + [("new", c) for c in range(len(cells)) if h in sigs[c] and cells[c].infinite]),
                 frozenset({("bad", h)}))
                for h in range(n) if used[h] != DEAD
                and (omit == FIN or sum(cap[c] - counts[c] for c in range(len(cells))
                                        if h in sigs[c] and not cells[c].infinite) <= omit)]

    return solve_arena(g, start, colors, needs)
