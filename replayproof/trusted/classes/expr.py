"""Predicates on one integer x: parsing (never eval), exact evaluation, and periodicity.

The language is linear integer arithmetic in x with constant moduli, which is what makes
cells decidable exactly (docs/classfiles.md gives the grammar).
"""
from __future__ import annotations

import functools
import math
import operator
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Union

from ..errors import InputError

MAX_LITERAL = 10**18
MAX_LENGTH = 10_000   # characters of one predicate
MAX_DEPTH = 100       # levels of its syntax tree (a long sum is kept balanced, so it is shallow)


class ExprError(InputError):
    """A predicate that does not parse or type-check; the message names the problem."""


# ---- syntax tree (frozen dataclasses) -------------------------------------------------

@dataclass(frozen=True)
class Const:
    value: int


@dataclass(frozen=True)
class Var:
    """The example x."""


@dataclass(frozen=True)
class Add:
    left: "IntExpr"
    right: "IntExpr"


@dataclass(frozen=True)
class Scale:
    factor: int
    arg: "IntExpr"


@dataclass(frozen=True)
class Mod:
    arg: "IntExpr"
    modulus: int  # > 0; result in [0, modulus), as SMT-LIB mod and Python % agree there


@dataclass(frozen=True)
class BoolConst:
    value: bool


@dataclass(frozen=True)
class Cmp:
    op: str  # one of == != < <= > >=
    left: "IntExpr"
    right: "IntExpr"


@dataclass(frozen=True)
class InSet:
    arg: "IntExpr"
    values: tuple[int, ...]


@dataclass(frozen=True)
class InRange:
    arg: "IntExpr"
    lo: int
    hi: int  # inclusive


@dataclass(frozen=True)
class And:
    args: tuple["BoolExpr", ...]


@dataclass(frozen=True)
class Or:
    args: tuple["BoolExpr", ...]


@dataclass(frozen=True)
class Not:
    arg: "BoolExpr"


IntExpr = Union[Const, Var, Add, Scale, Mod]
BoolExpr = Union[BoolConst, Cmp, InSet, InRange, And, Or, Not]
Expr = Union[IntExpr, BoolExpr]

_INT_NODES = (Const, Var, Add, Scale, Mod)


