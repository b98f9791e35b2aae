"""The product of a generator model and the adversary's abstract state, explored exhaustively.

A product state is (q, counts, aux, live, distinct) (docs/verify.md, "The product"):
q the model's state; counts per cell of distinct presented elements (capped: finite cells at
their size, infinite cells at 1); aux the answers so far (proper: a bitmask of hypotheses) or
the cells holding an unobserved answer (element: a bitmask of cells); live the targets for which
every input so far was legal; distinct the number of distinct inputs, capped at the largest
threshold (0 for proper-limit, where it does not matter).
"""
from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from typing import Hashable, Iterator

from ..trusted.classes.model import FiniteClass
from ..trusted.errors import SolverUnknown
from ..trusted.generators.base import ELEMENT
from ..trusted.generators.models import STALE
from ..generators.machine import Model

State = tuple[Hashable, tuple[int, ...], int, int, int]
NOTIONS = ("uniform", "non-uniform", "proper-limit")


@dataclass(frozen=True)
class Edge:
    """One round: the adversary's symbol, the generator's answer, and who it is wrong for."""

    cell: int
    how: str
    answer: int
    wrong: int     # live targets (after the input) for which the answer is wrong
    bad: int       # the subset of `wrong` whose threshold is met (uniform / non-uniform)


@dataclass(frozen=True)
class Question:
    """What is verified: the notion, replay or not, and the attacked targets' thresholds."""

    notion: str
    replay: bool
    thresholds: tuple[tuple[int, int], ...] = ()   # (target, d); empty for proper-limit

    @property
    def cap(self) -> int:
        return max((d for _, d in self.thresholds), default=0)


class Product:
    """Successors of product states; the rules come from the class's cells (docs/verify.md)."""

    def __init__(self, cls: FiniteClass, model: Model, question: Question):
        self.cls, self.model, self.q = cls, model, question
        cells = cls.table.cells
        self.sigs = [sum(1 << h for h in c.signature) for c in cells]
        self.size = [None if c.infinite else int(c.size) for c in cells]
        self.everyone = (1 << cls.n) - 1
        self.inside = [[all(self.sigs[c] >> g & 1 for c in range(len(cells)) if self.sigs[c] >> h & 1)
                        for g in range(cls.n)] for h in range(cls.n)]   # inside[h][g]: supp(h) within supp(g)
        self.element = model.kind == ELEMENT
        self.dth = [0] * cls.n
        self.attacked = 0
        for h, d in question.thresholds:
            self.dth[h], self.attacked = d, self.attacked | 1 << h

    def start(self) -> State:
        return (self.model.start(), tuple(0 for _ in self.sigs), 0, self.everyone, 0)

    def cap(self, c: int) -> int:
        return 1 if self.size[c] is None else self.size[c]

    def moves(self, s: State) -> Iterator[tuple[int, str, int, bool]]:
        """(cell, how, live targets after the input, whether the element is new) per adversary move."""
        _, counts, aux, live, _ = s
        replay = self.q.replay
        for c, sig in enumerate(self.sigs):
            k = counts[c]
            if k:
                yield c, "repeat", live, False
            if self.element:
                pending = aux >> c & 1
                if pending:
                    yield c, "echo", live if replay else live & sig, True
                if self.size[c] is None or self.size[c] - k - pending >= 1:
                    if not pending or not self.model.canonical:
                        yield c, "new", live & sig, True
            elif self.size[c] is None or k < self.size[c]:
                licensed = replay and any(aux >> b & 1 and sig >> b & 1 for b in range(self.cls.n))
                yield c, "new", live if licensed else live & sig, True

    def successors(self, s: State) -> Iterator[tuple[Edge, State]]:
        q, counts, aux, _, dist = s
        for c, how, live, new in self.moves(s):
            if not live:
                continue  # illegal for every target: nothing after it matters
            counts2 = counts
            aux2 = aux
            dist2 = dist
            if new:
                counts2 = counts[:c] + (min(counts[c] + 1, self.cap(c)),) + counts[c + 1:]
                dist2 = min(dist + 1, self.q.cap)
                if how == "echo":
                    aux2 &= ~(1 << c)
            for q2, ans in self.model.step(q, c, how):
                a3, ans2, wrong = self._answer(counts2, aux2, live, ans)
                bad = 0
                if wrong and self.attacked:
                    for h in range(self.cls.n):
                        if wrong >> h & 1 and self.attacked >> h & 1 and dist2 >= self.dth[h]:
                            bad |= 1 << h
                yield Edge(c, how, ans2, wrong, bad), (q2, counts2, a3, live, dist2)

    def _answer(self, counts: tuple[int, ...], aux: int, live: int, ans: int) -> tuple[int, int, int]:
        """(aux after the answer, the answer as judged, the live targets it is wrong for)."""
        if not self.element:
            wrong = sum(1 << h for h in range(self.cls.n) if live >> h & 1 and not self.inside[ans][h])
            return aux | 1 << ans, ans, wrong
        if ans != STALE:
            size = self.size[ans]
            if not (aux >> ans & 1) and size is not None and counts[ans] >= size:
                ans = STALE  # a finite cell with nothing unobserved: the answer can only be observed
        if ans == STALE:
            return aux, STALE, live
        return aux | 1 << ans, ans, live & ~self.sigs[ans]


@dataclass
class Explored:
    """The reachable product: state ids, edges, and the first bad edge met (BFS: a shortest one)."""

    states: list[State]
    index: dict[State, int]
    edges: list[list[tuple[Edge, int]]]
    parent: dict[int, tuple[int, Edge]]
    bad: tuple[int, Edge, int] | None = None


def explore(product: Product, max_states: int, deadline: float, stop_at_bad: bool) -> Explored:
    """Breadth-first exploration; SolverUnknown when a budget runs out (never a verdict)."""
    start = product.start()
    ex = Explored([start], {start: 0}, [], {})
    queue = deque([0])
    while queue:
        u = queue.popleft()
        if time.monotonic() > deadline:
            raise SolverUnknown(f"unknown: the time budget ran out after {len(ex.states)} product states; no verdict")
        out: list[tuple[Edge, int]] = []
        for edge, t in product.successors(ex.states[u]):
            v = ex.index.get(t)
            if v is None:
                v = len(ex.states)
                if v >= max_states:
                    raise SolverUnknown(f"unknown: more than {max_states} product states; no verdict")
                ex.index[t] = v
                ex.states.append(t)
                ex.parent[v] = (u, edge)
                queue.append(v)
            out.append((edge, v))
            if edge.bad and ex.bad is None:
                ex.bad = (u, edge, v)
                if stop_at_bad:
                    ex.edges.append(out)
                    return ex
        ex.edges.append(out)
    return ex


def path_to(ex: Explored, v: int) -> list[tuple[int, Edge]]:
    """The BFS path from the start to state v, as (source state, edge) steps."""
    steps = []
    while v:
        u, e = ex.parent[v]
        steps.append((u, e))
        v = u
    return steps[::-1]
