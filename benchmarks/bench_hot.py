"""Hot paths before/after (issue 17): start-up, decide's solve + build, attack no-defeat.

Run:  python benchmarks/bench_hot.py [--only startup,decide,attack] [--attack-horizons 8,9,10]
                                     [--baseline COMMIT] [--timeout SECONDS] [--check]

The baseline is the code before this work, taken from git (`--baseline`, default b9a14ad) into a
temporary directory; every figure runs in a fresh subprocess with either tree first on
PYTHONPATH, on the same machine in the same run, and the ratio is baseline / current.

* start-up: `import replayproof.cli` and `python -m replayproof --help` (median of 5).
* decide, proper-limit with replay, N = 10 and 12: the generalised triangle h_i = x<=0 or
  (x in 1..N and x != i), the same with infinite cells (x<=0 or (x>=1 and x % N != i-1): one
  game, cells given by cardinalities), and random classes (tests/test_game_diff.random_table with
  at most N cells, seeds 0..2; the worst is shown). Solve and certificate build are timed
  separately; --check also times the kernel re-check of the current certificate (the `sound`
  branch's work, minutes at N = 12 before it).
* attack: burn-in:closure on attack_zero_odd.toml, threshold 2, with replay (never defeated, so
  every round is refuted), per horizon; a run past --timeout is shown as >timeout.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DRIVER = r'''
import json, random, sys, time
sys.setrecursionlimit(10000)
job = json.loads(sys.argv[1])
root = job["root"]
if job["kind"] == "decide":
    sys.path.insert(0, root + "/tests")
    from replayproof.trusted.classes.cells import INF, make_table
    from replayproof.classes.classfile import realized_class
    from replayproof.game.build import certificate
    from replayproof.game.solve import solve
    n, fam = job["n"], job["family"]
    if fam == "random":
        from test_game_diff import random_table
        table = random_table(random.Random(job["seed"]), n, n)
    else:
        size = 1 if fam == "triangle" else INF
        sizes = {frozenset(range(n)): INF, **{frozenset(set(range(n)) - {j}): size for j in range(n)}}
        table = make_table([f"h{i}" for i in range(n)], sizes)
    cls = realized_class("bench", table)
    t0 = time.perf_counter(); sol = solve(table, True); t1 = time.perf_counter()
    cert = certificate(cls, sol, None); t2 = time.perf_counter()
    out = {"verdict": sol.verdict, "solve": t1 - t0, "build": t2 - t1,
           "nodes": len(cert.get("nodes", cert.get("states", [])))}
    if job.get("check"):
        from replayproof.trusted.certificates import check
        t3 = time.perf_counter(); ok = check(cert).valid; out["check"] = time.perf_counter() - t3; out["valid"] = ok
    print(json.dumps(out))
elif job["kind"] == "attack":
    from replayproof import load
    from replayproof.generators.under_test import UnderTest as Runner
    from replayproof.attack.search import attack
    from replayproof.attack.space import make_game
    from replayproof.generators import resolve
    from replayproof.trusted.kernel import Mode
    cls = load(root + "/encodings/classes/attack_zero_odd.toml")
    game = make_game(cls, Mode(replay=True), "uniform", job["T"], 2, None, 0)
    from replayproof.trusted.errors import SolverUnknown
    t0 = time.perf_counter()
    try:
        out = attack(game, Runner(resolve("burn-in:closure", cls, 2), cls), timeout=job["timeout"])
    except SolverUnknown:  # the search's own time budget ran out
        print(json.dumps(None))
    else:
        print(json.dumps({"defeated": out.defeated, "seconds": time.perf_counter() - t0}))
'''


def baseline_tree(commit: str, into: Path) -> Path:
    """The package, tests and encodings at `commit`, unpacked under `into`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "replayproof", "tests", "encodings"],
                             capture_output=True, check=True).stdout
    tar = into / "base.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(into / "base")
    return into / "base"


