"""Collapse lab: wall time of each headline reproduction (issue 28), and the engine speed-up.

    python benchmarks/bench_collapse.py [--iterations 2000] [--repetitions 20]
                                        [--logic-n 2000] [--skip-logic] [--sharpening]
                                        [--transformer] [--only-transformer]

Part 1 times the KDE density on the authors' 500-point grid both ways, on the same training
set: the direct kernel sum (as the authors' scripts compute it) and the lab's linear binning +
FFT, and prints the ratio. Part 2 prints the wall and CPU time of each headline command:

    replayproof collapse recursive --iterations I --repetitions R     (arXiv 2602.16065)
    replayproof collapse logic --preset paper --n N                   (arXiv 2311.16822)
    replayproof collapse chain --preset paper                         (arXiv 2603.11228)

Wall time depends on the machine's load; CPU time less so. Both are printed.
`--sharpening` adds issue 16's table (docs/collapse.md, section 2.7): one generation of
sharpening of the real data, the ideal next-token model at T = 0.8 and the parser 4-gram at
several temperatures (max depth 4).
`--transformer` adds the cost of one generation of `collapse logic --model transformer`
(train from scratch on n real expressions of depth 1-5, sample n at T = 0.8) at n = 1,000 and
10,000 with 1 thread, next to the count model's generation in the same run, as a ratio, and
its parameter count (needs the neural extra). `--only-transformer` skips everything else.
Measured 2026-12-03 under a load of 7-10 on 2 cores (docs/collapse.md): 217,544 parameters;
n = 1,000: count model 0.08 s CPU, transformer 94 s CPU (1,157x); n = 10,000: 0.45 s vs 94 s
CPU (207x). `collapse logic --preset paper` (count model, all ten configurations, n = 10,000):
768 s CPU.
"""
from __future__ import annotations

import argparse
import math
import time
from typing import Any, Callable

import numpy as np

from replayproof.collapse import crt
from replayproof.collapse.briesch import run_logic_paper
from replayproof.collapse.chain import builtin_chain, run_chain
from replayproof.collapse.estimators import MIXTURE
from replayproof.collapse.exact_lm import exact_sample
from replayproof.collapse.logic import (NGramModel, distinct_ratio, levenshtein_diversity,
                                        ngram_entropy, real_expressions)


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """Result, wall seconds, CPU seconds."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def density_speedup(points: int, reps: int = 5) -> None:
    """Direct kernel sum vs binning + FFT for one KDE density on the grid."""
    g = crt.make_grid()
    x = MIXTURE.sample(np.random.default_rng(0), points)
    h = float(crt.bandwidth(500))

    def direct() -> np.ndarray:
        out = np.zeros(len(g.x))
        for k in range(0, points, 20_000):
            z = (g.x[:, None] - x[None, k:k + 20_000]) / h
            out += np.exp(-0.5 * z * z).sum(axis=1)
        return out / (points * h * math.sqrt(2 * math.pi))

    def binned() -> np.ndarray:
        counts = np.zeros((1, g.fine_n))
        crt._bin(counts, x[None, :], g)
        return crt._density(counts, points, h, g)[0]
    a, t_direct, _ = timed(lambda: [direct() for _ in range(reps)][-1])
    b, t_binned, _ = timed(lambda: [binned() for _ in range(reps)][-1])
    print(f"  M = {points:>9,d}: direct {1000 * t_direct / reps:8.1f} ms, binned + FFT "
          f"{1000 * t_binned / reps:6.1f} ms, ratio {t_direct / t_binned:6.1f}x, "
          f"max difference {np.max(np.abs(a - b)):.1e}")


def sharpening(n: int = 1000, samples: int = 2000, seeds: int = 5) -> None:
    """Issue 16's one-generation comparison (section 2.7 of docs/collapse.md)."""
    def stats(out: list[tuple[int, ...]]) -> tuple[float, ...]:
        s = [x for x in out if not (x and x[-1] == -1)]
        return (float(np.mean([len(x) for x in s])), distinct_ratio(s),
                levenshtein_diversity(s, np.random.default_rng(0)), ngram_entropy(s))

    def row(name: str, values: tuple[float, ...]) -> None:
        print(f"  {name:22s} " + "  ".join(f"{v:8.3f}" for v in values))
    print("One generation of sharpening (max depth 4):")
    print(f"  {'':22s}   length  distinct       lev        H3")
    row("real data", stats(real_expressions(np.random.default_rng(5), samples, 4)))
    row("ideal model, T=0.8", stats(exact_sample(np.random.default_rng(2), samples, 0.8, 4)))
    for T in (1.0, 0.8, 0.7, 0.65, 0.6):
        acc = []
        for s in range(seeds):
            rng = np.random.default_rng(100 + s)
            model = NGramModel.fit(real_expressions(rng, n, 4), 4, "parser", 6)
            acc.append(stats(model.sample(rng, samples, T, 128)))
        row(f"parser 4-gram, T={T:g}", tuple(np.mean(acc, axis=0)))
    print()


