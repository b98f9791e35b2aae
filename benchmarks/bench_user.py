"""User generator code in its own process (issue 22): the cost per call and per run, as ratios.

Run:  python benchmarks/bench_user.py [--calls 20000]

Baseline, measured in the same run: the same function imported into this process and called
directly through the attack's Runner (how user code ran before). Current: the Runner calling
the worker process (replayproof/generators/process.py). Figures:

* per call: distinct observed tuples (no cache hits), median of 3 runs, microseconds, and the
  ratio current / baseline;
* start-up: resolve() of a file.py:function (process start + import), milliseconds;
* whole runs: `attack` with user code (cegar) and `verify` of user code (learning), wall clock
  of the engine call in this process (worker start-up included), median of 3 interleaved runs
  after a warm-up, current / baseline.
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replayproof.generators.under_test import UnderTest as Runner  # noqa: E402
from replayproof.classes.classfile import load  # noqa: E402
from replayproof.trusted.generators.base import Generator  # noqa: E402
from replayproof.generators.resolve import AUTO  # noqa: E402
from replayproof.generators.resolve import resolve  # noqa: E402

USER = ROOT / "tests" / "attack_user" / "gens.py"
EO = ROOT / "encodings" / "classes" / "even_odd.toml"


def in_process(name: str) -> Generator:
    """The baseline: the user's function in this process (the old resolve)."""
    spec = importlib.util.spec_from_file_location("_bench_user", USER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Generator(f"{USER}:{name}", AUTO, getattr(module, name))


def per_call(gen: Generator, cls, calls: int) -> float:
    runner = Runner(gen, cls)
    start = time.perf_counter()
    for i in range(calls):
        runner.answer((2 * i, 2 * i + 2))
    return (time.perf_counter() - start) / calls * 1e6


def engine_run(make, what: str) -> float:
    cls = load(EO)
    start = time.perf_counter()
    if what == "attack":
        from replayproof.attack.search import attack
        from replayproof.attack.space import make_game
        from replayproof.trusted.kernel import Mode
        game = make_game(cls, Mode(replay=True), "uniform", 4, 2, None, 0)
        attack(game, Runner(make(), cls), 120.0, symbolic=False)
    else:
        from replayproof.verify.learn import learn_and_verify
        runner = Runner(make(), cls)
        learn_and_verify(cls, "bench", runner.call, False, "uniform", {0: 2, 1: 2}, True, source=None,
                         horizon=5, max_states=200, deadline=time.monotonic() + 300)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--calls", type=int, default=20000)
    args = ap.parse_args()
    cls = load(EO)
    base = statistics.median(per_call(in_process("same_parity"), cls, args.calls) for _ in range(3))
    cur = statistics.median(per_call(resolve(f"{USER}:same_parity", cls), cls, args.calls) for _ in range(3))
    print(f"per call ({args.calls} distinct calls, same_parity): in process {base:.2f} us, "
          f"worker process {cur:.2f} us, ratio {cur / base:.1f}x")
    starts = []
    for _ in range(5):
        t = time.perf_counter()
        g = resolve(f"{USER}:same_parity", cls)
        starts.append((time.perf_counter() - t) * 1000)
        g.process.close()
    print(f"start-up of the worker (resolve, median of 5): {statistics.median(starts):.0f} ms")
    for what in ("attack", "verify"):
        engine_run(lambda: in_process("same_parity"), what)  # warm-up (z3, imports), not counted
        bs, cs = [], []
        for _ in range(3):  # interleaved, so machine load hits both alike
            bs.append(engine_run(lambda: in_process("same_parity"), what))
            cs.append(engine_run(lambda: resolve(f"{USER}:same_parity", cls), what))
        b, c = statistics.median(bs), statistics.median(cs)
        label = "attack, horizon 4, cegar" if what == "attack" else "verify (learning, horizon 5)"
        print(f"{label}: in process {b:.3f} s, worker process {c:.3f} s, ratio {c / b:.2f}x")


if __name__ == "__main__":
    main()
