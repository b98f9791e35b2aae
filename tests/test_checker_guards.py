"""One forged certificate per checker guard: each breaks exactly that guard, so the real checker
rejects it with that guard's message, and the mutant of benchmarks/mutants.py that drops the guard
accepts it (or crashes). Forgeries start from the committed certificates in counterexamples/."""
from __future__ import annotations

import copy

import pytest

from replayproof.trusted.certificates import check, read
from replayproof.trusted.certificates.source import origin
from replayproof.trusted.kernel import Mode, judge
from conftest import ROOT
from guards import Case, Edit, assert_guard_rejects, assert_schema_rejects, node, registrar

COMMITTED = ROOT / "counterexamples"
CASES: dict[str, Case] = {}


forgery = registrar(CASES)


_BUILT: dict[str, dict] = {}


def committed(stem: str) -> dict:
    """A committed certificate, or ("built:<class>") the game's certificate built in-process."""
    if stem.startswith("built:"):
        if stem not in _BUILT:
            _BUILT[stem] = built(stem.removeprefix("built:"))
        return copy.deepcopy(_BUILT[stem])
    return copy.deepcopy(read(COMMITTED / f"{stem}.json"))


# ---------------------------------------------------------------- defeat-trace (trusted/certificates/trace.py)
# attack_zero_odd_closure: closure on zero-odd, uniform d=2, replay, inputs [0, 2], answers [2, -2].
# A user-code name makes the checker judge the recorded answers (no re-run), so only the guard stands.

def _user(cert: dict, **change) -> None:
    cert.update(generator="mine.py:g", bundled=False, **change)


@forgery("trace-unknown-target", "attack_zero_odd_closure", "target: unknown hypothesis 'nobody'")
def _(c):
    c["target"] = "nobody"


@forgery("trace-unknown-proper-answer", "attack_h4_telltale", "answers/2: unknown hypothesis 'h9'")
def _(c):
    _user(c)
    c["answers"][2] = "h9"


@forgery("trace-stream-longer-than-horizon", "attack_h4_telltale", "the stream has 4 rounds, more than the horizon 3")
def _(c):
    c.update(horizon=3, settle=2)


@forgery("trace-proper-limit-needs-proper", "attack_zero_odd_closure",
         "the proper-limit notion needs a proper generator")
def _(c):
    c.update(notion="proper-limit", threshold=None, settle=1)


@forgery("trace-threshold-missing", "attack_zero_odd_closure", "threshold: the uniform notion needs a threshold")
def _(c):
    c["threshold"] = None


@forgery("trace-threshold-zero", "attack_zero_odd_closure", "threshold 0 is out of range: it must be from 1")
def _(c):
    c["threshold"] = 0


@forgery("trace-extra-answer", "attack_zero_odd_closure", "there must be one answer per input")
def _(c):
    _user(c)
    c["answers"].append(5)


@forgery("trace-failing-round-outside", "attack_zero_odd_closure", "failing_round must index the stream")
def _(c):
    c["failing_round"] = 3


@forgery("trace-illegal-input", "attack_zero_odd_closure", "round 2 is not legal: input 4 is not in the target")
def _(c):
    _user(c, inputs=[0, 4], answers=[2, 4])  # 4 replays the answer of its own round


@forgery("trace-correct-answer", "attack_zero_odd_closure", "the answer at round 2 is correct for zero-odd")
def _(c):
    _user(c, inputs=[0, 1], answers=[1, 3])


@forgery("trace-not-after-settle", "attack_h4_telltale", "round 4 is not after the settle time 4")
def _(c):
    c["settle"] = 4


@forgery("trace-below-threshold", "attack_zero_odd_closure", "round 2 has 2 distinct examples, fewer than the threshold 3")
def _(c):
    _user(c, threshold=3)


@forgery("trace-bundled-answers-invented", "attack_sep51_h3", "the bundled generator sep51-standard answers [2, 2, 4, 5]")
def _(c):
    c["answers"] = [4, 4, 4, 7]


@forgery("trace-bundled-flag-on-user-code", "attack_zero_odd_closure",
         "bundled: the certificate says true, but mine.py:g is not in the package's table")
def _(c):
    _user(c)
    c["bundled"] = True


