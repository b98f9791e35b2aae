"""One forged certificate per guard of trusted/certificates/machine.py, violating that guard only (issue 21).

Each forgery is otherwise a certificate the checker would accept, and its claim is false (or, where
noted, merely unjustified); the test asserts the rejection names that guard. The mutants of
benchmarks/mutants_verify.py each remove one guard and are killed here.
"""
from __future__ import annotations

import copy
import json
import time

import pytest

from replayproof.trusted.certificates import check
from replayproof.classes.classfile import load
from replayproof.verify import build
from replayproof.verify.engine import verify_generator
from replayproof.generators.machine import MealyModel, machine_from_dict, sorted_names
from replayproof.trusted.generators.models import make_model
from replayproof.verify.product import Product, Question, explore
from conftest import CLASSES, ROOT

ZO = str(CLASSES / "attack_zero_odd.toml")
H4 = str(CLASSES / "h4.toml")


def _committed(name: str) -> dict:
    path = ROOT / "counterexamples" / name
    cert = json.loads(path.read_text())
    cert["class"]["path"] = str((path.parent / cert["class"]["path"]).resolve())
    return cert


def _rejects(cert: dict, fragment: str | tuple[str, ...]) -> None:
    res = check(cert)
    assert not res.valid and any(f in res.message for f in ((fragment,) if isinstance(fragment, str) else fragment)), \
        res.message


def _invariant(cls, model, notion: str, ths: dict[int, int] | None, replay: bool, source: str, drop=None) -> dict:
    """Every reachable product state, bad ones included (the engine would stop at a defeat): a forgery
    that only the wrong-answer / fair-cycle guards can reject. `drop` removes adversary moves."""
    product = Product(cls, model, Question(notion, replay, tuple(sorted((ths or {}).items()))))
    if drop is not None:
        moves = product.moves
        product.moves = lambda s: (m for m in moves(s) if not drop(m))  # type: ignore[method-assign]
    ex = explore(product, 10 ** 5, time.monotonic() + 30, stop_at_bad=False)
    cert = build.invariant_certificate(cls, product, ex, model.spec, source)
    if isinstance(model, MealyModel):  # every row of the machine, also those the forgery's moves skip
        kind = model.kind
        cert["machine"]["rows"] = [
            {"state": q, "cell": sorted_names(cls, c), "how": how,
             "options": [[to, build.answer_json(cls, kind, a)]]}
            for (q, c, how), (to, a) in sorted(model.machine.delta.items())]
    return cert


def _class(tmp_path, name: str, text: str):
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return load(path), str(path)


def _machine(tmp_path, cls, data: dict):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data))
    return MealyModel(machine_from_dict(data, cls, str(path)), str(path))


# a ⊋ b: cells I = {a, b} (infinite) and F = {a} (finite)
FIN = """name = "fin"
hypotheses = ["a", "b"]
[[cell]]
members = ["a", "b"]
size = "inf"
[[cell]]
members = ["a"]
size = {size}
"""
# a and b share I; F = {a} finite, G = {b} infinite
SIDE = """name = "side"
hypotheses = ["a", "b"]
[[cell]]
members = ["a", "b"]
size = "inf"
[[cell]]
members = ["a"]
size = 1
[[cell]]
members = ["b"]
size = "inf"
"""


# c ⊊ a, b: cells I = {a, b, c} (infinite), F = {a} (2 elements), G = {b} (infinite)
TRI = """name = "tri"
hypotheses = ["a", "b", "c"]
[[cell]]
members = ["a", "b", "c"]
size = "inf"
[[cell]]
members = ["a"]
size = 2
[[cell]]
members = ["b"]
size = "inf"
"""
I3 = ["a", "b", "c"]


def _proper(states: dict[str, list[tuple[list[str], str | None, str, str]]]) -> dict:
    return {"format": 1, "answers": "proper", "start": "s0", "states": [
        {"id": q, "on": [{"cell": c, **({"how": how} if how else {}), "to": to, "answer": a} for c, how, to, a in on]}
        for q, on in states.items()]}


# ---------------------------------------------------------------- invariant: thresholds

