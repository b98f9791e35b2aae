"""Class files (TOML): finite classes by predicates, parameterised families, or cell cardinalities.

Format in docs/classfiles.md. Every error names the file, the hypothesis and the problem.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

from . import cells as C
from . import expr as E
from ..errors import EXIT_UNKNOWN, InputError, ReplayproofError
from .limits import CLASS_FILE, parse, read_text
from .bundled import find
from .model import FiniteClass, Hypothesis
from .params import MAX_HYPOTHESES, check_name, header, hypotheses

MAX_FINITE_ELEMENTS = 1_000_000  # all finite cells of a class by cells together (each up to 10,000)


Derive = Callable[[Sequence[str], Sequence[E.BoolExpr], str], C.CellTable]
"""How predicates become exact cells: (names, predicates, source) -> table. None: the periodicity scan."""


class ClassFileError(InputError):
    """A class file that cannot be loaded."""


class ScanTooLarge(ReplayproofError):
    """Cells wanted without a solver, but the periodicity window is too wide to scan: no verdict."""

    exit_code = EXIT_UNKNOWN


def load(path: str | Path, *, derive: Derive | None = None) -> FiniteClass:
    """Load a class file with its exact cells: by `derive` (the engines pass the solver's,
    classes/classfile.py), else by the periodicity scan (the checker's way, no solver).

    `path` may name a bundled class instead (`h4`, `strings/triangle`: trusted/classes/bundled.py); a path wins."""
    try:
        path = find(path, "classes")
        text = read_text(path, CLASS_FILE, "class file")
    except InputError as exc:
        raise ClassFileError(str(exc)) from None
    return loads(text, source=str(path), derive=derive)


def loads(text: str, *, source: str = "<class>", derive: Derive | None = None) -> FiniteClass:
    """Load a class from TOML text."""
    try:
        data = parse(text, source, "toml")
    except InputError as exc:
        raise ClassFileError(str(exc)) from None
    return from_dict(data, source=source, derive=derive)


def from_dict(data: dict[str, Any], *, source: str = "<class>", derive: Derive | None = None) -> FiniteClass:
    """Build a class from parsed TOML (the Python API's entry point for in-memory classes)."""
    domain = data.get("domain", "integers")
    if domain == "strings":
        from .stringclass import from_dict as strings_from_dict  # regular languages: docs/strings.md
        return strings_from_dict(data, source, ClassFileError)
    if domain != "integers":
        raise ClassFileError(f"{source}: domain must be \"integers\" (the default) or \"strings\", not {domain!r}")
    name, description = header(data, source, ClassFileError,
                               {"name", "description", "domain", "hypothesis", "hypotheses", "cell"},
                               "expected: name, description, and either [[hypothesis]] tables or "
                               "hypotheses = [...] with [[cell]] tables")
    if "cell" in data or "hypotheses" in data:
        if "hypothesis" in data:
            raise ClassFileError(f"{source}: give either [[hypothesis]] predicates or hypotheses + [[cell]] "
                                 "cardinalities, not both")
        return _from_cells(name, description, data, source)
    if "hypothesis" not in data:
        raise ClassFileError(f"{source}: no hypotheses (add [[hypothesis]] tables with name and predicate)")
    hyps = _hypotheses(data["hypothesis"], source)
    table = (derive or _scan)([h.name for h in hyps], [h.predicate for h in hyps], source)
    return FiniteClass(name, tuple(hyps), table, description, source)


def _scan(names: Sequence[str], predicates: Sequence[E.BoolExpr], source: str) -> C.CellTable:
    """The certificate checker's way to the cells: exact evaluation over the periodicity window (brute.py)."""
    from .brute import cells_by_scan
    try:
        return cells_by_scan(names, predicates)
    except InputError as exc:
        raise ScanTooLarge(f"{source}: cannot derive the cells without a solver ({exc}), so no certificate "
                           "of this class can be checked and no verdict is given. To decide it, write the "
                           "class by its cells: `replayproof info` lists them; hypotheses = [...] with "
                           "[[cell]] tables, docs/classfiles.md") from None


def _hypotheses(raw: Any, source: str) -> list[Hypothesis]:
    hyps: list[Hypothesis] = []  # at most MAX_HYPOTHESES: param_space counts them
    for entry, params, name, label in hypotheses(raw, source, ClassFileError, ("predicate",), "predicate",
                                                 reserved=frozenset(E._KEYWORDS) | {"x"}):
        text = entry.get("predicate")
        if not isinstance(text, str):
            raise ClassFileError(f"{label}: missing 'predicate' (a string such as \"x >= 0\")")
        try:
            pred = E.parse(text, params)
        except E.ExprError as exc:
            raise ClassFileError(f"{label}: {exc}") from None
        hyps.append(Hypothesis(name, pred, text))
    return hyps


def _from_cells(name: str, description: str, data: dict[str, Any], source: str) -> FiniteClass:
    names = data.get("hypotheses")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise ClassFileError(f"{source}: 'hypotheses' must be a non-empty list of names")
    if len(names) > MAX_HYPOTHESES:
        raise ClassFileError(f"{source}: more than {MAX_HYPOTHESES} hypotheses")
    seen: set[str] = set()
    for n in names:
        check_name(n, seen, source, source, ClassFileError)
    entries = data.get("cell", [])
    if not isinstance(entries, list):
        raise ClassFileError(f"{source}: cells must be [[cell]] tables with members and size")
    sizes: dict[frozenset[int], float] = {}
    total = 0
    for k, entry in enumerate(entries, 1):
        where = f"{source}: cell #{k}"
        if not isinstance(entry, dict) or set(entry) - {"members", "size"}:
            raise ClassFileError(f"{where}: must be a table with keys members and size")
        members, size = entry.get("members"), entry.get("size")
        if not isinstance(members, list) or not members:
            raise ClassFileError(f"{where}: members must be a non-empty list of hypothesis names")
        unknown = [m for m in members if m not in names]
        if unknown:
            raise ClassFileError(f"{where}: unknown hypothesis {unknown[0]!r} (known: {', '.join(names)})")
        sig = frozenset(names.index(m) for m in members)
        if sig in sizes:
            raise ClassFileError(f"{where}: the cell {{{', '.join(members)}}} is given twice")
        sizes[sig] = _size(size, where)
        total += 0 if sizes[sig] == C.INF else int(sizes[sig])
        if total > MAX_FINITE_ELEMENTS:
            raise ClassFileError(f"{where}: the finite cells hold more than {MAX_FINITE_ELEMENTS} elements in all "
                                 "(each is listed in full; docs/limits.md)")
    table = C.make_table(names, sizes)
    return realized_class(name, table, description, source)


def _size(size: Any, where: str) -> float:
    if size in ("inf", "infinite"):
        return C.INF
    if isinstance(size, int) and not isinstance(size, bool) and 0 <= size <= 10_000:
        return size
    raise ClassFileError(f"{where}: size must be \"inf\" or an integer from 0 to 10000, not {size!r}")


def realized_class(name: str, table: C.CellTable, description: str = "", source: str = "") -> FiniteClass:
    """A class given by cells, made concrete in the integers (cells.realize), with its predicates."""
    finite, infinite = C.realize(table)
    hyps = []
    for h, hname in enumerate(table.names):
        parts = []
        runs = sorted((vs[0], vs[-1]) for sig, vs in finite.items() if h in sig and vs)  # realize: consecutive
        if runs:
            parts.append(_ranges(runs))
        for sig, (offset, period) in infinite.items():
            if h in sig:
                parts.append(f"(x >= {offset} and (x - {offset}) % {period} == 0)")
        text = " or ".join(parts) if parts else "false"
        hyps.append(Hypothesis(hname, E.parse(text, max_length=None), text))  # our own text: no length cap
    samples = {sig: tuple(offset + period * k for k in range(3)) for sig, (offset, period) in infinite.items()}
    cells = tuple(C.Cell(c.signature, c.size, finite.get(c.signature) or samples.get(c.signature, ()))
                  for c in table.cells)
    return FiniteClass(name, tuple(hyps), C.CellTable(table.names, cells), description, source,
                       given_by_cells=True)


def _ranges(cells: list[tuple[int, int]]) -> str:
    """Sorted runs (first, last) of consecutive integers as a condition on x: adjacent runs merged,
    runs of 3 or more as ranges a..b, the rest as a set."""
    runs: list[list[int]] = []
    for first, last in cells:
        if runs and first == runs[-1][1] + 1:
            runs[-1][1] = last
        else:
            runs.append([first, last])
    single = [str(v) for a, b in runs if b - a < 2 for v in range(a, b + 1)]
    parts = [f"x in {a}..{b}" for a, b in runs if b - a >= 2]
    if single:
        parts.insert(0, "x in {" + ", ".join(single) + "}")
    return " or ".join(parts)
