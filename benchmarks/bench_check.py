"""Check time of proper-limit certificates, new checker against the old one, in the same run.

Run:  python benchmarks/bench_check.py [--sizes 6 8 10 12] [--old-max 8]
      (from the repository root; prefix PYTHONPATH=. if `replayproof` is installed from another checkout)

Class: the generalised triangle family h_i = `x <= 0 or (x in 1..N and x != i)`, i = 1..N, whose
adversary certificates grow fast with N. For each N it builds the certificate once (z3 cells,
solve, build) and times: the new checker in-process (reusing the loaded class's cells, as
`decide` does), the new checker on the written file (`replayproof check`: strict read, cells
re-derived by the periodicity scan), and the old checker (benchmarks/_baseline_game_check.py,
jsonschema + networkx + re-judging every loop from the root; z3 reload) up to --old-max.
Ratios are old / new on the sizes both ran.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from replayproof.trusted.certificates import check, read  # noqa: E402

from replayproof.output import write
from replayproof.classes.classfile import load  # noqa: E402
from replayproof.game.build import certificate  # noqa: E402
from replayproof.game.solve import solve  # noqa: E402

FAMILY = '''name = "triangle{N}"
[[hypothesis]]
name = "h{{i}}"
params = {{i = "1..{N}"}}
predicate = "x <= 0 or (x in 1..{N} and x != i)"
'''


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[6, 8, 10, 12])
    ap.add_argument("--old-max", type=int, default=8, help="largest N to run the old checker on (it is slow)")
    args = ap.parse_args()
    import _baseline_game_check as old
    tmp = Path(tempfile.mkdtemp(prefix="bench_check_"))
    print(f"{'N':>3} {'nodes':>6} {'build s':>8} {'new in-proc s':>14} {'new file s':>11} {'old s':>8} {'old/new':>8}")
    for n in args.sizes:
        src = tmp / f"tri{n}.toml"
        src.write_text(FAMILY.format(N=n))
        t_build, (cls, cert) = timed(lambda: (lambda c: (c, certificate(c, solve(c.table, True), str(src))))(load(src)))
        t_new, res = timed(lambda: check(cert, cls=cls))
        assert res.valid, res.message
        path = tmp / f"tri{n}.json"
        write(cert, path)
        t_file, res = timed(lambda: check(read(path)))
        assert res.valid, res.message
        size = len(cert.get("nodes") or cert.get("states"))
        if n <= args.old_max:
            t_old, res = timed(lambda: old.check(cert))
            assert res.valid, res.message
            old_s, ratio = f"{t_old:8.2f}", f"{t_old / t_new:7.1f}x"
        else:
            old_s, ratio = f"{'-':>8}", f"{'-':>8}"
        print(f"{n:>3} {size:>6} {t_build:8.2f} {t_new:14.2f} {t_file:11.2f} {old_s} {ratio}", flush=True)


if __name__ == "__main__":
    main()
