"""One forged certificate per guard of the replay-variant checker (trusted/certificates/replay_variant.py, variant.py)
and of the kernel rules issue 24 added (Mode budget/delay/noise/omit, `copyable`, `enumerates`, the
replay and noise counters of `Play.step`). Each forgery breaks exactly that guard: the real checker
rejects it with that guard's message, and the mutant of benchmarks/mutants_variants.py that drops the
guard accepts it (or fails otherwise). Bases: the committed H4 certificates and tiny hand-written ones
whose class travels with them (`"path": null`).
The fields and the model's keys and types are the schema's (strict.py, run before every checker):
`test_schema_guard` pins each such forgery to the schema's message, and the schema mutants of
benchmarks/mutants_variants.py are killed by it."""
from __future__ import annotations

import copy

import pytest

import guards
from replayproof.trusted.certificates import CheckResult, read
from conftest import ROOT, bundled
from guards import Case, assert_guard_rejects, assert_schema_rejects, node, registrar

COMMITTED = ROOT / "counterexamples"
CASES: dict[str, Case] = {}
SCHEMA: dict[str, Case] = {}


def _model(budget=0, delay=1, noise=0, omit=0) -> dict:
    return {"replay_budget": budget, "replay_delay": delay, "noise": noise, "omit": omit}


def _class(name: str, cells: dict[str, str]) -> dict:
    hyps = sorted({h for sig in cells for h in sig.split("+")})
    return {"name": name, "path": None, "hypotheses": hyps,
            "cells": [{"signature": sig.split("+"), "size": size} for sig, size in cells.items()]}


def _adv(cls: dict, model: dict, nodes: list[dict]) -> dict:
    return {"kind": "replay-variant-adversary", "format": 1, "notion": "proper-limit", "model": model,
            "verdict": "not-generatable", "class": cls, "summary": "hand-written", "root": "n0", "nodes": nodes}


def _gen(cls: dict, model: dict, states: list[dict]) -> dict:
    return {"kind": "replay-variant-generator", "format": 1, "notion": "proper-limit", "model": model,
            "verdict": "generatable", "class": cls, "summary": "hand-written", "start": "s0", "states": states}


def _step(nid, answers, legal, present, nxt, element="new") -> dict:
    return {"id": nid, "answers_so_far": answers, "legal_for": legal, "move": "step", "present": present,
            "element": element, "next": nxt}


def _loop(nid, answers, legal, present, enum, wrong, nxt) -> dict:
    return {"id": nid, "answers_so_far": answers, "legal_for": legal, "move": "loop", "present": present,
            "enumerates": enum, "wrong": wrong, "next": nxt}


# TWO: h1 = core + a, h2 = core + b (a, b single points). One omission defeats proper generation:
# present the core forever; an answer h1 is wrong for h2, which misses only b (docs/variants.md claim 9).
TWO = _class("two", {"h1": "1", "h1+h2": "inf", "h2": "1"})
BOTH = ["h1", "h2"]


def two_omit1() -> dict:
    return _adv(TWO, _model(omit=1), [
        _step("n0", [], BOTH, BOTH, {"h1": "n1", "h2": "n2"}),
        _loop("n1", ["h1"], BOTH, [BOTH], BOTH, {"h1": "h2"}, {"h2": "n3"}),
        _loop("n2", ["h2"], BOTH, [BOTH], BOTH, {"h2": "h1"}, {"h1": "n3"}),
        _loop("n3", BOTH, BOTH, [BOTH], BOTH, {"h1": "h2", "h2": "h1"}, {}),
    ])


def two_after_a(model: dict) -> dict:
    """TWO, one omission: present the core, then (after an answer h1) a, which h2 takes as a replay of h1
    (or as noise when the budget is 0); then loop on the core."""
    return _adv(TWO, model, [
        _step("n0", [], BOTH, BOTH, {"h1": "n1", "h2": "n2"}),
        _step("n1", ["h1"], BOTH, ["h1"], {"h1": "n3", "h2": "n4"}),
        _loop("n2", ["h2"], BOTH, [BOTH], BOTH, {"h2": "h1"}, {"h1": "n5"}),
        _loop("n3", ["h1"], BOTH, [BOTH], BOTH, {"h1": "h2"}, {"h2": "n4"}),
        _loop("n4", BOTH, BOTH, [BOTH], BOTH, {"h1": "h2", "h2": "h1"}, {}),
        _loop("n5", BOTH, BOTH, [BOTH], BOTH, {"h1": "h2", "h2": "h1"}, {}),
    ])


