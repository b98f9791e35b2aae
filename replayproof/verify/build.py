"""Certificates of a verification: the invariant (verified), the lasso or the defeat trace (defeated)."""
from __future__ import annotations

from typing import Any, Hashable

from ..classes.classfile import class_path
from ..trusted.classes import cells as C
from ..trusted.classes.model import FiniteClass
from ..trusted.kernel import Trace
from .lasso import Lasso, Step
from ..generators.machine import sorted_names
from ..trusted.generators.base import PROPER
from ..trusted.generators.models import STALE
from ..trusted.generators.models import BurnInModel
from .product import Explored, Product

KIND_INVARIANT = "verify-invariant"
KIND_LASSO = "verify-lasso"
FORMAT = 1


def class_block(cls: FiniteClass, source: str | None) -> dict[str, Any]:
    """The class as embedded in a certificate: file path (or null) and its exact cells, in table order."""
    return {"name": cls.name, "path": class_path(source), "hypotheses": list(cls.names),
            "cells": [{"signature": [cls.names[h] for h in sorted(c.signature)], "size": C.format_size(c.size)}
                      for c in cls.table.cells]}


class Names:
    """Stable string ids for model states (machine files keep their own ids)."""

    def __init__(self) -> None:
        self.ids: dict[Hashable, str] = {}

    def __call__(self, q: Hashable) -> str:
        if isinstance(q, str):
            return q
        if q not in self.ids:
            self.ids[q] = f"m{len(self.ids)}"
        return self.ids[q]


def answer_json(cls: FiniteClass, kind: str, a: int) -> Any:
    if kind == PROPER:
        return cls.names[a]
    return "stale" if a == STALE else {"fresh": sorted_names(cls, a)}


def burn_in_of(model: Any) -> int | None:
    """burn-in's d when the model is a burn-in wrapper (the checker rebuilds the model with it)."""
    return model.d if isinstance(model, BurnInModel) else None


def _head(kind: str, cls: FiniteClass, product: Product, spec: str, source: str | None) -> dict[str, Any]:
    q = product.q
    return {"kind": kind, "format": FORMAT, "class": class_block(cls, source), "generator": spec,
            "bundled": product.model.bundled, "burn_in": burn_in_of(product.model), "answers": product.model.kind, "canonical": product.model.canonical,
            "notion": q.notion, "replay": q.replay,
            "thresholds": {cls.names[h]: d for h, d in q.thresholds}}


def invariant_certificate(cls: FiniteClass, product: Product, ex: Explored, spec: str,
                          source: str | None) -> dict[str, Any]:
    """All reachable product states and the model's rows they use: closed, and free of bad states/cycles."""
    name = Names()
    kind = product.model.kind
    rows: dict[tuple[str, int, str], set[tuple[str, Any]]] = {}
    for u, (q, *_rest) in enumerate(ex.states):
        for edge, v in ex.edges[u]:
            key = (name(q), edge.cell, edge.how)
            raw = product.model.step(q, edge.cell, edge.how)
            rows.setdefault(key, set()).update((name(q2), _raw_json(cls, kind, a)) for q2, a in raw)
    machine = {"start": name(product.model.start()),
               "rows": [{"state": s, "cell": sorted_names(cls, c), "how": how,
                         "options": [[to, _load(a)] for to, a in sorted(opts, key=str)]}
                        for (s, c, how), opts in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2]))]}
    inv = [[name(q), list(counts), _bits(aux), _bits(live), dist] for q, counts, aux, live, dist in ex.states]
    return {**_head(KIND_INVARIANT, cls, product, spec, source), "machine": machine, "invariant": inv,
            "summary": f"inductive invariant: {len(inv)} product states, {sum(len(e) for e in ex.edges)} moves"}


def _raw_json(cls: FiniteClass, kind: str, a: int) -> str:
    import json
    return json.dumps(answer_json(cls, kind, a), sort_keys=True)


def _load(text: str) -> Any:
    import json
    return json.loads(text)


def _bits(m: int) -> list[int]:
    return [i for i in range(m.bit_length()) if m >> i & 1]


def lasso_certificate(cls: FiniteClass, product: Product, ex: Explored, lasso: Lasso, spec: str,
                      source: str | None, unroll: int) -> dict[str, Any]:
    """The prefix and cycle as abstract moves plus the model's rows along them (a deterministic run)."""
    name = Names()
    kind = product.model.kind
    rows: dict[tuple[str, int, str], tuple[str, Any]] = {}

    def moves(steps: tuple[Step, ...]) -> list[dict[str, Any]]:
        out = []
        for u, e, v in steps:
            q, q2 = ex.states[u][0], ex.states[v][0]
            rows[(name(q), e.cell, e.how)] = (name(q2), answer_json(cls, kind, e.answer))
            out.append({"cell": sorted_names(cls, e.cell), "how": e.how})
        return out

    prefix, cycle = moves(lasso.prefix), moves(lasso.cycle)
    machine = {"start": name(product.model.start()),
               "rows": [{"state": s, "cell": sorted_names(cls, c), "how": how, "to": to, "answer": a}
                        for (s, c, how), (to, a) in rows.items()]}
    return {**_head(KIND_LASSO, cls, product, spec, source), "target": cls.names[lasso.target],
            "machine": machine, "prefix": prefix, "cycle": cycle, "unroll": unroll,
            "summary": f"lasso: {len(prefix)} rounds, then a cycle of {len(cycle)} rounds repeated forever"}


def trace_certificate(cls: FiniteClass, trace: Trace, spec: str, bundled: bool, burn_in: int | None,
                      notion: str, replay: bool, proper: bool, d: int, source: str | None) -> dict[str, Any]:
    """A kernel-judged finite defeat, in the `defeat-trace` format of `replayproof attack`."""
    return {"kind": "defeat-trace", "class": class_path(source), "class_name": cls.name,
            "cells": [{"signature": [cls.names[h] for h in sorted(c.signature)], "size": C.format_size(c.size)}
                      for c in cls.table.cells],
            "generator": spec, "bundled": bundled, "burn_in_threshold": burn_in, "notion": notion,
            "replay": replay, "proper": proper, "threshold": d, "settle": 0, "horizon": len(trace.rounds),
            "target": cls.names[trace.target], "inputs": [r.x for r in trace.rounds],
            "answers": [cls.names[r.answer] if proper else r.answer for r in trace.rounds],
            "failing_round": len(trace.rounds)}
