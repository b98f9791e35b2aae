"""Mutants of the replay-variant checker (replayproof/trusted/certificates/replay_variant.py, variant.py, the
abstract state and generator product it shares with the finitely-many checker in abstract.py, whose rows
name both), of the schema steps that own the certificate's fields and model types, and of the kernel
rules issue 24 added (Mode budget/delay/noise/omit, `copyable`, `enumerates`, the replay and noise
counters of `Play.step`): one per guard.

Loaded by benchmarks/mutants.py (`python benchmarks/mutants.py --only variants`). Each row is (name, file,
old snippet, new snippet, tests); the test is the forgery of tests/test_variant_guards.py that breaks
exactly that guard (the real checker rejects it with the guard's message; the mutant accepts it or
fails otherwise). EQUIVALENT rows are guards no certificate can break alone, with the reason.
"""
from __future__ import annotations

A = "replayproof/trusted/certificates/abstract.py"
M = "replayproof/trusted/certificates/variant.py"
K = "replayproof/trusted/kernel.py"
S = "replayproof/trusted/certificates/strict.py"
G = "tests/test_variant_guards.py::test_guard"
FG = "tests/test_finite_guards.py::test_guard"
PG = "tests/test_checker_guards.py::test_guard"


def _t(*names: str) -> tuple[str, ...]:
    return tuple(f"{G}[{n}]" for n in names)


def _both(variants: str, finite: str, *proper: str) -> tuple[str, ...]:
    """A guard of abstract.py, shared with the finitely-many checker (and the proper-limit checker): the
    forgery of each guard test file."""
    return (f"{G}[{variants}]", f"{FG}[{finite}]") + tuple(f"{PG}[{p}]" for p in proper)


def _loop(variants: str, *proper: str) -> tuple[str, ...]:
    """A guard of abstract.judge_loop, shared by the replay-variant and proper-limit adversaries."""
    return (f"{G}[{variants}]",) + tuple(f"{PG}[{p}]" for p in proper)


