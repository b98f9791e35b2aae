"""What `replayproof info` reports about a class: data first (for --json), then text."""
from __future__ import annotations

from typing import Any

from ..trusted.classes import cells as C
from .cells import closure_dimension, equal_support_groups, inclusion_graph, non_uus, support_size
from .criterion import explain
from ..trusted.classes.model import FiniteClass


def _label(cls: FiniteClass, hyps) -> str:
    return "{" + ", ".join(cls.names[h] for h in sorted(hyps)) + "}"


def class_info(cls: FiniteClass) -> dict[str, Any]:
    """A JSON-ready description: hypotheses, cells, UUS, inclusions, duplicates, C(H)."""
    table = cls.table
    graph = inclusion_graph(table)
    bad = non_uus(table)
    return {
        "name": cls.name,
        "description": cls.description,
        "source": cls.source,
        "given_by_cells": cls.given_by_cells,
        "hypotheses": [{"name": h.name, "predicate": h.text,
                        "support_size": C.format_size(support_size(table, i))}
                       for i, h in enumerate(cls.hypotheses)],
        "cells": [{"signature": [cls.names[h] for h in sorted(c.signature)],
                   "size": C.format_size(c.size),
                   "elements" if not c.infinite else "samples": list(c.elements)}
                  for c in table.cells],
        "uus": not bad,
        "finite_supports": [cls.names[h] for h in bad],
        "equal_supports": [[cls.names[h] for h in g] for g in equal_support_groups(table)],
        "inclusions": sorted([[cls.names[a[0]], cls.names[b[0]]] for a, b in graph.edges()]),
        "closure_dimension": closure_dimension(table),
        "criterion": criterion_info(cls),
    }


def criterion_info(cls: FiniteClass) -> dict[str, Any]:
    """Per realized profile, the Li-Zhang criterion's good first answer or why none exists."""
    names = cls.names
    rows = []
    for rep in explain(cls.table):
        row: dict[str, Any] = {"profile": [names[h] for h in sorted(rep.profile)]}
        if rep.choice is not None:
            row["answer"] = names[rep.choice.answer]
            row["groups"] = [{"group": [names[k] for k in sorted(e)], "output": names[h]}
                             for e, h in rep.choice.outputs]
        else:
            row["answer"] = None
            row["failing"] = {names[j]: [names[k] for k in sorted(e)] for j, e in enumerate(rep.failing)}
        rows.append(row)
    return {"generatable_with_replay": all(r["answer"] is not None for r in rows), "profiles": rows}


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
    out.append("")
    out.extend(render_criterion(info["criterion"]))
    return "\n".join(out)


def _set(names: list[str]) -> str:
    return "{" + ", ".join(names) + "}"


def render_criterion(crit: dict[str, Any]) -> list[str]:
    """The criterion section: per profile, the good first answer j or, for every j, the failing group."""
    verdict = "generatable" if crit["generatable_with_replay"] else "NOT generatable"
    out = [f"proper generation in the limit with replay (Li-Zhang criterion, docs/game.md): {verdict}",
           "  per realized profile P: a first answer j such that every group of P with equal residual "
           "outside j has a member inside it"]
    for row in crit["profiles"]:
        p = _set(row["profile"])
        if row["answer"] is not None:
            groups = ", ".join(f"{_set(g['group'])} -> {g['output']}" for g in row["groups"])
            out.append(f"  P = {p}: j = {row['answer']}; groups {groups}")
        else:
            out.append(f"  P = {p}: no good first answer")
            for j, group in row["failing"].items():
                out.append(f"      j = {j}: no member lies inside every language of {_set(group)}")
    return out
