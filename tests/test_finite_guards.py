"""One forged certificate per guard of the finitely-many checker (trusted/certificates/finite_variant.py,
variant.py) and of the kernel's FINITE rules (`Play.step`, `enumerates`, `repeatable`). Each forgery
breaks exactly that guard: the real checker rejects it with that guard's message, and the mutant of
benchmarks/mutants_finite.py that drops the guard accepts it (or fails otherwise; a mutant that
weakens a kernel rule fails the check that the base certificate is valid). Bases: the committed
adversary of {A ∪ {p}, A ∪ B} and certificates built by the engine (class embedded).
The fields and the model's keys and types are the schema's (strict.py, run before every checker):
`test_schema_guard` pins each such forgery to the schema's message, and the schema mutants of
benchmarks/mutants_variants.py are killed by it."""
from __future__ import annotations

import copy
import pytest

from replayproof.trusted.certificates import read
from conftest import ROOT
from guards import Case, assert_guard_rejects, assert_schema_rejects, node, registrar

COMMITTED = ROOT / "counterexamples"
F = "finite"
CASES: dict[str, Case] = {}
SCHEMA: dict[str, Case] = {}
SPECS = {   # stem -> (cells, n, (budget, noise, omit)): certificates built by the engine
    "point_gen": ("h1:1;h1+h2:inf;h2:inf", 2, (F, 0, 0)),
    "c184_unbounded": ("h1+h2:inf;h1+h2+h3:1;h1+h3:inf;h2+h3:1", 3, (None, 0, 0)),
    "tri_budget1_noise": ("h1+h2:1;h1+h2+h3:inf;h1+h3:1;h2+h3:1", 3, (1, F, 0)),
    "noisy_noise2": ("h1+h2:1;h1+h2+h3:inf;h1+h3:1", 3, (0, 2, 0)),
    "budget_sep": ("h1+h2:inf;h1+h2+h3:inf;h1+h3:1;h2+h3:1", 3, (F, 0, 0)),
    "omit_sep": ("h1:1;h1+h2:inf;h1+h2+h3:inf;h1+h3:1;h2+h3:1", 3, (0, 0, F)),
}
_BUILT: dict[str, dict] = {}


def base(stem: str) -> dict:
    if stem not in _BUILT:
        if stem == "point_adv":
            _BUILT[stem] = dict(read(COMMITTED / "finite_noise_point_adversary.json"))
        else:
            from replayproof.trusted.certificates.variant import FiniteVariant
            from replayproof.classes.classfile import realized_class
            from replayproof.sweep.run import parse_cells
            from replayproof.variants.decide import decide_finite
            cells, n, model = SPECS[stem]
            _BUILT[stem] = decide_finite(realized_class(stem, parse_cells(cells, n)), None,
                                         FiniteVariant(*model)).certificate
    return copy.deepcopy(_BUILT[stem])


forgery = registrar(CASES)
schema = registrar(SCHEMA)


def loop_state(cert: dict, nid: str, qid: str) -> dict:
    return next(q for q in node(cert, nid)["states"] if q["id"] == qid)


# ---------------------------------------------------------------- fields and model (the schema; variant.py)

@schema("fields-missing", "point_adv", "at (top level): missing field 'summary'")
def _(c):
    del c["summary"]


@schema("fields-type", "point_adv", "at summary: expected string, got integer")
def _(c):
    c["summary"] = 5


@schema("fields-unknown", "point_adv", "at replay: unknown field 'replay'")
def _(c):
    c["replay"] = True


@schema("fields-format", "point_adv", "at format: must be 1, not 2")
def _(c):
    c["format"] = 2


@schema("fields-verdict", "point_adv", 'at verdict: must be "not-generatable", not "generatable"')
def _(c):
    c["verdict"] = "generatable"


@schema("model-keys", "point_adv", "at model: missing field 'omit'")
def _(c):
    del c["model"]["omit"]


@schema("model-delay", "point_adv", "at model/replay_delay: must be 1, not 2")
def _(c):
    c["model"]["replay_delay"] = 2


@forgery("model-type", "point_adv", "is not a number or")
def _(c):
    c["model"]["noise"] = "many"


@forgery("model-negative", "point_adv", "is negative")
def _(c):
    c["model"]["omit"] = -1


# ---------------------------------------------------------------- adversary DAG

@forgery("adv-missing-root", "point_adv", "root node 'zz'")
def _(c):
    c["root"] = "zz"


@forgery("adv-missing-successor", "point_adv", "successor 'zz' does not exist")
def _(c):
    node(c, "n0")["next"]["h1"] = "zz"