def test_guard_threshold_for_every_target():
    """closure on zero-odd at d = 2 is defeated only on zero-odd; without its threshold it looks verified."""
    cls = load(ZO)
    cert = _invariant(cls, make_model("closure", cls, 2), "uniform", {h: 2 for h in range(3)}, True, ZO)
    _rejects(cert, "is wrong for zero-odd")
    del cert["thresholds"]["zero-odd"]
    _rejects(cert, "needs a threshold for every target; none for zero-odd")


def test_guard_uniform_means_one_d():
    cls = load(ZO)
    guard = str(ROOT / "encodings" / "generators" / "zero_odd_guard.toml")
    r = verify_generator(cls, guard, "non-uniform", {0: 3, 1: 2, 2: 3}, True, source=ZO)
    assert r.verdict == "verified" and check(r.certificate).valid
    _rejects(dict(r.certificate, notion="uniform"), "uniform means one d for every target")


# ---------------------------------------------------------------- invariant: the generator's machine

def test_guard_bundled_name_is_rebuilt():
    _rejects(dict(_committed("verify_zero_odd_guard.json"), generator="closure", bundled=True, canonical=True),
             "not those of the package's model of closure")


def test_guard_burn_in_needs_its_d():
    cls = load(ZO)
    r = verify_generator(cls, "burn-in:closure", "uniform", {h: 2 for h in range(3)}, True, source=ZO)
    _rejects(dict(r.certificate, burn_in=None), "burn-in:<generator> needs its d")


def test_guard_model_kind():
    _rejects(dict(_committed("verify_zero_odd_guard.json"), generator="telltale", bundled=True, canonical=True),
             "telltale answers proper, not element")


def test_guard_canonical_of_a_bundled_model():
    """telltale (proper: no pending answers, so the moves do not depend on `canonical`) verified on
    canonical streams of H4 without replay, relabelled as a claim about every stream."""
    cls = load(H4)
    r = verify_generator(cls, "telltale", "proper-limit", None, False, source=H4)
    assert r.verdict == "verified-canonical" and check(r.certificate).valid
    _rejects(dict(r.certificate, canonical=False), "exact on cell-canonical streams only")


def test_guard_rows_reached_from_the_start():
    """A machine state no row from the start reaches (harmless, but not the package's model)."""
    cls = load(ZO)
    r = verify_generator(cls, "burn-in:closure", "uniform", {h: 2 for h in range(3)}, True, source=ZO)
    cert = copy.deepcopy(r.certificate)
    ghost = copy.deepcopy(cert["invariant"][0])
    ghost[0] = "ghost"
    cert["invariant"].append(ghost)
    cert["machine"]["rows"] += [dict(row, state="ghost", options=[["ghost", o[1]] for o in row["options"]])
                                for row in cert["machine"]["rows"] if row["state"] == cert["machine"]["start"]]
    _rejects(cert, "machine state ghost is not reached from the start")


# p inside a and b, a and b overlapping: cells K = {p, a, b}, AB = {a, b}, A = {a}, B = {b} (all infinite)
WEDGE = """name = "wedge"
hypotheses = ["p", "a", "b"]
[[cell]]
members = ["p", "a", "b"]
size = "inf"
[[cell]]
members = ["a", "b"]
size = "inf"
[[cell]]
members = ["a"]
size = "inf"
[[cell]]
members = ["b"]
size = "inf"
"""


class _Wedged:
    """telltale's answers row by row, but from round 3 on every state is "every cell presented" (no
    hypothesis is consistent with that, so telltale answers the first, p, which lies inside every target)."""

    kind, canonical, bundled, spec = "proper", True, True, "telltale"

    def __init__(self, cls):
        self.tt = make_model("telltale", cls)
        self.n = len(cls.table.cells)
        self.label = {"s": 0, "all": (1 << self.n) - 1, **{f"x{c}": 1 << c for c in range(self.n)}}

    def start(self):
        return "s"

    def step(self, q, c, how):
        (_, a), = self.tt.step(self.label[q], c, how)
        return ((f"x{c}" if q == "s" else "all", a),)


