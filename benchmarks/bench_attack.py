"""Solver vs brute force on bounded replay attacks, horizons 4..12: `python benchmarks/bench_attack.py`.

Brute force walks every legal stream up to T (the oracle); the solver stops at the shortest
defeat, or proves there is none. Brute force gets --budget seconds per horizon; once it runs out
it is not tried at larger horizons.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from replayproof import load
from replayproof.attack.brute import brute_force
from replayproof.generators.under_test import UnderTest as Runner
from replayproof.attack.search import attack
from replayproof.attack.space import make_game
from replayproof.generators import resolve
from replayproof.trusted.kernel import Mode

ROOT = Path(__file__).resolve().parent.parent
CASES = [  # (label, class, generator, threshold, largest horizon for the solver)
    ("closure on zero-odd (defeated)", "attack_zero_odd", "closure", 2, 12),
    ("sep51-standard on sep51, d=4 (defeated)", "sep51", "sep51-standard", 4, 12),
    ("burn-in:closure on zero-odd (not defeated; T=10 takes ~6 min)", "attack_zero_odd", "burn-in:closure", 2, 9),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--horizons", default="4-12")
    ap.add_argument("--budget", type=float, default=60.0, help="brute-force seconds per horizon")
    ap.add_argument("--case", type=int, choices=range(1, len(CASES) + 1), help="run only this case (1-based)")
    args = ap.parse_args()
    lo, hi = map(int, args.horizons.split("-"))
    for k, (label, name, spec, d, top) in enumerate(CASES, 1):
        if args.case and k != args.case:
            continue
        cls = load(ROOT / "encodings" / "classes" / f"{name}.toml")
        print(f"\n{label}  (uniform threshold {d}, with replay)")
        print(f"{'T':>3} {'verdict':<20} {'solver s':>9} {'brute s':>9} {'streams':>12} {'ratio':>9}")
        brute_alive = True
        for T in range(lo, min(hi, top) + 1):
            game = make_game(cls, Mode(replay=True), "uniform", T, d, None, 0)
            t0 = time.perf_counter()
            out = attack(game, Runner(resolve(spec, cls, d), cls), timeout=600)
            solver = time.perf_counter() - t0
            verdict = f"defeated@{out.found.round}" if out.defeated else "not-defeated"
            bt, streams, ratio = "-", "-", "-"
            if brute_alive:
                b = brute_force(game, Runner(resolve(spec, cls, d), cls), max_seconds=args.budget)
                if b.complete:
                    assert b.defeated == out.defeated
                    bt, streams, ratio = f"{b.seconds:.3f}", str(b.streams), f"{b.seconds / solver:.1f}x"
                else:
                    bt, streams, brute_alive = f">{args.budget:.0f}", f">{b.streams}", False
            print(f"{T:>3} {verdict:<20} {solver:>9.3f} {bt:>9} {streams:>12} {ratio:>9}", flush=True)


if __name__ == "__main__":
    main()
