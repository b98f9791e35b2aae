"""The brute-force oracle: walk every legal stream of 1..T rounds over the same pool, with the kernel.

A failure at round t counts when the stream's genuine inputs lie in round t's pool (`Game.round_pool`).

Independent of the solvers: legality and correctness come from kernel.licence / kernel.correct.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from ..trusted.kernel import correct, judge, licence
from ..generators.under_test import UnderTest as Runner
from .search import Found
from .space import Game


@dataclass(frozen=True)
class BruteResult:
    found: Found | None      # a shortest defeat (first in walk order among the shortest)
    streams: int             # legal streams (prefixes) visited
    seconds: float
    complete: bool           # False when a budget stopped the walk

    @property
    def defeated(self) -> bool:
        return self.found is not None


class _Budget(Exception):
    pass


def _within(game: Game, h: int, xs: list[int], gs: list[int]) -> bool:
    """Every input is in round len(xs)'s pool, or (element-level replay) repeats an earlier answer."""
    pool = set(game.round_pool(h, len(xs)))
    echo = game.mode.replay and not game.mode.proper
    return all(x in pool or (echo and x in gs[:s]) for s, x in enumerate(xs))


def brute_force(game: Game, runner: Runner, max_streams: int | None = None,
                max_seconds: float | None = None) -> BruteResult:
    """Enumerate every legal stream up to the horizon for every target; keep a shortest defeat."""
    start = time.monotonic()
    best: list[Found] = []
    count = 0
    cls, mode = game.cls, game.mode

    def walk(h: int, xs: list[int], gs: list[int], seen: set[int]) -> None:
        nonlocal count
        t = len(xs) + 1
        candidates = set(game.input_pool(h)) | (set(gs) if mode.replay and not mode.proper else set())
        for x in sorted(candidates, key=lambda v: (abs(v), v < 0)):
            if not licence(cls, h, x, gs, mode)[0]:
                continue
            count += 1
            if (max_streams and count > max_streams) or (max_seconds and count % 1024 == 0
                                                         and time.monotonic() - start > max_seconds):
                raise _Budget
            xs.append(x)
            added = x not in seen
            seen.add(x)
            a = runner.answer(tuple(xs))
            gs.append(a)
            right = correct(cls, h, seen, a, mode)[0]
            counts = not right and (t > game.settle if game.notion == "proper-limit"
                                    else len(seen) >= game.threshold(h)) and _within(game, h, xs, gs)
            if counts and (not best or t < best[0].round):
                trace = judge(cls, h, xs, gs, mode)
                best[:] = [Found(h, tuple(xs), tuple(gs), t, trace)]
            if t < game.horizon:
                walk(h, xs, gs, seen)
            xs.pop()
            gs.pop()
            if added:
                seen.discard(x)

    complete = True
    try:
        for h in game.targets:
            walk(h, [], [], set())
    except _Budget:
        complete = False
    return BruteResult(best[0] if best else None, count, time.monotonic() - start, complete)
