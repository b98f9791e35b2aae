"""Class predicates (the parsed AST of replayproof's predicate language) as Coq functions `Z -> bool`."""
from __future__ import annotations

from ..trusted.classes.expr import (Add, And, BoolConst, BoolExpr, Cmp, Const, InRange, InSet, IntExpr, Mod, Not, Or,
                    Scale, Var)

#: x OP y as a Coq boolean on Z (strict and non-strict orders flipped so only =?, <?, <=? appear).
_CMP = {"==": "({l} =? {r})", "!=": "negb ({l} =? {r})", "<": "({l} <? {r})", "<=": "({l} <=? {r})",
        ">": "({r} <? {l})", ">=": "({r} <=? {l})"}


def _z(n: int) -> str:
    """An integer literal in Z scope (negative literals parenthesised)."""
    return f"({n})" if n < 0 else str(n)


def coq_int(e: IntExpr, var: str = "x") -> str:
    """An integer expression in x, as a Coq term of type Z (in Z scope).

    `e mod p` with no mod inside e is written with x replaced by `(x mod p)`: the same integer
    (Z.add_mod, Z.mul_mod), and it lets the proof split on the p values of `x mod p`.
    """
    if isinstance(e, Const):
        return _z(e.value)
    if isinstance(e, Var):
        return var
    if isinstance(e, Add):
        return f"({coq_int(e.left, var)} + {coq_int(e.right, var)})"
    if isinstance(e, Scale):
        return f"({_z(e.factor)} * {coq_int(e.arg, var)})"
    if isinstance(e, Mod):  # modulus > 0: Z.modulo and Python's % agree (result in [0, m))
        inner = var if mod_terms(e.arg) else f"(x mod {e.modulus})"
        return f"({coq_int(e.arg, inner)} mod {e.modulus})"
    raise TypeError(f"not an integer expression: {e!r}")


def coq_bool(e: BoolExpr) -> str:
    """A predicate on x, as a Coq term of type bool (in Z scope)."""
    if isinstance(e, BoolConst):
        return "true" if e.value else "false"
    if isinstance(e, Cmp):
        return _CMP[e.op].format(l=coq_int(e.left), r=coq_int(e.right))
    if isinstance(e, InSet):
        arg = coq_int(e.arg)
        return _join("||", [f"({arg} =? {_z(v)})" for v in e.values], "false")
    if isinstance(e, InRange):
        arg = coq_int(e.arg)
        return f"(({_z(e.lo)} <=? {arg}) && ({arg} <=? {_z(e.hi)}))"
    if isinstance(e, And):
        return _join("&&", [coq_bool(a) for a in e.args], "true")
    if isinstance(e, Or):
        return _join("||", [coq_bool(a) for a in e.args], "false")
    if isinstance(e, Not):
        return f"negb {_paren(coq_bool(e.arg))}"
    raise TypeError(f"not a condition: {e!r}")


def _paren(term: str) -> str:
    return term if term.startswith("(") or term in ("true", "false") else f"({term})"


def _join(op: str, terms: list[str], empty: str) -> str:
    if not terms:
        return empty
    if len(terms) == 1:
        return terms[0]
    return "(" + f" {op} ".join(_paren(t) for t in terms) + ")"


def atoms(e: BoolExpr) -> int:
    """How many integer comparisons a predicate makes (what lia case-splits on)."""
    if isinstance(e, BoolConst):
        return 0
    if isinstance(e, InSet):
        return len(e.values)
    if isinstance(e, InRange):
        return 2
    if isinstance(e, (And, Or)):
        return sum(atoms(a) for a in e.args)
    if isinstance(e, Not):
        return atoms(e.arg)
    return 1


def mod_terms(e: IntExpr | BoolExpr) -> frozenset[Mod]:
    """The distinct `mod` terms of an expression."""
    if isinstance(e, Mod):
        return frozenset({e}) | mod_terms(e.arg)
    if isinstance(e, Add):
        return mod_terms(e.left) | mod_terms(e.right)
    if isinstance(e, (Scale, Not)):
        return mod_terms(e.arg)
    if isinstance(e, Cmp):
        return mod_terms(e.left) | mod_terms(e.right)
    if isinstance(e, (InSet, InRange)):
        return mod_terms(e.arg)
    if isinstance(e, (And, Or)):
        return frozenset().union(*(mod_terms(a) for a in e.args))
    return frozenset()


def split_moduli(e: IntExpr | BoolExpr) -> frozenset[int]:
    """Moduli p of the mod terms written over `x mod p` (no mod inside): the proof splits on them."""
    return frozenset(m.modulus for m in mod_terms(e) if not mod_terms(m.arg))


def nested_mods(e: IntExpr | BoolExpr) -> frozenset[Mod]:
    """Mod terms with a mod inside: left to lia's own (costly) reasoning."""
    return frozenset(m for m in mod_terms(e) if mod_terms(m.arg))
