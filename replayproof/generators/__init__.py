"""Generators to attack: the bundled library and user code (interface in docs/attack.md)."""
from __future__ import annotations

from ..trusted.generators.base import ELEMENT, PROPER, Generator, GeneratorError
from ..trusted.generators.library import BUNDLED
from .resolve import resolve

__all__ = ["Generator", "GeneratorError", "ELEMENT", "PROPER", "BUNDLED", "describe_bundled", "resolve"]


def describe_bundled() -> list[tuple[str, str, str]]:
    """(name, kind, one-line description) of every bundled generator, burn-in included."""
    rows = [(b.name, b.kind, b.description) for b in BUNDLED.values()]
    rows.append(("burn-in:<spec>", ELEMENT,
                 "Algorithm 1: answer x_1 until d (= --threshold) distinct examples were seen, then <spec>"))
    return rows