@forgery("trace-bundled-flag-off-for-bundled", "attack_zero_odd_closure",
         "bundled: the certificate says false, but closure is in the package's table")
def _(c):
    c["bundled"] = False


@forgery("trace-burn-in-without-d", "attack_zero_odd_closure", "cannot re-run the generator burn-in:closure")
def _(c):
    c["generator"] = "burn-in:closure"


@forgery("trace-element-generator-as-proper", "attack_h4_telltale",
         "the bundled generator closure answers elements, but the certificate records hypothesis names")
def _(c):
    c["generator"] = "closure"  # closure's elements 0, 1, ... read as hypothesis indices matched (found by test_forgery)


@forgery("trace-threshold-for-proper-limit", "attack_h4_telltale", "threshold: the proper-limit notion takes none")
def _(c):
    c["threshold"] = 1


# ---------------------------------------------------------------- kernel (through defeat traces)

@forgery("kernel-replay-in-a-standard-stream", "attack_zero_odd_closure",
         "round 2 is not legal: input 2 is not in the target")
def _(c):
    c["replay"] = False  # input 2 replays closure's answer 2 of round 1: legal only with replay


@forgery("kernel-replay-by-its-own-answer", "attack_zero_odd_closure", "round 2 is not legal")
def _(c):
    _user(c, inputs=[0, 4], answers=[2, 4])


@forgery("kernel-stale-answer", "attack_zero_odd_closure", "the answer at round 2 is correct")
def _(c):
    _user(c, inputs=[0, 3], answers=[1, 5])  # 5 is fresh and odd: correct


@forgery("kernel-answer-outside-target-licenses-replay", "attack_h4_telltale", "round 2 is not legal")
def _(c):
    # target h2-; round 1 answers h2- itself, which licenses nothing outside h2-: input 1 is illegal
    _user(c, answers=["h2-", "h1-", "h1-", "h1-"])


def test_the_checker_bounds_the_horizon_as_attack_does():
    """The defeat-trace schema bounds the horizon (test_schema_guard[trace-horizon-too-large]) as attack does."""
    from replayproof.trusted.certificates.strict import schema
    from replayproof.attack.space import MAX_HORIZON as ATTACK
    bounds = schema("defeat-trace")["properties"]["horizon"]
    assert (bounds["minimum"], bounds["maximum"]) == (1, ATTACK)


def _burn_in(c: dict, d: int) -> None:
    c.update(generator="burn-in:closure", burn_in_threshold=d, threshold=1, inputs=[0], answers=[2], failing_round=1)


@forgery("trace-burn-in-wrong-d", "attack_zero_odd_closure", "the bundled generator burn-in:closure with d=2 answers [0]")
def _(c):
    _burn_in(c, 2)  # Algorithm 1 with d=2 answers x_1 = 0 at round 1, not 2


# A bundled generator's name written otherwise than the engines write it (`--generator " sep51-standard"` runs
# sep51-standard) must not pass for user code, whose answers are taken as recorded: here answers sep51-standard
# never gives (trace-bundled-answers-invented), under a name the table lookup alone would miss.

def _invented(c: dict, generator: str, **change) -> None:
    c.update(generator=generator, bundled=False, answers=[4, 4, 4, 7], **change)


@forgery("trace-generator-padded", "attack_sep51_h3",
         "generator 'sep51-standard ': the package reads and writes this name as 'sep51-standard'")
def _(c):
    _invented(c, "sep51-standard ")


@forgery("trace-burn-in-padded", "attack_sep51_h3",
         "generator 'burn-in: sep51-standard': the package reads and writes this name as 'burn-in:sep51-standard'")
def _(c):
    _invented(c, "burn-in: sep51-standard", burn_in_threshold=1)


@forgery("trace-burn-in-of-burn-in", "attack_sep51_h3", "burn-in applies once")
def _(c):
    _invented(c, "burn-in:burn-in:sep51-standard", burn_in_threshold=1)  # d=1: sep51-standard's own answers


@forgery("trace-generator-blank", "attack_sep51_h3", "generator '': the name is blank")
def _(c):
    _invented(c, "")


