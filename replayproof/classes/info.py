"""What `replayproof info` reports about a class: data first (for --json), then text."""
from __future__ import annotations

from typing import Any

from . import cells as C
from .model import FiniteClass


def _label(cls: FiniteClass, hyps) -> str:
    return "{" + ", ".join(cls.names[h] for h in sorted(hyps)) + "}"


def class_info(cls: FiniteClass) -> dict[str, Any]:
    """A JSON-ready description: hypotheses, cells, UUS, inclusions, duplicates, C(H)."""
    table = cls.table
    graph = C.inclusion_graph(table)
    bad = C.non_uus(table)
    return {
        "name": cls.name,
        "description": cls.description,
        "source": cls.source,
        "given_by_cells": cls.given_by_cells,
        "hypotheses": [{"name": h.name, "predicate": h.text,
                        "support_size": C.format_size(C.support_size(table, i))}
                       for i, h in enumerate(cls.hypotheses)],
        "cells": [{"signature": [cls.names[h] for h in sorted(c.signature)],
                   "size": C.format_size(c.size),
                   "elements" if not c.infinite else "samples": list(c.elements)}
                  for c in table.cells],
        "uus": not bad,
        "finite_supports": [cls.names[h] for h in bad],
        "equal_supports": [[cls.names[h] for h in g] for g in C.equal_support_groups(table)],
        "inclusions": sorted([[cls.names[a[0]], cls.names[b[0]]] for a, b in graph.edges()]),
        "closure_dimension": C.closure_dimension(table),
    }


def render_info(info: dict[str, Any]) -> str:
    """The human-readable report."""
    out = [f"class {info['name']}: {len(info['hypotheses'])} hypotheses"
           + (" (given by cell cardinalities, realized in the integers)" if info["given_by_cells"] else "")]
    if info["description"]:
        out.append(f"  {info['description']}")
    out.append("")
    width = max(len(h["name"]) for h in info["hypotheses"])
    out.append("hypotheses:")
    for h in info["hypotheses"]:
        out.append(f"  {h['name']:<{width}}  |supp| = {h['support_size']:<4}  {h['predicate']}")
    out.append("")
    out.append(f"cells ({len(info['cells'])} non-empty):")
    sigs = ["{" + ", ".join(c["signature"]) + "}" for c in info["cells"]]
    sw = max([len(s) for s in sigs] + [9])
    out.append(f"  {'signature':<{sw}}  size  elements (all if finite, samples if infinite)")
    for s, c in zip(sigs, info["cells"]):
        listed = c.get("elements", c.get("samples", []))
        words = (repr(v) if isinstance(v, str) else str(v) for v in listed[:8])  # words are quoted
        shown = ", ".join(words) + (", ..." if len(listed) > 8 or c["size"] == "inf" else "")
        out.append(f"  {s:<{sw}}  {c['size']:<4}  {shown}")
    out.append("")
    if info["uus"]:
        out.append("UUS: yes (every support is infinite)")
    else:
        out.append("UUS: NO - finite support: " + ", ".join(info["finite_supports"])
                   + " (the paper's theorems assume UUS)")
    for group in info["equal_supports"]:
        out.append("duplicate supports: " + " = ".join(group))
    out.append("inclusions (Hasse diagram, a < b means supp(a) is a maximal proper subset of supp(b)):")
    if info["inclusions"]:
        out.extend(f"  {a} < {b}" for a, b in info["inclusions"])
    else:
        out.append("  none: no support contains another")
    out.append(f"closure dimension C(H) = {info['closure_dimension']}")
    return "\n".join(out)
