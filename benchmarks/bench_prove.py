"""prove: seconds per class (goal < 10 s), on every bundled class both ways and on the 23 size-3/4 separations.

Run:  python benchmarks/bench_prove.py [--part bundled|sweep|size|all]

Each row is one `prove CLASS --check` as the command runs it (load the class, write the file, coqc on
the file and on the audit file, coqchk), in a fresh process so the bundled development is compiled
each time, as a user's command does. Wall seconds are what a user waits; CPU seconds (this process
and its coqc/coqchk children) are what the proof costs, and are stable on a busy machine. The
baseline, measured in the same run, is compiling the bundled development alone (Replay.v,
Concrete.v, Cells.v): a row's ratio is its wall time over the baseline's.

Part "sweep" proves the separation (both halves) for the classes replay separates among the sweep
classes of size 3 (cells 0/1/inf, 6 classes) and size 4 (cells 0/inf, 17), realized in the integers
with period arithmetic (classfile.realized_class). Part "size" counts the lines of the Coq
development: definitions, statements of lemmas and theorems, proofs, comments.
"""
from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ROOT / "encodings" / "classes"
GOAL = 10.0


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed_command(args: list[str]) -> tuple[float, float, int, str]:
    """Wall and CPU seconds of one command (with its children), its exit code and first output line."""
    cpu0, t0 = _cpu(), time.perf_counter()
    res = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
    return wall, cpu, res.returncode, (res.stdout + res.stderr).strip().split("\n")[0]


def baseline() -> tuple[float, float]:
    """Compiling the development alone, in a scratch directory (what every prove run pays first)."""
    code = ("from replayproof.prove.coqc import _compiled_library, coqc_binary; "
            "assert _compiled_library(coqc_binary())[1].ok")
    wall, cpu, rc, out = timed_command([sys.executable, "-c", code])
    assert rc == 0, out
    return wall, cpu


def prove_row(label: str, path: Path, extra: list[str], base: tuple[float, float]) -> tuple[float, float]:
    """One prove --check run: (wall, cpu) seconds, or (inf, inf) when it did not print 'proved'."""
    wall, cpu, rc, out = timed_command([sys.executable, "-m", "replayproof", "prove", str(path), "--check", *extra])
    claim = re.search(r"Print Assumptions (\w+)", out)
    ok = rc == 0 and out.startswith("proved")
    print(f"  {label:<34} {claim.group(1) if claim and ok else 'FAILED':<24} {wall:6.1f} s wall {cpu:5.1f} s cpu"
          f"  {wall / base[0]:4.1f}x / {cpu / base[1]:3.1f}x baseline{'' if ok else '  ' + out[:120]}")
    return (wall, cpu) if ok else (float("inf"), float("inf"))


def bundled(base: tuple[float, float]) -> list[tuple[float, float]]:
    print("every bundled class, with replay (separation or generatability) and without (--no-replay):")
    times = []
    for path in sorted(CLASSES.glob("*.toml")):
        for extra in ([], ["--no-replay"]):
            times.append(prove_row(f"{path.stem} {' '.join(extra) or '(replay)'}", path, extra, base))
    return times


def separations() -> list[tuple[str, object]]:
    """The sweep classes replay separates: size 3 over cells 0/1/inf and size 4 over cells 0/inf."""
    from replayproof.trusted.classes import cells as C
    from replayproof.classes.criterion import criterion
    from replayproof.sweep.enumerate import enumerate_classes
    out = []
    for n, cards in ((3, (0, 1, C.INF)), (4, (0, C.INF))):
        for sc in enumerate_classes(n, cards):
            if not criterion(sc.table).generatable:
                out.append((f"size {n} code {sc.code}", sc.table))
    return out


def sweep(base: tuple[float, float]) -> list[tuple[float, float]]:
    from replayproof.classes.classfile import cells_toml
    classes = separations()
    print(f"the {len(classes)} sweep classes replay separates (size 3 cells 0/1/inf, size 4 cells 0/inf), separation:")
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, table in classes:
            path = Path(tmp) / f"{label.replace(' ', '_')}.toml"
            path.write_text(cells_toml(label.replace(" ", "_"), table))
            times.append(prove_row(label, path, [], base))
    return times


def coq_size() -> None:
    """Lines of the development by kind: definitions, lemma/theorem statements, proofs, comments."""
    from replayproof.prove.coqc import development_dir
    print("size of the Coq development (lines):")
    print(f"  {'file':<16} {'definitions':>11} {'statements':>10} {'proofs':>7} {'comments':>8} "
          f"{'lemmas':>6} {'total':>6}")
    totals = [0] * 6
    for path in sorted(development_dir().glob("*.v")):
        counts = [0, 0, 0, 0]  # definitions, statements, proofs, comments
        lemmas, mode, depth = 0, None, 0
        for line in path.read_text().splitlines():
            s = line.strip()
            if not s:
                continue
            if depth or s.startswith("(*"):
                depth += s.count("(*") - s.count("*)")
                counts[3] += 1
                continue
            if re.match(r"(Lemma|Theorem|Example|Corollary)\b", s):
                mode, lemmas = 1, lemmas + 1
            elif re.match(r"(Definition|Fixpoint|Variable|Hypothesis|Ltac|Section|End|From|Import)\b", s):
                mode = 0
            elif s.startswith("Proof"):
                mode = 2
            counts[mode if mode is not None else 0] += 1
            if mode == 2 and re.search(r"\b(Qed|Defined)\.\s*$", s):
                mode = None
        row = counts + [lemmas, sum(counts)]
        totals = [a + b for a, b in zip(totals, row)]
        print(f"  {path.name:<16} {row[0]:>11} {row[1]:>10} {row[2]:>7} {row[3]:>8} {row[4]:>6} {row[5]:>6}")
    print(f"  {'total':<16} {totals[0]:>11} {totals[1]:>10} {totals[2]:>7} {totals[3]:>8} {totals[4]:>6} {totals[5]:>6}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["bundled", "sweep", "size", "all"], default="all")
    args = ap.parse_args()
    if args.part in ("size", "all"):
        coq_size()
    if args.part == "size":
        return
    base = baseline()
    print(f"baseline: compiling the development alone {base[0]:.1f} s wall, {base[1]:.1f} s cpu "
          "(ratios below: wall / cpu over the baseline's)")
    times = []
    if args.part in ("bundled", "all"):
        times += bundled(base)
    if args.part in ("sweep", "all"):
        times += sweep(base)
    done = [t for t in times if t[0] != float("inf")]
    wall = max((w for w, _ in done), default=0.0)
    cpu = max((c for _, c in done), default=0.0)
    print(f"{len(done)}/{len(times)} proved; slowest {wall:.1f} s wall ({wall / base[0]:.1f}x baseline), "
          f"{cpu:.1f} s cpu ({cpu / base[1]:.1f}x); under the {GOAL:g} s goal: {sum(w < GOAL for w, _ in done)} "
          f"by wall, {sum(c < GOAL for _, c in done)} by cpu")

if __name__ == "__main__":
    main()