def run_in(tree: Path, args: list[str], timeout: float | None = None) -> tuple[str, float]:
    """Run python with `tree` first on the path; (stdout, wall seconds); raises TimeoutExpired."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True,
                         timeout=timeout, check=True)
    return out.stdout, time.perf_counter() - t0


def job(tree: Path, spec: dict, timeout: float | None) -> dict | None:
    try:
        out, _ = run_in(tree, ["-c", DRIVER, json.dumps({**spec, "root": str(tree)})], timeout)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.strip().splitlines()[-1])


def ratio(old: float | None, new: float | None) -> str:
    return f"{old / new:7.1f}x" if old and new else f"{'-':>8}"


def fmt(v: float | None) -> str:
    return f"{v:8.3f}" if v is not None else f"{'>timeout':>8}"


def startup(base: Path) -> None:
    print("\nstart-up (median of 5 runs, seconds)")
    print(f"{'command':<34} {'before':>8} {'after':>8} {'ratio':>8}")
    for label, args in (("import replayproof.cli", ["-c", "import replayproof.cli"]),
                        ("python -m replayproof --help", ["-m", "replayproof", "--help"]),
                        ("python -c pass (interpreter alone)", ["-c", "pass"])):
        old = statistics.median(run_in(base, args)[1] for _ in range(5))
        new = statistics.median(run_in(ROOT, args)[1] for _ in range(5))
        print(f"{label:<34} {old:8.3f} {new:8.3f} {ratio(old, new)}", flush=True)


def decide(base: Path, timeout: float, check: bool) -> None:
    print("\ndecide, proper-limit with replay: solve and certificate build (seconds; random: worst of 3 seeds)")
    print(f"{'family':<14} {'N':>3} {'verdict':<16} {'nodes':>6} {'solve bef':>9} {'solve aft':>9} {'ratio':>8}"
          f" {'build bef':>9} {'build aft':>9} {'ratio':>8} {'s+b aft':>8}" + (f" {'check aft':>9}" if check else ""))
    for n in (10, 12):
        for fam in ("triangle", "inf-triangle", "random"):
            seeds = (0, 1, 2) if fam == "random" else (0,)
            rows = []
            for seed in seeds:
                spec = {"kind": "decide", "family": fam, "n": n, "seed": seed}
                new = job(ROOT, {**spec, "check": check}, timeout)
                old = job(base, spec, timeout)
                rows.append((old, new))
            worst = max(rows, key=lambda r: r[1]["solve"] + r[1]["build"] if r[1] else float("inf"))
            old, new = worst
            get = (lambda r, k: r[k] if r else None)
            s_b = new["solve"] + new["build"] if new else None
            line = (f"{fam:<14} {n:>3} {get(new, 'verdict') or '?':<16} {get(new, 'nodes') or 0:>6}"
                    f" {fmt(get(old, 'solve')):>9} {fmt(get(new, 'solve')):>9} {ratio(get(old, 'solve'), get(new, 'solve'))}"
                    f" {fmt(get(old, 'build')):>9} {fmt(get(new, 'build')):>9} {ratio(get(old, 'build'), get(new, 'build'))}"
                    f" {fmt(s_b)}")
            if check:
                line += f" {fmt(get(new, 'check')):>9}"
            print(line, flush=True)


def attack(base: Path, horizons: list[int], timeout: float) -> None:
    print("\nattack burn-in:closure on attack_zero_odd, d = 2, with replay (not defeated; seconds)")
    print(f"{'T':>3} {'before':>8} {'after':>8} {'ratio':>8}")
    for T in horizons:
        spec = {"kind": "attack", "T": T, "timeout": timeout}
        new = job(ROOT, spec, timeout + 30)
        old = job(base, spec, timeout + 30)
        for r in (old, new):
            assert r is None or not r["defeated"], "burn-in:closure must not be defeated"
        print(f"{T:>3} {fmt(old and old['seconds'])} {fmt(new and new['seconds'])} "
              f"{ratio(old and old['seconds'], new and new['seconds'])}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="startup,decide,attack")
    ap.add_argument("--baseline", default="b9a14ad", help="git commit of the code before (default b9a14ad)")
    ap.add_argument("--attack-horizons", default="8,9,10")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per run before it counts as >timeout")
    ap.add_argument("--check", action="store_true", help="also time the kernel re-check of the current certificate")
    args = ap.parse_args()
    parts = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline_tree(args.baseline, Path(tmp))
        print(f"baseline: {args.baseline} (git archive); current: {ROOT}")
        if "startup" in parts:
            startup(base)
        if "decide" in parts:
            decide(base, args.timeout, args.check)
        if "attack" in parts:
            attack(base, [int(t) for t in args.attack_horizons.split(",")], args.timeout)


if __name__ == "__main__":
    main()
