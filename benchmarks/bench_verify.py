"""verify (every horizon) vs bounded attack (T = 6, 8, 10) on burn-in:closure, the no-defeat cases:
`python benchmarks/bench_verify.py [--horizons 6,8,10] [--budget SECONDS] [--classes h4,chain]`.

For every bundled class, burn-in:closure at d = C(H)+1 with replay: verify's time (exploration +
certificate + independent check) and the attack search's time at each horizon, in the same run,
printed with the ratio attack / verify. Goal: verify answers for ALL horizons faster than attack
answers for T = 8, and every bundled case verifies in < 5 s. An attack that exceeds --budget is
reported as ">budget".
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from replayproof import load
from replayproof.trusted.certificates import check
from replayproof.classes.cells import closure_dimension
from replayproof.trusted.errors import SolverUnknown
from replayproof.verify.engine import verify_generator

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ["h4", "attack_zero_odd", "chain", "even_odd", "halves", "sep51", "shield"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--horizons", default="6,8,10")
    ap.add_argument("--budget", type=float, default=60.0, help="attack seconds per horizon")
    ap.add_argument("--classes", default=",".join(CLASSES))
    args = ap.parse_args()
    horizons = [int(t) for t in args.horizons.split(",")]
    from replayproof.generators.under_test import UnderTest as Runner
    from replayproof.attack.search import attack
    from replayproof.attack.space import make_game
    from replayproof.generators import resolve
    from replayproof.trusted.kernel import Mode
    print(f"{'class':<16} {'d':>2} {'verify s':>9} {'states':>7}  " + "  ".join(f"{'attack T=' + str(t):>14}" for t in horizons))
    for name in args.classes.split(","):
        source = ROOT / "encodings" / "classes" / f"{name}.toml"
        cls = load(source)
        d = closure_dimension(cls.table) + 1
        t0 = time.perf_counter()
        r = verify_generator(cls, "burn-in:closure", "uniform", {h: d for h in range(cls.n)}, True, source=str(source))
        ok = check(r.certificate).valid
        tv = time.perf_counter() - t0
        cols = []
        for T in horizons:
            if T < d:
                cols.append(f"{'(T<d)':>14}")
                continue
            game = make_game(cls, Mode(replay=True), "uniform", T, d, None, 0)
            runner = Runner(resolve("burn-in:closure", cls, d), cls)
            t1 = time.perf_counter()
            try:
                out = attack(game, runner, timeout=args.budget)
                ta = time.perf_counter() - t1
                cols.append(f"{ta:>7.2f}s x{ta / tv:>5.1f}" + ("!" if out.defeated else ""))
            except SolverUnknown:
                cols.append(f"{'>' + str(int(args.budget)) + 's':>14}")
        print(f"{name:<16} {d:>2} {tv:>8.2f}s {r.states:>7}  " + "  ".join(cols)
              + f"   {r.verdict}{'' if ok else ' (CERTIFICATE INVALID)'}", flush=True)


if __name__ == "__main__":
    main()
