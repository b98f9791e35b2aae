"""Decide time for random classes of 2..5 hypotheses (proper generation in the limit).

Run:  python benchmarks/bench_decide.py [--per-size N] [--seed S]

For each size it times, on the same seeded random classes (cells of random cardinality 0, 1, 2
or inf), the reduced solver alone, the full decide pipeline (solve + build the certificate +
re-check it with the kernel), and as baseline the independent brute-force solver of the full
game (replayproof.game.oracle) where its arena stays under a position budget. Ratios are
baseline / solver on the classes both finished.
"""
from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time

from replayproof.classes.cells import INF, make_table
from replayproof.certificates import check
from replayproof.classes.classfile import realized_class
from replayproof.game.build import certificate
from replayproof.game.oracle import TooLarge, solve_brute
from replayproof.game.solve import solve


def random_table(rng: random.Random, n: int):
    sizes = {}
    for k in range(1, n + 1):
        for s in itertools.combinations(range(n), k):
            sizes[frozenset(s)] = 0 if rng.random() < (0.85 if k == 1 else 0.2) else rng.choice([1, 1, 2, INF, INF])
    return make_table([f"h{i}" for i in range(n)], sizes)


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-size", type=int, default=10)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--budget", type=int, default=20_000, help="baseline position budget per class")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print(f"{'n':>2} {'classes':>7} {'cells':>5} {'not-gen':>7} {'solve ms':>9} {'decide ms':>9} {'max decide ms':>13}"
          f" {'baseline ms':>11} {'baseline/solve':>14} {'baseline ran':>12}")
    for n in (2, 3, 4, 5):
        solve_t, decide_t, base_t, ratios, cells, adv, ran = [], [], [], [], [], 0, 0
        for _ in range(args.per_size):
            table = random_table(rng, n)
            cells.append(len(table.cells))
            for replay in (True, False):
                sol, ts = timed(lambda: solve(table, replay))
                _, td = timed(lambda: check(certificate(realized_class("bench", table), solve(table, replay), None)))
                solve_t.append(ts)
                decide_t.append(td)
                adv += sol.adversary_wins
                try:
                    verdict, tb = timed(lambda: solve_brute(table, replay, budget=args.budget))
                except TooLarge:
                    continue
                assert verdict == sol.adversary_wins, "solver and baseline disagree"
                ran += 1
                base_t.append(tb)
                ratios.append(tb / ts)
        base = f"{1000 * statistics.mean(base_t):11.1f}" if base_t else f"{'-':>11}"
        ratio = f"{statistics.median(ratios):13.0f}x" if ratios else f"{'-':>14}"
        print(f"{n:>2} {args.per_size:>7} {statistics.mean(cells):5.1f} {adv:>7} {1000 * statistics.mean(solve_t):9.2f}"
              f" {1000 * statistics.mean(decide_t):9.1f} {1000 * max(decide_t):13.1f} {base} {ratio}"
              f" {ran:>5}/{2 * args.per_size:<6}")
    print("solve/decide: mean per class and mode (decide = solve + certificate + kernel re-check);"
          " baseline: brute force over the full arena, only where it stays under --budget positions;"
          " ratio: median baseline/solve time on those classes.")


if __name__ == "__main__":
    main()
