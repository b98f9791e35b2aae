"""The table of points a positive proof rests on: one point per non-empty cell, and the proof, by cases
on the hypotheses' values at z, that every z in some hypothesis has the signature of a listed point
(Cells.table; a z in no hypothesis is allowed by the table as it is)."""
from __future__ import annotations

import math

from ..trusted.classes.model import FiniteClass
from .instance import MAX_ATOMS, MAX_CASES, TooHardForLia, element
from .translate import atoms, split_moduli


class CellWithoutPoint(ValueError):
    """A non-empty cell of the table with no element found (a bug, never a verdict)."""


def points(cls: FiniteClass) -> tuple[int, ...]:
    """One element of every non-empty cell, in table order (re-evaluated: its signature is the cell's)."""
    out = []
    for cell in cls.table.cells:
        z = element(cls.table, cls, cell.signature)
        if z is None or cls.signature(z) != cell.signature:
            raise CellWithoutPoint(f"cell {sorted(cell.signature)} of {cls.name!r}: no element found")
        out.append(z)
    return tuple(out)


def _dead_case(cls: FiniteClass, prefix: tuple[bool, ...]) -> list[str]:
    """No point has these values of h_0 .. h_{k-1}: lia refutes them (after splitting on x mod p)."""
    k = len(prefix)
    preds = [cls.hypotheses[i].predicate for i in range(k)]
    moduli = sorted(frozenset().union(*(split_moduli(p) for p in preds)))
    n_atoms = sum(atoms(p) for p in preds)
    where = cls.source or cls.name
    if n_atoms > MAX_ATOMS or math.prod(moduli) > MAX_CASES:
        raise TooHardForLia(f"{where}: refuting an empty cell takes {n_atoms} comparisons and "
                            f"{math.prod(moduli)} cases of x mod p; lia handles at most {MAX_ATOMS} and "
                            f"{MAX_CASES}: no Coq file written")
    names = " ".join(f"E{i}" for i in range(k))
    unfold = ", ".join(f"h_{i}" for i in range(k))
    return [f"exfalso. revert {names}. unfold {unfold}.",
            *[f"all: split_mod z {p}%Z." for p in moduli], *(["all: simpl."] if moduli else []),
            "all: intros; Z.div_mod_to_equations; lia."]


def table_proof(cls: FiniteClass) -> list[str]:
    """The proof of `forall z, in_table N L pts [h_0 z; ...] = true`: destruct each h_i z in turn; a
    combination some listed point has (or all false) is checked by vm_compute, one no point has is
    refuted by lia."""
    realized = {tuple(i in c.signature for i in range(cls.n)) for c in cls.table.cells} | {(False,) * cls.n}

    def case(prefix: tuple[bool, ...], depth: int) -> list[str]:
        pad = "  " * depth
        if not any(sig[:len(prefix)] == prefix for sig in realized):
            return [pad + line for line in _dead_case(cls, prefix)]
        if len(prefix) == cls.n:
            return [pad + "vm_compute. reflexivity."]
        k = len(prefix)
        lines = [pad + f"destruct (h_{k} z) eqn:E{k}."]
        for value in (True, False):
            lines += [pad + "{", *case(prefix + (value,), depth + 1), pad + "}"]
        return lines

    return case((), 1)


def table_lines(cls: FiniteClass, pts: tuple[int, ...]) -> list[str]:
    """pts, the table lemma and its bridge to Cells.table."""
    listed = "; ".join(f"({z})%Z" if z < 0 else f"{z}%Z" for z in pts)
    values = "; ".join(f"h_{i} z" for i in range(cls.n))
    return [
        "(** pts: one point of every non-empty cell (every signature the class realizes). *)",
        f"Definition pts : list Z := [{listed}].",
        "",
        "(** Every z has the signature of a listed point: by cases on h_0 z, h_1 z, ...; a combination no",
        "    point has is refuted by lia, one a point has is found in pts by computation. *)",
        f"Lemma points_cases : forall z, in_table N L pts [{values}] = true.",
        "Proof.",
        "  intro z.",
        *table_proof(cls),
        "Qed.",
        "",
        "Lemma points_table : table N L pts.",
        "Proof. intro z. exact (points_cases z). Qed.",
        "",
        "Lemma nonempty : (0 < N)%nat.",
        "Proof. unfold N. lia. Qed.",
    ]
