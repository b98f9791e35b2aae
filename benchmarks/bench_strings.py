"""info + decide on a class of 6 regular expressions over a 3-letter alphabet (goal: < 2 s).

Run:  python benchmarks/bench_strings.py [--repeat N]

Times loading the class (regex -> DFA -> product automaton -> exact cells), `info`, and `decide`
with and without replay (solve, certificate, kernel re-check). Baselines, in the same run:
  - the cells of the words up to length 10 by brute force (every word matched against every
    regex with Python's re), which sees only a bounded part of each cell: baseline / (load+info);
  - decide on the same cell table realized in the integers (a class file by cell cardinalities):
    strings / integers shows what the automata layer adds to decide.
"""
from __future__ import annotations

import argparse
import itertools
import re
import statistics
import tempfile
import time
from pathlib import Path

from replayproof.classes.classfile import cells_toml, load
from replayproof.classes.info import class_info
from replayproof.game.decide import run_decide

REGEXES = {
    "has-a": "(a|b|c)*a(a|b|c)*",
    "ab-or-c": "(ab|c)*",
    "sorted": "a*b*c*",
    "ends-c": "(a|b)*c",
    "even-length": "((a|b|c)(a|b|c))*",
    "c-to-b": "c(a|b|c)*b",
}
CLASS = 'name = "six-regexes"\ndomain = "strings"\nalphabet = "abc"\n' + "".join(
    f'\n[[hypothesis]]\nname = "{n}"\nregex = "{r}"\n' for n, r in REGEXES.items())


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def brute_cells(max_len: int = 10) -> dict[frozenset[int], int]:
    """Words up to max_len per signature, by matching every word against every regex."""
    pats = [re.compile(r) for r in REGEXES.values()]
    out: dict[frozenset[int], int] = {}
    for n in range(max_len + 1):
        for t in itertools.product("abc", repeat=n):
            w = "".join(t)
            sig = frozenset(i for i, p in enumerate(pats) if p.fullmatch(w))
            out[sig] = out.get(sig, 0) + 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = Path(tempfile.mkdtemp()) / "six.toml"
    path.write_text(CLASS, encoding="utf-8")
    rows = []
    for _ in range(args.repeat):
        cls, t_load = timed(lambda: load(path))
        info, t_info = timed(lambda: class_info(cls))
        (_, sol_r, _, ok_r), t_dec_r = timed(lambda: run_decide(str(path), True))
        (_, sol_s, _, ok_s), t_dec_s = timed(lambda: run_decide(str(path), False))
        assert ok_r.valid and ok_s.valid
        _, t_brute = timed(brute_cells)
        ints = path.with_name("six_cells.toml")
        ints.write_text(cells_toml("six-cells", cls.table), encoding="utf-8")
        (_, sol_i, _, _), t_int = timed(lambda: run_decide(str(ints), True))
        assert sol_i.verdict == sol_r.verdict
        rows.append((t_load + t_info, t_dec_r, t_dec_s, t_brute, t_int))
    med = [statistics.median(col) for col in zip(*rows)]
    total = med[0] + max(med[1], med[2])
    print(f"class: {len(REGEXES)} regexes over 'abc', {len(cls.table.cells)} non-empty cells, "
          f"{len(cls.automaton.delta)} product states, C(H) = {info['closure_dimension']}")
    print(f"verdicts: with replay {sol_r.verdict}, without replay {sol_s.verdict} (certificates valid)")
    print(f"median of {args.repeat}: load+info {med[0] * 1000:.1f} ms, decide (replay) {med[1] * 1000:.1f} ms, "
          f"decide (no replay) {med[2] * 1000:.1f} ms; info + the slower decide {total:.3f} s (goal < 2 s: "
          f"{'met' if total < 2 else 'MISSED'})")
    print(f"baseline: brute-force cells of the words up to length 10 {med[3] * 1000:.1f} ms; "
          f"baseline / (load+info) = {med[3] / med[0]:.1f}x")
    print(f"baseline: decide (replay) on the same cells realized in the integers {med[4] * 1000:.1f} ms; "
          f"strings / integers = {med[1] / med[4]:.2f}x")


if __name__ == "__main__":
    main()
