"""Mutants of the finitely-many checker (replayproof/trusted/certificates/finite_variant.py, variant.py; what
it shares with the replay-variant checker in abstract.py has its rows in mutants_variants.py) and of
the kernel's FINITE rules (`Play.step`'s budget and noise under FINITE, `enumerates`, `repeatable`): one
per guard. Loaded by benchmarks/mutants.py (`python benchmarks/mutants.py --only finitely-many`). Each row
is (name, file, old snippet, new snippet, tests); the test is the forgery of tests/test_finite_guards.py
that breaks exactly that guard. EQUIVALENT rows are guards no certificate can break alone, with the reason.
"""
from __future__ import annotations

V = "replayproof/trusted/certificates/finite_variant.py"
M = "replayproof/trusted/certificates/variant.py"
K = "replayproof/trusted/kernel.py"
G = "tests/test_finite_guards.py::test_guard"


def _t(*names: str) -> tuple[str, ...]:
    return tuple(f"{G}[{n}]" for n in names)


def _off(name: str, file: str, guard: str, test: str, indent: str = "") -> tuple:
    """A mutant that replaces the guard's condition `guard` (a whole `if ...:` line) by `if False:`."""
    return (f"finitely-many: {name}", file, guard, indent + "if False:", _t(test))


MUTANTS = [
    # ---- fields and model (fields, model keys and delay 1: the schema's rows in mutants_variants.py)
    _off("a limit's type not checked", M, "            if not isinstance(value, int) or isinstance(value, bool):",
         "model-type", "            "),
    # a negative limit: one guard shared with the fixed models, its row in mutants_variants.py
    # ---- adversary DAG (abstract.walk, rows in mutants_variants.py)
    # ---- loops
    # a loop without an earlier answer: abstract.walk, row in mutants_variants.py
    _off("loop start state missing", V, "    if node[\"start\"] not in states:", "loop-start-missing", "    "),
    ("finitely-many: loop input illegal for a target in play", V,
     "                if not r.legal:\n                    raise Reject(f\"{here}: input",
     "                if False:\n                    raise Reject(f\"{here}: input", _t("loop-input-illegal")),
    _off("loop input changing counted replays or noise", V, "            if state(ctx, after) != entry:",
         "loop-changes-counted", "            "),
    _off("'stay' names a non-answer", V, "            if key not in ctx.index or ctx.index[key] not in answers:",
         "loop-stay-non-answer", "            "),
    _off("'stay' to a missing loop state", V, "            if to not in states:", "loop-stay-missing-state", "            "),
    _off("a loop state without a transition for an answer", V, "            if ctx.names[a] not in stay:",
         "loop-state-missing-answer", "            "),
    _off("unreachable loop states accepted", V, "    if unreached:", "loop-unreachable-state", "    "),
    ("finitely-many: an escaping set of loop transitions accepted", V, "    if bad:\n        shown",
     "    if False:\n        shown", _t("loop-misses-an-infinite-cell")),
    ("finitely-many: loop rounds not repeatable for the target still count", V,
     "                if not repeatable(ctx.mode, p, nxt):\n                    ok.discard(h)",
     "                if False:\n                    ok.discard(h)", _t("loop-noise-recurs")),
    ("finitely-many: a loop's target need not be good in every state", V,
     "if all(h in good[q] for q in comp) and need <= cells and said & wrong), None)",
     "if need <= cells and said & wrong), None)", _t("loop-noise-recurs")),
    ("finitely-many: a loop's target need not have its infinite cells fed", V,
     "if all(h in good[q] for q in comp) and need <= cells and said & wrong), None)",
     "if all(h in good[q] for q in comp) and said & wrong), None)", _t("loop-misses-an-infinite-cell")),
    ("finitely-many: a loop's target need not be answered wrongly", V,
     "if all(h in good[q] for q in comp) and need <= cells and said & wrong), None)",
     "if all(h in good[q] for q in comp) and need <= cells), None)", _t("loop-no-wrong-answer")),
    _off("a loop's target with finite cells left out beyond the limit", V,
         "        if enumerates(left(ctx, h, seen), ctx.mode):", "loop-finite-cell-never-presented", "        "),
    ("finitely-many: sub-cycles of a won set of loop transitions not explored", V,
     "        for sub in options:\n            found = _escape(", "        for sub in []:\n            found = _escape(",
     _t("loop-sub-cycle-escapes")),
    # ---- generator (the machine, its product and the cycles' check: abstract.py, rows in mutants_variants.py)
    ("finitely-many: no round of the generator's product repeatable", V,
     "                              and repeatable(ctx.mode, base[h], after[h]))",
     "                              and False)", _t("gen-cycle-answers-wrong")),
    # ---- kernel: FINITE and repeatable
    ("finitely-many: kernel reads finitely many replays as budget 0", K,
     "over = ok and mode.budget not in (None, FINITE) and replays > mode.budget",
     "over = ok and mode.budget is not None and replays > (0 if mode.budget == FINITE else mode.budget)",
     _t("kernel-finitely-many-replays")),
    ("finitely-many: kernel reads finitely many noise inputs as noise 0", K,
     "(mode.noise == FINITE or noises < mode.noise)", "(noises < (0 if mode.noise == FINITE else mode.noise))",
     _t("kernel-finitely-many-noise")),
    ("finitely-many: kernel reads finitely many omissions as none", K,
     "    if mode.omit == FINITE:\n        return True", "    if mode.omit == FINITE:\n        return omitted <= 0",
     _t("kernel-finitely-many-omissions")),
    ("finitely-many: kernel: replays repeatable under finitely many", K,
     "(mode.budget is None or after.replays == before.replays)", "(True)", _t("loop-replays-recur")),
    ("finitely-many: kernel: noise repeatable", K, "and after.noises == before.noises", "", _t("loop-noise-recurs")),
]

EQUIVALENT: list = []  # both guards that could not fire are gone (finite_variant._check_loop, abstract.py)
