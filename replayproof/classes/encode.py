"""Predicates as z3 terms over one integer variable (formula building, no solving here)."""
from __future__ import annotations

import z3

from ..trusted.classes import expr as E


def int_term(e: E.IntExpr, x: z3.ArithRef) -> z3.ArithRef:
    """The z3 integer term for an arithmetic expression."""
    if isinstance(e, E.Const):
        return z3.IntVal(e.value)
    if isinstance(e, E.Var):
        return x
    if isinstance(e, E.Add):
        return int_term(e.left, x) + int_term(e.right, x)
    if isinstance(e, E.Scale):
        return e.factor * int_term(e.arg, x)
    if isinstance(e, E.Mod):
        return int_term(e.arg, x) % e.modulus  # SMT-LIB mod: in [0, m) as Python's % for m > 0
    raise TypeError(e)


def bool_term(e: E.BoolExpr, x: z3.ArithRef) -> z3.BoolRef:
    """The z3 formula for a predicate; agrees with expr.holds at every integer."""
    if isinstance(e, E.BoolConst):
        return z3.BoolVal(e.value)
    if isinstance(e, E.Cmp):
        a, b = int_term(e.left, x), int_term(e.right, x)
        return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[e.op]
    if isinstance(e, E.InSet):
        a = int_term(e.arg, x)
        return z3.Or([a == v for v in e.values]) if e.values else z3.BoolVal(False)
    if isinstance(e, E.InRange):
        a = int_term(e.arg, x)
        return z3.And(a >= e.lo, a <= e.hi)
    if isinstance(e, E.And):
        return z3.And([bool_term(a, x) for a in e.args])
    if isinstance(e, E.Or):
        return z3.Or([bool_term(a, x) for a in e.args])
    if isinstance(e, E.Not):
        return z3.Not(bool_term(e.arg, x))
    raise TypeError(e)