def test_guard_one_model_state_per_recorded_id(tmp_path):
    """A recorded state standing for two model states: after its second round the forged machine jumps to
    the id that a scaffold of true rows (from the start's unused repeat row, explored first) tied to
    "every cell presented". Telltale is really defeated at d = 3 (kernel-judged); the forgery claims it verified."""
    cls, src = _class(tmp_path, "wedge", WEDGE)
    ths = {h: 3 for h in range(cls.n)}
    real = verify_generator(cls, "telltale", "uniform", ths, False, source=src)
    assert real.verdict == "defeated" and check(real.certificate).valid  # a kernel-judged defeat trace
    last = real.trace.rounds[-1]
    assert real.trace.legal and not last.correct and last.distinct >= 3
    forged = _Wedged(cls)
    cert = verify_generator(cls, "telltale", "uniform", ths, False, model=forged, source=src).certificate
    n, bits = forged.n, 0
    chain = ["s"] + [f"y{i}" for i in range(1, n)] + ["all"]
    for i, c in enumerate([n - 1] + list(range(n - 1))):  # true rows from s to "every cell presented"
        how = "repeat" if i == 0 else "new"
        (bits, a), = forged.tt.step(bits, c, how)
        cert["machine"]["rows"].append({"state": chain[i], "cell": sorted_names(cls, c), "how": how,
                                        "options": [[chain[i + 1], cls.names[a]]]})
    _rejects(cert, "state all stands for two states of the package's model of telltale")


def test_guard_one_row_per_symbol():
    """A second row for one symbol, answering stale where the machine's own row is right: the checker
    would judge only the last row, though the machine as recorded also answers stale there (wrong for
    even with 2 >= 2 distinct examples, as the same options in one row show)."""
    cert = _committed("verify_zero_odd_guard.json")
    rows = cert["machine"]["rows"]
    j = next(j for j, r in enumerate(rows) if (r["state"], r["cell"], r["how"]) == ("ee", ["even"], "new"))
    bad = dict(rows[j], options=[[rows[j]["options"][0][0], "stale"]])
    one = copy.deepcopy(cert)
    one["machine"]["rows"][j]["options"] += bad["options"]
    _rejects(one, "the answer is wrong for even with 2 >= 2 distinct examples")
    rows.insert(j, bad)
    _rejects(cert, f"machine row {j + 1}: a second row for state ee and (['even'], new)")


# ---------------------------------------------------------------- invariant: the product

def test_guard_start_in_the_invariant():
    """Start in a new state that answers stale forever (defeated at round 2); nothing checks it."""
    cert = _committed("verify_zero_odd_guard.json")
    symbols = {(tuple(r["cell"]), r["how"]) for r in cert["machine"]["rows"]}
    cert["machine"]["start"] = "s9"
    cert["machine"]["rows"] += [{"state": "s9", "cell": list(c), "how": how, "options": [["s9", "stale"]]}
                                for c, how in sorted(symbols)]
    _rejects(cert, "the start state (no input yet, every target live) is not in the invariant")


def test_guard_closed_under_moves():
    """Only the start state: its answers are fine before d = 2; the other states answer stale."""
    cert = _committed("verify_zero_odd_guard.json")
    start = [s for s in cert["invariant"] if s[0] == cert["machine"]["start"] and not any(s[1])]
    for row in cert["machine"]["rows"]:
        if row["state"] != cert["machine"]["start"]:
            row["options"] = [[o[0], "stale"] for o in row["options"]]
    cert["invariant"] = start
    _rejects(cert, "is not in the invariant (not closed)")


def test_guard_wrong_answer_past_the_threshold():
    cls = load(ZO)
    _rejects(_invariant(cls, make_model("closure", cls, 2), "uniform", {h: 2 for h in range(3)}, True, ZO),
             "the answer is wrong for zero-odd with 2 >= 2 distinct examples")


def test_guard_fresh_answer_in_an_exhausted_finite_cell_is_stale(tmp_path):
    """After the one element of F = {a} is seen, 'fresh F' can only be an observed element: wrong."""
    cls, src = _class(tmp_path, "fin1", FIN.format(size=1))
    machine = {"format": 1, "answers": "element", "start": "s0", "states": [
        {"id": "s0", "on": [{"cell": ["a", "b"], "to": "s0", "answer": {"fresh": ["a", "b"]}},
                            {"cell": ["a"], "to": "sF", "answer": {"fresh": ["a"]}}]},
        {"id": "sF", "on": [{"cell": ["a", "b"], "to": "sF", "answer": {"fresh": ["a"]}},
                            {"cell": ["a"], "to": "sF", "answer": {"fresh": ["a"]}}]}]}
    cert = _invariant(cls, _machine(tmp_path, cls, machine), "uniform", {0: 1, 1: 1}, False, src)
    _rejects(cert, "the answer is wrong for a")