# ---- tokenizer ------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z_0-9]*)|(\.\.|==|!=|<=|>=|[<>+\-*%(){},])|(\S))")
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "True", "False"}
_KINDS = {1: "int", 2: "name", 3: "op", 4: "bad"}  # by _TOKEN's group


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, position) of every token, then "end"; a bad character is a token too, reported when
    the parser reaches it, so that earlier errors come first."""
    tokens = []
    for m in _TOKEN.finditer(text):
        k, tok = m.lastindex, m.group(m.lastindex)
        tokens.append(("kw" if k == 2 and tok in _KEYWORDS else _KINDS[k], tok, m.start(k)))
    return tokens + [("end", "", len(text))]


# ---- parser (precedence climbing; constants folded and types checked as it goes) -----------

# how tightly each infix operator binds (prefix `not` binds at 3, prefix - and + at 7)
_POWER = {"or": 1, "and": 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "in": 4, "not in": 4,
          "+": 5, "-": 5, "*": 6, "%": 6}


_TOO_DEEP = (f"predicate nested too deeply (more than {MAX_DEPTH} levels of parentheses, not, unary minus or %; "
             "docs/limits.md)")


class _Parser:
    def __init__(self, text: str, params: Mapping[str, int]):
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.params = dict(params)
        self.open = 0  # parentheses open here

    def peek(self) -> tuple[str, str, int]:
        kind, bad, at = self.tokens[self.i]
        if kind == "bad":
            hint = {"=": " (use == for equality)", ".": " (attribute access is not allowed; ranges are a..b)",
                    "&": " (use and)", "|": " (use or)", "!": " (use not)", "/": " (division is not allowed; use %)"}
            raise ExprError(f"unexpected character {bad!r} at column {at + 1}{hint.get(bad, '')}")
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.peek()
        self.i += 1
        return tok

    def accept(self, value: str) -> bool:
        if self.peek()[1] == value and self.peek()[0] in ("op", "kw"):
            self.i += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.accept(value):
            raise self.fail_here(f"expected {value!r}")

    def fail_here(self, what: str) -> ExprError:
        kind, got, at = self.peek()
        return ExprError(f"{what} at column {at + 1}, found {got or 'end of predicate'!r}")

    def written(self, at: int) -> str:
        """The text from position `at` up to the next token: what the user wrote for the operand there."""
        return self.text[at:self.tokens[self.i][2]].strip()

    def as_int(self, e: Expr, at: int) -> IntExpr:
        """e, the operand written from position `at`, if it is an integer expression."""
        if isinstance(e, _INT_NODES):
            return e
        raise ExprError(f"expected an integer expression, found the condition {self.written(at)!r} (column {at + 1})")

    def as_bool(self, e: Expr, at: int) -> BoolExpr:
        """e, the operand written from position `at`, if it is a condition."""
        if isinstance(e, _INT_NODES):
            raise ExprError(f"expected a condition, found the number expression {self.written(at)!r} "
                            f"(column {at + 1}; compare it with ==, <, ...)")
        return e

    def parse(self) -> BoolExpr:
        e = self.operand(1, self.as_bool)
        if self.peek()[0] != "end":
            raise self.fail_here("unexpected input")
        return e

    def operand(self, level: int, check: Callable[[Expr, int], Any]) -> Any:
        """expr(level), type-checked by as_int or as_bool."""
        at = self.peek()[2]
        return check(self.expr(level), at)

    def expr(self, level: int) -> Expr:
        """A prefix operand, then every infix operator binding at least as tightly as `level`, left to right."""
        at = self.peek()[2]
        left = self.prefix(level)
        while True:
            kind, op, _ = self.peek()
            if op == "not" and self.tokens[self.i + 1][1] == "in":
                op = "not in"
            power = _POWER.get(op) if kind in ("op", "kw") else None
            if power is None or power < level:
                return left
            if power <= 2:  # or, and: one flat node for the whole run
                args = [self.as_bool(left, at)]
                while self.accept(op):
                    args.append(self.operand(power + 1, self.as_bool))
                left = (Or if op == "or" else And)(tuple(args))
            elif power == 4:
                left = self.comparison(self.as_int(left, at))
            elif power == 5:
                left = self.sum(self.as_int(left, at))
            else:
                left = self.product(self.as_int(left, at))

    def prefix(self, level: int) -> Expr:
        if level <= 3 and self.accept("not"):
            return Not(self.operand(3, self.as_bool))
        if self.accept("-"):
            return _scale(-1, self.operand(7, self.as_int))
        if self.accept("+"):
            return self.operand(7, self.as_int)
        return self.primary()

    def comparison(self, left: IntExpr) -> BoolExpr:
        """A chain of comparisons (0 <= x < 5 is 0 <= x and x < 5), possibly ending in a membership."""
        parts: list[BoolExpr] = []
        while True:
            kind, tok, _ = self.peek()
            if kind == "op" and tok in ("==", "!=", "<", "<=", ">", ">="):
                self.take()
                right = self.operand(5, self.as_int)
                parts.append(Cmp(tok, left, right))
                left = right
            elif kind == "kw" and (tok == "in" or tok == "not" and self.tokens[self.i + 1][1] == "in"):
                self.i += 2 if tok == "not" else 1  # past 'in' or 'not in'
                member = self.membership(left)
                parts.append(Not(member) if tok == "not" else member)
                break
            else:
                break
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def membership(self, arg: IntExpr) -> BoolExpr:
        if self.accept("{"):
            values: list[int] = []
            if not self.accept("}"):
                while True:
                    values.append(self.constant("a set element"))
                    if self.accept("}"):
                        break
                    self.expect(",")
            return InSet(arg, tuple(sorted(set(values))))
        lo = self.constant("a range bound")
        if not self.accept(".."):
            raise self.fail_here("expected '..' of a range a..b or a set {...} after 'in'")
        hi = self.constant("a range bound")
        return InRange(arg, lo, hi)

    def constant(self, what: str) -> int:
        at = self.peek()[2]
        e = self.operand(5, self.as_int)
        if not isinstance(e, Const):
            raise ExprError(f"{what} must be a constant, not {self.written(at)!r} (column {at + 1})")
        return e.value

    def sum(self, first: IntExpr) -> IntExpr:
        """first + or - the terms that follow, kept shallow (a long sum as a balanced tree)."""
        terms = [first]
        while True:
            if self.accept("+"):
                terms.append(self.operand(6, self.as_int))
            elif self.accept("-"):
                terms.append(_scale(-1, self.operand(6, self.as_int)))
            else:
                break
        # the usual left-to-right tree; a long sum balanced, depth log2(n), not n
        return functools.reduce(_add, terms) if len(terms) <= 8 else _balanced(terms)

    def product(self, left: IntExpr) -> IntExpr:
        """left * c, c * left or left % m (one operator; the loop in expr takes the next)."""
        _, op, at = self.take()
        start = self.peek()[2]
        right = self.operand(7, self.as_int)
        if op == "*":
            return _mul(left, right, at)
        if not isinstance(right, Const):
            raise ExprError(f"'%' at column {at + 1} needs a constant modulus, not {self.written(start)!r}")
        if right.value <= 0:
            raise ExprError(f"'%' at column {at + 1} needs a positive modulus, not {right.value}")
        return _mod(left, right.value)

    def primary(self) -> Expr:
        kind, tok, at = self.take()
        if kind == "int":
            value = int(tok)
            if value > MAX_LITERAL:
                raise ExprError(f"integer {tok[:20]}... at column {at + 1} is larger than 10^18")
            return Const(value)
        if kind == "name":
            if tok == "x":
                return Var()
            if tok in self.params:
                return Const(self.params[tok])
            known = ", ".join(["x", *sorted(self.params)])
            raise ExprError(f"unknown name {tok!r} at column {at + 1} (known names: {known})")
        if kind == "kw" and tok in ("true", "True"):
            return BoolConst(True)
        if kind == "kw" and tok in ("false", "False"):
            return BoolConst(False)
        if kind == "op" and tok == "(":
            self.open += 1
            if self.open > MAX_DEPTH:
                raise ExprError(_TOO_DEEP)
            inner = self.expr(1)
            self.expect(")")
            self.open -= 1
            return inner
        self.i -= 1
        raise self.fail_here("expected a number, x, a parameter or '('")


def _balanced(terms: list[IntExpr]) -> IntExpr:
    """The sum of `terms` as a balanced tree of Add (so a 1,000-term sum is 10 levels deep)."""
    while len(terms) > 1:
        terms = [_add(terms[k], terms[k + 1]) if k + 1 < len(terms) else terms[k] for k in range(0, len(terms), 2)]
    return terms[0]


def _children(e: Expr) -> tuple[Expr, ...]:
    """The subexpressions directly below e (none for a leaf)."""
    if isinstance(e, (Add, Cmp)):
        return (e.left, e.right)
    if isinstance(e, (And, Or)):
        return e.args
    return (e.arg,) if isinstance(e, (Scale, Mod, Not, InSet, InRange)) else ()


def _walk(e: Expr) -> Iterator[tuple[Expr, int]]:
    """Every node of e with its depth (the root is 1), without recursion."""
    todo = [(e, 1)]
    while todo:
        node, d = todo.pop()
        yield node, d
        todo += [(c, d + 1) for c in _children(node)]


def depth(e: Expr) -> int:
    """The depth of a syntax tree (a leaf is 1)."""
    return max(d for _, d in _walk(e))


def _check_size(value: int) -> int:
    if abs(value) > MAX_LITERAL:
        raise ExprError(f"constant {value} exceeds 10^18 in absolute value")
    return value


def _add(a: IntExpr, b: IntExpr) -> IntExpr:
    if isinstance(a, Const) and isinstance(b, Const):
        return Const(_check_size(a.value + b.value))
    return Add(a, b)


def _scale(k: int, a: IntExpr) -> IntExpr:
    if isinstance(a, Const):
        return Const(_check_size(k * a.value))
    return Scale(_check_size(k), a)


def _mul(a: IntExpr, b: IntExpr, at: int) -> IntExpr:
    if isinstance(a, Const):
        return _scale(a.value, b)
    if isinstance(b, Const):
        return _scale(b.value, a)
    raise ExprError(f"'*' at column {at + 1} multiplies two non-constant terms; only multiplication by constants is linear")


def _mod(a: IntExpr, m: int) -> IntExpr:
    if isinstance(a, Const):
        return Const(a.value % m)
    return Mod(a, m)


def parse(text: str, params: Mapping[str, int] | None = None, *, max_length: int | None = MAX_LENGTH) -> BoolExpr:
    """Parse a predicate on x; parameter names are replaced by their integer values.

    max_length: a user's predicate is capped; None for text the package wrote itself (realized classes)."""
    if not isinstance(text, str):
        raise ExprError(f"a predicate must be a string, not {type(text).__name__}")
    if not text.strip():
        raise ExprError("empty predicate")
    if max_length is not None and len(text) > max_length:
        raise ExprError(f"predicate longer than {max_length} characters")
    try:
        tree = _Parser(text, params or {}).parse()
    except RecursionError:
        tree = None
    if tree is None or depth(tree) > MAX_DEPTH:
        raise ExprError(_TOO_DEEP)
    return tree


