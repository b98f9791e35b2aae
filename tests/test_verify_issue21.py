"""Issue 21, items 1-6: `verify` and its checkers say only what is true (each test failed before the fix)."""
from __future__ import annotations

import copy
import json
import random

import pytest
from click.testing import CliRunner

import replayproof as rp
from replayproof.trusted.certificates import check
from replayproof.trusted.classes import cells as C
from replayproof.classes.classfile import load, realized_class
from replayproof.cli import cli
from replayproof.trusted.errors import InputError
from replayproof.generators import resolve
from replayproof.generators.under_test import UnderTest
from replayproof.trusted.kernel import Mode, judge
from replayproof.verify.engine import verify_generator
from conftest import CLASSES, ROOT

SEP51 = str(CLASSES / "sep51.toml")
ZERO_ODD = str(CLASSES / "attack_zero_odd.toml")
GUARD = ROOT / "counterexamples" / "verify_zero_odd_guard.json"
LASSO = ROOT / "counterexamples" / "verify_h4_telltale.json"
NESTED = """name = "nested3"
description = "all integers > non-negatives > non-negative evens (issue 21, item 4)"
[[hypothesis]]
name = "all"
predicate = "x == x"
[[hypothesis]]
name = "nonneg"
predicate = "x >= 0"
[[hypothesis]]
name = "nonneg-even"
predicate = "x >= 0 and x % 2 == 0"
"""


def _cert(path) -> dict:
    cert = json.loads(path.read_text())
    cert["class"]["path"] = str((path.parent / cert["class"]["path"]).resolve())
    return cert


# ---------------------------------------------------------------- item 1: every target has a threshold

def test_partial_non_uniform_thresholds_are_refused_in_the_cli_json_and_api():
    args = ["verify", SEP51, "--generator", "sep51-standard", "--notion", "non-uniform", "--thresholds", "h_inf=1"]
    for extra in ([], ["--json"]):
        run = CliRunner().invoke(cli, args + extra)
        assert run.exit_code == 2 and "verified" not in run.output, run.output
        assert "needs a threshold for every target; none for h1, h2" in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
        if extra:  # --json: one document on stdout, the error
            assert json.loads(run.stdout)["result"] == "error"
        else:
            assert run.stdout == ""
    with pytest.raises(InputError, match="every target"):
        rp.verify_generator(load(SEP51), "sep51-standard", "non-uniform", {"h_inf": 1})
    with pytest.raises(InputError, match="one d for every target"):
        rp.verify_generator(load(SEP51), "closure", "uniform", {n: 1 + (n == "h3") for n in load(SEP51).names})


def test_checker_needs_a_threshold_for_every_target_and_one_d_for_uniform():
    cert = _cert(GUARD)
    assert check(cert).valid
    partial = copy.deepcopy(cert)
    del partial["thresholds"]["odd"]
    res = check(partial)
    assert not res.valid and "every target; none for odd" in res.message
    uneven = copy.deepcopy(cert)
    uneven["thresholds"]["odd"] = 3
    res = check(uneven)
    assert not res.valid and "uniform means one d" in res.message
    same = dict(cert, notion="non-uniform")   # one d for every target is also a non-uniform claim
    assert check(same).valid and "non-uniform even=2,odd=2,zero-odd=2" in check(same).message


# ---------------------------------------------------------------- item 2: the generator is tied to its machine

def test_a_bundled_name_is_rebuilt_and_compared_row_by_row():
    cert = _cert(GUARD)
    assert "machine as recorded" in check(cert).message
    for spec, d in (("closure", None), ("burn-in:closure", 2)):
        forged = dict(cert, generator=spec, burn_in=d, canonical=True, bundled=True)
        res = check(forged)
        assert not res.valid and "package's model" in res.message, (spec, res.message)
    real = verify_generator(load(ZERO_ODD), "burn-in:closure", "uniform", {h: 2 for h in range(3)}, True,
                            source=ZERO_ODD)
    assert real.verdict == "verified-canonical" and real.certificate["burn_in"] == 2
    res = check(real.certificate)
    assert res.valid and "rebuilt from the package and compared row by row" in res.message
    for d in (1, 3):   # another burn-in d is another machine
        res = check(dict(real.certificate, burn_in=d))
        assert not res.valid and "package's model" in res.message
    res = check(dict(real.certificate, canonical=False))   # a bundled model is exact on canonical streams only
    assert not res.valid and "cell-canonical streams only" in res.message


# ---------------------------------------------------------------- item 3: a lasso must repeat forever

FINITE_CLASS = """name = "fin2"
hypotheses = ["a", "b"]
[[cell]]
members = ["a", "b"]
size = "inf"
[[cell]]
members = ["a"]
size = 2
"""
# answers a once, then b, except a right after a new element of the finite cell {a}
MACHINE = {"format": 1, "answers": "proper", "start": "s0", "states": [
    {"id": "s0", "on": [{"cell": ["a", "b"], "to": "s1", "answer": "a"}, {"cell": ["a"], "to": "s1", "answer": "a"}]},
    {"id": "s1", "on": [{"cell": ["a", "b"], "to": "s1", "answer": "b"},
                        {"cell": ["a"], "how": "new", "to": "s1", "answer": "a"},
                        {"cell": ["a"], "how": "repeat", "to": "s1", "answer": "b"}]}]}