TWO_AFTER_A = {"two_replay_budget1": _model(budget=1, omit=1), "two_replay_budget2": _model(budget=2, omit=1),
               "two_noise1": _model(noise=1, omit=1), "two_noise2": _model(noise=2, omit=1)}


# CORE3: h1 = core + a, h2 = core + b (a, b single points), h3 = core + D (D infinite). Budget 1, one omission.
# The loop on the core enumerates h1 and h2 (each misses one point); every answer is wrong for one of them.
CORE3 = _class("core3", {"h1": "1", "h2": "1", "h1+h2+h3": "inf", "h3": "inf"})
ALL3 = ["h1", "h2", "h3"]


def core3_merge(model: dict | None = None) -> dict:
    """Present the core; after h3, an element of D (a replay of h3 for h1 and h2); after h1, the core again.
    Nodes N-13 and M-13 follow answers {h3, h1} on the two branches: with one replay used by h1 and h2, and
    with none."""
    blame = {"h1": "h2", "h2": "h1", "h3": "h1"}
    nodes: dict[str, dict] = {}

    def loop(tag: str, answers: list[str]) -> str:
        nid = f"{tag}-" + "".join(sorted(h[1] for h in answers))
        if nid not in nodes:
            nodes[nid] = _loop(nid, sorted(answers), ALL3, [ALL3], ["h1", "h2"], {a: blame[a] for a in answers}, {})
            nodes[nid]["next"] = {b: loop(tag, answers + [b]) for b in ALL3 if b not in answers}
        return nid

    nodes["n0"] = _step("n0", [], ALL3, ALL3, {"h1": "n2", "h2": loop("x", ["h2"]), "h3": "n1"})
    nodes["n1"] = _step("n1", ["h3"], ALL3, ["h3"], {"h1": loop("N", ["h3", "h1"]), "h2": loop("p", ["h3", "h2"]),
                                                     "h3": loop("p", ["h3"])})
    nodes["n2"] = _step("n2", ["h1"], ALL3, ALL3, {"h1": loop("q", ["h1"]), "h2": loop("q", ["h1", "h2"]),
                                                   "h3": loop("M", ["h1", "h3"])})
    return _adv(CORE3, model or _model(budget=1, omit=1), list(nodes.values()))


# NOISY: h2 = core + a, h3 = core + b, h1 = core + a + b. One noise input defeats it (claim 7): present a;
# then b; an answer h2 or h3 is then wrong for another target that saw one point of noise.
NOISY = _class("noisy", {"h1+h2": "1", "h1+h2+h3": "inf", "h1+h3": "1"})

# ONE: a single hypothesis; answering it is always right, under every model.
ONE = _class("one", {"h1": "inf"})


def one_generator(model: dict) -> dict:
    return _gen(ONE, model, [{"id": "s0", "answer": None, "on": [{"cell": ["h1"], "element": "any", "to": "s1"}]},
                             {"id": "s1", "answer": "h1", "on": [{"cell": ["h1"], "element": "any", "to": "s1"}]}])


# The memo keys of abstract.py (`verdict`, `left`) are no guards: a key missing a part lets a judgment made in one
# abstract state stand for another. Each base below is valid; its forgery (one model limit lowered) is refused by
# the real checker and accepted by the mutant whose stale entry it reaches, in breadth-first order, after the state
# that made the entry (benchmarks/mutants_variants.py, "memo keys").

def two_memo_answers(noise: int = 1) -> dict:
    """TWO, unbounded replay, noise 1: a right after answer h1 replays h1 for h2 (n1), b right after h2 replays h2
    for h1 (n2), both judged first; b after answer h1 alone (n3), a after h2 alone (n6) are noise (the one
    allowed). Under noise 0 they are illegal: h1 drops out at n3, h2 at n6, and TWO is generatable (answer h1
    until b is seen)."""
    return _adv(TWO, _model(budget=None, noise=noise), [
        _step("n0", [], BOTH, BOTH, {"h1": "n1", "h2": "n2"}),
        _step("n1", ["h1"], BOTH, ["h1"], {"h1": "n3", "h2": "n4"}),
        _step("n2", ["h2"], BOTH, ["h2"], {"h1": "n5", "h2": "n6"}),
        _step("n3", ["h1"], BOTH, ["h2"], {"h1": "n7", "h2": "n9"}),
        _step("n4", BOTH, BOTH, ["h2"], {"h1": "n8", "h2": "n8"}),
        _step("n5", BOTH, BOTH, ["h1"], {"h1": "n8", "h2": "n8"}),
        _step("n6", ["h2"], BOTH, ["h1"], {"h1": "n10", "h2": "n11"}),
        _loop("n7", ["h1"], BOTH, [BOTH], ["h2"], {"h1": "h2"}, {"h2": "n9"}),
        _loop("n8", BOTH, BOTH, [BOTH], BOTH, {"h1": "h2", "h2": "h1"}, {}),
        _loop("n9", BOTH, BOTH, [BOTH], BOTH, {"h1": "h2", "h2": "h1"}, {}),
        _loop("n10", BOTH, BOTH, [BOTH], BOTH, {"h1": "h2", "h2": "h1"}, {}),
        _loop("n11", ["h2"], BOTH, [BOTH], ["h1"], {"h2": "h1"}, {"h1": "n10"}),
    ])