# ---- evaluation (one line per node type; a node of another type is a KeyError) ----------

_VALUE = {Const: lambda e, x: e.value, Var: lambda e, x: x,
          Add: lambda e, x: value(e.left, x) + value(e.right, x),
          Scale: lambda e, x: e.factor * value(e.arg, x),
          Mod: lambda e, x: value(e.arg, x) % e.modulus}


def value(e: IntExpr, x: int) -> int:
    """The integer value of an arithmetic expression at x."""
    return _VALUE[type(e)](e, x)


_CMP = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_HOLDS = {BoolConst: lambda e, x: e.value,
          Cmp: lambda e, x: _CMP[e.op](value(e.left, x), value(e.right, x)),
          InSet: lambda e, x: value(e.arg, x) in e.values,
          InRange: lambda e, x: e.lo <= value(e.arg, x) <= e.hi,
          And: lambda e, x: all(holds(a, x) for a in e.args),
          Or: lambda e, x: any(holds(a, x) for a in e.args),
          Not: lambda e, x: not holds(e.arg, x)}


def holds(e: BoolExpr, x: int) -> bool:
    """Whether predicate e is true at x (the exact semantics every other layer must match)."""
    return _HOLDS[type(e)](e, x)


# ---- periodicity (what makes brute force exact) ------------------------------------------

