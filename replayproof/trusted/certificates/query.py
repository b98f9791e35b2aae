"""The `query-trap-run` checker (Theorem 7.1's construction, paper/algorithm3.py): every move, row and answer
re-derived and compared, never trusted (docs/paper.md, T7.1 "Certificates")."""
from __future__ import annotations

from typing import Any

from . import CheckResult, register
from ..kernel import Mode, judge
from .common import Reject, generator_name
from .querytable import REFERENCE, SPOILER, UNIVERSAL, QueryTable, TableRow, branch_of, column_kind, nth_column

KIND = "query-trap-run"
PROPER = Mode(replay=False, proper=True)


def _moves(answers: list[int]) -> tuple[list[int], list[tuple[int, frozenset[int]]]]:
    """The stream the queue must present and, per trap (in order), its round and shared columns."""
    stream, traps = [nth_column(UNIVERSAL, 0)], [(0, frozenset())]
    nu, nr = 1, 0
    for t, g in enumerate(answers, 1):
        if g == 0:
            stream.append(nth_column(UNIVERSAL, nu))
            nu += 1
        else:
            stream.append(nth_column(REFERENCE, nr))
            nr += 1
            traps.append((t, frozenset(v for v in stream if column_kind(v) == REFERENCE)))
    return stream, traps


class _Reservations:
    """The construction's bookkeeping of decided rows and spoiler columns, re-derived step by step."""

    def __init__(self) -> None:
        self.top_row, self.top_column, self.touched_row, self.touched_column = 0, -1, 0, 0

    def reserve(self) -> tuple[int, int]:
        self.top_row = max(self.top_row, self.touched_row) + 1
        col = max(self.top_column, self.touched_column) + 1
        self.top_column = col + (SPOILER - col) % 3
        return self.top_row, self.top_column


def _rerun(name: str, table: QueryTable, stream: list[int], answers: list[int], stalled: int | None,
           budget: int, clocked: bool) -> tuple[list[int | None], dict[int, dict[str, Any]], int]:
    """Re-run a bundled generator through `table`'s membership queries on the recorded stream and
    re-derive, step by step, the rows the construction decides. Returns (its answers, None for a
    round it stalls in; the rows; n)."""
    from ..generators.query import GENERATORS
    gen, book = GENERATORS[name], _Reservations()
    rows: dict[int, dict[str, Any]] = {0: _row("reference")}
    first, _ = book.reserve()
    rows[first] = _row("trap", 0)
    rounds, given = len(answers) + (1 if stalled is not None else 0), []
    for t in range(1, rounds + 1):
        g = gen(tuple(stream[:t]))
        steps, reply, answer = 0, None, None
        try:
            request = g.send(None)
            while steps < budget:
                steps += 1
                if clocked:
                    book.reserve()
                if request is not None:
                    book.touched_row = max(book.touched_row, request[0])
                    book.touched_column = max(book.touched_column, request[1])
                reply = None if request is None else table.member(*request)
                request = g.send(reply)
            g.close()
        except StopIteration as stop:
            answer = stop.value
        given.append(answer)
        if answer is None or t > len(answers):
            break
        book.touched_row = max(book.touched_row, answer)
        row, spoiler = book.reserve()
        if answer != 0:
            rows.setdefault(answer, _row("default"))["spoilers"].append(spoiler)
            rows[row] = _row("trap", t, [v for v in stream[: t + 1] if column_kind(v) == REFERENCE])
        book.touched_column = max(book.touched_column, stream[t])
    return given, rows, max(book.top_row, book.touched_row) + 1


def _row(kind: str, created: int | None = None, shared: list[int] | None = None) -> dict[str, Any]:
    return {"kind": kind, "created_round": created, "reference_columns": sorted(shared or []), "spoilers": []}


