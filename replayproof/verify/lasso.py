"""Fair bad cycles of the product (proper-limit): find one and cut it into a prefix and a cycle.

A strongly connected set of product states is *fair for target h* when h is live there, every
finite cell of h is fully presented and every infinite cell of h is presented anew on an edge
inside it; it is *bad* when, in addition, some edge inside it answers wrongly for h. A cycle
through all these edges, repeated forever, is a legal enumeration of h with infinitely many
wrong answers (docs/verify.md, "Lassos").
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .product import Edge, Explored, Product, path_to

Step = tuple[int, Edge, int]   # (source state, edge, target state)


@dataclass(frozen=True)
class Lasso:
    target: int
    prefix: tuple[Step, ...]
    cycle: tuple[Step, ...]


def graph(ex: Explored) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(range(len(ex.states)))
    for u, out in enumerate(ex.edges):
        for _, v in out:
            g.add_edge(u, v)
    return g


def fair_bad(product: Product, ex: Explored, comp: set[int]) -> tuple[int, list[Step]] | None:
    """(target, the edges a cycle must contain) when the component holds a fair bad cycle."""
    first = ex.states[min(comp)]
    _, counts, _, live, _ = first
    inner = [(u, e, v) for u in comp for e, v in ex.edges[u] if v in comp]
    if not inner:
        return None
    for h in range(product.cls.n):
        if not live >> h & 1:
            continue
        mine = [c for c, s in enumerate(product.sigs) if s >> h & 1]
        if any(product.size[c] is not None and counts[c] < product.size[c] for c in mine):
            continue
        need: list[Step] = []
        for c in mine:
            if product.size[c] is None:
                step = next((s for s in inner if s[1].cell == c and s[1].how in ("new", "echo")), None)
                if step is None:
                    break
                need.append(step)
        else:
            wrong = next((s for s in inner if s[1].wrong >> h & 1), None)
            if wrong is not None:
                return h, [wrong] + need
    return None


def find_lasso(product: Product, ex: Explored) -> Lasso | None:
    """A lasso through a fair bad strongly connected component, or None when there is none."""
    g = graph(ex)
    for comp in sorted(nx.strongly_connected_components(g), key=min):
        found = fair_bad(product, ex, comp)
        if found is None:
            continue
        h, need = found
        sub = g.subgraph(comp)
        anchor = need[0][0]
        cycle: list[Step] = []
        cur = anchor
        for u, e, v in need:
            cycle += _walk(ex, sub, cur, u)
            cycle.append((u, e, v))
            cur = v
        cycle += _walk(ex, sub, cur, anchor)
        prefix = [(u, e, v) for (u, e), v in zip(path_to(ex, anchor),
                                                  [s for s, _ in path_to(ex, anchor)][1:] + [anchor])]
        return Lasso(h, tuple(prefix), tuple(cycle))
    return None


def _walk(ex: Explored, sub: nx.DiGraph, a: int, b: int) -> list[Step]:
    """A shortest path a -> b inside the component, with one edge label per step."""
    if a == b:
        return []
    nodes = nx.shortest_path(sub, a, b)
    out = []
    for u, v in zip(nodes, nodes[1:]):
        e = next(e for e, w in ex.edges[u] if w == v)
        out.append((u, e, v))
    return out