def two_memo_young(noise: int = 1) -> dict:
    """TWO, unbounded replay, delay 2, noise 1, one omission: after answers h1 then h2 (n4), a replays h1 (two
    rounds old) for h2, judged first; after h2 then h1 (n5), the same answers but h1 one round old, a is noise for
    h2. Under noise 0 it is illegal: h2 drops out at n5, and n8's loop blames answer h1 on h2 alone."""
    return _adv(TWO, _model(budget=None, delay=2, noise=noise, omit=1), [
        _step("n0", [], BOTH, BOTH, {"h1": "n1", "h2": "n2"}),
        _step("n1", ["h1"], BOTH, BOTH, {"h1": "n3", "h2": "n4"}),
        _step("n2", ["h2"], BOTH, BOTH, {"h1": "n5", "h2": "n6"}),
        _loop("n3", ["h1"], BOTH, [BOTH], ["h2"], {"h1": "h2"}, {"h2": "n4"}),
        _step("n4", BOTH, BOTH, ["h1"], {"h1": "n7", "h2": "n7"}),
        _step("n5", BOTH, BOTH, ["h1"], {"h1": "n8", "h2": "n8"}),
        _loop("n6", ["h2"], BOTH, [BOTH], ["h1"], {"h2": "h1"}, {"h1": "n5"}),
        _loop("n7", BOTH, BOTH, [BOTH], BOTH, {"h1": "h2", "h2": "h1"}, {}),
        _loop("n8", BOTH, BOTH, [BOTH], BOTH, {"h1": "h2", "h2": "h1"}, {}),
    ])


def two_memo_left(omit: int = 1) -> dict:
    """TWO, unbounded replay, one omission: after both answers a and b are presented and n8's loop enumerates h1 and
    h2 with nothing left out, judged first; after answer h1 alone (n10) only a was presented, and its loop
    enumerates h2 leaving b out (one omission; n11 likewise h1 leaving a out). Under omit 0 neither is an
    enumeration, and TWO is generatable."""
    return _adv(TWO, _model(budget=None, omit=omit), [
        _step("n0", [], BOTH, BOTH, {"h1": "n1", "h2": "n2"}),
        _step("n1", ["h1"], BOTH, ["h1"], {"h1": "n3", "h2": "n4"}),
        _step("n2", ["h2"], BOTH, ["h2"], {"h1": "n5", "h2": "n6"}),
        _step("n3", ["h1"], BOTH, BOTH, {"h1": "n7", "h2": "n4"}),   # n3, n7 (n6, n9): stalls on the core, so
        _step("n4", BOTH, BOTH, ["h2"], {"h1": "n8", "h2": "n8"}),   # that n10 (n11) is walked after n8
        _step("n5", BOTH, BOTH, ["h1"], {"h1": "n8", "h2": "n8"}),
        _step("n6", ["h2"], BOTH, BOTH, {"h1": "n5", "h2": "n9"}),
        _step("n7", ["h1"], BOTH, BOTH, {"h1": "n10", "h2": "n4"}),
        _loop("n8", BOTH, BOTH, [BOTH], BOTH, {"h1": "h2", "h2": "h1"}, {}),
        _step("n9", ["h2"], BOTH, BOTH, {"h1": "n5", "h2": "n11"}),
        _loop("n10", ["h1"], BOTH, [BOTH], ["h2"], {"h1": "h2"}, {"h2": "n4"}),
        _loop("n11", ["h2"], BOTH, [BOTH], ["h1"], {"h2": "h1"}, {"h1": "n5"}),
    ])


MEMO = {"two_memo_answers": two_memo_answers, "two_memo_young": two_memo_young, "two_memo_left": two_memo_left}


_BUILT: dict[str, dict] = {}


