"""Generators to attack: the bundled library and user code (interface in docs/attack.md)."""
from __future__ import annotations

from ..trusted.generators.base import ELEMENT, PROPER, Generator, GeneratorError
from ..trusted.generators.library import BUNDLED
from .resolve import resolve

__all__ = ["Generator", "GeneratorError", "ELEMENT", "PROPER", "BUNDLED", "describe_bundled", "resolve"]


DESCRIPTIONS = {
    "closure": "fresh element (nearest 0) of the intersection of the consistent hypotheses; uniform with d = C(H)+1",
    "sep51-standard": "Theorem 5.1: fresh positive until a negative is observed, then fresh negative",
    "telltale": "identification by Angluin tell-tales: first h (class order) with T_h <= S <= supp(h)",
}


def describe_bundled() -> list[tuple[str, str, str]]:
    """(name, kind, one-line description) of every bundled generator, burn-in included."""
    rows = [(b.name, b.kind, DESCRIPTIONS[b.name]) for b in BUNDLED.values()]
    rows.append(("burn-in:<spec>", ELEMENT,
                 "Algorithm 1: answer x_1 until d (= --threshold) distinct examples were seen, then <spec>"))
    return rows