def _finite_lasso(tmp_path) -> tuple[dict, dict]:
    cls_file, machine = tmp_path / "fin2.toml", tmp_path / "m.json"
    cls_file.write_text(FINITE_CLASS)
    machine.write_text(json.dumps(MACHINE))
    r = verify_generator(load(cls_file), str(machine), "proper-limit", None, True, source=str(cls_file))
    assert r.verdict == "verified"
    inv = r.certificate
    ib, a = ["a", "b"], ["a"]
    lasso = {k: v for k, v in inv.items() if k != "invariant"}
    lasso.update(kind="verify-lasso", target="b", unroll=2, summary="forged",
                 prefix=[{"cell": ib, "how": "new"}],
                 cycle=[{"cell": ib, "how": "new"}, {"cell": a, "how": "new"}],
                 machine={"start": "s0", "rows": [
                     {"state": "s0", "cell": ib, "how": "new", "to": "s1", "answer": "a"},
                     {"state": "s1", "cell": ib, "how": "new", "to": "s1", "answer": "b"},
                     {"state": "s1", "cell": a, "how": "new", "to": "s1", "answer": "a"}]})
    return inv, lasso


def test_a_cycle_on_a_finite_cell_is_no_lasso(tmp_path):
    inv, lasso = _finite_lasso(tmp_path)
    assert check(inv).valid
    res = check(lasso)
    assert not res.valid and "finite cell {a} (size 2)" in res.message
    # the claim is false: the kernel's brute force over every stream finds no second wrong answer after round 4
    periodic = dict(lasso, cycle=[{"cell": ["a", "b"], "how": "new"}])
    res = check(periodic)
    assert not res.valid and "no wrong answer" in res.message


def test_a_lasso_must_return_to_its_machine_state(tmp_path):
    inv, lasso = _finite_lasso(tmp_path)
    lasso["prefix"] = []
    lasso["cycle"] = [{"cell": ["a", "b"], "how": "new"}]
    lasso["machine"]["rows"] = [{"state": "s0", "cell": ["a", "b"], "how": "new", "to": "s1", "answer": "a"},
                                {"state": "s1", "cell": ["a", "b"], "how": "new", "to": "s1", "answer": "a"}]
    res = check(lasso)
    assert not res.valid and "not periodic" in res.message


# ---------------------------------------------------------------- item 4: every stream, or a restricted word

def test_telltale_on_the_nested_class_is_not_verified(tmp_path):
    path = tmp_path / "nested.toml"
    path.write_text(NESTED)
    cls = load(path)
    for d in (1, 2, 3, 5):
        for replay in (True, False):
            r = verify_generator(cls, "telltale", "uniform", {h: d for h in range(3)}, replay, source=str(path))
            assert r.verdict == "verified-canonical", (d, replay, r.verdict)
            res = check(r.certificate)
            assert res.valid and res.message.startswith("verified-canonical") and "canonical streams only" in res.message
    # a genuine stream that skips the tell-tale 1 of the non-negatives: telltale answers "all" every time
    runner = UnderTest(resolve("telltale", cls, None), cls)
    xs = [3, 5, 7, 9, 11]
    answers = [runner.call(tuple(xs[:t])) for t in range(1, 6)]
    trace = judge(cls, cls.index("nonneg"), xs, answers, Mode(replay=False, proper=True))
    assert trace.legal and all(not r.correct for r in trace.rounds)
    run = CliRunner().invoke(cli, ["attack", str(path), "--generator", "telltale", "--notion", "uniform",
                                   "--threshold", "5", "--horizon", "7"])
    assert run.output.startswith("defeated:"), run.output
    run = CliRunner().invoke(cli, ["verify", str(path), "--generator", "telltale", "--threshold", "5"])
    assert run.output.startswith("verified-canonical:") and "not covered" in run.output, run.output


# ---------------------------------------------------------------- item 5: burn-in's d is printed

def test_a_burn_in_defeat_names_its_d():
    h4 = str(CLASSES / "h4.toml")
    run = CliRunner().invoke(cli, ["verify", h4, "--generator", "burn-in:closure", "--notion", "non-uniform",
                                   "--threshold", "1", "--thresholds", "h1-=2"])
    assert run.output.startswith("defeated: burn-in:closure (burn-in d=1) on"), run.output
    run = CliRunner().invoke(cli, ["verify", h4, "--generator", "burn-in:closure", "--threshold", "1", "--json"])
    out = json.loads(run.output)
    assert out["result"] == "defeated" and out["burn_in"] == 1
    assert "burn-in:closure with d=1" in out["certificate"]["message"]   # the defeat-trace's check


# ---------------------------------------------------------------- item 6: the checker's own concretization

def test_the_checkers_concretization_agrees_with_the_producers():
    """certificates.machine._inputs (the checker's) against verify.concrete.Concretizer (the search's)."""
    from replayproof.trusted.certificates.machine import Ctx, _inputs, Reject
    from replayproof.verify.concrete import Concretizer
    from replayproof.verify.build import class_block
    rng = random.Random(21)
    plays = 0
    for _ in range(40):
        sizes = {frozenset(s): rng.choice([0, 1, 2, 3, C.INF]) for s in ({0}, {1}, {0, 1})}
        table = C.make_table(["a", "b"], sizes)
        if not table.cells:
            continue
        cls = realized_class("r", table)
        ctx = Ctx({"class": class_block(cls, None), "answers": "proper", "replay": True, "canonical": False})
        moves, theirs = [], Concretizer(cls, True)
        for t in range(12):
            shown = sorted({c for c, _ in moves})
            c, how = (rng.choice(shown), "repeat") if shown and rng.random() < 0.3 else \
                (rng.randrange(len(cls.table.cells)), "new")
            moves.append((c, how))
            try:
                x = _inputs(ctx, moves)[-1]
            except Reject:
                with pytest.raises((ValueError, StopIteration)):
                    theirs.present(c, how)
                break
            assert theirs.present(c, how) == x
            plays += 1
    assert plays > 100