@forgery("adv-two-states", "point_adv", "reached by plays in different states")
def _(c):
    node(c, "n0")["next"]["h1"] = "n2"


@forgery("adv-state-replays", "tri_budget1_noise", "reached by plays in different states")
def _(c):
    node(c, "n4")["next"]["h2"] = "n16"     # same answers and cells, one replay more for some target


@forgery("adv-state-noise", "noisy_noise2", "reached by plays in different states")
def _(c):
    node(c, "n4")["next"]["h2"] = "n18"     # same answers and cells, one noise input more for some target


@forgery("adv-no-target-legal", "point_adv", "illegal for every target")
def _(c):
    c["model"].update({"noise": 0, "omit": F})     # no replay, no noise: B kills h1, then p kills h2
    dead = {"id": "n3", "answers_so_far": [], "legal_for": [], "move": "loop", "start": "q0",
            "states": [{"id": "q0", "present": ["h1", "h2"], "stay": {}}], "next": {}}
    c["nodes"] = [
        {"id": "n0", "answers_so_far": [], "legal_for": ["h1", "h2"], "move": "step", "present": ["h2"],
         "element": "new", "next": {"h1": "n1", "h2": "n2"}},
        {"id": "n1", "answers_so_far": ["h1"], "legal_for": ["h2"], "move": "step", "present": ["h1"],
         "element": "new", "next": {"h1": "n3", "h2": "n3"}},
        {"id": "n2", "answers_so_far": ["h2"], "legal_for": ["h2"], "move": "step", "present": ["h1"],
         "element": "new", "next": {"h1": "n3", "h2": "n3"}}, dead]


@forgery("adv-records", "point_adv", "records answers so far {h2}")
def _(c):
    node(c, "n1")["answers_so_far"] = ["h2"]


@forgery("adv-unknown-answer-key", "point_adv", "successor for unknown answer 'zz'")
def _(c):
    node(c, "n0")["next"]["zz"] = "n1"


@forgery("adv-step-without-successor", "point_adv", "no successor for answer h2")
def _(c):
    del node(c, "n0")["next"]["h2"]


@forgery("adv-loop-branches-on-old", "point_adv", "is already in O")
def _(c):
    node(c, "n1")["next"]["h1"] = "n3"


@forgery("adv-loop-missing-new", "point_adv", "no successor for the new answer h2")
def _(c):
    del node(c, "n1")["next"]["h2"]


@forgery("adv-bad-move", "point_adv", "move must be")
def _(c):
    node(c, "n0")["move"] = "jump"


@forgery("adv-unreachable", "point_adv", "node n9 is unreachable")
def _(c):
    c["nodes"].append({**copy.deepcopy(node(c, "n3")), "id": "n9"})


@forgery("adv-cycle", "point_adv", "form a cycle")
def _(c):
    n3 = node(c, "n3")
    for key in ("start", "states"):
        del n3[key]
    n3.update({"move": "step", "present": ["h1", "h2"], "element": "new", "next": {"h1": "n3", "h2": "n3"}})


@forgery("adv-repeat-unpresented", "point_adv", "which was never presented")
def _(c):
    node(c, "n0")["element"] = "repeat"


@forgery("adv-element-word", "point_adv", "element must be")
def _(c):
    node(c, "n0")["element"] = "old"


@forgery("adv-cell-exhausted", "point_adv", "has no element left")
def _(c):
    n1 = node(c, "n1")
    for key in ("start", "states"):
        del n1[key]
    n1.update({"move": "step", "present": ["h1"], "element": "new", "next": {"h1": "n3", "h2": "n3"}})


# ---------------------------------------------------------------- loops

@forgery("loop-without-answers", "point_adv", "a loop needs at least one earlier answer")
def _(c):
    n0 = node(c, "n0")
    for key in ("present", "element"):
        del n0[key]
    n0.update({"move": "loop", "start": "q0", "states": [{"id": "q0", "present": ["h1", "h2"], "stay": {}}]})


@forgery("loop-start-missing", "point_adv", "loop start state 'zz'")
def _(c):
    node(c, "n1")["start"] = "zz"


@forgery("loop-input-illegal", "c184_unbounded", "is illegal for")
def _(c):
    c["model"]["replay_budget"] = 0


@forgery("loop-changes-counted", "c184_unbounded", "changes the counted replays or noise")
def _(c):
    c["model"]["replay_budget"] = 1


@forgery("loop-stay-non-answer", "point_adv", "'stay' lists 'h2'")
def _(c):
    loop_state(c, "n1", "q0")["stay"]["h2"] = "q0"


