"""Sweep throughput: classes decided per second with 1 worker (the baseline), 2 local worker
processes and 2 Dask workers, on the same slice of size-4 classes, in one run.

    python benchmarks/bench_sweep.py [--classes 20000]
"""
from __future__ import annotations

import argparse
import itertools
import time

from replayproof.classes import cells as C
from replayproof.sweep.enumerate import enumerate_classes
from replayproof.sweep.run import _batches, _map_batches


def timed(batches, workers=1, scheduler=None) -> float:
    start = time.perf_counter()
    rows = [r for chunk in _map_batches(batches, workers, scheduler) for r in chunk]
    assert rows
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--classes", type=int, default=20000)
    args = parser.parse_args()
    cards = (0, 1, C.INF)
    for n in (2, 3):
        start = time.perf_counter()
        classes = list(enumerate_classes(n, cards))
        t = timed(list(_batches(classes, set())))
        print(f"size {n}: {len(classes)} classes, {len(classes) / (time.perf_counter() - start):.0f} classes/s "
              f"(enumerate + decide both ways, 1 worker; decide alone {t:.2f} s)")
    start = time.perf_counter()
    classes = list(itertools.islice(enumerate_classes(4, cards), args.classes))
    print(f"size 4: first {len(classes)} classes enumerated in {time.perf_counter() - start:.1f} s")
    batches = list(_batches(classes, set()))
    base = timed(batches)
    print(f"  1 worker (baseline): {len(classes) / base:.0f} classes/s")
    two = timed(batches, workers=2)
    print(f"  2 local processes:   {len(classes) / two:.0f} classes/s   speed-up {base / two:.2f}x")
    try:
        from distributed import LocalCluster
    except ImportError:
        print("  dask: not installed (pip install 'replayproof[cluster]')")
        return
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dask = timed(batches, scheduler=cluster.scheduler_address)
    print(f"  2 Dask workers:      {len(classes) / dask:.0f} classes/s   speed-up {base / dask:.2f}x")


if __name__ == "__main__":
    main()
