"""What a page embeds: the class (cells with concrete elements and their signatures, inclusions),
the certificate in a compact form its view plays from, and the kernel's verdict on it.

Every element the page presents comes with its signature evaluated here by the class's exact
membership, so the page's judge (explore.js, docs/explore.md) needs no predicate of its own.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Hashable, Iterable

from ..trusted.classes import cells as C
from . import glossary

if TYPE_CHECKING:
    from ..trusted.certificates import CheckResult
    from ..trusted.classes.model import FiniteClass

SAMPLES = 12        # elements embedded per infinite cell (a loop presents element j in cycle j)
FINITE_MAX = 200    # elements embedded per finite cell (larger cells: the first ones, marked cut)

VIEWS = {"proper-limit-adversary": "adversary", "proper-limit-generator": "generator", "verify-lasso": "lasso",
         "defeat-trace": "trace", "verify-invariant": "invariant", "criterion-obstruction": "obstruction",
         "criterion-witness": "witness", "uniform-lower-bound": "lower", "query-trap-run": "query"}


def class_ref(cert: dict[str, Any]) -> tuple[str | None, list[dict[str, Any]], list[str] | None, str | None]:
    """(path, cells, hypotheses, name) of the class a certificate names, whatever its kind's layout."""
    block = cert.get("class")
    if isinstance(block, dict):
        return block.get("path"), block.get("cells", []), block.get("hypotheses"), block.get("name")
    return block, cert.get("cells", []), None, cert.get("class_name")


def load_for(cert: dict[str, Any], source: str | Path | None) -> FiniteClass:
    """The certificate's class, loaded as the checker loads it (no solver); if that fails (a
    certificate the checker rejects), the certificate's own cell table made concrete."""
    from ..trusted.certificates.source import ClassMismatch, load_class, origin
    from ..classes.classfile import realized_class
    path, cells, hyps, name = class_ref(cert)
    base = Path(source).resolve().parent if source is not None else Path.cwd()
    try:
        with origin(base):
            return load_class(path, cells, hyps, name)
    except (ClassMismatch, KeyError, TypeError, ValueError):
        names = list(hyps or sorted({h for c in cells for h in c.get("signature", [])}))
        index = {h: k for k, h in enumerate(names)}
        sizes = {frozenset(index[h] for h in c["signature"]): C.INF if c["size"] == "inf" else int(c["size"])
                 for c in cells}
        return realized_class(name or "class", C.make_table(names, sizes))


class Elements:
    """The elements a page may show, each with its cell (index into the class's cells, -1 for none)."""

    def __init__(self, cls: FiniteClass):
        self.cls = cls
        self.sigs = [c.signature for c in cls.table.cells]
        self.where: dict[Any, int] = {}

    def add(self, x: Hashable) -> Hashable:
        if x not in self.where:
            sig = self.cls.signature(x)
            self.where[x] = self.sigs.index(sig) if sig in self.sigs else -1
        return x

    def table(self) -> list[list[Any]]:
        return [[x, c] for x, c in self.where.items()]


def class_data(cls: FiniteClass, els: Elements, path: str | None = None) -> dict[str, Any]:
    """Hypotheses, cells (finite: every element; infinite: samples), inclusions. `path`: the class
    file as the certificate names it (a page attached to a paper shows no local directories)."""
    cells = []
    for c in cls.table.cells:
        infinite = c.size == C.INF
        want = SAMPLES if infinite else min(int(c.size), FINITE_MAX)
        xs = [els.add(x) for _, x in zip(range(want), cls.cell_elements(c.signature))]
        cells.append({"sig": sorted(c.signature), "size": C.format_size(c.size), "elements": xs,
                      "cut": (not infinite) and int(c.size) > want})
    return {"name": cls.name, "description": cls.description, "source": path if path is not None else Path(str(cls.source or "")).name,
            "hyps": [{"name": h.name, "text": h.text} for h in cls.hypotheses],
            "cells": cells,
            "subset": [[cls.subset(h, g) for g in range(cls.n)] for h in range(cls.n)]}


def _idx(names: Iterable[str], index: dict[str, int]) -> list[int]:
    return sorted(index[nm] for nm in names)


class Sets:
    """Hypothesis sets as bitmask integers when they fit a JavaScript int (n <= 30), else sorted
    lists: a 24,589-node strategy then parses in a fraction of the time. The page reads both."""

    def __init__(self, index: dict[str, int]):
        self.index, self.masks = index, len(index) <= 30
        self._memo: dict[tuple[str, ...], Any] = {}

    def __call__(self, names: list[str]) -> Any:
        key = tuple(names)
        hit = self._memo.get(key)
        if hit is None:
            hs = _idx(names, self.index)
            hit = self._memo[key] = sum(1 << h for h in hs) if self.masks else hs
        return hit


def adversary(cert: dict[str, Any], index: dict[str, int], sig_index: dict[frozenset[int], int]) -> dict[str, Any]:
    """Nodes as arrays: [id, O, A, loop?, present (cell | [cells]), next (per answer: node or -1),
    enumerates, wrong (per answer: target or -1)]; O, A, enumerates as `Sets`."""
    ids = {nd["id"]: k for k, nd in enumerate(cert["nodes"])}
    n = len(index)
    hs = Sets(index)
    cells: dict[tuple[str, ...], int] = {}

    def cell(names: list[str]) -> int:
        key = tuple(names)
        if key not in cells:
            cells[key] = sig_index[frozenset(index[h] for h in names)]
        return cells[key]

    rows = []
    for nd in cert["nodes"]:
        loop = nd["move"] == "loop"
        present = [cell(c) for c in nd["present"]] if loop else cell(nd["present"])
        nxt = [-1] * n
        for b, to in nd["next"].items():
            nxt[index[b]] = ids[to]
        row = [nd["id"], hs(nd["answers_so_far"]), hs(nd["legal_for"]), int(loop), present, nxt]
        if loop:
            wrong = [-1] * n
            for b, t in nd["wrong"].items():
                wrong[index[b]] = index[t]
            row += [hs(nd["enumerates"]), wrong]
        rows.append(row)
    return {"root": ids[cert["root"]], "nodes": rows, "replay": cert["replay"], "masks": hs.masks}