@forgery("loop-stay-missing-state", "point_adv", "goes to missing loop state 'zz'")
def _(c):
    loop_state(c, "n1", "q0")["stay"]["h1"] = "zz"


@forgery("loop-state-missing-answer", "point_adv", "no loop state for the answer h1")
def _(c):
    del loop_state(c, "n1", "q0")["stay"]["h1"]


@forgery("loop-unreachable-state", "point_adv", "loop state q9 is unreachable")
def _(c):
    node(c, "n1")["states"].append({"id": "q9", "present": ["h1", "h2"], "stay": {"h1": "q9"}})


ESCAPE = "the generator can make the loop transitions"


@forgery("loop-misses-an-infinite-cell", "point_adv", ESCAPE)
def _(c):
    loop_state(c, "n1", "q1")["present"] = ["h1", "h2"]   # B never fed: h2 is not enumerated


@forgery("loop-noise-recurs", "point_adv", ESCAPE)
def _(c):
    loop_state(c, "n2", "q0")["present"] = ["h2"]         # B forever: noise for h1 infinitely often


@forgery("loop-replays-recur", "c184_unbounded", ESCAPE)
def _(c):
    c["model"]["replay_budget"] = F                       # the loops replay forever: not finitely many


@forgery("loop-no-wrong-answer", "point_adv", ESCAPE)
def _(c):
    loop_state(c, "n2", "q0")["present"] = ["h1", "h2"]   # A and B only: h2 answered, right for h2
    loop_state(c, "n2", "q1")["present"] = ["h2"]


@forgery("loop-finite-cell-never-presented", "point_adv", ESCAPE)
def _(c):
    node(c, "n0")["present"] = ["h1", "h2"]               # p never presented: h1 is not enumerated
    loop_state(c, "n2", "q0")["present"] = ["h1", "h2"]


@forgery("loop-sub-cycle-escapes", "point_adv", ESCAPE)
def _(c):
    node(c, "n3")["states"] = [{"id": "q0", "present": ["h1", "h2"], "stay": {"h1": "q1", "h2": "q0"}},
                               {"id": "q1", "present": ["h2"], "stay": {"h1": "q0", "h2": "q1"}}]


# ---------------------------------------------------------------- generator

@forgery("gen-missing-start", "point_gen", "start state 'zz'")
def _(c):
    c["start"] = "zz"


@forgery("gen-unknown-answer", "point_gen", "unknown answer 'zz'")
def _(c):
    node(c, "s1")["answer"] = "zz"


@forgery("gen-element-word", "point_gen", "a finite one \"new\" or \"repeat\"")
def _(c):
    node(c, "s1")["on"][0]["element"] = "any"


@forgery("gen-two-transitions", "point_gen", "two transitions on")
def _(c):
    node(c, "s1")["on"].append(dict(node(c, "s1")["on"][0]))


@forgery("gen-missing-state", "point_gen", "goes to missing state 'zz'")
def _(c):
    node(c, "s1")["on"][0]["to"] = "zz"


@forgery("gen-start-answers", "point_gen", "answers before any input")
def _(c):
    node(c, "s0")["answer"] = "h1"


@forgery("gen-missing-transition", "point_gen", "no transition for")
def _(c):
    del node(c, "s0")["on"][0]


@forgery("gen-entered-without-answer", "point_gen", "entered after an input but gives no answer")
def _(c):
    node(c, "s1")["on"][0]["to"] = "s0"


@forgery("gen-cycle-answers-wrong", "point_gen", "answer h2 is wrong for h1")
def _(c):
    node(c, "s9")["answer"] = "h2"


# ---------------------------------------------------------------- the kernel's FINITE rules (the bases rely on them)

@forgery("kernel-finitely-many-replays", "budget_sep", "")
def _(c):
    c["model"]["replay_budget"] = 0


@forgery("kernel-finitely-many-noise", "point_adv", "")
def _(c):
    c["model"]["noise"] = 0


@forgery("kernel-finitely-many-omissions", "omit_sep", "")
def _(c):
    c["model"]["omit"] = 0


# the parametrized test comes last: every forgery above is registered by then
@pytest.mark.parametrize("name", sorted(CASES))
def test_guard(name):
    stem, edit, message = CASES[name]
    assert_guard_rejects(base(stem), edit, message, COMMITTED, COMMITTED / "x.json")


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_schema_guard(name):
    stem, edit, message = SCHEMA[name]
    assert_schema_rejects(base(stem), edit, message, COMMITTED / "x.json")
