"""The criteria of docs/variants.md §7c against the games on every class of a size (one-off evidence, not a test).

Run:  python benchmarks/criterion_agreement.py MODEL [--size 4] [--cards 0,1,inf]
      python benchmarks/criterion_agreement.py --random-size 5 [--seconds 120] [--seed 1]

MODEL: omit1, noise1, omit-finite or noise-finite. Prints progress per batch and, at the end, the classes the
game says are not generatable and the disagreements (each disagreeing class code is printed as found).
--random-size N: draw classes of N hypotheses at random (cells 0, 1, inf) and report those on which noise 1
and one omission differ (by the vectorised criterion), the smallest of each direction.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from replayproof.sweep.enumerate import enumerate_batches, parse_cards, table_of
from replayproof.sweep.run import cells_text
from replayproof.variants import batch as V
from replayproof.variants import criterion as K
from replayproof.variants.finite import solve_finite
from replayproof.variants.finite_sweep import finite_variant
from replayproof.variants.solve import solve

GAMES = {"omit1": lambda t: solve(t, 0, 0, 1).adversary_wins, "noise1": lambda t: solve(t, 0, 1, 0).adversary_wins,
         "omit-finite": lambda t: solve_finite(t, finite_variant("omit")).adversary_wins,
         "noise-finite": lambda t: solve_finite(t, finite_variant("noise")).adversary_wins}
CRITERIA = {"omit1": lambda t: K.noise_omit_defeats(t, 0, 1), "noise1": lambda t: K.noise_omit_defeats(t, 1, 0),
            "omit-finite": K.finite_omit_defeats, "noise-finite": K.finite_noise_defeats}


def agreement(model: str, n: int, cards) -> None:
    total = defeated = bad = 0
    start = time.perf_counter()
    for batch in enumerate_batches(n, cards):
        for code, digits in zip(batch.codes, batch.digits):
            table = table_of(n, cards, digits)
            game, crit = GAMES[model](table), CRITERIA[model](table)
            total += 1
            defeated += game
            if game != crit:
                bad += 1
                print(f"DISAGREE code {int(code)}: game {game}, criterion {crit}", flush=True)
        print(f"progress {total} classes, {defeated} not generatable, {bad} disagreements, "
              f"{time.perf_counter() - start:.0f} s", flush=True)
    print(f"{model} size {n}: {total} classes, {defeated} not generatable by the game, {bad} disagreements, "
          f"{time.perf_counter() - start:.0f} s")


def random_search(n: int, seconds: float, seed: int) -> None:
    m, cards, rng = 2 ** n - 1, (0, 1, float("inf")), np.random.default_rng(seed)
    drawn, best, start = 0, {}, time.perf_counter()
    while time.perf_counter() - start < seconds:
        empty = rng.random((100_000, m)) < rng.uniform(0.2, 0.9)
        digits = np.where(empty, 0, np.where(rng.random((100_000, m)) < 0.5, 1, 2)).astype(np.int8)
        cells = V.cells_of(n, digits, cards)
        uus = np.ones(len(digits), dtype=bool)
        for h in range(n):
            uus &= cells.infinite[:, [q - 1 for q in range(1, m + 1) if q >> h & 1]].any(axis=1)
        noise, omit = V.bounded_defeats(cells, 1, 0), V.bounded_defeats(cells, 0, 1)
        drawn += int(uus.sum())
        for r in np.flatnonzero(uus & (noise != omit)):
            table = table_of(n, cards, digits[r])
            supports = {frozenset(c.signature for c in table.cells if h in c.signature) for h in range(n)}
            key = "noise 1 defeats, one omission does not" if noise[r] else "one omission defeats, noise 1 does not"
            if len(supports) == n and (key not in best or len(table.cells) < best[key][0]):
                best[key] = (len(table.cells), cells_text(table))
    print(f"{drawn} UUS classes of {n} hypotheses drawn; noise 1 and one omission differ: "
          + ("; ".join(f"{k}, smallest {v[1]}" for k, v in best.items()) or "never"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?", choices=sorted(GAMES))
    ap.add_argument("--size", type=int, default=4)
    ap.add_argument("--cards", default="0,1,inf")
    ap.add_argument("--random-size", type=int)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.random_size:
        random_search(args.random_size, args.seconds, args.seed)
    elif args.model:
        agreement(args.model, args.size, parse_cards(args.cards))
    else:
        ap.error("give a MODEL or --random-size N")


if __name__ == "__main__":
    main()
