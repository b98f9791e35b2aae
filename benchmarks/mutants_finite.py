"""Mutants of the finitely-many checker (replayproof/trusted/certificates/finite_variant.py, finite_model.py) and of
the kernel's FINITE rules (`Play.step`'s budget and noise under FINITE, `enumerates`, `repeatable`): one
per guard. Loaded by benchmarks/mutants.py (`python benchmarks/mutants.py --only finitely-many`). Each row
is (name, file, old snippet, new snippet, tests); the test is the forgery of tests/test_finite_guards.py
that breaks exactly that guard. EQUIVALENT rows are guards no certificate can break alone, with the reason.
"""
from __future__ import annotations

V = "replayproof/trusted/certificates/finite_variant.py"
M = "replayproof/trusted/certificates/finite_model.py"
K = "replayproof/trusted/kernel.py"
G = "tests/test_finite_guards.py::test_guard"


def _t(*names: str) -> tuple[str, ...]:
    return tuple(f"{G}[{n}]" for n in names)


def _off(name: str, file: str, guard: str, test: str, indent: str = "") -> tuple:
    """A mutant that replaces the guard's condition `guard` (a whole `if ...:` line) by `if False:`."""
    return (f"finitely-many: {name}", file, guard, indent + "if False:", _t(test))


MUTANTS = [
    # ---- fields and model
    ("finitely-many: missing fields accepted", V, "        if key not in cert:\n            raise Reject(f\"missing field",
     "        if False:\n            raise Reject(f\"missing field", _t("fields-missing")),
    _off("field types not checked", V, "        if not isinstance(cert[key], typ):", "fields-type", "        "),
    ("finitely-many: unknown fields accepted", V, "    if extra:\n        raise Reject(f\"unknown field",
     "    if False:\n        raise Reject(f\"unknown field", _t("fields-unknown")),
    _off("format and notion not checked", V, "    if cert[\"format\"] != 1 or cert[\"notion\"] != \"proper-limit\":",
         "fields-format", "    "),
    _off("any verdict word accepted", V, "    if cert[\"verdict\"] != verdict:", "fields-verdict", "    "),
    ("finitely-many: model keys not checked", M,
     "if not isinstance(data, dict) or set(data) != {\"replay_budget\", \"replay_delay\", \"noise\", \"omit\"}:",
     "if not isinstance(data, dict):", _t("model-keys")),
    _off("a delay other than 1 accepted", M,
         "        if data[\"replay_delay\"] != 1 or isinstance(data[\"replay_delay\"], bool):", "model-delay", "        "),
    _off("a limit's type not checked", M, "            if not isinstance(value, int) or isinstance(value, bool):",
         "model-type", "            "),
    _off("a negative limit accepted", M, "            if value < 0:", "model-negative", "            "),
    # ---- adversary DAG
    _off("missing root", V, "    if root not in nodes:", "adv-missing-root", "    "),
    _off("missing successor node", V, "        if nid not in nodes:", "adv-missing-successor", "        "),
    _off("same node from two parents in different states", V, "            if abstract[nid] != got:",
         "adv-two-states", "            "),
    ("finitely-many: counted replays left out of the abstract state", V,
     "used = tuple(-1 if p is None else (p.replays if fixed_r else 0, p.noises if fixed_z else 0) for p in plays)",
     "used = tuple(-1 if p is None else (0, p.noises if fixed_z else 0) for p in plays)", _t("adv-state-replays")),
    ("finitely-many: counted noise left out of the abstract state", V,
     "used = tuple(-1 if p is None else (p.replays if fixed_r else 0, p.noises if fixed_z else 0) for p in plays)",
     "used = tuple(-1 if p is None else (p.replays if fixed_r else 0, 0) for p in plays)", _t("adv-state-noise")),
    ("finitely-many: a play illegal for every target goes on", V,
     "        if not alive:\n            raise Reject(f\"node {nid}: the play is illegal",
     "        if False:\n            raise Reject(f\"node {nid}: the play is illegal", _t("adv-no-target-legal")),
    _off("recorded (answers, legal) not compared", V, "        if rec != (answers, alive):", "adv-records", "        "),
    ("finitely-many: successor for an unknown answer", V,
     "            if key not in ctx.index:\n                raise Reject(f\"{where(nid)}: successor for unknown",
     "            if False:\n                raise Reject(f\"{where(nid)}: successor for unknown", _t("adv-unknown-answer-key")),
    ("finitely-many: step without a successor for some answer", V,
     "                if ctx.names[b] not in nxt:\n                    raise Reject(f\"{where(nid)}: no successor for answer",
     "                if False:\n                    raise Reject(f\"{where(nid)}: no successor for answer",
     _t("adv-step-without-successor")),
    _off("loop branches on an answer it must absorb", V, "                if b in answers and ctx.names[b] in nxt:",
         "adv-loop-branches-on-old", "                "),
    ("finitely-many: loop without a successor for a new answer", V,
     "                    if ctx.names[b] not in nxt:\n                        raise Reject(f\"{where(nid)}: no successor for the new",
     "                    if False:\n                        raise Reject(f\"{where(nid)}: no successor for the new",
     _t("adv-loop-missing-new")),
    ("finitely-many: a move that is neither step nor loop", V,
     "            raise Reject(f\"{where(nid)}: move must be", "            pass  # (f\"{where(nid)}: move must be",
     _t("adv-bad-move")),
    ("finitely-many: unreachable nodes accepted", V, "    if unreachable:\n        raise Reject(f\"node",
     "    if False:\n        raise Reject(f\"node", _t("adv-unreachable")),
    ("finitely-many: acyclicity not checked", V, "    cycle = _cycle(children)", "    cycle = []", _t("adv-cycle")),
    ("finitely-many: repeat of a cell never presented", V,
     "        if x not in seen:\n            raise Reject(f\"{where}: repeats cell",
     "        if False:\n            raise Reject(f\"{where}: repeats cell", _t("adv-repeat-unpresented")),
    _off("any element word read as new", V, "    if how not in (\"new\", \"any\"):", "adv-element-word", "    "),
    _off("a new element of an exhausted finite cell", V, "        if size != C.INF and k > size:",
         "adv-cell-exhausted", "        "),
    # ---- loops
    ("finitely-many: loop without an earlier answer", V, "    if not answers:\n        raise Reject(f\"{where}: a loop needs",
     "    if False:\n        raise Reject(f\"{where}: a loop needs", _t("loop-without-answers")),
    _off("loop start state missing", V, "    if node[\"start\"] not in states:", "loop-start-missing", "    "),
    ("finitely-many: loop input illegal for a target in play", V,
     "                if not r.legal:\n                    raise Reject(f\"{here}: input",
     "                if False:\n                    raise Reject(f\"{here}: input", _t("loop-input-illegal")),
    _off("loop input changing counted replays or noise", V, "            if _state(ctx, after) != entry:",
         "loop-changes-counted", "            "),
    _off("'stay' names a non-answer", V, "            if key not in ctx.index or ctx.index[key] not in answers:",
         "loop-stay-non-answer", "            "),
    _off("'stay' to a missing loop state", V, "            if to not in states:", "loop-stay-missing-state", "            "),
    _off("a loop state without a transition for an answer", V, "            if ctx.names[a] not in stay:",
         "loop-state-missing-answer", "            "),
    _off("unreachable loop states accepted", V, "    if set(states) - reach:", "loop-unreachable-state", "    "),
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
         "        if enumerates(_left(ctx, h, seen), ctx.mode):", "loop-finite-cell-never-presented", "        "),
    ("finitely-many: sub-cycles of a won set of loop transitions not explored", V,
     "        for sub in options:\n            found = _escape(", "        for sub in []:\n            found = _escape(",
     _t("loop-sub-cycle-escapes")),
    # ---- generator
    _off("missing start state", V, "    if s0 not in states:", "gen-missing-start", "    "),
    _off("unknown generator answer", V, "        if ans is not None and ans not in ctx.index:", "gen-unknown-answer", "        "),
    _off("element word not matched to the cell", V,
         "            if how not in ((\"any\",) if ctx.cells[sig].size == C.INF else (\"new\", \"repeat\")):",
         "gen-element-word", "            "),
    _off("two transitions on one (cell, element)", V, "            if (sig, how) in tab:", "gen-two-transitions", "            "),
    _off("transition to a missing state", V, "            if edge[\"to\"] not in states:", "gen-missing-state", "            "),
    _off("start state answering", V, "    if answer[s0] is not None:", "gen-start-answers", "    "),
    _off("a (cell, element) without a transition", V, "                if (sig, how) not in table[sid]:",
         "gen-missing-transition", "                "),
    ("finitely-many: a state entered without an answer", V, "                if ans is None:\n                    raise Reject(",
     "                if False:\n                    raise Reject(", _t("gen-entered-without-answer")),
    ("finitely-many: a wrong answer on a cycle accepted", V,
     "        if not ok:\n            raise Reject(f\"state {sid}: the adversary",
     "        if False:\n            raise Reject(f\"state {sid}: the adversary", _t("gen-cycle-answers-wrong")),
    ("finitely-many: no round of the generator's product repeatable", V,
     "                                 and repeatable(ctx.mode, base[h], after[h]))",
     "                                 and False)", _t("gen-cycle-answers-wrong")),
    ("finitely-many: every cycle skipped as enumerating nothing (omissions)", V,
     "    if not enumerates(left, ctx.mode):\n        return", "    if True:\n        return", _t("gen-cycle-answers-wrong")),
    ("finitely-many: every cycle skipped as not feeding the target", V,
     "    if any(ctx.cells[s].size == C.INF and s not in fed for s in ctx.cells_of[h]):", "    if True:",
     _t("gen-cycle-answers-wrong")),
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

EQUIVALENT = [
    ("finitely-many: a new answer leading to different states from different loop states",
     "every loop state is checked to keep the abstract state for every answer so far, and a round's legality and "
     "counts do not depend on the answer given after it, so a new answer leads to one abstract state from every "
     "loop state; the guard cannot fire"),
    ("finitely-many: a generator cycle that changes the rule state (`len(rule) != 1`)",
     "counts and answers only grow, counted replays and noise only increase and targets only drop out along an "
     "edge of the product, so a strongly connected part has one rule state; the guard cannot fire"),
]
