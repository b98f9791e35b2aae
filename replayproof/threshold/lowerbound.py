"""Lower bounds on the uniform threshold d*: the closure-dimension adversary, as a certificate.

If S = <S> is finite and V(H,S) is non-empty, presenting S (genuine for every member of V)
leaves no correct answer: one in S is stale, any other lies outside some member of V. So no
generator has threshold |S|, with or without replay (docs/threshold.md).
"""
from __future__ import annotations

from typing import Any

from ..classes import cells as C
from ..certificates import CheckResult, class_file, class_path, register
from ..classes.classfile import load
from ..kernel import Mode, judge
from ..classes.model import FiniteClass
from ..classes.stringclass import element_from_json

KIND = "uniform-lower-bound"


def best_closed_set(cls: FiniteClass) -> frozenset[int] | None:
    """A closed set V whose finite intersection is largest (size C(H)), or None."""
    best, size = None, -1
    for v in sorted(C.closed_sets(cls.table), key=sorted):
        s = C.intersection_size(cls.table, v)
        if s != C.INF and s > size:
            best, size = v, int(s)
    return best


def certificate(cls: FiniteClass, source: str) -> dict[str, Any] | None:
    """The adversary refuting threshold C(H) (None when C(H) = 0: nothing to refute)."""
    v = best_closed_set(cls)
    if v is None:
        return None
    stream = sorted(x for c in cls.table.cells if v <= c.signature for x in c.elements)
    if not stream:
        return None
    answers = []
    for c in cls.table.cells:
        if v <= c.signature:
            continue  # its elements are all in the stream: stale answers
        target = min(h for h in v if h not in c.signature)
        answers.append({"cell": [cls.names[h] for h in sorted(c.signature)], "target": cls.names[target]})
    return {
        "kind": KIND,
        "class": class_path(source),
        "refutes_threshold": len(stream),
        "modes": ["standard", "replay"],
        "stream": stream,
        "targets": [cls.names[h] for h in sorted(v)],
        "answers": answers,
        "cells": [{"signature": [cls.names[h] for h in sorted(c.signature)], "size": C.format_size(c.size)}
                  for c in cls.table.cells],
    }


def _fail(msg: str) -> CheckResult:
    return CheckResult(False, KIND, msg)


@register(KIND)
def check(cert: dict[str, Any]) -> CheckResult:
    """Re-verify with the kernel: the stream is genuine for every listed target, and every
    possible answer after it (one concrete element per cell decides the whole cell) is wrong
    for some listed target."""
    try:
        cls = load(class_file(cert["class"]))
        stream = [element_from_json(cls, x) for x in cert["stream"]]
        targets = [cls.index(n) for n in cert["targets"]]
        d = int(cert["refutes_threshold"])
        by_cell = {frozenset(cls.index(n) for n in a["cell"]): cls.index(a["target"]) for a in cert["answers"]}
    except (KeyError, TypeError, ValueError) as exc:
        return _fail(f"malformed certificate: {exc}")
    given = {frozenset(cls.index(n) for n in c["signature"]): c["size"] for c in cert.get("cells", [])}
    actual = {c.signature: C.format_size(c.size) for c in cls.table.cells}
    if given != actual:
        return _fail(f"the cells recorded in the certificate do not match {cert['class']}")
    if len(set(stream)) != d:
        return _fail(f"the stream has {len(set(stream))} distinct examples, not {d}")
    for mode in (Mode(replay=False), Mode(replay=True)):
        for t in targets:
            trace = judge(cls, t, stream, [stream[0]] * len(stream), mode)
            if not trace.legal:
                return _fail(f"the stream is not legal for target {cls.names[t]} at round {trace.first_illegal}")
    last = len(stream)
    for x in stream:  # stale answers: wrong for every target
        if judge(cls, targets[0], stream, [x] * last, Mode(replay=False)).rounds[-1].correct:
            return _fail(f"answer {x} after the stream is judged correct for {cls.names[targets[0]]}")
    for cell in cls.table.cells:
        element = next(x for x in cls.cell_elements(cell.signature) if x not in stream) \
            if not (frozenset(targets) <= cell.signature) else None
        if element is None:
            continue
        label = "{" + ", ".join(cls.names[h] for h in sorted(cell.signature)) + "}"
        if cell.signature not in by_cell:
            return _fail(f"no target is given for answers in the cell {label}")
        t = by_cell[cell.signature]
        if t not in targets:
            return _fail(f"the target {cls.names[t]} for cell {label} is not one the stream is legal for")
        if judge(cls, t, stream, [element] * last, Mode(replay=False)).rounds[-1].correct:
            return _fail(f"an answer in cell {label} (e.g. {element}) is correct for {cls.names[t]}")
    return CheckResult(True, KIND, f"no generator reaches threshold {d} on {cert['class']}, with or without "
                                   f"replay: after {stream} every answer is wrong for one of {cert['targets']}")