def generator(cert: dict[str, Any], index: dict[str, int], sig_index: dict[frozenset[int], int]) -> dict[str, Any]:
    """States as arrays: [id, answer (-1: none yet), O, A, on (per cell: state)]; O, A as `Sets`."""
    ids = {st["id"]: k for k, st in enumerate(cert["states"])}
    hs = Sets(index)
    rows = []
    for st in cert["states"]:
        on = [-1] * len(sig_index)
        for e in st["on"]:
            on[sig_index[frozenset(index[h] for h in e["cell"])]] = ids[e["to"]]
        rows.append([st["id"], -1 if st["answer"] is None else index[st["answer"]],
                     hs(st["answers_so_far"]), hs(st["legal_for"]), on])
    return {"start": ids[cert["start"]], "states": rows, "replay": cert["replay"], "masks": hs.masks}


def lasso(cert: dict[str, Any], cls: FiniteClass, index: dict[str, int], els: Elements) -> dict[str, Any]:
    """The lasso made concrete exactly as its checker does (verify.concrete), with the machine's states."""
    from ..verify.concrete import Concretizer
    sigs = [c.signature for c in cls.table.cells]
    cell = lambda names: sigs.index(frozenset(index[h] for h in names))  # noqa: E731
    rows = {(r["state"], cell(r["cell"]), r["how"]): (r["to"], index[r["answer"]]) for r in cert["machine"]["rows"]}
    prefix = [(cell(m["cell"]), m["how"]) for m in cert["prefix"]]
    cycle = [(cell(m["cell"]), m["how"]) for m in cert["cycle"]]
    con = Concretizer(cls, True)
    q = cert["machine"]["start"]
    out = []
    for c, how in prefix + cycle * max(2, int(cert["unroll"])):
        try:
            x = con.present(c, how)
        except (ValueError, StopIteration):
            break
        if (q, c, how) not in rows:
            break
        q2, ans = rows[(q, c, how)]
        con.record(ans)
        out.append({"x": els.add(x), "cell": c, "how": how, "from": q, "to": q2, "answer": ans})
        q = q2
    return {"target": index.get(cert["target"], -1), "prefix": len(prefix), "cycle": len(cycle), "rounds": out,
            "generator": cert["generator"], "replay": cert["replay"]}


def trace(cert: dict[str, Any], index: dict[str, int], els: Elements) -> dict[str, Any]:
    """A defeat trace: its rounds, the notion and where it fails."""
    proper = cert["proper"]
    answers = [index.get(a, -1) for a in cert["answers"]] if proper else [els.add(a) for a in cert["answers"]]
    return {"target": index.get(cert["target"], -1), "inputs": [els.add(x) for x in cert["inputs"]],
            "answers": answers, "proper": proper, "replay": cert["replay"], "notion": cert["notion"],
            "threshold": cert["threshold"], "settle": cert["settle"], "failing": cert["failing_round"],
            "generator": cert["generator"], "horizon": cert["horizon"]}


def payload(cert: dict[str, Any] | None, cls: FiniteClass, checked: CheckResult | None, text: str | None) -> dict[str, Any]:
    """Everything the page needs, as plain JSON data."""
    els = Elements(cls)
    cdata = class_data(cls, els, class_ref(cert)[0] if cert else None)
    index = {nm: k for k, nm in enumerate(cls.names)}
    sig_index = {c.signature: k for k, c in enumerate(cls.table.cells)}
    kind = cert["kind"] if cert else None
    view = VIEWS.get(kind or "", "class")
    out: dict[str, Any] = {"kind": kind, "view": view, "class": cdata, "glossary": glossary.entries(),
                           "links": list(glossary.VIEW_ENTRIES.get(view, ("hypothesis", "cells", "notions", "kernel")))}
    if checked is not None:
        out["check"] = {"valid": checked.valid, "text": ("valid: " if checked.valid else "invalid: ") + checked.message,
                        "against": checked.against}
    out["text"] = text if text is not None else (
        out["check"]["text"] + (f"\nchecked against: {checked.against}" if checked and checked.against else "")
        if checked is not None else "")
    if cert is not None:
        out["summary"] = cert.get("summary", "")
        try:
            if view == "adversary":
                out["strategy"] = adversary(cert, index, sig_index)
            elif view == "generator":
                out["strategy"] = generator(cert, index, sig_index)
            elif view == "witness" and isinstance(cert.get("generator"), dict):
                out["strategy"] = generator(cert["generator"], index, sig_index)
            elif view == "lasso":
                out["lasso"] = lasso(cert, cls, index, els)
            elif view == "trace":
                out["trace"] = trace(cert, index, els)
            elif view == "lower":
                out["stream"] = [els.add(x) for x in cert["stream"]]
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            out["broken"] = f"this certificate cannot be played ({type(exc).__name__}: {exc}); shown as data only"
        if view in ("invariant", "obstruction", "witness", "lower", "query") or "broken" in out:
            out["cert"] = {k: v for k, v in cert.items() if k not in ("class", "cells")}
    out["elements"] = els.table()
    return out
