"""Collapse lab: the temperature calibration against the ideal model, and loop run times.

    python benchmarks/bench_collapse.py [--n 1000] [--samples 2000] [--seeds 5]

Part 1 compares one generation of sharpening: the real data, the ideal next-token model p* of
the real data sampled at T = 0.8 (replayproof.collapse.exact_lm), and the parser 4-gram trained
on n real expressions and sampled at several temperatures (mean over seeds). Part 2 times one
seed of each data cycle at the default settings (CPU seconds, so a busy machine does not
distort it).
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from replayproof.collapse.exact_lm import exact_sample
from replayproof.collapse.logic import (NGramModel, distinct_ratio, levenshtein_diversity,
                                        ngram_entropy, real_expressions, run_logic)


def stats(samples: list[tuple[int, ...]]) -> tuple[float, float, float, float]:
    """Mean length, distinct ratio, Levenshtein diversity, trigram entropy of finished samples."""
    s = [x for x in samples if not (x and x[-1] == -1)]
    return (float(np.mean([len(x) for x in s])), distinct_ratio(s),
            levenshtein_diversity(s, np.random.default_rng(0)), ngram_entropy(s))


def row(name: str, values: tuple[float, ...]) -> None:
    print(f"  {name:22s} " + "  ".join(f"{v:8.3f}" for v in values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    print("One generation of sharpening (max depth 4):")
    print(f"  {'':22s}   length  distinct       lev        H3")
    row("real data", stats(real_expressions(np.random.default_rng(5), args.samples, 4)))
    start = time.process_time()
    row("ideal model, T=0.8", stats(exact_sample(np.random.default_rng(2), args.samples, 0.8, 4)))
    print(f"  ({time.process_time() - start:.1f} s CPU for the ideal model's samples)")
    for T in (1.0, 0.8, 0.7, 0.65, 0.6):
        acc = []
        for s in range(args.seeds):
            rng = np.random.default_rng(100 + s)
            model = NGramModel.fit(real_expressions(rng, args.n, 4), 4, "parser", 6)
            acc.append(stats(model.sample(rng, args.samples, T, 128)))
        row(f"parser 4-gram, T={T:g}", tuple(np.mean(acc, axis=0)))
    print("\nOne seed of each cycle, defaults (n=1000, T=0.65), CPU seconds:")
    for generations in (20, 50):
        for cycle in ("full", "balanced", "expanding", "fresh"):
            start = time.process_time()
            run_logic(cycles=(cycle,), generations=generations, z3_sample=0, seed=0)
            print(f"  {generations} generations, {cycle:9s}: {time.process_time() - start:6.1f} s")


if __name__ == "__main__":
    main()