def transformer_cost(sizes: tuple[int, ...] = (1000, 10_000)) -> None:
    """One generation (fit + sample at T = 0.8) of the transformer and of the count model."""
    from replayproof.collapse.logic import NGramSpec, max_len_for
    from replayproof.collapse.transformer import TransformerSpec
    spec, count = TransformerSpec(threads=1), NGramSpec()
    max_len = max_len_for(5)
    print(f"One generation of the logic loop, depth 1-5, T = 0.8 ({spec.describe()}):")
    for n in sizes:
        data = real_expressions(np.random.default_rng(0), n, 5)
        row = []
        for model in (count, spec):
            def one() -> list[tuple[int, ...]]:
                fitted = model.fit(data, 5, np.random.default_rng(1), max_len, {})
                return fitted.sample(np.random.default_rng(2), n, 0.8, max_len)
            out, wall, cpu = timed(one)
            row.append((wall, cpu, np.mean([s[-1] != -1 if s else True for s in out])))
        (cw, cc, _), (tw, tc, _) = row
        print(f"  n = {n:>6,d}: count model {cw:6.2f} s wall ({cc:6.2f} s CPU), transformer "
              f"{tw:7.1f} s wall ({tc:7.1f} s CPU): ratio {tw / cw:6.0f}x wall, "
              f"{tc / cc:6.0f}x CPU")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--logic-n", type=int, default=2000)
    parser.add_argument("--skip-logic", action="store_true")
    parser.add_argument("--sharpening", action="store_true")
    parser.add_argument("--transformer", action="store_true")
    parser.add_argument("--only-transformer", action="store_true")
    args = parser.parse_args()
    if args.transformer or args.only_transformer:
        transformer_cost()
        if args.only_transformer:
            return
    if args.sharpening:
        sharpening()
    print("KDE density on the authors' grid, direct sum vs the lab's binning + FFT "
          "(the incremental binning is not even counted in the lab's favour here):")
    for m in (10_000, 100_000):
        density_speedup(m)
    print("\nHeadline reproductions (wall / CPU seconds on this machine):")
    r, wall, cpu = timed(lambda: crt.run_paper(iterations=args.iterations,
                                               repetitions=args.repetitions))
    gap = np.mean([abs(run.rate_w1 - run.theory) for run in r.runs])
    print(f"  recursive --iterations {args.iterations} --repetitions {args.repetitions}: "
          f"{wall:7.1f} s wall, {cpu:7.1f} s CPU; mean |rate - min(p, alpha)| = {gap:.3f}")
    if not args.skip_logic:
        lp, wall, cpu = timed(lambda: run_logic_paper(n=args.logic_n))
        matched = sum(1 for row in lp.comparison if row["match"])
        print(f"  logic --preset paper --n {args.logic_n}: {wall:7.1f} s wall, {cpu:7.1f} s CPU; "
              f"{matched}/{len(lp.comparison)} paper figures matched")
    P, labels = builtin_chain(200, 0)
    _, wall, cpu = timed(lambda: [run_chain(P, labels, start=s, steps=50, temperature=t)
                                  for s, t in ((0, 0.0), (0, 1.0), (None, 1.0))])
    print(f"  chain --preset paper: {wall:7.1f} s wall, {cpu:7.1f} s CPU")


if __name__ == "__main__":
    main()
