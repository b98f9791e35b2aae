"""Theorem 7.1 of arXiv 2603.11784 (Algorithm 3): a class built against a membership-query generator.

The construction simulates a query-only generator G and fixes the table F(i, j) online
(querytable.py): a reference row 0, and a fresh trap row, holding everything presented so far,
each time G answers anything but the reference. G's answer then gets a spoiler column outside the
reference, and the queue presents the next reference column (the point the new trap shares with
the reference); while G answers the reference, the queue presents universal columns. So either G
answers non-reference rows infinitely often (the stream enumerates the reference and each such
answer is wrong for it) or finitely often (the stream enumerates the last trap, and the reference,
answered from then on, is wrong for it). docs/paper.md, T7.1, has the argument and the interface.

A query-only generator is a Python generator function `g(stream)` that yields `(i, j)` membership
queries (answered by `send(bool)`) or `None` (one step of computation without a query) and returns
a row index. Step by step, so the construction can run "as printed" (reserving table rows and
columns once per round, so a round that never ends leaves F undefined) or "clocked" (once per step,
the formalizers' repair: F is total even when G stalls).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Generator

from ..trusted.kernel import Mode, Trace, judge
from ..trusted.certificates.querytable import REFERENCE, SPOILER, UNIVERSAL, QueryTable, TableRow, branch_of, column_kind, nth_column

Query = tuple[int, int]
QueryGenerator = Callable[[tuple[int, ...]], Generator["Query | None", bool, int]]
PROPER = Mode(replay=False, proper=True)
MAX_ROUNDS = 2000


class GeneratorFailure(Exception):
    """The generator broke the interface (a bad query, a non-index answer, an exception)."""


@dataclass
class _Table:
    """The table under construction: listed rows, and how far rows and spoiler columns are decided."""

    rows: dict[int, dict] = field(default_factory=lambda: {0: {"kind": "reference", "created_round": None,
                                                                 "reference_columns": set(), "spoilers": set()}})
    top_row: int = 0           # every row <= top_row is decided (reference, trap or default)
    top_column: int = -1       # every column <= top_column has its spoiler decided
    touched_row: int = 0       # the largest row queried or answered
    touched_column: int = 0    # the largest column queried or presented

    def reserve(self) -> tuple[int, int]:
        """Decide one more row and one more spoiler column, both beyond everything G has touched."""
        self.top_row = max(self.top_row, self.touched_row) + 1
        col = max(self.top_column, self.touched_column) + 1
        while column_kind(col) != SPOILER:
            col += 1
        self.top_column = col
        return self.top_row, col

    def frozen(self) -> QueryTable:
        n = max(self.top_row, self.touched_row) + 1
        return QueryTable(n, tuple(sorted(
            (i, TableRow(r["kind"], frozenset(r["reference_columns"]), frozenset(r["spoilers"])))
            for i, r in self.rows.items())))

    def member(self, i: int, j: int) -> bool:
        """F(i, j) as decided now; an undecided entry is decided by answering (it stays so)."""
        r = self.rows.get(i)
        kind = column_kind(j)
        if kind == UNIVERSAL:
            return True
        if r is None:
            return False
        if kind == REFERENCE:
            return r["kind"] == "reference" or j in r["reference_columns"]
        return j in r["spoilers"]


@dataclass(frozen=True)
class Run:
    """One run of the construction against a generator for up to `rounds` rounds."""

    generator: str
    clocked: bool
    rounds: int                       # rounds requested
    stream: tuple[int, ...]           # x_1.. (one more than the answered rounds)
    answers: tuple[int, ...]          # g_1..
    table: QueryTable
    traps: tuple[tuple[int, int], ...]  # (row, round after which it was made); round 0 is the start
    steps: int                        # generator steps simulated (queries and plain steps)
    step_budget: int                  # steps allowed per round
    stalled_round: int | None         # the round whose answer never came within the step budget
    decided_rows: int                 # rows 0..decided_rows-1 fully decided when the run stopped
    decided_columns: int              # columns 0..decided_columns-1 fully decided

    @property
    def trap(self) -> int:
        return self.traps[-1][0]

    @property
    def nonreference_rounds(self) -> tuple[int, ...]:
        return tuple(t for t, g in enumerate(self.answers, 1) if g != 0)

    @property
    def branch(self) -> str:
        """Which half of the dichotomy the finite run shows (querytable.branch_of)."""
        return branch_of(self.answers)

    @property
    def target(self) -> int:
        return 0 if self.branch == "reference" else self.trap

    def judged(self, target: int | None = None) -> Trace:
        """The kernel's verdict on the answered rounds, for the branch's target (or another row)."""
        t = self.target if target is None else target
        return judge(self.table, t, self.stream[: len(self.answers)], self.answers, PROPER)


def _drive(gen: Generator, table: _Table, clocked: bool, budget: int) -> tuple[int | None, int]:
    """Run one round of G; returns (answer or None when the budget ran out, steps used)."""
    steps, reply = 0, None
    try:
        request = gen.send(None)
        while True:
            steps += 1
            if steps > budget:
                gen.close()
                return None, steps - 1
            if clocked:
                table.reserve()
            if request is None:
                reply = None
            else:
                if (not isinstance(request, tuple) or len(request) != 2
                        or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in request)):
                    raise GeneratorFailure(f"query {request!r} is not a pair (row, column) of non-negative ints")
                i, j = request
                table.touched_row = max(table.touched_row, i)
                table.touched_column = max(table.touched_column, j)
                reply = table.member(i, j)
            request = gen.send(reply)
    except StopIteration as stop:
        answer = stop.value
        if not isinstance(answer, int) or isinstance(answer, bool) or answer < 0:
            raise GeneratorFailure(f"answer {answer!r} is not a row index") from None
        return answer, steps
    except GeneratorFailure:
        raise
    except Exception as exc:  # the generator's own error, reported as its failure
        raise GeneratorFailure(f"{type(exc).__name__}: {exc}") from None


def run(generator: QueryGenerator, rounds: int, *, clocked: bool = True, step_budget: int = 200_000,
        name: str = "") -> Run:
    """Algorithm 3 against `generator` for `rounds` rounds (or until a round exceeds `step_budget` steps)."""
    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValueError(f"rounds must be in 1..{MAX_ROUNDS}")
    table = _Table()
    trap, _ = table.reserve()
    table.rows[trap] = {"kind": "trap", "created_round": 0, "reference_columns": set(), "spoilers": set()}
    traps = [(trap, 0)]
    next_universal, next_reference = 1, 0
    stream, answers = [nth_column(UNIVERSAL, 0)], []
    total, stalled = 0, None
    for t in range(1, rounds + 1):
        answer, used = _drive(generator(tuple(stream)), table, clocked, step_budget)
        total += used
        if answer is None:
            stalled = t
            break
        answers.append(answer)
        table.touched_row = max(table.touched_row, answer)
        row, spoiler = table.reserve()
        if answer == 0:
            x = nth_column(UNIVERSAL, next_universal)
            next_universal += 1
        else:
            spoiled = table.rows.setdefault(answer, {"kind": "default", "created_round": None,
                                                     "reference_columns": set(), "spoilers": set()})
            spoiled["spoilers"].add(spoiler)
            x = nth_column(REFERENCE, next_reference)
            next_reference += 1
            shown = {v for v in stream + [x] if column_kind(v) == REFERENCE}
            table.rows[row] = {"kind": "trap", "created_round": t, "reference_columns": shown, "spoilers": set()}
            traps.append((row, t))
        stream.append(x)
        table.touched_column = max(table.touched_column, x)
    return Run(name or getattr(generator, "__name__", "generator"), clocked, rounds, tuple(stream), tuple(answers),
               table.frozen(), tuple(traps), total, step_budget, stalled, table.top_row + 1, table.top_column + 1)


def both_targets_legal(r: Run) -> bool:
    """The answered prefix is a legal (standard, proper) stream for the reference AND the last trap."""
    return r.judged(0).legal and r.judged(r.trap).legal


def errors_expected(r: Run) -> tuple[int, ...]:
    """Rounds the dichotomy says must be wrong on the branch's target: every non-reference answer
    (reference branch), or every round from the last trap on (trap branch)."""
    if r.branch == "reference":
        return r.nonreference_rounds
    start = r.traps[-1][1]
    return tuple(range(start + 1, len(r.answers) + 1))



def certificate(r: Run) -> dict:
    """The run as a `query-trap-run` certificate (docs/paper.md, T7.1), checked by trusted/certificates/query.py."""
    created = {row: t for row, t in r.traps}
    rows = [{"row": i, "kind": row.kind, "created_round": created.get(i) if row.kind == "trap" else None,
             "reference_columns": sorted(row.reference_columns), "spoilers": sorted(row.spoilers)}
            for i, row in r.table.special]
    judged = r.judged() if r.answers else None
    return {"kind": "query-trap-run", "generator": r.generator, "clocked": r.clocked, "rounds": r.rounds,
            "step_budget": r.step_budget, "stalled_round": r.stalled_round, "stream": list(r.stream),
            "answers": list(r.answers), "n": r.table.n, "rows": rows, "branch": r.branch, "target": r.target,
            "errors": list(judged.errors) if judged else []}