def test_guard_repeat_moves_are_explored(tmp_path):
    """A machine that errs only on a repeated element; the forged invariant ignores repeats."""
    cls, src = _class(tmp_path, "fin2", FIN.format(size=2))
    m = _machine(tmp_path, cls, _proper({"s0": [(["a", "b"], "new", "s0", "b"), (["a", "b"], "repeat", "s0", "a"),
                                                (["a"], None, "s0", "a")]}))
    cert = _invariant(cls, m, "uniform", {0: 1, 1: 1}, False, src, drop=lambda mv: mv[1] == "repeat")
    _rejects(cert, "repeat) and answer")


def test_guard_new_moves_of_a_finite_cell_run_to_its_size(tmp_path):
    """A machine that errs (for a) only once both elements of F = {a} were seen; the forgery stops at one."""
    cls, src = _class(tmp_path, "tri", TRI)
    m = _machine(tmp_path, cls, _proper({
        "s0": [(I3, None, "s0", "c"), (["a"], "new", "s1", "c"), (["a"], "repeat", "s0", "c"), (["b"], None, "s0", "c")],
        "s1": [(I3, None, "s1", "c"), (["a"], "new", "s2", "b"), (["a"], "repeat", "s1", "c"), (["b"], None, "s1", "c")],
        "s2": [(I3, None, "s2", "b"), (["a"], None, "s2", "b"), (["b"], None, "s2", "b")]}))
    cert = _invariant(cls, m, "uniform", {0: 1, 1: 1, 2: 1}, False, src)
    _rejects(cert, "the answer is wrong for a")
    f = [c["signature"] for c in cert["class"]["cells"]].index(["a"])
    cert["invariant"] = [s for s in cert["invariant"] if s[1][f] < 2]
    _rejects(cert, "not closed")


def test_guard_a_fair_bad_cycle():
    """telltale on H4 with replay, every reachable state: one component is fair and bad for h2-."""
    cls = load(H4)
    cert = _invariant(cls, make_model("telltale", cls), "proper-limit", None, True, H4)
    _rejects(cert, "answers wrongly for it infinitely often")


# ---------------------------------------------------------------- lasso

def _lasso(cert_inv: dict, target: str, prefix, cycle, rows, unroll: int = 2) -> dict:
    lasso = {k: v for k, v in cert_inv.items() if k != "invariant"}
    lasso.update(kind="verify-lasso", target=target, unroll=unroll, summary="forged", notion="proper-limit",
                 thresholds={}, prefix=[{"cell": c, "how": h} for c, h in prefix],
                 cycle=[{"cell": c, "how": h} for c, h in cycle],
                 machine={"start": "s0", "rows": [{"state": q, "cell": c, "how": h, "to": to, "answer": a}
                                                  for q, c, h, to, a in rows]})
    return lasso


def _fin_inv(tmp_path, replay: bool = True, text: str = FIN.format(size=2)) -> tuple[dict, object, str]:
    """A verified invariant on the class (a machine answering the first hypothesis), to borrow its head."""
    cls, src = _class(tmp_path, "c", text)
    m = _machine(tmp_path, cls, _proper({"s0": [([cls.names[h] for h in sorted(cell.signature)], None, "s0",
                                                  cls.names[0]) for cell in cls.table.cells]}))
    return verify_generator(cls, m.spec, "proper-limit", None, replay, model=m, source=src).certificate, cls, src


def test_guard_lasso_state_periodic(tmp_path):
    """Wrong (a, for target b) in two copies, then b forever: the machine state never repeats."""
    inv, _, _ = _fin_inv(tmp_path)
    ib = ["a", "b"]
    lasso = _lasso(inv, "b", [], [(ib, "new")], [("s0", ib, "new", "s1", "a"), ("s1", ib, "new", "s2", "a")])
    _rejects(lasso, "the play is not periodic")