def base(stem: str) -> dict:
    """A fresh copy of a base certificate: committed (`h4_...`), hand-written, or built by the engine."""
    if stem not in _BUILT:
        if stem.startswith("h4_"):
            _BUILT[stem] = dict(read(COMMITTED / f"{stem}.json"))
        elif stem == "two_omit1":
            _BUILT[stem] = two_omit1()
        elif stem in TWO_AFTER_A:
            _BUILT[stem] = two_after_a(TWO_AFTER_A[stem])
        elif stem == "core3_merge":
            _BUILT[stem] = core3_merge()
        elif stem == "core3_merge_noise":   # D is noise for h1 and h2 (no replay budget)
            _BUILT[stem] = core3_merge(_model(budget=0, noise=1, omit=1))
        elif stem == "one_generator":
            _BUILT[stem] = one_generator(_model())
        elif stem in MEMO:
            _BUILT[stem] = MEMO[stem]()
        else:
            _BUILT[stem] = built(stem)
    return copy.deepcopy(_BUILT[stem])


def built(stem: str) -> dict:
    """noisy_noise1 / _noise2 (adversaries), noisy_replay (generator, unbounded replay), triangle_b1_d2
    (adversary, budget 1, delay 2), triangle_replay (adversary, unbounded replay; _d3 under delay 3): the variants engine's
    certificates, class embedded."""
    from replayproof.classes.classfile import realized_class
    from replayproof.sweep.run import parse_cells
    from replayproof.variants.decide import decide_variant
    from replayproof.trusted.certificates.variant import Variant
    noisy = realized_class("noisy", parse_cells("h1+h2:1;h1+h2+h3:inf;h1+h3:1", 3))
    spec = {"noisy_noise1": (noisy, Variant(0, 1, 1)), "noisy_noise2": (noisy, Variant(0, 1, 2)),
            "noisy_replay": (noisy, Variant(None)), "triangle_b1_d2": (bundled("triangle"), Variant(1, 2)),
            "triangle_replay": (bundled("triangle"), Variant(None, 1)),
            "triangle_replay_d3": (bundled("triangle"), Variant(None, 3))}[stem]
    return decide_variant(spec[0], None, spec[1]).certificate


forgery = registrar(CASES)
schema = registrar(SCHEMA)


def checker_alone(cert: dict) -> CheckResult:
    return guards.checker_alone(cert, COMMITTED)


# ---------------------------------------------------------------- fields and model (the schema; variant.py)

@schema("fields-missing", "two_omit1", "at (top level): missing field 'summary'")
def _(c):
    del c["summary"]


@schema("fields-type", "two_omit1", "at summary: expected string, got integer")
def _(c):
    c["summary"] = 5


@schema("fields-unknown", "two_omit1", "at replay: unknown field 'replay'")
def _(c):
    c["replay"] = True


@schema("fields-format", "two_omit1", "at format: must be 1, not 2")
def _(c):
    c["format"] = 2


@schema("fields-verdict", "two_omit1", 'at verdict: must be "not-generatable", not "generatable"')
def _(c):
    c["verdict"] = "generatable"


@schema("model-keys", "two_omit1", "at model/extra: unknown field 'extra'")
def _(c):
    c["model"]["extra"] = 0


@schema("model-budget-type", "h4_budget1_adversary", "at model/replay_budget: expected integer or null, got boolean")
def _(c):
    c["model"]["replay_budget"] = True


@schema("model-delay-type", "two_omit1", "at model/replay_delay: expected integer, got boolean")
def _(c):
    c["model"]["replay_delay"] = True


@schema("model-noise-type", "two_omit1", "at model/noise: expected integer, got boolean")
def _(c):
    c["model"]["noise"] = False


@schema("model-omit-type", "two_omit1", "at model/omit: expected integer, got boolean")
def _(c):
    c["model"]["omit"] = True


@forgery("model-budget-negative", "h4_budget0_generator", "replay budget -1 is negative")
def _(c):
    c["model"]["replay_budget"] = -1   # every input over budget: every target out, the machine wins vacuously


@forgery("model-delay-below-1", "h4_budget1_adversary", "replay delay 0 is below 1")
def _(c):
    c["model"]["replay_delay"] = 0


@forgery("model-noise-negative", "two_omit1", "noise budget -1 is negative")
def _(c):
    c["model"]["noise"] = -1


@forgery("model-omit-negative", "h4_budget0_generator", "omission budget -1 is negative")
def _(c):
    c["model"]["omit"] = -1   # nothing is ever enumerated: the machine wins vacuously


# ---------------------------------------------------------------- adversary (certificate.py)

@forgery("adv-missing-root", "two_omit1", "root node 'n9' does not exist")
def _(c):
    c["root"] = "n9"


