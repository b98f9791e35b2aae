"""Mutation testing of the trusted checkers: every hand-written mutant below must be killed.

Run:  python benchmarks/mutants.py [--only NAME] [--jobs 2]

Each mutant replaces one exact snippet of kernel.py or a checker (it must occur exactly once)
in a temporary copy of the repository, then runs the tests named for it there; the mutant is
killed when they fail. Besides the list below, every benchmarks/mutants_*.py that defines
`MUTANTS` (a list of plain tuples: name, file, old snippet, new snippet, tests) is loaded, and
its optional `EQUIVALENT` (name, file, old, new, reason) lists mutants that cannot change any
verdict: their snippet is checked, they are not run, and the table gives the reason. Mutants
run two at a time by default. Prints a table (mutant, result, seconds) and exits 1 if any
mutant survives. A few minutes.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ["replayproof", "tests", "counterexamples", "encodings", "docs/schema", "pyproject.toml"]
FORGED = "tests/test_check_forged.py"
PROVE = "tests/test_prove.py"


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]
    equivalent: str = ""  # why the mutant cannot change a verdict (then it is not run)


MUTANTS = [
    Mutant("replay licensed by its own round (answers[:t])", "replayproof/trusted/kernel.py",
           "ok, by = licence(cls, self.target, x, [a for a, _ in self.answered], mode)",
           "ok, by = licence(cls, self.target, x, [a for a, _ in self.answered] + [g], mode)",
           (FORGED, "tests/test_kernel.py")),
    Mutant("any earlier answer licenses any input", "replayproof/trusted/kernel.py",
           "if (cls.member(g, x) if mode.proper else g == x):", "if True:",
           ("tests/test_kernel.py", FORGED, "tests/test_game.py")),
    Mutant("negative proper answers index the class", "replayproof/trusted/kernel.py",
           "        if mode.proper and not 0 <= g < cls.n:\n            continue", "",
           (FORGED,)),
    Mutant("freshness check removed", "replayproof/trusted/kernel.py",
           "    if answer in seen:\n        return False", "    if False:\n        return False",
           ("tests/test_kernel.py", FORGED, "tests/test_attack_cli.py")),
    Mutant("off-by-one in the distinct count", "replayproof/trusted/kernel.py",
           "Round(t, x, ok, by, g, right, len(seen), why)", "Round(t, x, ok, by, g, right, len(seen) + 1, why)",
           (FORGED, "tests/test_kernel.py")),
    Mutant("trace: 'answer is wrong' check removed", "replayproof/trusted/certificates/trace.py",
           "    if r.correct:\n        raise Reject(", "    if False:\n        raise Reject(", (FORGED,)),
    Mutant("trace: threshold check removed", "replayproof/trusted/certificates/trace.py",
           "if d is not None and r.distinct < d:", "if False:", (FORGED,)),
    Mutant("trace: the certificate's bundled flag decides the re-run", "replayproof/trusted/certificates/trace.py",
           'gen = registered(spec, cls, cert["burn_in_threshold"])',
           'gen = registered(spec, cls, cert["burn_in_threshold"]) if cert["bundled"] else None', (FORGED,)),
    # common.settled: the adversary DAG of the proper-limit, replay-variant and finitely-many checkers
    Mutant("adversary DAG: acyclicity check removed", "replayproof/trusted/certificates/common.py",
           "loop = cycle(children)", "loop = []",
           (FORGED, "tests/test_variant_guards.py::test_guard[adv-cycle]", "tests/test_finite_guards.py::test_guard[adv-cycle]")),
    Mutant("adversary DAG: unreachable nodes accepted", "replayproof/trusted/certificates/common.py",
           "    if unreachable:\n        raise Reject(f\"node", "    if False:\n        raise Reject(f\"node",
           (FORGED, "tests/test_variant_guards.py::test_guard[adv-unreachable]",
            "tests/test_finite_guards.py::test_guard[adv-unreachable]")),
    Mutant("lower bound: common cells need not be exhausted", "replayproof/trusted/certificates/lowerbound.py",
           "        if targets <= sig:", "        if False:", (FORGED, "tests/test_lowerbound.py")),
    Mutant("class: listed cells not compared", "replayproof/trusted/certificates/source.py",
           "if actual.get(sig, 0) != sizes.get(sig, 0):", "if False:", (FORGED, "tests/test_lowerbound.py")),
    Mutant("schema: unknown fields accepted", "replayproof/trusted/certificates/strict.py",
           "            elif extra is False:", "            elif False:", ("tests/test_check_strict.py",)),
    Mutant("schema: maximum ignored (unroll 10^9 accepted)", "replayproof/trusted/certificates/strict.py",
           "if _number(value) and value > high:", "if False:",
           ("tests/test_hostile.py::test_strict_reader_enforces_maximum_and_max_items",)),
    Mutant("schema: maxItems ignored", "replayproof/trusted/certificates/strict.py",
           "if most is not None and len(value) > most:", "if False:",
           ("tests/test_hostile.py::test_strict_reader_enforces_maximum_and_max_items",)),
    Mutant("prove: the file's class line not compared", "replayproof/prove/compare.py",
           "    if found.group(0) != class_line(cls):", "    if False:", (PROVE,)),
    Mutant("prove: the file's N not compared", "replayproof/prove/compare.py",
           "    if ns[0].strip() != str(cls.n):", "    if False:", (PROVE,)),
    Mutant("prove: the file's predicates not compared", "replayproof/prove/compare.py",
           "        if _squash(stated[i]) != _squash(want):", "        if False:", (PROVE,)),
    Mutant("prove: the file's theorem statement not compared", "replayproof/prove/compare.py",
           "    if got != want:", "    if False:", (PROVE,)),
    Mutant("prove: Print Assumptions of the theorem ignored", "replayproof/prove/run.py",
           "    closed = result.assumptions == frozenset()", "    closed = True", (PROVE,)),
    Mutant("prove: coqchk's axioms ignored", "replayproof/prove/run.py",
           '    checked = chk == "coqchk: no axioms"', "    checked = True", (PROVE,)),
    Mutant("prove: 'Closed under the global context' read anywhere", "replayproof/prove/coqc.py",
           "    if text == CLOSED:", "    if CLOSED in text:",
           ("tests/test_coq.py::test_assumptions_are_read_from_the_named_theorem_only",)),
]


def _plain(row: object, where: str, last: str) -> tuple:
    """One row of a mutants_*.py list: a tuple of four strings and a tuple of test ids (or a reason)."""
    ok = isinstance(row, tuple) and len(row) == 5 and all(isinstance(v, str) for v in row[:4])
    if ok and last == "tests":
        ok = isinstance(row[4], tuple) and bool(row[4]) and all(isinstance(v, str) for v in row[4])
    elif ok:
        ok = isinstance(row[4], str) and bool(row[4])
    if not ok:
        raise SystemExit(f"{where}: expected (name, file, old, new, {last}), got {row!r:.120}")
    return row


def load_extra(folder: Path = Path(__file__).resolve().parent) -> list[Mutant]:
    """The mutants of every benchmarks/mutants_*.py (none when there is no such file)."""
    out: list[Mutant] = []
    for path in sorted(folder.glob("mutants_*.py")):
        spec = importlib.util.spec_from_file_location(f"_mutants_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rows = getattr(module, "MUTANTS", None)
        if not isinstance(rows, list):
            raise SystemExit(f"{path.name}: defines no MUTANTS list")
        for k, row in enumerate(rows):
            name, file, old, new, tests = _plain(row, f"{path.name}: MUTANTS[{k}]", "tests")
            out.append(Mutant(name, file, old, new, tests))
        for k, row in enumerate(getattr(module, "EQUIVALENT", [])):
            if isinstance(row, tuple) and len(row) == 2 and all(isinstance(v, str) for v in row):
                out.append(Mutant(row[0], "", "", "", (), row[1]))  # guards with no single snippet: reason only
                continue
            name, file, old, new, why = _plain(row, f"{path.name}: EQUIVALENT[{k}]", "reason")
            out.append(Mutant(name, file, old, new, (), why))
    return out


def all_mutants() -> list[Mutant]:
    mutants = MUTANTS + load_extra()
    names = [m.name for m in mutants]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SystemExit(f"mutant names used twice: {twice}")
    for m in mutants:
        if not m.file:
            continue
        text = (ROOT / m.file).read_text()
        if text.count(m.old) != 1:
            raise SystemExit(f"mutant {m.name!r}: the snippet occurs {text.count(m.old)} times in {m.file}")
    return mutants


def run(m: Mutant, base: Path) -> tuple[bool, float, str]:
    """Apply one mutant to a fresh copy and run its tests: (killed, seconds, first failing test)."""
    work = Path(tempfile.mkdtemp(prefix="mutant_", dir=base))
    for item in COPY:
        src, dst = ROOT / item, work / item
        dst.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
    target = work / m.file
    text = target.read_text()
    target.write_text(text.replace(m.old, m.new))
    env = {**os.environ, "PYTHONPATH": str(work), "PYTHONDONTWRITEBYTECODE": "1"}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow",
                          *m.tests], cwd=work, env=env, capture_output=True, text=True)
    failed = next((ln.split(" ")[1] for ln in out.stdout.splitlines() if ln.startswith("FAILED")), "")
    if out.returncode in (4, 5):  # a bad test id, or every named test deselected: nothing ran, no kill
        return False, time.perf_counter() - t0, f"pytest exit {out.returncode}: {out.stdout.strip()[-200:]}"
    shutil.rmtree(work, ignore_errors=True)
    return out.returncode != 0, time.perf_counter() - t0, failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="run the mutants whose name contains this text")
    ap.add_argument("--jobs", type=int, default=2, help="mutants run at the same time (default 2)")
    args = ap.parse_args()
    chosen = [m for m in all_mutants() if not args.only or args.only in m.name]
    live = [m for m in chosen if not m.equivalent]
    base = Path(tempfile.mkdtemp(prefix="mutants_"))
    survivors = 0
    print(f"{'mutant':<64} {'file':<34} {'result':<10} {'s':>5}  killed by / why equivalent")
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = pool.map(lambda m: run(m, base), live)
            for m in chosen:
                if m.equivalent:
                    killed, secs, by, word = True, 0.0, m.equivalent, "equivalent"
                else:
                    killed, secs, by = next(results)
                    word = "killed" if killed else "SURVIVED"
                survivors += not killed
                print(f"{m.name:<64} {m.file.removeprefix('replayproof/'):<34} {word:<10} {secs:5.1f}  {by}",
                      flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"{len(live) - survivors}/{len(live)} mutants killed, {len(chosen) - len(live)} equivalent (not run)")
    sys.exit(1 if survivors else 0)


if __name__ == "__main__":
    main()
