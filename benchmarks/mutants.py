"""Mutation testing of the trusted checkers: every hand-written mutant below must be killed.

Run:  python benchmarks/mutants.py [--only NAME]

Each mutant replaces one exact snippet of kernel.py or a checker (it must occur exactly once)
in a temporary copy of the repository, then runs the tests named for it there; the mutant is
killed when they fail. Prints a table and exits 1 if any mutant survives. About a minute.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
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


MUTANTS = [
    Mutant("replay licensed by its own round (answers[:t])", "replayproof/kernel.py",
           "ok, by = licence(cls, self.target, x, [a for a, _ in self.answered], mode)",
           "ok, by = licence(cls, self.target, x, [a for a, _ in self.answered] + [g], mode)",
           (FORGED, "tests/test_kernel.py")),
    Mutant("any earlier answer licenses any input", "replayproof/kernel.py",
           "if (cls.member(g, x) if mode.proper else g == x):", "if True:",
           ("tests/test_kernel.py", FORGED, "tests/test_game.py")),
    Mutant("negative proper answers index the class", "replayproof/kernel.py",
           "        if mode.proper and not 0 <= g < cls.n:\n            continue", "",
           (FORGED,)),
    Mutant("freshness check removed", "replayproof/kernel.py",
           "    if answer in seen:\n        return False", "    if False:\n        return False",
           ("tests/test_kernel.py", FORGED, "tests/test_attack_cli.py")),
    Mutant("off-by-one in the distinct count", "replayproof/kernel.py",
           "Round(t, x, ok, by, g, right, len(seen), why)", "Round(t, x, ok, by, g, right, len(seen) + 1, why)",
           (FORGED, "tests/test_kernel.py")),
    Mutant("trace: 'answer is wrong' check removed", "replayproof/attack/certificate.py",
           "    if r.correct:\n        return _fail(", "    if False:\n        return _fail(", (FORGED,)),
    Mutant("trace: threshold check removed", "replayproof/attack/certificate.py",
           "if d is not None and r.distinct < d:", "if False:", (FORGED,)),
    Mutant("trace: the certificate's bundled flag decides the re-run", "replayproof/attack/certificate.py",
           'gen = registered(spec, cls, cert["burn_in_threshold"])',
           'gen = registered(spec, cls, cert["burn_in_threshold"]) if cert["bundled"] else None', (FORGED,)),
    Mutant("strategy: acyclicity check removed", "replayproof/game/certificate.py",
           "cycle = _cycle(children)", "cycle = []", (FORGED,)),
    Mutant("strategy: unreachable nodes accepted", "replayproof/game/certificate.py",
           "    if unreachable:\n        raise Reject(f\"node", "    if False:\n        raise Reject(f\"node", (FORGED,)),
    Mutant("lower bound: common cells need not be exhausted", "replayproof/threshold/lowerbound.py",
           "        if targets <= sig:", "        if False:", (FORGED, "tests/test_lowerbound.py")),
    Mutant("class: listed cells not compared", "replayproof/certificates/source.py",
           "if actual.get(sig, 0) != sizes.get(sig, 0):", "if False:", (FORGED, "tests/test_lowerbound.py")),
    Mutant("schema: unknown fields accepted", "replayproof/certificates/strict.py",
           "            elif extra is False:", "            elif False:", ("tests/test_check_strict.py",)),
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


def run(m: Mutant, base: Path) -> tuple[bool, float, str]:
    """Apply one mutant to a fresh copy and run its tests: (killed, seconds, first failing test)."""
    work = Path(tempfile.mkdtemp(prefix="mutant_", dir=base))
    for item in COPY:
        src, dst = ROOT / item, work / item
        dst.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
    target = work / m.file
    text = target.read_text()
    if text.count(m.old) != 1:
        raise SystemExit(f"mutant {m.name!r}: the snippet occurs {text.count(m.old)} times in {m.file}")
    target.write_text(text.replace(m.old, m.new))
    env = {**os.environ, "PYTHONPATH": str(work), "PYTHONDONTWRITEBYTECODE": "1"}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow",
                          *m.tests], cwd=work, env=env, capture_output=True, text=True)
    failed = next((ln.split(" ")[1] for ln in out.stdout.splitlines() if ln.startswith("FAILED")), "")
    return out.returncode != 0, time.perf_counter() - t0, failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="run the mutants whose name contains this text")
    args = ap.parse_args()
    chosen = [m for m in MUTANTS if not args.only or args.only in m.name]
    base = Path(tempfile.mkdtemp(prefix="mutants_"))
    survivors = 0
    print(f"{'mutant':<58} {'file':<34} {'result':<9} {'s':>5}  killed by")
    try:
        for m in chosen:
            killed, secs, by = run(m, base)
            survivors += not killed
            print(f"{m.name:<58} {m.file.removeprefix('replayproof/'):<34} {'killed' if killed else 'SURVIVED':<9} "
                  f"{secs:5.1f}  {by}", flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"{len(chosen) - survivors}/{len(chosen)} mutants killed")
    sys.exit(1 if survivors else 0)


if __name__ == "__main__":
    main()