@forgery("adv-missing-successor", "two_omit1", "successor 'n9' does not exist")
def _(c):
    node(c, "n1")["next"]["h2"] = "n9"


@forgery("adv-same-state-from-two-parents", "two_omit1", "is reached by plays in different states")
def _(c):
    node(c, "n2")["next"]["h1"] = "n1"   # n1 is also reached with answers {h2, h1}, which its loop does not absorb


@forgery("adv-state-ages", "triangle_b1_d2", "node n14 is reached by plays in different states")
def _(c):
    # n14 and n16 agree on presented cells, answers and replays used, not on how old the answers are
    node(c, "n5")["next"]["h1"] = "n14"


@forgery("adv-state-replays", "core3_merge", "node N-13 is reached by plays in different states")
def _(c):
    # N-13 and M-13 agree on presented finite cells, answers and targets in, not on the replays h1, h2 used
    node(c, "n2")["next"]["h3"] = "N-13"
    c["nodes"] = [nd for nd in c["nodes"] if not nd["id"].startswith("M-")]


@forgery("adv-state-noise", "core3_merge_noise", "node N-13 is reached by plays in different states")
def _(c):
    # as above, with D taken as noise by h1 and h2: the two plays differ in the noise used
    node(c, "n2")["next"]["h3"] = "N-13"
    c["nodes"] = [nd for nd in c["nodes"] if not nd["id"].startswith("M-")]


@forgery("adv-records", "two_omit1", "records answers so far {h1} and legal for {h1}")
def _(c):
    node(c, "n1")["legal_for"] = ["h1"]


@forgery("adv-unknown-answer-key", "two_omit1", "successor for unknown answer 'h9'")
def _(c):
    node(c, "n0")["next"]["h9"] = "n1"


@forgery("adv-step-without-successor", "two_omit1", "no successor for answer h2")
def _(c):
    del node(c, "n0")["next"]["h2"]


@forgery("adv-loop-branches-on-old-answer", "two_omit1", "answer h1 is already in O, so the loop must absorb it")
def _(c):
    node(c, "n1")["next"]["h1"] = "n3"


@forgery("adv-loop-without-new-answer-successor", "two_omit1", "no successor for the new answer h2")
def _(c):
    del node(c, "n1")["next"]["h2"]


@forgery("adv-bad-move", "two_omit1", "move must be \"step\" or \"loop\"")
def _(c):
    node(c, "n3")["move"] = "stay"


@forgery("adv-unreachable", "two_omit1", "node n4 is unreachable from the root")
def _(c):
    c["nodes"].append({**copy.deepcopy(node(c, "n3")), "id": "n4"})


@forgery("adv-cycle", "two_omit1", "form a cycle")
def _(c):
    # n1 stalls on the core instead of looping: answering h1 again returns to n1 (same state), forever
    c["nodes"][1] = _step("n1", ["h1"], BOTH, BOTH, {"h1": "n1", "h2": "n3"})


@forgery("adv-repeat-unpresented", "two_omit1", "which was never presented")
def _(c):
    node(c, "n0")["element"] = "repeat"


@forgery("adv-element-word", "two_omit1", "element must be \"new\" or \"repeat\", not 'fresh'")
def _(c):
    node(c, "n0")["element"] = "fresh"


@forgery("adv-cell-exhausted", "h4_budget1_adversary", "has no element left that was not presented")
def _(c):
    # n1 presented a new element of the one-element cell {h1-, h2-, h1+}; n7 presents a new one again
    node(c, "n7").update(present=["h1-", "h2-", "h1+"], element="new")


@forgery("adv-no-target-legal", "two_omit1", "the play is illegal for every target")
def _(c):
    # under budget 0 and no omission: a kills h2, then b kills h1; n5 has nobody left
    c["model"] = _model()
    c["nodes"] = [_step("n0", [], BOTH, ["h1"], {"h1": "n1", "h2": "n2"}),
                  _step("n1", ["h1"], ["h1"], ["h2"], {"h1": "n5", "h2": "n5"}),
                  _step("n2", ["h2"], ["h1"], ["h2"], {"h1": "n5", "h2": "n5"}),
                  _loop("n5", [], [], [BOTH], [], {}, {})]


# ---------------------------------------------------------------- adversary loops

@forgery("loop-without-answers", "two_omit1", "a loop needs at least one earlier answer")
def _(c):
    c["nodes"][0] = _loop("n0", [], BOTH, [BOTH], BOTH, {}, {"h1": "n1", "h2": "n2"})


