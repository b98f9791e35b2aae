"""Class files for the engines: the trusted parser (trusted/classes/classfile.py) with the cells of
predicate classes derived by the solver (exactcells.py), under a time limit.

The checker reads the same files with the same parser but derives cells by the periodicity scan;
`scan=True` here does the same.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Sequence

from ..trusted.classes import cells as C
from ..trusted.classes import classfile as T
from ..trusted.classes.expr import BoolExpr
from ..trusted.classes.model import FiniteClass
from ..trusted.errors import InputError

ClassFileError = T.ClassFileError
ScanTooLarge = T.ScanTooLarge
realized_class = T.realized_class

__all__ = ["ClassFileError", "ScanTooLarge", "cells_toml", "class_path", "from_dict", "load", "loads", "realized_class"]


def _solver(names: Sequence[str], predicates: Sequence[BoolExpr], source: str, *, timeout_ms: int) -> C.CellTable:
    from .exactcells import compute_cells  # z3 is loaded only when a predicate class is read
    return compute_cells(names, predicates, timeout_ms=timeout_ms, source=source)


def _derive(timeout_ms: int, scan: bool) -> T.Derive | None:
    return None if scan else partial(_solver, timeout_ms=timeout_ms)


def load(path: str | Path, *, timeout_ms: int = 20_000, scan: bool = False) -> FiniteClass:
    """Load a class file (or a bundled class's name) with its exact cells (scan: no solver)."""
    return T.load(path, derive=_derive(timeout_ms, scan))


def loads(text: str, *, source: str = "<class>", timeout_ms: int = 20_000, scan: bool = False) -> FiniteClass:
    """Load a class from TOML text."""
    return T.loads(text, source=source, derive=_derive(timeout_ms, scan))


def from_dict(data: dict[str, Any], *, source: str = "<class>", timeout_ms: int = 20_000,
              scan: bool = False) -> FiniteClass:
    """Build a class from parsed TOML (the Python API's entry point for in-memory classes)."""
    return T.from_dict(data, source=source, derive=_derive(timeout_ms, scan))


def cells_toml(name: str, table: C.CellTable, description: str = "") -> str:
    """A class file (by cell cardinalities) for a cell table: load(cells_toml(...)) gives it back."""
    lines = [f"name = {name!r}".replace("'", '"')]
    if description:
        lines.append(f"description = {description!r}".replace("'", '"'))
    lines.append("hypotheses = [" + ", ".join(f'"{n}"' for n in table.names) + "]")
    for c in table.cells:
        members = ", ".join(f'"{table.names[h]}"' for h in sorted(c.signature))
        size = '"inf"' if c.infinite else str(int(c.size))
        lines += ["", "[[cell]]", f"members = [{members}]", f"size = {size}"]
    return "\n".join(lines) + "\n"


def class_path(source: str | None) -> str | None:
    """How a freshly built certificate names its class file: relative to the working directory
    when inside it (the base of in-process checks), else absolute. `output.write` re-roots it.
    A bundled class's name (`h4`) becomes the path of its file (trusted/classes/bundled.py)."""
    if not source:
        return None
    from ..trusted.classes.bundled import find
    try:
        p = find(source, "classes").resolve()
    except InputError:
        p = Path(source).resolve()
    try:
        return p.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(p)
