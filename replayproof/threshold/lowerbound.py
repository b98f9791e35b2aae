"""Lower bounds on the uniform threshold d*: the closure-dimension adversary, as a certificate.

If S = <S> is finite and V(H,S) is non-empty, presenting S (genuine for every member of V)
leaves no correct answer: one in S is stale, any other lies outside some member of V. So no
generator has threshold |S|, with or without replay (docs/threshold.md).
"""
from __future__ import annotations

from typing import Any

from ..classes.classfile import class_path
from ..trusted.certificates.lowerbound import KIND
from ..trusted.classes import cells as C
from ..classes.cells import closed_sets, intersection_size
from ..trusted.classes.model import FiniteClass


def best_closed_set(cls: FiniteClass) -> frozenset[int] | None:
    """A closed set V whose finite intersection is largest (size C(H)), or None."""
    best, size = None, -1
    for v in sorted(closed_sets(cls.table), key=sorted):
        s = intersection_size(cls.table, v)
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