@forgery("loop-presents-nothing", "two_omit1", "the loop presents nothing")
def _(c):
    node(c, "n3")["present"] = []


@forgery("loop-input-illegal", "two_replay_budget1", "loop input 1 is illegal for h2: input 1 is replay number 2, over the replay budget 1")
def _(c):
    node(c, "n3")["present"].append(["h1"])   # a again: h2's second replay


@forgery("loop-uses-replay", "two_replay_budget2", "loop input 1 is a replay for h2; a loop repeated forever would exceed the replay budget 2")
def _(c):
    node(c, "n3")["present"].append(["h1"])   # a again: h2's second replay, within budget 2 once, not forever


@forgery("loop-uses-noise", "two_noise2", "loop input 1 is noise for h2; a loop repeated forever would exceed the noise budget 2")
def _(c):
    node(c, "n3")["present"].append(["h1"])   # a again: h2's second noise input, within 2 once, not forever


@forgery("loop-enumerates-nothing", "two_omit1", "the loop enumerates no target")
def _(c):
    node(c, "n1").update(enumerates=[])


@forgery("loop-enumerates-dead-target", "h4_budget1_adversary", "claims to enumerate h1-, but the play is not legal for it")
def _(c):
    node(c, "n92")["enumerates"].append("h1-")


@forgery("loop-misses-infinite-cell", "triangle_replay", "but never presents its infinite cell")
def _(c):
    lp = next(nd for nd in c["nodes"] if nd["move"] == "loop")
    lp["present"] = [cl["signature"] for cl in c["class"]["cells"] if cl["size"] != "inf"] or lp["present"]


@forgery("loop-omits-too-much", "two_omit1", "element(s) of its finite cells are never presented (at most 0 may be omitted)")
def _(c):
    c["model"]["omit"] = 0


@forgery("loop-wrong-names-no-answer", "two_omit1", "'wrong' lists 'h2', which is not an answer so far")
def _(c):
    node(c, "n1")["wrong"]["h2"] = "h1"


@forgery("loop-answer-blamed-on-nobody", "two_omit1", "answer h1 may be repeated forever, but no target it is wrong for is given")
def _(c):
    node(c, "n1")["wrong"] = {}


@forgery("loop-blamed-target-not-enumerated", "two_omit1", "answer h1 is claimed wrong for h2, which the loop does not enumerate")
def _(c):
    node(c, "n1")["enumerates"] = ["h1"]


@forgery("loop-blamed-answer-is-right", "two_omit1", "answer h1 is claimed wrong for h1, but the kernel says")
def _(c):
    node(c, "n1")["wrong"] = {"h1": "h1"}


# ---------------------------------------------------------------- generator (certificate.py)

@forgery("gen-missing-start", "one_generator", "start state 's9' does not exist")
def _(c):
    c["start"] = "s9"


@forgery("gen-unknown-answer", "one_generator", "state s1: unknown answer 'h9'")
def _(c):
    node(c, "s1")["answer"] = "h9"


@forgery("gen-element-word", "one_generator", "element 'new' for cell {h1} (an infinite cell takes \"any\"")
def _(c):
    node(c, "s1")["on"].append({"cell": ["h1"], "element": "new", "to": "s1"})


@forgery("gen-two-transitions", "one_generator", "two transitions on any elements of cell {h1}")
def _(c):
    node(c, "s1")["on"].append({"cell": ["h1"], "element": "any", "to": "s1"})


@forgery("gen-missing-state", "one_generator", "goes to missing state 's9'")
def _(c):
    node(c, "s1")["on"].append({"cell": ["h1"], "element": "any", "to": "s9"})
    node(c, "s1")["on"].pop(0)


@forgery("gen-start-answers", "one_generator", "the start state answers before any input")
def _(c):
    node(c, "s0")["answer"] = "h1"


@forgery("gen-missing-transition", "noisy_replay", "no transition for a new element of cell {h1, h3}")
def _(c):
    s0 = node(c, "s0")
    s0["on"] = [e for e in s0["on"] if e["cell"] != ["h1", "h3"]]


@forgery("gen-entered-without-answer", "one_generator", "state s1: entered after an input but gives no answer")
def _(c):
    node(c, "s1")["answer"] = None


@forgery("gen-cycle-answers-wrong", "noisy_replay", "is wrong for")
def _(c):
    for st in c["states"]:
        if st["answer"] is not None:
            st["answer"] = "h1"   # h1 = core + a + b, wrong for h2 = core + a enumerated on the core's cycle


