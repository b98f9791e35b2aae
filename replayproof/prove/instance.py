"""A class's obstruction made concrete for Coq: the point x0, the groups E_j and witness points."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..trusted.classes.cells import CellTable
from ..trusted.classes.model import FiniteClass
from ..trusted.errors import InputError
from ..game.criterion import Obstruction
from .translate import atoms, nested_mods, split_moduli

#: Beyond these, one residual case (three predicates) is more than lia decides in reasonable time.
#: Measured on 2 busy cores: 63 comparisons without mod take about 6 s, 99 take 26 s; with distinct
#: mod terms the time explodes (2: under 1 s, 4: 15 s, 6: 100 s, 7: 200 s per class).
MAX_ATOMS = 64
MAX_MODS = 3
#: Mod terms over x (the common case) cost one lia call per value of x mod p instead.
MAX_CASES = 256


class ObstructionInvalid(ValueError):
    """The criterion's obstruction fails a hypothesis of the theorem (a bug, never a verdict)."""


class TooHardForLia(InputError):
    """A residual case whose predicates are too large for lia; reported instead of writing a file."""


@dataclass(frozen=True)
class Instance:
    """The obstruction's data, checked against the cells: what the Coq file states."""

    x0: int
    groups: tuple[tuple[int, ...], ...]             # groups[j] = E_j, sorted
    witnesses: tuple[tuple[tuple[int, int], ...], ...]  # witnesses[j][h] = (k, z): z in h, not in k, k in E_j


def element(table: CellTable, cls: FiniteClass, signature: frozenset[int]) -> int | None:
    """A concrete element of the cell with this signature, if the cell is non-empty."""
    for cell in table.cells:
        if cell.signature == signature:
            for z in cell.elements:
                if cls.signature(z) == signature:
                    return z
            return next(iter(cls.cell_elements(signature)), None)
    return None


def _residual_signature(table: CellTable, j: int, k: int) -> frozenset[frozenset[int]]:
    """The cells making up L_k minus L_j."""
    return frozenset(c.signature for c in table.cells if k in c.signature and j not in c.signature)


def build_instance(cls: FiniteClass, obstruction: Obstruction) -> Instance:
    """Check the obstruction against the exact cells and pick x0 and the witness points."""
    table, n = cls.table, cls.n
    x0 = element(table, cls, obstruction.profile)
    if x0 is None:
        raise ObstructionInvalid(f"the profile {sorted(obstruction.profile)} is not a non-empty cell")
    if len(obstruction.groups) != n:
        raise ObstructionInvalid(f"{len(obstruction.groups)} groups for {n} hypotheses")
    groups = tuple(tuple(sorted(g)) for g in obstruction.groups)
    witnesses = []
    for j, group in enumerate(groups):
        if not group or any(not 0 <= k < n or not cls.member(k, x0) for k in group):
            raise ObstructionInvalid(f"group E_{j} = {list(group)} is empty or misses x0 = {x0}")
        residual = _residual_signature(table, j, group[0])
        if any(_residual_signature(table, j, k) != residual for k in group):
            raise ObstructionInvalid(f"group E_{j} = {list(group)} does not share one residual")
        row = []
        for h in range(n):
            found = next(((k, z) for k in group for c in table.cells
                          if h in c.signature and k not in c.signature
                          for z in [element(table, cls, c.signature)] if z is not None), None)
            if found is None:
                raise ObstructionInvalid(f"hypothesis {h} lies inside every member of E_{j} = {list(group)}")
            row.append(found)
        witnesses.append(tuple(row))
    return Instance(x0, groups, tuple(witnesses))


def split_cases(cls: FiniteClass) -> tuple[int, ...]:
    """The moduli p the residual proof splits x on (one case per value of x mod p), ascending."""
    return tuple(sorted(frozenset().union(*(split_moduli(h.predicate) for h in cls.hypotheses))))


def check_lia_size(cls: FiniteClass, inst: Instance) -> None:
    """Raise TooHardForLia when a residual case is beyond what lia handles robustly."""
    where = cls.source or cls.name
    cases = math.prod(split_cases(cls))
    if cases > MAX_CASES:
        raise TooHardForLia(f"{where}: the moduli {list(split_cases(cls))} give {cases} cases of x mod p; "
                            f"the proof handles at most {MAX_CASES}: no Coq file written")
    for j, group in enumerate(inst.groups):
        for k in group:
            preds = [cls.hypotheses[i].predicate for i in {j, k, group[0]}]
            n_atoms = sum(atoms(p) for p in preds)
            n_mods = len(frozenset().union(*(nested_mods(p) for p in preds)))
            if n_atoms > MAX_ATOMS or n_mods > MAX_MODS:
                names = ", ".join(cls.names[i] for i in sorted({j, k, group[0]}))
                raise TooHardForLia(
                    f"{where}: the residual case for {names} has {n_atoms} comparisons and {n_mods} nested mod "
                    f"terms; lia handles at most {MAX_ATOMS} and {MAX_MODS}: no Coq file written")
