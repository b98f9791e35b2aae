"""Random predicates for property tests (hypothesis strategies), with small constants so that
brute force over the periodicity window stays cheap."""
from __future__ import annotations

from hypothesis import strategies as st

from replayproof.trusted.classes import expr as E

small = st.integers(-6, 6)


def int_exprs() -> st.SearchStrategy:
    base = st.one_of(st.just(E.Var()), small.map(E.Const))
    return st.recursive(
        base,
        lambda inner: st.one_of(
            st.builds(E.Add, inner, inner),
            st.builds(E.Scale, st.integers(-3, 3).filter(bool), inner),
            st.builds(E.Mod, inner, st.integers(1, 4)),
        ),
        max_leaves=4,
    )


def atoms() -> st.SearchStrategy:
    return st.one_of(
        st.builds(E.Cmp, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), int_exprs(), int_exprs()),
        st.builds(E.InSet, int_exprs(), st.lists(small, max_size=3).map(lambda v: tuple(sorted(set(v))))),
        st.builds(lambda a, lo, w: E.InRange(a, lo, lo + w), int_exprs(), small, st.integers(0, 5)),
    )


def predicates() -> st.SearchStrategy:
    return st.recursive(
        atoms(),
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(lambda a: E.And(tuple(a))),
            st.lists(inner, min_size=2, max_size=3).map(lambda a: E.Or(tuple(a))),
            inner.map(E.Not),
        ),
        max_leaves=4,
    )


# printing in the class-file syntax, so that the parser is tested on the text of random predicates
_SHOW = {E.Const: lambda e: str(e.value), E.Var: lambda e: "x",
         E.Add: lambda e: f"({show(e.left)} + {show(e.right)})",
         E.Scale: lambda e: f"({e.factor} * {show(e.arg)})" if e.factor != -1 else f"(-{show(e.arg)})",
         E.Mod: lambda e: f"({show(e.arg)} % {e.modulus})",
         E.BoolConst: lambda e: "true" if e.value else "false",
         E.Cmp: lambda e: f"{show(e.left)} {e.op} {show(e.right)}",
         E.InSet: lambda e: f"{show(e.arg)} in {{{', '.join(map(str, e.values))}}}",
         E.InRange: lambda e: f"{show(e.arg)} in {e.lo}..{e.hi}",
         E.And: lambda e: " and ".join(f"({show(a)})" for a in e.args),
         E.Or: lambda e: " or ".join(f"({show(a)})" for a in e.args),
         E.Not: lambda e: f"not ({show(e.arg)})"}


def show(e) -> str:
    """e in the class-file syntax (parse(show(e)) == e up to constant folding)."""
    return _SHOW[type(e)](e)
