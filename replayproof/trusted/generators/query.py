"""Query-only generators for Theorem 7.1's construction (algorithm3.py): they see the stream and
learn about the class only through membership queries `yield (i, j)` -> F(i, j).

Four kinds the issue asks for, and one that stalls (the case Lemma 7.2's termination argument misses).
Each is deterministic; `GENERATORS` is the package's table, which `check` re-runs by name.
"""
from __future__ import annotations

from typing import Callable, Generator

Step = Generator["tuple[int, int] | None", bool, int]


def _consistent(stream: tuple[int, ...]) -> Step:
    """Yield the queries that test every row of the window 0..t (t: rounds so far) on every observed
    instance; return the consistent ones (as a list, via StopIteration)."""
    seen = tuple(sorted(set(stream)))
    found = []
    for i in range(len(stream) + 1):
        for x in seen:
            if not (yield (i, x)):
                break
        else:  # no observed instance refuted row i
            found.append(i)
    return found


def reference(stream: tuple[int, ...]) -> Step:
    """Always answers row 0, without a query (the reference over-generalizes)."""
    return 0
    yield  # pragma: no cover - makes this a generator function


def cycle(stream: tuple[int, ...]) -> Step:
    """Cycles through the rows 0..t consistent with what it has queried (round t: the t-th of them)."""
    rows = yield from _consistent(stream)
    return rows[len(stream) % len(rows)] if rows else 0


def smallest(stream: tuple[int, ...]) -> Step:
    """Queries the window of rows 0..t on every observed instance; answers the smallest consistent row."""
    rows = yield from _consistent(stream)
    return min(rows, default=0)


def telltale(stream: tuple[int, ...]) -> Step:
    """Learns with tell-tale queries: among the consistent rows 0..t, answers one whose support inside
    the column window [0, 3(t+2)) is the smallest (Angluin's preference for the least language)."""
    rows = yield from _consistent(stream)
    window = range(3 * (len(stream) + 2))
    best, size = 0, None
    for i in rows:
        count = 0
        for j in window:
            count += bool((yield (i, j)))
        if size is None or count < size:
            best, size = i, count
    return best


def stall(stream: tuple[int, ...], at: int = 3) -> Step:
    """Answers the reference, but in round `at` asks two queries and then computes forever."""
    if len(stream) == at:
        yield (0, 0)
        yield (1, 0)
        while True:
            yield None
    return 0


GENERATORS: dict[str, Callable[[tuple[int, ...]], Step]] = {
    "reference": reference, "cycle": cycle, "smallest": smallest, "telltale": telltale, "stall": stall,
}