def test_a_burn_in_trace_names_its_d():
    """Issue 21 item 5: a defeat of burn-in:closure at d=1 must not read as one of Algorithm 1 at another d."""
    cert = committed("attack_zero_odd_closure")
    _burn_in(cert, 1)
    result = check(cert, COMMITTED / "x.json")
    assert result.valid, result.message
    assert result.message.endswith("answers re-computed by the bundled generator burn-in:closure with d=1")


# ---------------------------------------------------------------- proper-limit strategies (trusted/certificates/strategy.py)

def built(name: str, replay: bool = True) -> dict:
    """The game's certificate for a bundled class, built in-process (the solver proposes; check disposes)."""
    from replayproof.game.build import certificate
    from replayproof.game.solve import solve
    from conftest import CLASSES, bundled
    cls = bundled(name)
    cert = certificate(cls, solve(cls.table, replay), str(CLASSES / f"{name}.toml"))
    cert["class"]["path"] = str(CLASSES / f"{name}.toml")
    return cert


def respin(cert: dict, replay: bool) -> None:
    """Re-record a proper-limit generator under another rule: the same machine (answers, transitions
    by cell), each (state, answers so far, legal targets) its own state, a dead state once no target
    is legal. The records are then right, so only the cycle check can refute the new claim."""
    from replayproof.trusted.certificates.source import load_class
    from replayproof.trusted.certificates.abstract import Ctx
    block = cert["class"]
    with origin(COMMITTED):
        cls = load_class(block["path"], block["cells"], block["hypotheses"], block["name"])
    ctx = Ctx(cls, replay)
    names = cls.names
    states = {st["id"]: st for st in cert["states"]}
    show = lambda hs: [names[h] for h in sorted(hs)]  # noqa: E731
    cells = sorted(ctx.cells, key=sorted)
    ids: dict[tuple, str] = {}
    out: list[dict] = []

    def sid(key: tuple) -> str:
        if key not in ids:
            ids[key] = "dead" if key == DEAD else f"{key[0]}.{len(ids)}"
            todo.append(key)
        return ids[key]

    todo: list[tuple] = []
    DEAD = ("dead", frozenset(), frozenset())
    sid((cert["start"], frozenset(), frozenset(range(cls.n))))
    while todo:
        key = todo.pop()
        old, o, a = key
        st = {"answer": names[0], "on": [{"cell": show(c), "to": "dead"} for c in cells]} if key == DEAD else states[old]
        on = []
        for edge in st["on"]:
            sig = frozenset(names.index(h) for h in edge["cell"])
            after = a & ctx.legal_for(ctx.elements(sig, 1)[0], o)
            ans = states[edge["to"]]["answer"] if edge["to"] in states else names[0]
            nxt = DEAD if not after else (edge["to"], o | {names.index(ans)}, after)
            on.append({"cell": edge["cell"], "to": sid(nxt)})
        out.append({"id": ids[key], "answer": None if key[0] == cert["start"] and not o else
                    st["answer"],
                    "answers_so_far": show(o), "legal_for": show(a), "on": on})
    cert.update(replay=replay, start=ids[(cert["start"], frozenset(), frozenset(range(cls.n)))], states=out)


@forgery("adv-unknown-hypothesis", "h4_replay", "unknown hypothesis 'hX'")
def _(c):
    node(c, "n1")["answers_so_far"] = ["hX"]


@forgery("adv-empty-cell", "h4_replay", "the cell {h1-} is empty in this class")
def _(c):
    node(c, "n0")["present"] = ["h1-"]


# A class the certificate gives by its cells (path null) is made concrete element by element (source.load_class):
# it keeps a class file's limits, so a huge size or hypothesis list is refused in one line, not by exhausting memory
# (a finite cell of 10^13 elements was a MemoryError, exit 70; 3,000 hypotheses ran for minutes).

@forgery("class-by-cells-too-many-elements", "h4_budget1_adversary",
         "=class: cells: the finite cells hold 10000000000004 elements in all, more than the 1000000 a class by cells "
         "may hold (docs/limits.md)")
def _(c):
    c["class"]["path"] = None
    next(cell for cell in c["class"]["cells"] if cell["size"] == "1")["size"] = "10000000000000"


@forgery("class-by-cells-too-many-hypotheses", "h4_budget1_adversary",
         "=class: hypotheses: 65 given, a class by cells has at most 64")