def _schema(variants: tuple[str, ...], finite: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{G.replace('test_guard', 'test_schema_guard')}[{n}]" for n in variants) + \
        tuple(f"{FG.replace('test_guard', 'test_schema_guard')}[{n}]" for n in finite)


MUTANTS = [
    # ---- fields and model: fields, the model's keys and types are the schema's (strict.py, before every checker)
    ("schema (variants, finitely-many): a required field may be missing", S,
     "            if key not in value:\n                raise StructureError(f\"at {_where(path)}: missing field",
     "            if False:\n                raise StructureError(f\"at {_where(path)}: missing field",
     _schema(("fields-missing",), ("fields-missing", "model-keys"))),
    ("schema (variants, finitely-many): a field's type not checked (true read as 1)", S,
     "            if not isinstance(value, py) or (isinstance(value, bool) and not boolean):", "            if False:",
     _schema(("fields-type", "model-budget-type", "model-delay-type", "model-noise-type", "model-omit-type"),
             ("fields-type",))),
    ("schema (variants, finitely-many): constants not compared (format, verdict, delay 1)", S,
     "            if not _same(value, const):", "            if False:",
     _schema(("fields-format", "fields-verdict"), ("fields-format", "fields-verdict", "model-delay"))),
    ("variants: delay below 1 accepted", M, "if self.delay < 1:", "if False:", _t("model-delay-below-1")),
    # one guard for the budget, noise and omissions of both models (the finitely-many forgery: mutants_finite.py)
    ("variants+finitely-many: a negative limit accepted", M, "            if value < 0:", "            if False:",
     _t("model-budget-negative", "model-noise-negative", "model-omit-negative") + (f"{FG}[model-negative]",)),
    # ---- adversary (the DAG walk: abstract.walk)
    ("variants+finitely-many: missing root", A, "    if root not in nodes:", "    if False:",
     _both("adv-missing-root", "adv-missing-root", "adv-missing-root")),
    ("variants+finitely-many: missing successor node", A, "        if nid not in nodes:", "        if False:",
     _both("adv-missing-successor", "adv-missing-successor", "adv-missing-successor")),
    ("variants+finitely-many: same node from two parents in different states", A,
     "            if part(abstract[nid]) != part(got):", "            if False:", _both("adv-same-state-from-two-parents", "adv-two-states", "adv-two-states")),
    ("variants: answers' ages left out of the abstract state", A,
     "young = tuple(sorted((a, t + 1 - first) for a, first in some.answered if first > t + 1 - delay))",
     "young = ()", _t("adv-state-ages")),
    ("variants+finitely-many: replays used left out of the abstract state", A,
     "(p.replays if isinstance(mode.budget, int) else 0,", "(0,", _both("adv-state-replays", "adv-state-replays")),
    ("variants+finitely-many: noise used left out of the abstract state", A,
     "p.noises if isinstance(mode.noise, int) else 0)", "0)", _both("adv-state-noise", "adv-state-noise")),
    ("variants+finitely-many: a play illegal for every target goes on", A,
     "        if st == (\"dead\",):\n            raise Reject(f\"node {nid}: the play is illegal",
     "        if False:\n            raise Reject(f\"node {nid}: the play is illegal",
     _both("adv-no-target-legal", "adv-no-target-legal")),
    ("variants+finitely-many: recorded (answers, legal) not compared", A, "        if rec != (answers, alive):",
     "        if False:",
     _both("adv-records", "adv-records", "adv-recorded-legal-targets", "adv-root-with-answers")),
    ("variants+finitely-many: successor for an unknown answer", A, "            if key not in ctx.index:",
     "            if False:",
     _both("adv-unknown-answer-key", "adv-unknown-answer-key", "adv-unknown-answer-key")),
    ("variants+finitely-many: step without a successor for some answer", A,
     "                if ctx.names[b] not in nxt:\n                    raise Reject(f\"{here}: no successor for answer",
     "                if False:\n                    raise Reject(f\"{here}: no successor for answer",
     _both("adv-step-without-successor", "adv-step-without-successor", "adv-step-without-successor")),
    ("variants+finitely-many: loop branches on an answer it must absorb", A,
     "                if b in answers and ctx.names[b] in nxt:", "                if False:", _both("adv-loop-branches-on-old-answer", "adv-loop-branches-on-old",
                                                  "adv-loop-branches-on-old-answer")),
    ("variants+finitely-many: loop without a successor for a new answer", A,
     "                    if ctx.names[b] not in nxt:\n                        raise Reject(f\"{here}: no successor for the new",
     "                    if False:\n                        raise Reject(f\"{here}: no successor for the new",
     _both("adv-loop-without-new-answer-successor", "adv-loop-missing-new", "adv-loop-without-new-answer-successor")),
    ("variants+finitely-many: a move that is neither step nor loop", A,
     "            raise Reject(f\"{here}: move must be", "            pass  # (f\"{here}: move must be",
     _both("adv-bad-move", "adv-bad-move")),
    # unreachable nodes and cycles: common.settled, shared with the proper-limit checker (benchmarks/mutants.py)
    ("variants+finitely-many: repeat of a cell never presented", A,
     "        if x not in seen:\n            raise Reject(",
     "        if False:\n            raise Reject(", _both("adv-repeat-unpresented", "adv-repeat-unpresented")),
    ("variants+finitely-many: any element word read as new", A, "    if how not in (\"new\", \"any\"):", "    if False:",
     _both("adv-element-word", "adv-element-word")),
    ("variants+finitely-many: a new element of an exhausted finite cell", A,
     "        if size != C.INF and k > size:", "        if False:", _both("adv-cell-exhausted", "adv-cell-exhausted")),
    # ---- loops (abstract.judge_loop, shared by the replay-variant and proper-limit adversaries)
    ("variants+finitely-many+proper-limit: loop without an earlier answer", A,
     "            if not answers:\n                raise Reject(f\"{here}: a loop needs",
     "            if False:\n                raise Reject(f\"{here}: a loop needs", _both("loop-without-answers", "loop-without-answers")),
    ("variants+proper-limit: loop presenting nothing", A, "    if not node[\"present\"]:", "    if False:",
     _t("loop-presents-nothing")),
    ("variants+proper-limit: a loop with successors may start while an answer stays too young to copy", A,
     "    if still and len(answers) < len(ctx.names):", "    if False:", _t("loop-young-answer")),
    ("variants+proper-limit: loop input illegal for a target in play", A, "            if not r.legal:\n                raise Reject(f\"{where}: loop input",
     "            if False:\n                raise Reject(f\"{where}: loop input", _loop("loop-input-illegal", "adv-loop-input-illegal")),
    ("variants+proper-limit: loop uses no replay (under a budget) not checked", A,
     "            if ctx.mode.budget is not None and play.replays != before[0]:", "            if False:",
     _t("loop-uses-replay")),
    ("variants+proper-limit: loop uses no noise not checked", A, "            if play.noises != before[1]:", "            if False:",
     _t("loop-uses-noise")),
    ("variants+proper-limit: loop enumerating no target", A, "    if not targets:", "    if False:", _t("loop-enumerates-nothing")),
    ("variants+proper-limit: loop target not legal on the play", A, "        if h not in alive:", "        if False:",
     _loop("loop-enumerates-dead-target", "adv-loop-enumerates-illegal-target")),
    ("variants+proper-limit: loop misses an infinite cell of its target", A,
     "            if ctx.cells[sig].size == C.INF and sig not in sigs:", "            if False:", _loop("loop-misses-infinite-cell", "adv-loop-misses-a-cell")),
    ("variants+proper-limit: loop leaves more elements out than the model allows", A,
     "        if not enumerates(missing, ctx.mode):", "        if False:", _t("loop-omits-too-much") +
     ("tests/test_game.py::test_mutated_adversary_certificate_is_rejected_precisely[drop_loop_cell-msg]",)),
    ("variants+proper-limit: 'wrong' names a non-answer", A, "        if key not in ctx.index or ctx.index[key] not in answers:",
     "        if False:", _loop("loop-wrong-names-no-answer", "adv-wrong-names-no-answer")),
    ("variants+proper-limit: an answer blamed on nobody", A, "        if label not in wrong:", "        if False:",
     _loop("loop-answer-blamed-on-nobody", "adv-answer-blamed-on-nobody")),
    ("variants+proper-limit: blamed target not enumerated", A, "        if t not in ctx.index or ctx.index[t] not in targets:",
     "        if False:", _loop("loop-blamed-target-not-enumerated", "adv-blamed-target-not-enumerated")),
    ("variants+proper-limit: blamed answer right for its target", A,
     "        ok, _ = correct(ctx.rules, ctx.index[t], seen, a, ctx.mode)\n        if ok:",
     "        ok, _ = correct(ctx.rules, ctx.index[t], seen, a, ctx.mode)\n        if False:",
     _t("loop-blamed-answer-is-right")),
    # memo keys (not guards): abstract.verdict keys Judge.after's and judge_loop's judgment of an input, left its count.
    # The first test of each is a forgery the mutant accepts by reusing a stale entry (a false certificate; the
    # kernel refutes its branch: test_memo_forgery_claims_what_the_kernel_refutes); the others fail it otherwise
    ("variants+proper-limit: an input's judgment memoised without the answers that license it", A,
     "return (h, sig, u) if h in sig else (h, sig, answers, young, u)",
     "return (h, sig, u) if h in sig else (h, sig, young, u)",
     _t("memo-verdict-answers") + _loop("kernel-budget", "adv-loop-input-illegal")),
    ("variants+proper-limit: an input's judgment memoised without the answers' ages", A,
     "return (h, sig, u) if h in sig else (h, sig, answers, young, u)",
     # its forgery's verdict holds (a delay changes no verdict, Lemma D), the branch it claims does not
     "return (h, sig, u) if h in sig else (h, sig, answers, u)", _t("memo-verdict-young", "loop-young-answer")),
    ("variants+proper-limit: left memoised without the elements presented", A,
     "    got = ctx.left.get((h, seen))\n    if got is None:\n        got = ctx.left[h, seen] =",
     "    got = ctx.left.get(h)\n    if got is None:\n        got = ctx.left[h] =",
     _t("memo-left-seen", "gen-omission-enumerates")),
    # ---- generator (abstract.machine and abstract.defeats, shared with the proper-limit generator; abstract.product)
    ("variants+finitely-many: missing start state", A, "    if s0 not in states:", "    if False:",
     _both("gen-missing-start", "gen-missing-start", "gen-missing-start")),
    ("variants+finitely-many: unknown generator answer", A, "        if ans is not None and ans not in ctx.index:",
     "        if False:", _both("gen-unknown-answer", "gen-unknown-answer", "gen-unknown-answer")),
    ("variants+finitely-many: element word not matched to the cell", A,
     "            if element and how not in ((\"any\",) if ctx.cells[sig].size == C.INF else (\"new\", \"repeat\")):",
     "            if False:", _both("gen-element-word", "gen-element-word")),
    ("variants+finitely-many: two transitions on one (cell, element)", A, "            if (sig, how) in tab:",
     "            if False:", _both("gen-two-transitions", "gen-two-transitions", "gen-two-transitions-on-a-cell")),
    ("variants+finitely-many: transition to a missing state", A, "            if edge[\"to\"] not in states:",
     "            if False:", _both("gen-missing-state", "gen-missing-state", "gen-transition-to-missing-state")),
    ("variants+finitely-many: start state answering", A, "    if answer[s0] is not None:", "    if False:",
     _both("gen-start-answers", "gen-start-answers")),
    ("variants+finitely-many: a (cell, element) without a transition", A,
     "                if (sig, \"any\" if size == C.INF else how) not in table[sid]:", "                if False:",
     _both("gen-missing-transition", "gen-missing-transition")),
    ("variants+finitely-many: a state entered without an answer", A,
     "                if ans is None:\n                    raise Reject(", "                if False:\n                    raise Reject(",
     _both("gen-entered-without-answer", "gen-entered-without-answer")),
    ("variants+finitely-many: a wrong answer on a cycle accepted", A,
     "        if not ok:\n            raise Reject(f\"state {sid}: the adversary",
     "        if False:\n            raise Reject(f\"state {sid}: the adversary",
     _both("gen-cycle-answers-wrong", "gen-cycle-answers-wrong", "gen-replay-flipped")),
    ("variants+finitely-many: an infinite cell on the cycle or not, the target is skipped", A,
     "    if any(ctx.cells[s].size == C.INF and s not in fed for s in ctx.cells_of[h]):",
     "    if any(ctx.cells[s].size == C.INF for s in ctx.cells_of[h]):",
     _both("gen-cycle-answers-wrong", "gen-cycle-answers-wrong", "gen-replay-flipped")),
    ("variants+finitely-many: generator ignores the omission budget", A,
     "    if not enumerates(left(ctx, h, seen), ctx.mode):\n        return", "    if left(ctx, h, seen):\n        return",
     _t("gen-omission-enumerates")),  # the finitely-many generator forgeries have omit 0: both read alike
    # ---- kernel rules of issue 24
    ("kernel (variants): budget 'over' check dropped in Play.step", K,
     "over = ok and mode.budget not in (None, FINITE) and replays > mode.budget", "over = False", _t("kernel-budget")),
    ("kernel (variants): replays not counted", K, "replays, noises = self.replays + (by is not None), self.noises",
     "replays, noises = self.replays, self.noises", _t("kernel-budget", "loop-uses-replay")),
    ("kernel (variants): copyable ignores the delay", K, "if first <= t - mode.delay]", "if first <= t - 1]",
     _t("kernel-delay")),
    ("kernel (variants): Play.step never consults copyable", K, "if by is not None and mode.delay > 1:", "if False:",
     _t("kernel-delay")),
    ("kernel (variants): one noise input more than the budget", K, "or noises < mode.noise):",
     "or noises <= mode.noise):", _t("kernel-noise-budget")),
    ("kernel (variants): noise not counted", K, "ok, over, by, replays, noises = True, False, None, self.replays, noises + 1",
     "ok, over, by, replays, noises = True, False, None, self.replays, noises", _t("kernel-noise-count")),
    ("kernel (variants): enumerates returns True", K, "    return omitted <= mode.omit", "    return True",
     _t("loop-omits-too-much")),
    ("kernel (variants): enumerates ignores the omission budget", K, "    return omitted <= mode.omit",
     "    return omitted <= 0", _t("gen-omission-enumerates")),
    # the criteria of §7c decide the sweeps and `decide --method criterion`: what the game and kernel dispute fails
    ("sweep (criteria): a certificate whose winner disputes the sweep's verdict passes", "replayproof/variants/sweep.py",
     'if r.valid and cert["kind"].endswith("-adversary") != defeats:', "if False:",
     ("tests/test_variant_criterion.py::test_a_criterion_the_game_disputes_is_reported_not_printed",)),
    ("decide --method criterion: a criterion that disagrees with the game is not reported",
     "replayproof/variants/decide.py", 'if crit is not None and crit(cls.table) != (verdict == "not-generatable"):',
     "if False:",
     ("tests/test_variant_criterion.py::test_decide_reports_a_criterion_that_disagrees_with_the_game",)),
    ("decide --method criterion: a class that violates UUS is decided by the criterion",
     "replayproof/variants/decide.py", "    if finite:\n        raise InputError(f\"--method {method}: {', '.join(finite)}",
     "    if False:\n        raise InputError(f\"--method {method}: {', '.join(finite)}",
     ("tests/test_variant_criterion.py::test_criteria_are_refused_on_classes_that_violate_uus",)),
]

EQUIVALENT: list = []  # the generator's one-rule-state-per-cycle check is gone: it could not fire (abstract.py)