def _linear(e: IntExpr) -> tuple[int, int, int]:
    """(a, c, s): e(x) = a*x + c + r(x) with |r(x)| <= s and r periodic in the moduli."""
    if isinstance(e, Const):
        return 0, e.value, 0
    if isinstance(e, Var):
        return 1, 0, 0
    if isinstance(e, Add):
        a1, c1, s1 = _linear(e.left)
        a2, c2, s2 = _linear(e.right)
        return a1 + a2, c1 + c2, s1 + s2
    if isinstance(e, Scale):
        a, c, s = _linear(e.arg)
        return e.factor * a, e.factor * c, abs(e.factor) * s
    if isinstance(e, Mod):
        return 0, 0, e.modulus - 1
    raise TypeError(e)


def periodicity(e: BoolExpr) -> tuple[int, int]:
    """(B, L): for x > B the truth of e is L-periodic, and likewise for x < -B.

    Every mod term is L-periodic for L the lcm of all moduli, and every atom compares
    a*x + c + r(x) with bounded r, so it is constant once |a*x| exceeds |c| + s.
    """
    nodes = [node for node, _ in _walk(e)]
    period = math.lcm(1, *(node.modulus for node in nodes if isinstance(node, Mod)))
    bound = 0
    for atom in (node for node in nodes if isinstance(node, (Cmp, InSet, InRange))):  # every atom of e
        if isinstance(atom, Cmp):
            a1, c1, s1 = _linear(atom.left)
            a2, c2, s2 = _linear(atom.right)
            a, c, s = a1 - a2, c1 - c2, s1 + s2
            consts = [abs(c)]
        else:
            a, c, s = _linear(atom.arg)
            if isinstance(atom, InSet):
                consts = [abs(v - c) for v in atom.values] or [0]
            else:
                consts = [abs(atom.lo - c), abs(atom.hi - c)]
        if a != 0:
            bound = max(bound, (max(consts) + s) // abs(a) + 1)
    return bound, period