def test_guard_lasso_kernel_legality(tmp_path):
    """F = {a} is presented for target b without a replay licence (nothing output contains F)."""
    inv, _, _ = _fin_inv(tmp_path)
    ib, a = ["a", "b"], ["a"]
    lasso = _lasso(inv, "b", [(a, "new")], [(ib, "new")], [("s0", a, "new", "s1", "b"), ("s1", ib, "new", "s1", "a")])
    lasso["machine"]["rows"][0]["answer"] = "b"
    _rejects(lasso, "illegal for b")


def test_guard_lasso_every_copy_wrong(tmp_path):
    inv, _, _ = _fin_inv(tmp_path)
    ib = ["a", "b"]
    _rejects(_lasso(inv, "b", [], [(ib, "new")], [("s0", ib, "new", "s0", "b")]), "has no wrong answer")


def test_guard_lasso_finite_cells_presented(tmp_path):
    """Target a never sees its finite cell F; b (wrong for a) answered forever on I only."""
    inv, _, _ = _fin_inv(tmp_path, replay=False, text=SIDE)
    ib = ["a", "b"]
    lasso = _lasso(inv, "a", [], [(ib, "new")], [("s0", ib, "new", "s0", "b")])
    _rejects(lasso, "the play never presents")


def test_guard_lasso_new_element_of_every_infinite_cell(tmp_path):
    """The cycle only repeats an element: the target's infinite cell is never enumerated."""
    inv, _, _ = _fin_inv(tmp_path)
    ib = ["a", "b"]
    lasso = _lasso(inv, "b", [(ib, "new")], [(ib, "repeat")],
                   [("s0", ib, "new", "s1", "a"), ("s1", ib, "repeat", "s1", "a")])
    _rejects(lasso, "never presents a new element of the infinite cell")


def test_guard_lasso_bundled_generator_rebuilt():
    """The committed telltale lasso with one answer changed to one telltale never gives there."""
    cert = _committed("verify_h4_telltale.json")
    row = cert["machine"]["rows"][-1]
    row["answer"] = next(n for n in cert["class"]["hypotheses"] if n != row["answer"])
    _rejects(cert, "not those of the package's model of telltale")


# ---------------------------------------------------------------- invariant: moves and counts

def test_guard_every_move_has_a_row():
    cert = _committed("verify_zero_odd_guard.json")
    start = cert["machine"]["start"]
    cert["machine"]["rows"] = [r for r in cert["machine"]["rows"] if not (r["state"] == start and r["how"] == "new"
                                                                          and r["cell"] == ["odd", "zero-odd"])]
    _rejects(cert, "the machine has no row for ({odd, zero-odd}, new)")


def test_guard_distinct_count_grows():
    """closure's invariant (defeated at d = 2) with every distinct count set to 0: never past a threshold."""
    cls = load(ZO)
    cert = _invariant(cls, make_model("closure", cls, 2), "uniform", {h: 2 for h in range(3)}, True, ZO)
    seen, states = set(), []
    for s in cert["invariant"]:
        key = json.dumps(s[:4] + [0])
        if key not in seen:
            seen.add(key)
            states.append(s[:4] + [0])
    cert["invariant"] = states
    _rejects(cert, "not closed")


def test_guard_proper_replay_licence(tmp_path):
    """An answer a licenses F = {a} for target b; the forgery is the invariant without replay, relabelled."""
    cls, src = _class(tmp_path, "fin2", FIN.format(size=2))
    m = _machine(tmp_path, cls, _proper({"s0": [(["a", "b"], None, "s1", "a"), (["a"], None, "s1", "a")],
                                         "s1": [(["a", "b"], None, "s1", "b"), (["a"], "new", "s1", "a"),
                                                (["a"], "repeat", "s1", "b")]}))
    assert verify_generator(cls, m.spec, "uniform", {0: 2, 1: 2}, True, model=m, source=src).verdict == "defeated"
    cert = verify_generator(cls, m.spec, "uniform", {0: 2, 1: 2}, False, model=m, source=src).certificate
    assert check(cert).valid
    _rejects(dict(cert, replay=True), "not closed")


