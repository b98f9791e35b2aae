"""Abstract rounds -> concrete integers, the same way for the search, the checkers and the tests.

Inputs: "new" = the nearest (0, 1, -1, ...) unobserved element of the cell that is no unobserved
earlier answer; "echo" = the latest unobserved earlier answer in the cell; "repeat" = the first
observed element of the cell. Element answers: "fresh c" = the nearest unobserved element of c;
STALE = x_1. docs/verify.md, "Concretization".
"""
from __future__ import annotations

from typing import Callable, Sequence

from ..trusted.classes.model import FiniteClass
from ..trusted.generators.models import STALE


class Concretizer:
    """Turns one abstract play into concrete inputs and answers, round by round."""

    def __init__(self, cls: FiniteClass, proper: bool):
        self.cls, self.proper = cls, proper
        self.sigs = [c.signature for c in cls.table.cells]
        self.inputs: list[int] = []
        self.answers: list[int] = []
        self.seen: set[int] = set()
        self._elements: dict[int, list[int]] = {}
        self._iters: dict[int, object] = {}

    def element(self, c: int, k: int) -> int:
        """The k-th element (0-based, near-zero order) of cell c."""
        have = self._elements.setdefault(c, [])
        it = self._iters.setdefault(c, self.cls.cell_elements(self.sigs[c]))
        while len(have) <= k:
            have.append(next(it))  # type: ignore[call-overload]
        return have[k]

    def cell_of(self, x: int) -> int | None:
        sig = self.cls.signature(x)
        return self.sigs.index(sig) if sig in self.sigs else None

    def _pending(self, c: int) -> list[int]:
        return [g for g in self.answers if not self.proper and g not in self.seen and self.cell_of(g) == c]

    def _first_unobserved(self, c: int, skip: set[int]) -> int:
        size = self.cls.table.cells[c].size
        k = 0
        while True:
            if k >= size:
                raise ValueError(f"cell {c} has no unobserved element left")
            x = self.element(c, k)
            if x not in self.seen and x not in skip:
                return x
            k += 1

    def present(self, c: int, how: str) -> int:
        """The concrete input of an abstract move; it is recorded as observed."""
        if how == "repeat":
            x = next(v for v in self.inputs if self.cell_of(v) == c)
        elif how == "echo":
            pend = self._pending(c)
            if not pend:
                raise ValueError(f"echo of cell {c}, but no unobserved answer lies in it")
            x = pend[-1]
        else:
            x = self._first_unobserved(c, set(self._pending(c)))
        self.inputs.append(x)
        self.seen.add(x)
        return x

    def answer_of(self, ans: int) -> int:
        """The concrete answer of an abstract one (proper answers are hypothesis indices already)."""
        if self.proper:
            return ans
        if ans == STALE:
            return self.inputs[0]
        pend = self._pending(ans)
        if pend:
            return pend[-1]
        try:
            return self._first_unobserved(ans, set())
        except ValueError:  # a finite cell with nothing unobserved: the answer can only be stale
            return self.inputs[0]

    def record(self, g: int) -> None:
        self.answers.append(g)

    def abstract(self, g: int) -> int:
        """The abstract form of a concrete element answer: its cell if unobserved, else STALE."""
        if self.proper:
            return g
        c = self.cell_of(g)
        return STALE if g in self.seen or c is None else c

    def how(self, x: int) -> tuple[int | None, str]:
        """The symbol a generator sees for input x before it is recorded (cell, new/repeat/echo)."""
        c = self.cell_of(x)
        if x in self.seen:
            return c, "repeat"
        if not self.proper and x in self.answers:
            return c, "echo"
        return c, "new"


def play(cls: FiniteClass, proper: bool, symbols: Sequence[tuple[int, str]],
         answer: Callable[[Concretizer, tuple[int, ...]], int]) -> Concretizer:
    """Concretize a list of abstract moves; `answer` gives the concrete answer after each input."""
    con = Concretizer(cls, proper)
    for c, how in symbols:
        con.present(c, how)
        con.record(answer(con, tuple(con.inputs)))
    return con


def machine_function(step, start, cls: FiniteClass, proper: bool) -> Callable[[tuple[int, ...]], int]:
    """A machine as a generator on concrete tuples: it reads (cell, new/repeat/echo) of each input and
    answers a hypothesis index, or an element by the rule above. Inputs in no cell are rejected."""
    memo: dict[tuple[int, ...], tuple[object, Concretizer]] = {}

    def run(observed: tuple[int, ...]) -> tuple[object, Concretizer]:
        if observed in memo:
            return memo[observed]
        if not observed:
            return start, Concretizer(cls, proper)
        q, con0 = run(observed[:-1])
        con = Concretizer(cls, proper)
        con.inputs, con.answers, con.seen = list(con0.inputs), list(con0.answers), set(con0.seen)
        con._elements, con._iters = con0._elements, con0._iters
        x = observed[-1]
        c, how = con.how(x)
        if c is None:
            raise ValueError(f"input {x} lies in no hypothesis")
        q2, a = step(q, c, how)
        con.inputs.append(x)
        con.seen.add(x)
        con.record(con.answer_of(a))
        memo[observed] = (q2, con)
        return memo[observed]

    def answer(observed: tuple[int, ...]) -> int:
        return run(tuple(observed))[1].answers[-1]

    return answer
