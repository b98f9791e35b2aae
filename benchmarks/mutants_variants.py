"""Mutants of the replay-variant checker (replayproof/variants/certificate.py, model.py) and of the kernel
rules issue 24 added (Mode budget/delay/noise/omit, `copyable`, `enumerates`, the replay and noise
counters of `Play.step`): one per guard.

Loaded by benchmarks/mutants.py (`python benchmarks/mutants.py --only variants`). Each row is (name, file,
old snippet, new snippet, tests); the test is the forgery of tests/test_variant_guards.py that breaks
exactly that guard (the real checker rejects it with the guard's message; the mutant accepts it or
fails otherwise). EQUIVALENT rows are guards no certificate can break alone, with the reason.
"""
from __future__ import annotations

V = "replayproof/variants/certificate.py"
M = "replayproof/variants/model.py"
K = "replayproof/kernel.py"
G = "tests/test_variant_guards.py::test_guard"


def _t(*names: str) -> tuple[str, ...]:
    return tuple(f"{G}[{n}]" for n in names)


MUTANTS = [
    # ---- fields and model
    ("variants: missing fields accepted", V, "        if key not in cert:\n            raise Reject(f\"missing field",
     "        if False:\n            raise Reject(f\"missing field", _t("fields-missing")),
    ("variants: field types not checked", V, "        if not isinstance(cert[key], typ):", "        if False:",
     _t("fields-type")),
    ("variants: unknown fields accepted", V, "    if extra:\n        raise Reject(f\"unknown field",
     "    if False:\n        raise Reject(f\"unknown field", _t("fields-unknown")),
    ("variants: format and notion not checked", V, "if cert[\"format\"] != 1 or cert[\"notion\"] != \"proper-limit\":",
     "if False:", _t("fields-format")),
    ("variants: any verdict word accepted", V, "    if cert[\"verdict\"] != verdict:", "    if False:",
     _t("fields-verdict")),
    ("variants: model keys not checked", M,
     "if not isinstance(data, dict) or set(data) != {\"replay_budget\", \"replay_delay\", \"noise\", \"omit\"}:",
     "if not isinstance(data, dict):", _t("model-keys")),
    ("variants: budget type not checked (true read as 1)", M,
     "if not (budget is None or (isinstance(budget, int) and not isinstance(budget, bool))):", "if False:",
     _t("model-budget-type")),
    ("variants: delay type not checked", M, "if not isinstance(delay, int) or isinstance(delay, bool):", "if False:",
     _t("model-delay-type")),
    ("variants: noise type not checked", M, "if not isinstance(noise, int) or isinstance(noise, bool):", "if False:",
     _t("model-noise-type")),
    ("variants: omit type not checked", M, "if not isinstance(omit, int) or isinstance(omit, bool):", "if False:",
     _t("model-omit-type")),
    ("variants: negative budget accepted", M, "if self.budget is not None and self.budget < 0:", "if False:",
     _t("model-budget-negative")),
    ("variants: delay below 1 accepted", M, "if self.delay < 1:", "if False:", _t("model-delay-below-1")),
    ("variants: negative noise accepted", M, "if self.noise < 0:", "if False:", _t("model-noise-negative")),
    ("variants: negative omissions accepted", M, "if self.omit < 0:", "if False:", _t("model-omit-negative")),
    ("variants: noise with a delay accepted", M, "if self.noise and self.delay != 1:", "if False:",
     _t("model-noise-with-delay")),
    # ---- adversary
    ("variants: missing root", V, "    if root not in nodes:", "    if False:", _t("adv-missing-root")),
    ("variants: missing successor node", V, "        if nid not in nodes:", "        if False:",
     _t("adv-missing-successor")),
    ("variants: same node from two parents in different states", V, "            if abstract[nid] != got:",
     "            if False:", _t("adv-same-state-from-two-parents")),
    ("variants: a play illegal for every target goes on", V,
     "        if not alive:\n            raise Reject(f\"node {nid}: the play is illegal",
     "        if False:\n            raise Reject(f\"node {nid}: the play is illegal", _t("adv-no-target-legal")),
    ("variants: recorded (answers, legal) not compared", V, "        if rec != (answers, alive):", "        if False:",
     _t("adv-records")),
    ("variants: successor for an unknown answer", V, "            if key not in ctx.index:", "            if False:",
     _t("adv-unknown-answer-key")),
    ("variants: step without a successor for some answer", V,
     "                if ctx.names[b] not in nxt:\n                    raise Reject(f\"{where(nid)}: no successor for answer",
     "                if False:\n                    raise Reject(f\"{where(nid)}: no successor for answer",
     _t("adv-step-without-successor")),
    ("variants: loop branches on an answer it must absorb", V, "                if b in answers and ctx.names[b] in nxt:",
     "                if False:", _t("adv-loop-branches-on-old-answer")),
    ("variants: loop without a successor for a new answer", V,
     "                    if ctx.names[b] not in nxt:\n                        raise Reject(f\"{where(nid)}: no successor for the new",
     "                    if False:\n                        raise Reject(f\"{where(nid)}: no successor for the new",
     _t("adv-loop-without-new-answer-successor")),
    ("variants: a move that is neither step nor loop", V,
     "            raise Reject(f\"{where(nid)}: move must be", "            pass  # (f\"{where(nid)}: move must be",
     _t("adv-bad-move")),
    ("variants: unreachable nodes accepted", V, "    if unreachable:\n        raise Reject(f\"node",
     "    if False:\n        raise Reject(f\"node", _t("adv-unreachable")),
    ("variants: acyclicity not checked", V, "    cycle = _cycle(children)", "    cycle = []", _t("adv-cycle")),
    ("variants: repeat of a cell never presented", V, "        if x not in seen:\n            raise Reject(",
     "        if False:\n            raise Reject(", _t("adv-repeat-unpresented")),
    ("variants: any element word read as new", V, "    if how not in (\"new\", \"any\"):", "    if False:",
     _t("adv-element-word")),
    ("variants: a new element of an exhausted finite cell", V, "        if size != C.INF and k > size:",
     "        if False:", _t("adv-cell-exhausted")),
    # ---- loops
    ("variants: loop without an earlier answer", V, "    if not answers:\n        raise Reject(f\"{where}: a loop needs",
     "    if False:\n        raise Reject(f\"{where}: a loop needs", _t("loop-without-answers")),
    ("variants: loop presenting nothing", V, "    if not node[\"present\"]:", "    if False:",
     _t("loop-presents-nothing")),
    ("variants: loop input illegal for a target in play", V, "            if not r.legal:\n                raise Reject(f\"{where}: loop input",
     "            if False:\n                raise Reject(f\"{where}: loop input", _t("loop-input-illegal")),
    ("variants: loop uses no replay (under a budget) not checked", V,
     "            if budget is not None and play.replays != before[0]:", "            if False:",
     _t("loop-uses-replay")),
    ("variants: loop uses no noise not checked", V, "            if play.noises != before[1]:", "            if False:",
     _t("loop-uses-noise")),
    ("variants: loop enumerating no target", V, "    if not targets:", "    if False:", _t("loop-enumerates-nothing")),
    ("variants: loop target not legal on the play", V, "        if h not in alive:", "        if False:",
     _t("loop-enumerates-dead-target")),
    ("variants: loop misses an infinite cell of its target", V, "                if sig not in sigs:",
     "                if False:", _t("loop-misses-infinite-cell")),
    ("variants: loop leaves more elements out than the model allows", V,
     "        if not enumerates(left, ctx.mode):\n            raise Reject(",
     "        if False:\n            raise Reject(", _t("loop-omits-too-much")),
    ("variants: 'wrong' names a non-answer", V, "        if key not in ctx.index or ctx.index[key] not in answers:",
     "        if False:", _t("loop-wrong-names-no-answer")),
    ("variants: an answer blamed on nobody", V, "        if label not in wrong:", "        if False:",
     _t("loop-answer-blamed-on-nobody")),
    ("variants: blamed target not enumerated", V, "        if t not in ctx.index or ctx.index[t] not in targets:",
     "        if False:", _t("loop-blamed-target-not-enumerated")),
    ("variants: blamed answer right for its target", V,
     "        ok, _ = correct(ctx.rules, ctx.index[t], seen, a, ctx.mode)\n        if ok:",
     "        ok, _ = correct(ctx.rules, ctx.index[t], seen, a, ctx.mode)\n        if False:",
     _t("loop-blamed-answer-is-right")),
    # ---- generator
    ("variants: missing start state", V, "    if s0 not in states:", "    if False:", _t("gen-missing-start")),
    ("variants: unknown generator answer", V, "        if ans is not None and ans not in ctx.index:", "        if False:",
     _t("gen-unknown-answer")),
    ("variants: element word not matched to the cell", V,
     "            if how not in ((\"any\",) if ctx.cells[sig].size == C.INF else (\"new\", \"repeat\")):",
     "            if False:", _t("gen-element-word")),
    ("variants: two transitions on one (cell, element)", V, "            if (sig, how) in tab:", "            if False:",
     _t("gen-two-transitions")),
    ("variants: transition to a missing state", V, "            if edge[\"to\"] not in states:", "            if False:",
     _t("gen-missing-state")),
    ("variants: start state answering", V, "    if answer[s0] is not None:", "    if False:", _t("gen-start-answers")),
    ("variants: a (cell, element) without a transition", V, "                if key not in table[sid]:",
     "                if False:", _t("gen-missing-transition")),
    ("variants: a state entered without an answer", V, "                if ans is None:\n                    raise Reject(",
     "                if False:\n                    raise Reject(", _t("gen-entered-without-answer")),
    ("variants: a wrong answer on a cycle accepted", V, "            if not ok:\n                raise Reject(f\"state {sid}: the adversary",
     "            if False:\n                raise Reject(f\"state {sid}: the adversary", _t("gen-cycle-answers-wrong")),
    ("variants: an infinite cell on the cycle or not, the target is skipped", V,
     "        if any(ctx.cells[s].size == C.INF and s not in fed for s in mine):",
     "        if any(ctx.cells[s].size == C.INF for s in mine):", _t("gen-cycle-answers-wrong")),
    ("variants: generator ignores the omission budget", V, "        if not enumerates(left, ctx.mode):\n            continue",
     "        if left:\n            continue", _t("gen-omission-enumerates")),
    # ---- kernel rules of issue 24
    ("kernel (variants): budget 'over' check dropped in Play.step", K,
     "over = ok and mode.budget is not None and replays > mode.budget", "over = False", _t("kernel-budget")),
    ("kernel (variants): replays not counted", K, "replays, noises = self.replays + (by is not None), self.noises",
     "replays, noises = self.replays, self.noises", _t("kernel-budget", "loop-uses-replay")),
    ("kernel (variants): copyable ignores the delay", K, "if first <= t - mode.delay]", "if first <= t - 1]",
     _t("kernel-delay")),
    ("kernel (variants): Play.step never consults copyable", K, "if by is not None and mode.delay > 1:", "if False:",
     _t("kernel-delay")),
    ("kernel (variants): one noise input more than the budget", K, "and noises < mode.noise:",
     "and noises <= mode.noise:", _t("kernel-noise-budget")),
    ("kernel (variants): noise not counted", K, "ok, over, by, replays, noises = True, False, None, self.replays, noises + 1",
     "ok, over, by, replays, noises = True, False, None, self.replays, noises", _t("kernel-noise-count")),
    ("kernel (variants): enumerates returns True", K, "    return omitted <= mode.omit", "    return True",
     _t("loop-omits-too-much")),
    ("kernel (variants): enumerates ignores the omission budget", K, "    return omitted <= mode.omit",
     "    return omitted <= 0", _t("gen-omission-enumerates")),
]

EQUIVALENT = [
    ("variants: a generator cycle that changes the rule state (`len(rule) != 1`)",
     "counts and answers only grow, replay and noise counts only increase and young answers only age along "
     "an edge of the product the checker computes, so a strongly connected part has one rule state (young "
     "answers empty); the guard cannot fire"),
    ("variants: `_state` components (young answers' ages, replays used) dropped from the abstract state",
     "not shown equivalent: no single-guard forgery was constructed in the time (two plays into one node with "
     "equal counts and answers but different replay counts or ages); see the report"),
]