def test_guard_element_echo_licence():
    """closure on zero-odd: verified without replay; the same invariant relabelled `with replay`."""
    cls = load(ZO)
    cert = verify_generator(cls, "closure", "uniform", {h: 2 for h in range(3)}, False, source=ZO).certificate
    assert check(cert).valid
    _rejects(dict(cert, replay=True), ("not closed", "the machine has no row"))


def test_guard_new_while_an_answer_is_pending():
    """closure's rows recorded as a machine of no bundled name (so exact on every stream by the format):
    the invariant explored on canonical streams only, relabelled `canonical: false`."""
    cls = load(ZO)
    m = make_model("closure", cls, 3)
    m.spec, m.bundled = "recorded_closure.json", False
    cert = _invariant(cls, m, "uniform", {h: 3 for h in range(3)}, False, ZO)
    assert check(cert).valid and "canonical streams only" in check(cert).message
    _rejects(dict(cert, canonical=False), ("not closed", "the machine has no row"))


# ---------------------------------------------------------------- names and rows the checker looks up

def _user(c: dict) -> None:
    """The lasso's machine as recorded (a user generator: no model rebuilt), so only the guard stands."""
    c.update(generator="mine.py:g", bundled=False)


LOOKUPS = {  # name: (committed certificate, edit, the rejection); each breaks one look-up only
    "cell-unknown-name": ("verify_zero_odd_guard.json", lambda c: c["machine"]["rows"][0].update(cell=["nobody"]),
                          "machine row 0: ['nobody'] is not a list of hypothesis names"),
    "cell-empty": ("verify_zero_odd_guard.json", lambda c: c["machine"]["rows"][0].update(cell=["even", "odd"]),
                   "machine row 0: the cell ['even', 'odd'] is empty in this class"),
    "element-answer-word": ("verify_zero_odd_guard.json",  # s0's answer on a new even input was "stale"
                            lambda c: c["machine"]["rows"][14]["options"][0].__setitem__(1, "Stale"),
                            "machine row 14: element answer 'Stale' is neither"),
    "threshold-name": ("verify_zero_odd_guard.json", lambda c: c["thresholds"].update(nobody=2),
                       "thresholds: unknown hypothesis 'nobody'"),
    "proper-answer": ("verify_h4_telltale.json", lambda c: (_user(c), c["machine"]["rows"][0].update(answer="h9")),
                      "machine row 0: unknown answer 'h9'"),
    "lasso-target": ("verify_h4_telltale.json", lambda c: (_user(c), c.update(target="nobody")),
                     "target: unknown hypothesis 'nobody'"),
    "lasso-no-row": ("verify_h4_telltale.json", lambda c: (_user(c), c["machine"]["rows"].pop(0)),
                     "round 1: the machine has no row for state m1"),
    "bundled-field-true": ("verify_zero_odd_guard.json", lambda c: c.update(bundled=True),
                           "bundled: the certificate says true, but encodings/generators/zero_odd_guard.toml is not in"),
    "bundled-field-false": ("verify_h4_telltale.json", lambda c: c.update(bundled=False),
                            "bundled: the certificate says false, but telltale is in the package's table"),
    "generator-padded": ("verify_h4_telltale.json", lambda c: c.update(generator=" telltale", bundled=False),
                         "generator ' telltale': the package reads and writes this name as 'telltale'"),
    "burn-in-of-burn-in": ("verify_zero_odd_guard.json",
                           lambda c: c.update(generator="burn-in:burn-in:closure", bundled=True, burn_in=2),
                           "burn-in applies once"),
    "lasso-repeat-first": ("verify_h4_telltale.json", lambda c: (_user(c), c["prefix"][0].update(how="repeat")),
                           "round 1: repeat of {h1-, h2-}, which was never presented"),
}


@pytest.mark.parametrize("name", sorted(LOOKUPS))
def test_guard_lookups(name):
    path, edit, message = LOOKUPS[name]
    cert = _committed(path)
    if path == "verify_h4_telltale.json" and not name.startswith("bundled"):
        _user(cert)
    assert check(cert).valid, check(cert).message  # the original (a lasso: its recorded machine) is valid
    edit(cert)
    _rejects(cert, message)
