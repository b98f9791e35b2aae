"""The predicate language: parsing, errors that name the problem, and exact semantics."""
from __future__ import annotations

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from replayproof.trusted.classes import expr as E
from replayproof.classes.encode import bool_term
from strategies import predicates, show


@pytest.mark.parametrize("text, yes, no", [
    ("x <= 0 or x == 1", [-5, 0, 1], [2, 3]),
    ("x in {1, 2, 3}", [1, 3], [0, 4]),
    ("x in -2..2 and not x == 0", [-2, 1], [0, 3]),
    ("x % 3 == 1", [1, 4, -2], [0, 2, 3]),
    ("2 * x + 1 > 7", [4, 5], [3, -1]),
    ("0 <= x < 3", [0, 2], [3, -1]),
    ("x not in {0}", [1, -1], [0]),
    ("(x - 1) % 4 in {0, 1}", [1, 2, 5, -3], [3, 4]),
    ("true", [0, 99], []),
])
def test_semantics(text, yes, no):
    p = E.parse(text)
    assert all(E.holds(p, v) for v in yes)
    assert not any(E.holds(p, v) for v in no)


def test_parameters_are_substituted():
    p = E.parse("x in 1..n or x < 0", {"n": 3})
    assert [v for v in range(-2, 6) if E.holds(p, v)] == [-2, -1, 1, 2, 3]


@pytest.mark.parametrize("text, message", [
    ("x <=", "expected a number"),
    ("x = 1", "use == for equality"),
    ("y > 0", "unknown name 'y'"),
    ("__import__('os')", "unknown name '__import__'"),
    ("x.real > 0", "attribute access is not allowed"),
    ("x * x > 4", "multiplies two non-constant terms"),
    ("x % 0 == 1", "positive modulus"),
    ("x % x == 1", "constant modulus"),
    ("x + 1", "expected a condition"),
    ("x in 1..", "expected a number"),
    ("x in {x}", "set element must be a constant"),
    ("x > 99999999999999999999", "larger than 10^18"),
    ("", "empty predicate"),
    ("x / 2 == 1", "division is not allowed"),
    ("(x > 1) + 2 > 0", "expected an integer expression"),
])
def test_errors_name_the_problem(text, message):
    with pytest.raises(E.ExprError, match=message.replace("(", r"\(").replace("^", r"\^").replace(".", r"\.")):
        E.parse(text)


@settings(max_examples=150, deadline=None)
@given(predicates(), st.lists(st.integers(-40, 40), min_size=1, max_size=10))
def test_z3_agrees_with_evaluator(p, points):
    """The z3 encoding and the exact evaluator agree pointwise (the kernel relies on the latter)."""
    x = z3.Int("x")
    f = bool_term(p, x)
    for v in points:
        assert z3.is_true(z3.simplify(z3.substitute(f, (x, z3.IntVal(v))))) == E.holds(p, v)


@settings(max_examples=150, deadline=None)
@given(predicates())
def test_show_parses_back_to_the_same_set(p):
    q = E.parse(show(p))
    assert all(E.holds(p, v) == E.holds(q, v) for v in range(-30, 31))


@settings(max_examples=150, deadline=None)
@given(predicates())
def test_periodicity_bound_is_sound(p):
    """Beyond B, truth repeats with period L: what makes the brute-force oracle exact."""
    B, L = E.periodicity(p)
    for v in range(B + 1, B + 1 + 2 * L):
        assert E.holds(p, v) == E.holds(p, v + L) == E.holds(p, v + 5 * L)
        assert E.holds(p, -v) == E.holds(p, -v - L) == E.holds(p, -v - 5 * L)


def test_parentheses_nest_at_most_100_deep():
    """The documented limit (docs/limits.md), counted by the parser, not left to Python's recursion limit."""
    assert E.holds(E.parse("(" * 100 + "x" + ")" * 100 + " == 0"), 0)
    with pytest.raises(E.ExprError, match="nested too deeply"):
        E.parse("(" * 101 + "x" + ")" * 101 + " == 0")


def test_type_errors_quote_the_operand_as_written():
    with pytest.raises(E.ExprError, match=r"found the number expression 'x \+ 1' \(column 10;"):
        E.parse("x > 1 or x + 1")
