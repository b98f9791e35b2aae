"""Replay variants (docs/variants.md): sweep and decide times, as ratios to the paper's model in the same run.

Run:  python benchmarks/bench_variants.py [--part sweep|decide|finite|finite-decide|all] [--size 4] [--n 8]
                                         [--finite-n 8]

sweep:  `sweep --size N --model budget` (enumerate every class, criterion for unbounded replay, budget game
        for b* on the classes it defeats) and `--model noise:K / omit:I` for K, I = 1, 2 (the criterion of
        §7c, replay budget 1 and the certified separations), each with its certificates, against the
        baseline of the same enumeration and criterion alone (the paper's model, unbounded replay).
        Goal: under 60 s at size 4.
decide: solve + certificate + kernel re-check on the generalised triangle with finite points
        (h_i = x <= 0 or (x in 1..N and x != i)) at N hypotheses, under each model, against the
        unbounded replay model (budget null, delay 1) decided by the same engine. Goal: under 5 s.
        The solve is also timed alone (a separate run, not part of the total).
finite: the finitely-many models (docs/variants.md §7b, §7c): `sweep --model noise|omit|budget:finite` at
        size N, and noise/omit:finite at size N with cards 0,inf, each with its certificates, against the
        enumeration and criterion of the same size; decide on the triangle at --finite-n (with certificates) and, if it
        differs, --n (solve only), against unbounded replay decided by the same finitely-many engine.
        Goal: under 5 s at N = 8. finite-decide: that decide alone.
"""
from __future__ import annotations

import argparse
import time

from replayproof.trusted.classes import cells as C
from replayproof.classes.classfile import realized_class
from replayproof.sweep.enumerate import enumerate_batches
from replayproof.sweep.run import _patterns, replay_generatable
from replayproof.variants.decide import decide_variant
from replayproof.trusted.certificates.variant import Variant
from replayproof.variants.solve import FINITE, solve
from replayproof.variants.sweep import sweep_budgets

CARDS = (0, 1, C.INF)


def baseline(n: int, cards) -> tuple[float, int, int]:
    """The paper's model alone: enumerate every class and run the Li-Zhang criterion. (seconds, classes, defeated)"""
    start = time.perf_counter()
    total = defeated = 0
    for batch in enumerate_batches(n, cards):
        ok = replay_generatable(n, _patterns(batch))
        total += len(ok)
        defeated += int((~ok).sum())
    return time.perf_counter() - start, total, defeated


def row(label: str, seconds: float, base: float, extra: str = "") -> None:
    print(f"  {label:<44} {seconds:7.2f} s  {seconds / base:7.2f}x   goal < 60 s: "
          f"{'met' if seconds < 60 else 'MISSED'}{extra}")


def bench_sweep(n: int) -> None:
    from replayproof.variants.sweep import certify, certify_noise, sweep_noise
    base, total, defeated = baseline(n, CARDS)
    print(f"sweep size {n} (cards 0,1,inf): {total} classes, {defeated} defeated by unbounded replay")
    print(f"  {'unbounded replay (enumeration + criterion)':<44} {base:7.2f} s     1.00x")
    start = time.perf_counter()
    certify(sweep_budgets(n, CARDS))
    row("budget model (b* of every class), certified", time.perf_counter() - start, base)
    for noise, omit in ((1, 0), (0, 1), (2, 0), (0, 2)):
        start = time.perf_counter()
        r = sweep_noise(n, CARDS, noise, omit)
        certify_noise(r)
        name = f"noise:{noise}" if noise else f"omit:{omit}"
        row(f"{name} (and its twin, budget 1), certified", time.perf_counter() - start, base,
            f"   ({sum(v for (a, b), v in r.pairs.items() if b)} defeated)")


def triangle(n: int):
    sizes = {frozenset(range(n)): C.INF}
    for i in range(n):
        sizes[frozenset(set(range(n)) - {i})] = 1
    table = C.make_table([f"h{i + 1}" for i in range(n)], sizes)
    return realized_class(f"triangle-{n}", table)


