"""The class a certificate is checked against: read from its file without any solver, or the
class an in-process caller just built the certificate from; either way compared with the
certificate's own list of cells."""
from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from ..classes import cells as C
from ..classes.classfile import MAX_FINITE_ELEMENTS, load, realized_class
from ..classes.params import MAX_HYPOTHESES
from ..classes.model import FiniteClass
from ..errors import InputError


class ClassMismatch(Exception):
    """The certificate's class cannot be loaded or is not the class its cells describe."""


@dataclass
class Origin:
    """Where a check reads its class from, and (afterwards) what it validated against."""

    base: Path                       # relative class paths are read from here
    given: FiniteClass | None = None  # in-process: the class the certificate was built from
    used: str = ""                   # "class H4 from ... (cells ...)", for the report


_ORIGIN: ContextVar[Origin | None] = ContextVar("certificate_origin", default=None)


@contextlib.contextmanager
def origin(base: Path, given: FiniteClass | None = None) -> Iterator[Origin]:
    """Run a check with this origin; yields it so the caller can read `used` afterwards."""
    o = Origin(base, given)
    token = _ORIGIN.set(o)
    try:
        yield o
    finally:
        _ORIGIN.reset(token)


def _label(names: Sequence[str], sig) -> str:
    return "{" + ", ".join(names[h] for h in sorted(sig)) + "}"


def load_class(ref: str | None, cells: list[dict[str, Any]], hypotheses: Sequence[str] | None = None,
               name: str | None = None) -> FiniteClass:
    """The class named by `ref` (None: the listed cells made concrete), checked against the
    certificate's cells, hypothesis order and class name where given. Never calls a solver:
    predicate classes get their cells from the periodicity scan (trusted/classes/brute.py)."""
    o = _ORIGIN.get() or Origin(Path.cwd())  # no origin set: paths relative to the working directory
    if ref is None:
        if hypotheses is None:
            raise ClassMismatch("class: the certificate names no class file")
        sizes = _listed(cells, list(hypotheses), "the certificate")
        _within_limits(len(hypotheses), sizes)
        cls = realized_class(name or "class", C.make_table(hypotheses, sizes))
        o.used = f"class {cls.name} given by the certificate's {len(sizes)} cells"
        return cls
    where = ref
    if o.given is not None:
        cls, how = o.given, "cells of the class loaded in-process"
    else:
        full = Path(ref) if Path(ref).is_absolute() else o.base / ref  # relative to the certificate's directory
        if not full.exists():
            raise ClassMismatch(f"class: file {ref} not found (relative paths are read from {o.base})")
        try:
            cls = load(full)  # cells by the periodicity scan, no solver
        except InputError as exc:
            raise ClassMismatch(f"class: {exc}") from None
        where = str(full.resolve())
        how = "cells given in the file" if cls.given_by_cells else "cells re-derived by the periodicity scan"
    if hypotheses is not None and list(cls.names) != list(hypotheses):
        raise ClassMismatch(f"class: {ref} has hypotheses {list(cls.names)}, the certificate {list(hypotheses)}")
    if name is not None and cls.name != name:
        raise ClassMismatch(f"class: {ref} is the class {cls.name!r}, the certificate names {name!r}")
    names = list(cls.names)
    sizes = _listed(cells, names, ref)
    actual = {c.signature: c.size for c in cls.table.cells}
    for sig in sorted(set(actual) | set(sizes), key=sorted):
        if actual.get(sig, 0) != sizes.get(sig, 0):
            raise ClassMismatch(f"class: cell {_label(names, sig)} has size {C.format_size(actual.get(sig, 0))} in "
                                f"{ref} but {C.format_size(sizes.get(sig, 0))} in the certificate")
    o.used = f"class {cls.name} from {where} ({how})"
    return cls


def _within_limits(n: int, sizes: dict[frozenset[int], C.Size]) -> None:
    """A class the certificate gives by its cells (path null) keeps a class file's limits (docs/limits.md): it is made
    concrete element by element, so a huge size would exhaust memory instead of being refused."""
    if n > MAX_HYPOTHESES:
        raise ClassMismatch(f"class: hypotheses: {n} given, a class by cells has at most {MAX_HYPOTHESES}")
    total = sum(int(size) for size in sizes.values() if size != C.INF)
    if total > MAX_FINITE_ELEMENTS:
        raise ClassMismatch(f"class: cells: the finite cells hold {total} elements in all, more than the "
                            f"{MAX_FINITE_ELEMENTS} a class by cells may hold (docs/limits.md)")


def _listed(cells: list[dict[str, Any]], names: list[str], of: str) -> dict[frozenset[int], C.Size]:
    """The certificate's cells as {signature (hypothesis indices in `names`): size}, each listed once."""
    out: dict[frozenset[int], C.Size] = {}
    for c in cells:
        unknown = [h for h in c["signature"] if h not in names]
        if unknown:
            raise ClassMismatch(f"class: cell {c['signature']} names {unknown[0]!r}, not a hypothesis of {of}")
        sig = frozenset(names.index(h) for h in c["signature"])
        if sig in out:
            raise ClassMismatch(f"class: the cell {c['signature']} is listed twice")
        out[sig] = C.INF if c["size"] == "inf" else int(c["size"])
    return out