def _(c):
    c["class"]["path"] = None
    extra = [f"g{k}" for k in range(61)]
    c["class"]["hypotheses"] += extra
    c["class"]["cells"] += [{"signature": [g], "size": "inf"} for g in extra]


@forgery("adv-duplicate-id", "h4_replay", "node id 'n27' is used twice")
def _(c):
    c["nodes"].append(copy.deepcopy(node(c, "n27")))


@forgery("adv-missing-root", "h4_replay", "root node 'nX' does not exist")
def _(c):
    c["root"] = "nX"


@forgery("adv-missing-successor", "h4_replay", "node n0 (answers so far {}, legal for {h1-, h2-, h1+, h2+}, unbounded replay): successor 'nX' does not exist")
def _(c):
    node(c, "n0")["next"]["h1-"] = "nX"


@forgery("adv-recorded-legal-targets", "h4_replay", "node n14 (answers so far {h1+}, legal for {h1-, h2-}, unbounded replay): records answers so far {h1+} and legal for {h1-, h2-, h1+}")
def _(c):
    node(c, "n14")["legal_for"].append("h1+")


@forgery("adv-two-states", "h4_replay",
         "node n2 is reached by plays in different states (answers so far or legal targets differ)")
def _(c):
    node(c, "n0")["next"]["h1-"] = "n2"  # n2 is reached after answer h1- first, then after h2-


@forgery("adv-root-with-answers", "h4_replay", "node n0 (answers so far {}, legal for {h1-, h2-, h1+, h2+}, unbounded replay): records answers so far {h1-}")
def _(c):
    node(c, "n0")["answers_so_far"] = ["h1-"]


@forgery("adv-unknown-answer-key", "h4_replay", "successor for unknown answer 'hX'")
def _(c):
    node(c, "n0")["next"]["hX"] = "n1"


@forgery("adv-step-without-successor", "h4_replay", "no successor for answer h2+")
def _(c):
    del node(c, "n0")["next"]["h2+"]


@forgery("adv-loop-branches-on-old-answer", "h4_replay", "answer h1- is already in O")
def _(c):
    node(c, "n5")["next"]["h1-"] = "n1"


@forgery("adv-loop-without-new-answer-successor", "h4_replay", "no successor for the new answer h2-")
def _(c):
    del node(c, "n5")["next"]["h2-"]


@forgery("adv-loop-input-illegal", "built:triangle", "loop input 3 is illegal for h1: input 3 is not in the target")
def _(c):
    # n1 (answers {h1}, all legal) becomes a loop over every cell: 3 is in neither h1 nor the answer h1
    n1 = node(c, "n1")
    n1.update(move="loop", present=copy.deepcopy(node(c, "n4")["present"]), enumerates=["h2", "h3"],
              wrong={"h1": "h2"}, next={"h2": "m5", "h3": "m6"})
    del n1["next"]
    n1["next"] = {"h2": "m5", "h3": "m6"}
    for old, new, nxt in (("n5", "m5", {"h3": "m13"}), ("n6", "m6", {"h2": "m13"}), ("n13", "m13", {})):
        twin = copy.deepcopy(node(c, old))
        twin.update(id=new, legal_for=["h1", "h2", "h3"], next=nxt)
        c["nodes"].append(twin)
    for nid in ("n4", "n5", "n6", "n13"):  # n1's old subtree, now unreachable
        c["nodes"].remove(node(c, nid))


@forgery("adv-loop-enumerates-illegal-target", "h4_replay", "claims to enumerate h1-, but the play is not legal for it")
def _(c):
    n27 = node(c, "n27")
    n27["enumerates"].append("h1-")
    n27["present"].append(["h1-", "h2-"])


@forgery("adv-loop-misses-a-cell", "h4_replay", "claims to enumerate h1+, but never presents its infinite cell {h1+, h2+}")
def _(c):
    node(c, "n27")["present"].remove(["h1+", "h2+"])  # its only infinite cell: the loop would stall


@forgery("adv-wrong-names-no-answer", "h4_replay", "'wrong' lists 'h2-', which is not an answer so far")
def _(c):
    node(c, "n5")["wrong"]["h2-"] = "h1+"


@forgery("adv-answer-blamed-on-nobody", "h4_replay", "answer h1+ may be repeated forever")
def _(c):
    del node(c, "n7")["wrong"]["h1+"]


