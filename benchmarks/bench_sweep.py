"""Sweep throughput: the criterion-based sweep against the old game-based decision, in one run.

    python benchmarks/bench_sweep.py [--baseline-classes 2000] [--size 4] [--dask]

Baseline: the game solved with and without replay (what `sweep` did before the criterion) on the
first --baseline-classes classes of the size. Then the full sweep (enumeration + criterion, no
CSV) with 1 worker, 2 local worker processes and optionally 2 Dask workers, as classes/s and as
speed-up over the baseline. Peak memory of this process is printed at the end.
"""
from __future__ import annotations

import argparse
import itertools
import resource
import time

from replayproof.trusted.classes import cells as C
from replayproof.game.solve import solve
from replayproof.sweep.enumerate import enumerate_classes
from replayproof.sweep.run import run_sweep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=4)
    parser.add_argument("--baseline-classes", type=int, default=2000)
    parser.add_argument("--dask", action="store_true", help="also time 2 Dask workers (LocalCluster)")
    args = parser.parse_args()
    cards = (0, 1, C.INF)
    classes = list(itertools.islice(enumerate_classes(args.size, cards), args.baseline_classes))
    start = time.perf_counter()
    for c in classes:
        solve(c.table, True), solve(c.table, False)
    base = len(classes) / (time.perf_counter() - start)
    print(f"baseline (game both ways), first {len(classes)} classes of size {args.size}: {base:.0f} classes/s")
    runs = [("1 worker", {}), ("2 local processes", {"workers": 2})]
    cluster = None
    if args.dask:
        from distributed import LocalCluster
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        runs.append(("2 Dask workers", {"scheduler": cluster.scheduler_address}))
    try:
        for label, kw in runs:
            result = run_sweep(args.size, cards, **kw)
            rate = result.total / result.seconds
            print(f"criterion sweep, {label:<18}: {result.total} classes in {result.seconds:6.1f} s = "
                  f"{rate:9.0f} classes/s, {rate / base:7.0f}x the baseline")
    finally:
        if cluster is not None:
            cluster.close()
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
