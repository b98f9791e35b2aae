"""What the engines read off a cell table (docs/model.md §5-6): supports, UUS, closed sets, C(H),
the inclusion order and isomorphism keys. The checker needs none of it; the table itself is
trusted/classes/cells.py."""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from ..trusted.classes.cells import INF, CellTable, Size, subset

if TYPE_CHECKING:
    import networkx as nx


def support_size(table: CellTable, h: int) -> Size:
    """|supp(h)|, possibly INF."""
    return sum((c.size for c in table.cells if h in c.signature), 0)


def non_uus(table: CellTable) -> list[int]:
    """Hypotheses with finite support: they violate UUS (docs/model.md §1)."""
    return [h for h in range(table.n) if support_size(table, h) != INF]


def equal_support_groups(table: CellTable) -> list[list[int]]:
    """Groups of hypotheses with identical supports (duplicates are reported, not rejected)."""
    groups: dict[frozenset[frozenset[int]], list[int]] = {}
    for h in range(table.n):
        key = frozenset(c.signature for c in table.cells if h in c.signature)
        groups.setdefault(key, []).append(h)
    return [g for g in groups.values() if len(g) > 1]


def inclusion_graph(table: CellTable) -> "nx.DiGraph":
    """Hasse diagram of strict support inclusion, on one representative per equal-support group.

    Nodes are tuples of hypothesis indices with equal supports; an edge a -> b means supp(a) is a
    maximal proper subset of supp(b).
    """
    import networkx as nx  # here, not at module level: the cell layer is on every command's start-up path
    reps: dict[int, tuple[int, ...]] = {}
    for group in equal_support_groups(table):
        for h in group:
            reps[h] = tuple(group)
    nodes = sorted({reps.get(h, (h,)) for h in range(table.n)})
    order = nx.DiGraph()
    order.add_nodes_from(nodes)
    for a, b in itertools.permutations(nodes, 2):
        if subset(table, a[0], b[0]) and not subset(table, b[0], a[0]):
            order.add_edge(a, b)
    return nx.transitive_reduction(order) if order.number_of_edges() else order


def intersection_size(table: CellTable, hyps: frozenset[int]) -> Size:
    """|intersection of the supports of hyps|."""
    return sum((c.size for c in table.cells if hyps <= c.signature), 0)


def closed_sets(table: CellTable) -> set[frozenset[int]]:
    """All V(H,S) for finite S: the whole class and intersections of cell signatures."""
    found: set[frozenset[int]] = {frozenset(range(table.n))}
    frontier = {c.signature for c in table.cells}
    while frontier:
        found |= frontier
        frontier = {a & b for a in found for b in frontier if a & b} - found
    return {v for v in found if v}


def closure_dimension(table: CellTable) -> int:
    """C(H) (docs/model.md §6): max |<S>| over closed V = V(H,S) with finite intersection <S>.

    For closed V, the largest S with V(H,S) = V is <S> itself, so C(H) is the largest finite
    intersection of a closed set; 0 when no closed set has a finite intersection.
    """
    sizes = [intersection_size(table, v) for v in closed_sets(table)]
    finite = [int(s) for s in sizes if s != INF]
    return max(finite, default=0)


def canonical_key(table: CellTable) -> tuple:
    """An isomorphism invariant: the lexicographically least cell vector over hypothesis orders.

    Two tables have equal keys exactly when they are isomorphic (docs/model.md §5). Cost n!.
    """
    best = None
    for perm in itertools.permutations(range(table.n)):
        vec = tuple(sorted((tuple(sorted(perm[h] for h in c.signature)), c.size) for c in table.cells))
        if best is None or vec < best:
            best = vec
    return best if best is not None else ()