@forgery("adv-blamed-target-not-enumerated", "h4_replay", "answer h1- is claimed wrong for h2-, which the loop does not enumerate")
def _(c):
    node(c, "n5")["wrong"]["h1-"] = "h2-"


@forgery("gen-missing-start", "h4_no_replay", "start state 'sX' does not exist")
def _(c):
    c["start"] = "sX"


@forgery("gen-unknown-answer", "h4_no_replay", "state s1: unknown answer 'hX'")
def _(c):
    node(c, "s1")["answer"] = "hX"


@forgery("gen-start-state", "h4_no_replay", "the start must have no answers so far and every hypothesis legal")
def _(c):
    # issue 21: H4 is not generatable with replay; with every legal_for emptied only the start guard stands
    c["replay"] = True
    for st in c["states"]:
        st["legal_for"] = []


@forgery("gen-two-transitions-on-a-cell", "h4_no_replay", "state s0: two transitions on any elements of cell {h1-, h2-}")
def _(c):
    s0 = node(c, "s0")
    s0["on"].append(copy.deepcopy(s0["on"][0]))


@forgery("gen-missing-transition", "h4_no_replay", "no transition for an input from cell {h1-, h2-}")
def _(c):
    node(c, "s0")["on"].pop(0)


@forgery("gen-transition-to-missing-state", "h4_no_replay", "goes to missing state 'sX'")
def _(c):
    node(c, "s0")["on"][0]["to"] = "sX"


@forgery("gen-dead-state-with-targets", "h4_no_replay", "is illegal for every target, but state dead records targets {h1-}")
def _(c):
    node(c, "dead")["legal_for"] = ["h1-"]


@forgery("gen-recorded-state", "h4_no_replay", "but state s8 records legal {h1-, h2-}")
def _(c):
    node(c, "s8")["legal_for"] = ["h1-", "h2-"]


@forgery("gen-unreachable-state", "h4_no_replay", "state orphan is unreachable from the start")
def _(c):
    orphan = copy.deepcopy(node(c, "s8"))
    orphan["id"] = "orphan"
    c["states"].append(orphan)


@forgery("gen-replay-flipped", "h4_no_replay", "forever while enumerating")
def _(c):
    respin(c, True)  # the no-replay machine, honestly re-recorded under replay: Theorem 7.3 defeats it


# ---------------------------------------------------------------- criterion (trusted/certificates/criterion.py)
# criterion_triangle: profile {h1, h2, h3}; groups h1 -> {h2, h3}, h2 -> {h1, h3}, h3 -> {h1, h2}.
# criterion_even_odd: profiles {even} and {odd}, first answer even, outputs even / odd; canonical generator.

def _triangle_witness(c: dict, outputs=None) -> None:
    """Turn the triangle obstruction into a witness (a false claim: triangle is not generatable with
    replay) whose residual groups are the true ones; `outputs` picks each group's output."""
    from replayproof.trusted.certificates.source import load_class
    from replayproof.trusted.certificates.abstract import Ctx
    from replayproof.trusted.certificates.criterion import _residual_groups
    block = c["class"]
    with origin(COMMITTED):
        ctx = Ctx(load_class(block["path"], block["cells"], block["hypotheses"], block["name"]), True)
    names = ctx.names
    choices = []
    for sig in sorted(ctx.cells, key=sorted):
        groups = sorted(_residual_groups(ctx, sig, 0), key=sorted)
        choices.append({"profile": [names[h] for h in sorted(sig)], "answer": names[0],
                        "outputs": [{"group": [names[h] for h in sorted(g)],
                                     "output": (outputs or (lambda g: names[min(g)]))(g)} for g in groups]})
    for key in ("profile", "groups"):
        del c[key]
    c.update(kind="criterion-witness", verdict="generatable", choices=choices, generator=None)


@forgery("crit-unknown-first-answer", "criterion_triangle", "groups: unknown first answer 'hX'")
def _(c):
    c["groups"]["hX"] = ["h1"]


@forgery("crit-missing-group", "criterion_triangle", "groups: no group for the first answer h1")
def _(c):
    del c["groups"]["h1"]


@forgery("crit-group-outside-profile", "criterion_triangle", "the group must be a non-empty part of the profile {h1, h2}")
def _(c):
    c["profile"] = ["h1", "h2"]  # the cell {1}: h3 is in no group's first input


