"""A brute-force solver of the budget game, for differential tests only (docs/variants.md §5).

It shares nothing with `solve.py` but the Zielonka solver of game/oracle.py: the explicit arena of
full positions (exact counts per cell, answers so far, replays used per target, last answer or last
move) solved component by component for the Muller condition "some target still in whose cells are
complete is answered wrongly, and each of its infinite cells fed anew, infinitely often". Small only.
"""
from __future__ import annotations

import networkx as nx

from ..trusted.classes.cells import CellTable
from ..game.oracle import SINK_GEN, Need, TooLarge, solve_arena

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

    def needs(sample) -> list[Need]:
        """A target still in, its finite cells presented but for `omit`, answered wrongly and each of its
        infinite cells fed anew, infinitely often."""
        counts, used = sample[1], sample[3]
        return [(frozenset([("wrong", h)] + [("new", c) for c in range(len(cells)) if h in sigs[c] and cells[c].infinite]),
                 frozenset())
                for h in range(n) if used[h] != DEAD
                and sum(cap[c] - counts[c] for c in range(len(cells)) if h in sigs[c] and not cells[c].infinite) <= omit]

    return solve_arena(g, start, colors, needs)