def bench_decide(n: int) -> None:
    cls = triangle(n)
    models = [Variant(None), Variant(0), Variant(1), Variant(2), Variant(None, 2), Variant(1, 2), Variant(0, 1, 1),
              Variant(0, 1, 2), Variant(None, 1, 1), Variant(0, 1, 0, 1), Variant(1, 2, 0, 1), Variant(0, 2, 1),
              Variant(None, 2, 1)]
    rows = []
    for v in models:
        start = time.perf_counter()
        solve(cls.table, v.budget, v.noise, v.omit, v.delay)
        solved = time.perf_counter() - start
        start = time.perf_counter()
        dec = decide_variant(cls, None, v)   # solves again: the total is what `decide` takes
        rows.append((v.words(), dec.verdict, dec.certificate["summary"].split(": ", 1)[1], solved,
                     time.perf_counter() - start))
    start = time.perf_counter()
    some = solve(cls.table, FINITE).adversary_wins
    rows.append(("some finite budget (Lemma B game, solve only)", "not-generatable" if some else "generatable", "-",
                 time.perf_counter() - start, time.perf_counter() - start))
    base = rows[0][4]
    print(f"decide on the generalised triangle, N = {n} (solve; solve + certificate + kernel re-check):")
    for words, verdict, size, solved, total in rows:
        print(f"  {words:<48} {verdict:<16} {size:<32} solve {solved:6.2f} s  total {total:6.2f} s  "
              f"{total / base:6.2f}x  goal < 5 s: {'met' if total < 5 else 'MISSED'}")


def bench_finite(size: int) -> None:
    """The finitely-many models' sweeps (docs/variants.md §7b, §7c), each against the enumeration and criterion."""
    from replayproof.variants.finite_sweep import certify_finite, sweep_finite
    for n, cards, models in ((size, CARDS, ["noise", "omit", "budget"]), (size, (0, C.INF), ["noise", "omit"])):
        base, total, _ = baseline(n, cards)
        label = ",".join("inf" if c == C.INF else str(c) for c in cards)
        print(f"sweep size {n} (cards {label}): {total} classes")
        print(f"  {'unbounded replay (enumeration + criterion)':<44} {base:7.2f} s     1.00x")
        for m in models:
            start = time.perf_counter()
            r = sweep_finite(n, cards, m)
            certify_finite(r)
            row(f"{m}:finite, certified", time.perf_counter() - start, base, f"   ({r.defeated} not generatable)")


def bench_finite_decide(n_full: int, n_solve: int) -> None:
    """decide under the finitely-many models on the triangle, as ratios to unbounded replay (same engine)."""
    from replayproof.trusted.certificates.variant import FiniteVariant
    from replayproof.trusted.kernel import FINITE as F
    from replayproof.variants.finite import solve_finite
    from replayproof.variants.decide import decide_finite
    models = [FiniteVariant(None, 0, 0), FiniteVariant(0, F, 0), FiniteVariant(0, 0, F), FiniteVariant(F, 0, 0),
              FiniteVariant(None, F, 0), FiniteVariant(F, F, F)]
    decide_finite(triangle(2), None, models[0])    # load the checkers and schemas before timing the baseline
    for n, full in ((n_full, True), (n_solve, False)):
        if not full and n == n_full:
            continue
        cls = triangle(n)
        rows = []
        for v in models:
            start = time.perf_counter()
            sol = solve_finite(cls.table, v)
            solved = time.perf_counter() - start
            summary = decide_finite(cls, None, v).certificate["summary"].split(": ", 1)[1] if full else "-"
            rows.append((v.words(), sol.verdict, summary, solved, time.perf_counter() - start))
        base_solve, base_total = rows[0][3], rows[0][4]
        what = "solve; solve + certificate + kernel re-check" if full else "solve only"
        print(f"decide on the generalised triangle, N = {n}, finitely-many engine ({what}):")
        for words, verdict, summary, solved, total in rows:
            shown = f"total {total:7.2f} s  {total / base_total:7.2f}x" if full else f"{solved / base_solve:7.2f}x"
            print(f"  {words:<62} {verdict:<16} {summary:<52} solve {solved:6.2f} s  {shown}"
                  f"  goal < 5 s: {'met' if (total if full else solved) < 5 else 'MISSED'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["sweep", "decide", "finite", "finite-decide", "all"], default="all")
    ap.add_argument("--finite-n", type=int, default=8, help="N of the finitely-many decide with certificates")
    ap.add_argument("--size", type=int, default=4)
    ap.add_argument("--n", type=int, default=8)
    args = ap.parse_args()
    if args.part in ("sweep", "all"):
        bench_sweep(args.size)
    if args.part in ("decide", "all"):
        bench_decide(args.n)
    if args.part in ("finite", "all"):
        bench_finite(args.size)
    if args.part in ("finite", "finite-decide", "all"):
        bench_finite_decide(args.finite_n, args.n)


if __name__ == "__main__":
    main()