@forgery("crit-answer-inside-the-group", "criterion_triangle", "h2 lies inside every member of the group")
def _(c):
    c["groups"]["h1"] = ["h2"]  # answering h2 forever is correct for the only member


@forgery("crit-phase-two-illegal", "criterion_triangle", "the kernel finds round 6 (input 2) illegal for A")
def _(c):
    # A = {x <= 0} + {1}, B = {x <= 0} + {2}: generatable with replay (answer A until 2 is seen, then B);
    # the obstruction's enumeration for first answer A presents 2, which is illegal for target A
    cells = [{"signature": ["A", "B"], "size": "inf"}, {"signature": ["A"], "size": "1"},
             {"signature": ["B"], "size": "1"}]
    c["class"] = {"name": "ab", "path": None, "hypotheses": ["A", "B"], "cells": cells}
    c.update(profile=["A", "B"], groups={"A": ["A", "B"], "B": ["A", "B"]})


@forgery("wit-profile-twice", "criterion_even_odd", "profile {even} is listed twice")
def _(c):
    c["choices"].append(copy.deepcopy(c["choices"][0]))


@forgery("wit-unknown-first-answer", "criterion_even_odd", "unknown first answer 'hX'")
def _(c):
    c["choices"][0]["answer"] = "hX"


@forgery("wit-unknown-output", "criterion_even_odd", "unknown output 'hX'")
def _(c):
    c["choices"][0]["outputs"][0]["output"] = "hX"


@forgery("wit-output-wrong", "criterion_triangle", "is wrong for")
def _(c):
    _triangle_witness(c)  # each residual group answered by its first member: wrong for another member


@forgery("wit-residual-groups", "criterion_triangle", "the residual groups are")
def _(c):
    _triangle_witness(c)
    for ch in c["choices"]:  # every member its own group, answered by itself: each output is right
        ch["outputs"] = [{"group": [h], "output": h} for o in ch["outputs"] for h in o["group"]]


@forgery("wit-missing-profile", "criterion_even_odd", "no first answer for the realized profile {odd}")
def _(c):
    c["choices"].pop()
    c["generator"] = None


@forgery("wit-generator-without-replay", "criterion_even_odd", "generator: it must be for the same class, with replay")
def _(c):
    respin(c["generator"], False)  # a right generator, but for the game without replay


@forgery("wit-generator-invalid", "criterion_even_odd", "but state s1 records legal {even, odd}")
def _(c):
    node(c["generator"], "s1")["legal_for"] = ["even", "odd"]


# Left to the schema (criterion-*.schema.json; defeat-trace's horizon bound): the checkers read fields,
# types, constants and bounds as validated. Each forgery is rejected by the full check naming the field; the mutants of strict.py's
# keywords in benchmarks/mutants_checkers.py are killed here (without the keyword the forgery passes).
SCHEMA_CASES: dict[str, tuple[str, Edit, str]] = {
    "trace-horizon-too-large": ("attack_zero_odd_closure", lambda c: c.update(horizon=10**9),
                                "at horizon: must be at most 64, not 1000000000"),
    "crit-replay-false": ("criterion_triangle", lambda c: c.update(replay=False),  # generatable without replay
                          'at replay: must be true, not false'),
    "crit-verdict-word": ("criterion_triangle", lambda c: c.update(verdict="generatable"),
                          'at verdict: must be "not-generatable", not "generatable"'),
    "crit-unknown-field": ("criterion_triangle", lambda c: c.update(extra=1), "at extra: unknown field 'extra'"),
    "crit-missing-field": ("criterion_triangle", lambda c: c.pop("summary"), "at (top level): missing field 'summary'"),
    "crit-cell-size-type": ("criterion_triangle", lambda c: c["class"]["cells"][0].update(size=1),
                            "at class/cells/0/size: expected string, got integer"),
    "crit-cell-size-format": ("criterion_triangle", lambda c: c["class"]["cells"][0].update(size="01"),
                              'at class/cells/0/size: "01" does not match'),
    "crit-group-not-names": ("criterion_triangle", lambda c: c["groups"].update(h1="h2"),
                             "at groups/h1: expected array, got string"),
    "wit-generator-kind": ("criterion_even_odd", lambda c: c["generator"].update(kind="proper-limit-adversary"),
                           'at generator/kind: must be "proper-limit-generator"'),
    "wit-generator-malformed": ("criterion_even_odd", lambda c: c["generator"].pop("states"),
                                "at generator: missing field 'states'"),
    "wit-generator-names-not-a-list": ("criterion_even_odd",
                                       lambda c: c["generator"]["states"][0].update(answers_so_far=""),
                                       "at generator/states/0/answers_so_far: expected array, got string"),
    "wit-generator-state-not-an-object": ("criterion_even_odd",
                                          lambda c: c["generator"]["states"].__setitem__(0, "s0"),
                                          "at generator/states/0: expected object, got string"),
    "wit-generator-name-not-a-string": ("criterion_even_odd",
                                        lambda c: c["generator"]["states"][1].update(answers_so_far=[1]),
                                        "at generator/states/1/answers_so_far/0: expected string, got integer"),
}


