"""The size of what `replayproof check` trusts: lines of every replayproof module it imports while
checking the committed certificates, by package. `python benchmarks/trusted_lines.py [REPO]`
(default: this repository; give an unpacked older tree to compare, issue 26)."""
from __future__ import annotations

import contextlib
import glob
import io
import os
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)
from replayproof.trusted.certificates.cli import check  # noqa: E402

with contextlib.redirect_stdout(io.StringIO()):
    for cert in sorted(glob.glob(os.path.join(ROOT, "counterexamples", "*.json"))):
        with contextlib.suppress(SystemExit):
            check.main([cert], standalone_mode=False)
by: dict[str, list[tuple[str, int]]] = {}
for name, mod in sorted(sys.modules.items()):
    if name.split(".")[0] == "replayproof":
        with open(mod.__file__, encoding="utf-8") as f:
            by.setdefault(name.split(".")[1] if "." in name else "(init)", []).append((name, len(f.read().splitlines())))
total = 0
for pkg, mods in by.items():
    lines = sum(n for _, n in mods)
    total += lines
    print(f"{pkg:13s}{lines:6d}  " + ", ".join(f"{m.rsplit('.', 1)[-1]} {n}" for m, n in mods))
print(f"total {total} lines in {sum(map(len, by.values()))} modules")
