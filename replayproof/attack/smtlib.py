"""The searched formula as SMT-LIB 2 (via pysmt), and its re-check by a second solver (cvc5)."""
from __future__ import annotations

import io
from pathlib import Path

from pysmt.fnode import FNode
from pysmt.logics import QF_BV, QF_LIA
from pysmt.shortcuts import And, Or, Solver
from pysmt.smtlib.script import smtlibscript_from_formula

from ..trusted.errors import InputError, SolverUnknown
from . import encode as E
from .search import Outcome


def target_formula(outcome: Outcome, h: int) -> FNode:
    """Target h's constraints and learned facts, and 'some round 1..T is a counted failure'."""
    game = outcome.game
    base, facts = outcome.formulas[h]
    v = _vars(outcome, h)
    return And(base + facts + [Or([E.defeat(game, h, v, t) for t in range(1, game.horizon + 1)])])


def _vars(outcome: Outcome, h: int) -> E.Vars:
    """Target h's symbols as the search made them (integers or bit-vectors), cut to the horizon."""
    v = outcome.variables.get(h) or E.variables(outcome.game, h)
    T = outcome.game.horizon
    return E.Vars(v.x[:T], v.g[:T], v.ok[:T], v.lg[:T], v.width)


def _logic(outcome: Outcome):
    return QF_LIA if all(v.width is None for v in outcome.variables.values()) else QF_BV


def formula(outcome: Outcome) -> FNode:
    """The whole bounded game: satisfiable iff z3 could still propose a defeat for some target."""
    game = outcome.game
    parts = []
    for h in game.targets:
        base, facts = outcome.formulas[h]
        parts.append(And(base + facts))
    v = {h: _vars(outcome, h) for h in game.targets}
    parts.append(Or([E.defeat(game, h, v[h], t) for h in game.targets for t in range(1, game.horizon + 1)]))
    return And(parts)


def to_smtlib(outcome: Outcome, header: list[str]) -> str:
    """SMT-LIB 2 text of `formula(outcome)`, with comment lines first."""
    buf = io.StringIO()
    for line in header:
        buf.write(f"; {line}\n")
    smtlibscript_from_formula(formula(outcome), logic=_logic(outcome)).serialize(buf, daggify=True)
    return buf.getvalue()


def write_smtlib(outcome: Outcome, path: str | Path, header: list[str]) -> None:
    try:
        Path(path).write_text(to_smtlib(outcome, header), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the SMT-LIB file: {exc}") from None


def confirm_no_defeat(outcome: Outcome, solver: str = "cvc5") -> bool:
    """Whether a second solver also finds every target's formula unsatisfiable."""
    for h in outcome.game.targets:
        with Solver(name=solver, logic=_logic(outcome)) as s:
            s.add_assertion(target_formula(outcome, h))
            try:
                if s.solve():
                    return False
            except Exception as exc:  # pysmt raises SolverReturnedUnknownResultError and kin
                raise SolverUnknown(f"unknown: {solver} gave no answer: {exc}") from None
    return True