@pytest.mark.parametrize("name", sorted(SCHEMA_CASES))
def test_schema_guard(name):
    stem, edit, message = SCHEMA_CASES[name]
    assert_schema_rejects(committed(stem), edit, message, COMMITTED / f"{stem}.json", prefix=True)


# ---------------------------------------------------------------- lower bounds (trusted/certificates/lowerbound.py)
# lower_h4: stream [-1, 0, 1], genuine for h1- and h1+, refutes threshold 3 = C(H4).

@forgery("lb-unknown-target", "lower_h4", "targets: unknown hypothesis 'hX'")
def _(c):
    c["targets"] = ["hX"]


@forgery("lb-cell-twice", "lower_h4", "the cell {h1-, h2-} is given twice")
def _(c):
    c["answers"].append(copy.deepcopy(c["answers"][0]))


@forgery("lb-distinct-count", "lower_h4", "the stream has 3 distinct examples, not 4")
def _(c):
    c["refutes_threshold"] = 4  # false: the closure generator reaches threshold C(H4) + 1 = 4


@forgery("lb-stream-illegal", "lower_h4", "the stream is not legal for target h1- at round 4")
def _(c):
    # 5 is outside h1-: a false claim (threshold 4 = C(H4) + 1 is reached) that only legality refutes
    c.update(stream=[-1, 0, 1, 5], refutes_threshold=4)


@forgery("lb-common-cell-unexhausted", "lower_h4", "lies inside every target but the stream does not exhaust it")
def _(c):
    c["targets"] = ["h1-"]  # {h1-, h2-} is inside the only target and infinite


@forgery("lb-no-target-for-a-cell", "lower_h4", "no target is given for answers in the cell {h1-, h2-}")
def _(c):
    c["answers"].pop(0)


@forgery("lb-target-outside-targets", "lower_h4", "the target h2+ for cell {h1-, h2-} is not one the stream is legal for")
def _(c):
    c["answers"][0]["target"] = "h2+"  # -3 is outside h2+, but the stream [-1, 0, 1] is not legal for h2+


@forgery("lb-answer-correct-for-its-target", "lower_h4", "an answer in cell {h1-, h2-} (e.g. -3) is correct for h1-")
def _(c):
    c["answers"][0]["target"] = "h1-"


# the parametrized test comes last: every forgery above is registered by then
@pytest.mark.parametrize("name", sorted(CASES))
def test_guard(name):
    stem, edit, message = CASES[name]
    assert_guard_rejects(committed(stem), edit, message, COMMITTED, COMMITTED / f"{stem}.json")


def test_kernel_refuses_what_is_not_a_trace(h4):
    with pytest.raises(ValueError, match="target 4 is not a hypothesis index"):
        judge(h4, 4, [0], [0], Mode(replay=True))
    with pytest.raises(ValueError, match=r"2 input\(s\) but 1 answer\(s\)"):
        judge(h4, 0, [0, 1], [0], Mode(replay=True))


def test_kernel_stops_at_the_first_illegal_input(h4):
    """Rounds after an illegal input are not judged: a trace is legal up to its last round or not at all."""
    trace = judge(h4, h4.index("h1-"), [0, 7, -1], [-2, -3, -4], Mode(replay=False))
    assert trace.first_illegal == 2 and len(trace.rounds) == 2