@register(KIND)
def check_query_run(cert: dict[str, Any]) -> CheckResult:
    answers, stream = list(cert["answers"]), list(cert["stream"])
    stalled = cert["stalled_round"]  # rounds (1..2000) and step_budget (1..10^6) are bounded by the schema
    if stalled is not None and (stalled != len(answers) + 1 or stalled > cert["rounds"]):
        raise Reject(f"a stall is recorded at round {stalled}, but {len(answers)} of {cert['rounds']} rounds "
                     f"were answered")
    if stalled is None and len(answers) != cert["rounds"]:
        raise Reject(f"{len(answers)} answers for {cert['rounds']} rounds and no stall")
    expected, traps = _moves(answers)
    if stream != expected:
        t = next(i for i, (a, b) in enumerate(zip(stream + [None], expected + [None]), 1) if a != b)
        raise Reject(f"input {t} is not what the construction's queue presents after the recorded answers")
    try:
        rows = {r["row"]: r for r in cert["rows"]}
        if len(rows) != len(cert["rows"]):
            raise Reject("a row is listed twice")
        table = QueryTable(cert["n"], tuple((i, TableRow(r["kind"], frozenset(r["reference_columns"]),
                                                         frozenset(r["spoilers"]))) for i, r in rows.items()))
    except ValueError as exc:
        raise Reject(str(exc))
    listed_traps = sorted((r["created_round"], i, frozenset(r["reference_columns"]))
                          for i, r in rows.items() if r["kind"] == "trap")
    if [(t, shared) for t, _, shared in listed_traps] != traps:
        raise Reject("the trap rows are not one per non-reference answer (plus the first), each holding the "
                     "reference columns presented up to its creation")
    prev = 0
    for t, row, _ in listed_traps:
        if row <= max([prev, *answers[:t]]):
            raise Reject(f"trap row {row} (round {t}) is not beyond every row answered or made before it")
        prev = row
    if any(r["kind"] != "trap" and r["created_round"] is not None for r in rows.values()):
        raise Reject("only trap rows have a creation round")
    spoiled = [(c, i) for i, r in rows.items() for c in r["spoilers"]]
    if [i for _, i in sorted(spoiled)] != [g for g in answers if g != 0]:
        raise Reject("the spoiler columns are not one per non-reference answer, given in round order")
    if any(r["kind"] == "default" and not r["spoilers"] for r in rows.values()):
        raise Reject("a default row without spoilers is listed (unlisted rows are exactly those)")
    from ..generators.query import GENERATORS
    name = cert["generator"]
    generator_name(name, GENERATORS)
    if name in GENERATORS:
        given, derived, n = _rerun(name, table, stream, answers, stalled, cert["step_budget"], cert["clocked"])
        recorded = {i: {k: v for k, v in r.items() if k != "row"} for i, r in rows.items()}
        if (given, derived, n) != (answers + ([None] if stalled else []), recorded, cert["n"]):
            t = next((t for t, (a, b) in enumerate(zip(given, answers + [None]), 1) if a != b), None)
            why = (f"it answers {given[t - 1]} at round {t}, not the recorded {(answers + [None])[t - 1]} (None: no "
                   f"answer within {cert['step_budget']} steps)" if t else
                   f"re-derived {len(derived)} listed rows of {n}, not the recorded ones")
            raise Reject(f"the bundled generator {name} does not give this run "
                         f"({'clocked' if cert['clocked'] else 'as printed'}): {why}")
        how = f"bundled generator {name} re-run through membership queries, every row re-derived"
    else:
        how = f"answers as recorded; generator {name!r} not re-run (not in the package's table)"
    if not answers:
        return CheckResult(True, KIND, f"{name} stalls in round 1 ({how})", "class F: the reference and one trap")
    trap = listed_traps[-1][1]
    inputs = stream[: len(answers)]
    for row in (0, trap):
        if not judge(table, row, inputs, answers, PROPER).legal:
            raise Reject(f"the stream is not legal for row {row}")
    branch = branch_of(answers)
    target = 0 if branch == "reference" else trap
    errors = list(judge(table, target, inputs, answers, PROPER).errors)
    if (cert["branch"], cert["target"], cert["errors"]) != (branch, target, errors):
        raise Reject(f"the kernel finds branch {branch}, target row {target}, errors at rounds {errors}, "
                     f"not what is recorded")
    against = f"class F built by Algorithm 3 against {name}: rows 0..{cert['n'] - 1}, {len(rows)} listed, the others default"
    stall = f"; stalls in round {stalled} (no answer within {cert['step_budget']} steps)" if stalled else ""
    return CheckResult(True, KIND, f"Algorithm 3 against {name} ({'clocked' if cert['clocked'] else 'as printed'}), "
                       f"{len(answers)} rounds on a table of {cert['n']} rows; the stream is legal for the reference "
                       f"and for trap row {trap}; {branch} branch: {len(errors)} kernel-judged errors on row {target}"
                       f"{stall} ({how})", against)