@forgery("gen-omission-enumerates", "h4_budget0_generator", "is wrong for")
def _(c):
    c["model"]["omit"] = 1   # H4 is not generatable when one element may be left out


# ---------------------------------------------------------------- memo keys (abstract.verdict, abstract.left)

@forgery("memo-verdict-answers", "two_memo_answers",
         "=node n7 (answers so far {h1}, legal for {h2}, unbounded replay): records answers so far {h1} and legal for {h1, h2}")
def _(c):
    c["model"]["noise"] = 0   # b after answer h1 alone is illegal for h1 (n3): no longer one noise input


@forgery("memo-verdict-young", "two_memo_young", "=node n8 (answers so far {h1, h2}, legal for {h1}, unbounded replay, "
         "replay delay 2, omissions 1): records answers so far {h1, h2} and legal for {h1, h2}")
def _(c):
    c["model"]["noise"] = 0   # a one round after answer h1 is illegal for h2 (n5): no longer one noise input


@forgery("memo-left-seen", "two_memo_left", "=node n10 (answers so far {h1}, legal for {h1, h2}, unbounded replay): "
         "claims to enumerate h2, but 1 element(s) of its finite cells are never presented (at most 0 may be omitted)")
def _(c):
    c["model"]["omit"] = 0   # n10's loop leaves b out of h2


# ---------------------------------------------------------------- kernel rules (kernel.py)

@forgery("kernel-budget", "h4_budget1_adversary", "records answers so far")
def _(c):
    c["model"]["replay_budget"] = 0   # the strategy's one replay is over budget 0: a target drops out early


@forgery("kernel-noise-budget", "noisy_noise1", "records answers so far")
def _(c):
    c["model"]["noise"] = 0   # the strategy's noise input is then illegal


@forgery("kernel-noise-count", "two_noise1", "loop input 1 is illegal for h2")
def _(c):
    node(c, "n3")["present"].append(["h1"])   # a again: h2's second noise input, over noise 1


@forgery("kernel-delay", "two_replay_budget1", "legal for {h1}, replay budget 1, replay delay 2, omissions 1): records")
def _(c):
    c["model"]["replay_delay"] = 2   # a (round 2) copies h1, given at round 1: too young under delay 2, h2 drops out


@forgery("loop-young-answer", "triangle_replay_d3", "a loop with successors must start where every answer is old enough")
def _(c):
    """The two rounds before a loop cut out (a step, then a stall repeating a cell): the step's old answers lead
    straight into a copy of the loop, whose successors are copied too. Under delay 3 the step's answer is then
    still too young after the loop's first input, so a new answer in a later cycle leaves another state than
    the one the copied successors are checked from. The claim stays true (test_a_loop_starting_young_...)."""
    nodes = {n["id"]: n for n in c["nodes"]}
    step, loop = next((s, nodes[nodes[v]["next"][s["answers_so_far"][0]]]) for s in c["nodes"] if s["move"] == "step"
                      for v in s["next"].values() if nodes[v]["move"] == "step" and nodes[v]["element"] == "repeat"
                      and nodes[v]["answers_so_far"] == s["answers_so_far"] and s["answers_so_far"]
                      and len({nodes[v]["next"][a] for a in s["answers_so_far"]}) == 1
                      and nodes[nodes[v]["next"][s["answers_so_far"][0]]]["move"] == "loop"
                      and nodes[nodes[v]["next"][s["answers_so_far"][0]]]["next"])
    for u in sorted(_reached(nodes, loop["next"].values())):
        c["nodes"].append(dict(copy.deepcopy(nodes[u]), id=f"{u}c", next={k: f"{v}c" for k, v in nodes[u]["next"].items()}))
    del step["element"]
    step.update(move="loop", next={k: f"{v}c" for k, v in loop["next"].items()},
                **{k: copy.deepcopy(loop[k]) for k in ("present", "enumerates", "wrong")})
    reached = _reached({n["id"]: n for n in c["nodes"]}, [c["root"]])
    c["nodes"] = [n for n in c["nodes"] if n["id"] in reached]


def _reached(nodes: dict[str, dict], start) -> set[str]:
    """The node ids reached from `start` along `next`."""
    seen, todo = set(), list(start)
    while todo:
        u = todo.pop()
        if u not in seen:
            seen.add(u)
            todo += nodes[u]["next"].values()
    return seen


def test_a_loop_starting_young_is_refused_though_its_claim_holds():
    """The forgery above: without the guard the rest of the checker accepts it, and its claim is the engine's."""
    from replayproof.trusted.certificates.variant import Variant
    from replayproof.variants.decide import decide_variant
    assert decide_variant(bundled("triangle"), None, Variant(None, 3)).verdict == "not-generatable"
    stem, edit, _ = CASES["loop-young-answer"]
    cert = base(stem)
    edit(cert)
    assert "old enough to copy" in checker_alone(cert).message


