"""Decide time: the game against brute force (2..5 hypotheses), and the criterion against the game (4..20).

Run:  python benchmarks/bench_decide.py [--part small|scale|all] [--per-size N] [--seed S] [--game-max N]

Part "scale" times, per class, the Li-Zhang criterion (`classes.criterion.criterion`) and the game
solver (`game.solve.solve`, only up to --game-max hypotheses: about 4^n states) with replay on the
generalised triangle family (h_i = {0} and the positives not congruent to i mod n+1; and the
finite-cell variant x <= 0 or (x in 1..n and x != i)) and on random classes with many non-empty
cells (up to 2,000), printing the ratio game / criterion measured in the same run.

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

from replayproof.trusted.classes.cells import INF, make_table
from replayproof.trusted.certificates import check
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


def triangle(n: int, finite: bool):
    """The generalised triangle as a cell table: core (all), and per i the points outside h_i only."""
    sizes = {frozenset(range(n)): INF}
    sizes.update({frozenset(range(n)) - {r}: 1 if finite else INF for r in range(n)})
    return make_table([f"h{i + 1}" for i in range(n)], sizes)


def many_cells(rng: random.Random, n: int, cells: int):
    """A random class with `cells` distinct non-empty cells (or all 2^n - 1 when fewer)."""
    total = 2 ** n - 1
    want = min(cells, total)
    sigs = set()
    while len(sigs) < want:
        m = rng.randrange(1, total + 1)
        sigs.add(frozenset(h for h in range(n) if m >> h & 1))
    return make_table([f"h{i}" for i in range(n)], {s: rng.choice([1, INF]) for s in sigs})


def scale(args) -> None:
    from replayproof.classes.criterion import criterion
    rng = random.Random(args.seed)
    print(f"{'family':<18} {'n':>3} {'cells':>5} {'verdict':>15} {'criterion ms':>12} {'game ms':>10} {'game/criterion':>14}")
    rows = []
    for n in (4, 6, 8, 10, 12, 16, 20):
        rows.append(("triangle", n, triangle(n, False)))
        rows.append(("triangle-finite", n, triangle(n, True)))
        rows.append(("random-many-cells", n, many_cells(rng, n, 2000)))
    worst = 0.0
    for family, n, table in rows:
        reps = 20 if len(table.cells) < 200 else 3
        crit, tc = timed(lambda: [criterion(table) for _ in range(reps)])
        tc /= reps
        worst = max(worst, tc) if n == 20 else worst
        game_cap = args.game_max if family.startswith("triangle") else min(args.game_max, 8)
        if n <= game_cap:
            sol, tg = timed(lambda: solve(table, True))
            assert sol.adversary_wins == (not crit[0].generatable), f"game and criterion disagree on {family} {n}"
            game, ratio = f"{1000 * tg:10.1f}", f"{tg / tc:13.0f}x"
        else:
            game, ratio = f"{'-':>10}", f"{'-':>14}"
        verdict = "generatable" if crit[0].generatable else "not-generatable"
        print(f"{family:<18} {n:>3} {len(table.cells):>5} {verdict:>15} {1000 * tc:12.2f} {game} {ratio}")
    print(f"criterion, worst class at n = 20: {1000 * worst:.1f} ms (goal: < 1000 ms); game only up to "
          f"--game-max {args.game_max} (triangles) / 8 (random) hypotheses")


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-size", type=int, default=10)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--budget", type=int, default=20_000, help="baseline position budget per class")
    ap.add_argument("--part", choices=["small", "scale", "all"], default="all")
    ap.add_argument("--game-max", type=int, default=10, help="largest n on which the game is timed")
    args = ap.parse_args()
    if args.part in ("scale", "all"):
        scale(args)
    if args.part == "scale":
        return
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