def _concrete(cert: dict, path: list[str]) -> tuple:
    """The concrete play from the root along `path` (one answer per node passed; a loop is left after its first
    input) into a loop, then one cycle of that loop answered with its first answer so far, read off the nodes as
    the checker reads them (a step's new or repeated element; a loop's new element of an infinite cell, a finite
    cell's first): (class, the loop's id, inputs, answers)."""
    from replayproof.trusted.certificates.common import load
    cls = load(cert["class"])
    ids = {nm: k for k, nm in enumerate(cls.names)}
    nodes = {nd["id"]: nd for nd in cert["nodes"]}
    infinite = {frozenset(cl["signature"]) for cl in cert["class"]["cells"] if cl["size"] == "inf"}

    def pick(cell: list[str], new: bool, seen: list[int]) -> int:
        return next(x for x in cls.cell_elements(frozenset(ids[h] for h in cell)) if not new or x not in seen)

    def cycle(nd: dict, seen: list[int]) -> list[int]:
        return [pick(cell, frozenset(cell) in infinite, seen) for cell in nd["present"]]

    inputs, answers, nid = [], [], cert["root"]
    for g in path:
        nd = nodes[nid]
        inputs.append(pick(nd["present"], nd["element"] == "new", inputs) if nd["move"] == "step"
                      else cycle(nd, inputs)[0])
        answers.append(ids[g])
        nid = nd["next"][g]
    assert nodes[nid]["move"] == "loop"
    more = cycle(nodes[nid], inputs)
    return cls, nid, inputs + more, answers + [ids[nodes[nid]["answers_so_far"][0]]] * len(more)


@pytest.mark.parametrize("name, path, target, illegal, verdict", [
    ("memo-verdict-answers", ["h1", "h1", "h1", "h2"], "h1", 3, "generatable"),
    ("memo-verdict-young", ["h2", "h1", "h1"], "h2", 3, "not-generatable"),
    ("memo-left-seen", ["h1", "h1", "h1", "h1"], "h2", None, "generatable")])
def test_memo_forgery_claims_what_the_kernel_refutes(name, path, target, illegal, verdict):
    """What each memo-key forgery above gets past its mutant is false: the loop at the end of `path` records
    `target` legal, enumerates it and blames an answer on it, but the kernel judging the concrete play finds
    round `illegal` illegal for it (the verdict keys), or finds it legal and an element of `target` never
    presented under omit 0 (left). The engine decides the forged model: TWO is generatable under unbounded replay
    (answer h1 until b is seen), so the verdict those two forgeries claim is false; a delay changes no verdict
    (Lemma D, docs/variants.md), so the young-key forgery's verdict holds though the branch it claims does not. The
    game is solved alone (`solve`): `decide_variant` would re-check its certificate with the checker under test."""
    from replayproof.trusted.certificates.variant import Variant
    from replayproof.trusted.kernel import enumerates, judge, missing
    from replayproof.variants.solve import solve
    stem, edit, _ = CASES[name]
    cert = base(stem)
    edit(cert)
    cls, nid, inputs, answers = _concrete(cert, path)
    loop, h, variant = node(cert, nid), cls.names.index(target), Variant.from_json(cert["model"])
    assert target in loop["legal_for"] and target in loop["enumerates"] and target in loop["wrong"].values()
    trace = judge(cls, h, inputs, answers, variant.mode)
    assert trace.first_illegal == illegal, trace.rounds
    if illegal is not None:
        assert trace.rounds[-1].why.endswith("is no replay of an earlier answer")
    else:
        finite = [x for cl in cert["class"]["cells"] if cl["size"] != "inf"
                  for x in cls.cell_elements(frozenset(cls.names.index(g) for g in cl["signature"]))]
        left = missing(cls, h, inputs, finite)
        assert len(left) == 1 and not enumerates(len(left), variant.mode)
    assert solve(cls.table, variant.budget, variant.noise, variant.omit, variant.delay).verdict == verdict


# the parametrized test comes last: every forgery above is registered by then
@pytest.mark.parametrize("name", sorted(CASES))
def test_guard(name):
    stem, edit, message = CASES[name]
    assert_guard_rejects(base(stem), edit, message, COMMITTED, None)


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_schema_guard(name):
    stem, edit, message = SCHEMA[name]
    assert_schema_rejects(base(stem), edit, message, None)
