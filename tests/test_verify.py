"""replayproof verify: exact verdicts for given generators, certificates re-checked, bad input rejected."""
from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from replayproof.trusted.certificates import check
from replayproof.classes.cells import closure_dimension
from replayproof.cli import cli
from replayproof.verify.engine import verify_generator
from conftest import CLASSES, bundled

H4 = str(CLASSES / "h4.toml")
BUNDLED_CLASSES = ["h4", "attack_zero_odd", "chain", "even_odd", "halves", "sep51", "shield"]


def _uniform(name: str, spec: str, replay: bool = True):
    cls = bundled(name)
    d = closure_dimension(cls.table) + 1
    return verify_generator(cls, spec, "uniform", {h: d for h in range(cls.n)}, replay,
                            source=str(CLASSES / f"{name}.toml"))


def test_h4_telltale_is_defeated_by_a_lasso_with_replay_and_verified_without():
    r = verify_generator(bundled("h4"), "telltale", "proper-limit", None, True, source=H4)
    assert r.verdict == "defeated" and r.certificate["kind"] == "verify-lasso"
    assert check(r.certificate).valid
    assert r.trace.legal and r.trace.errors   # the unrolled lasso, judged by the kernel
    r = verify_generator(bundled("h4"), "telltale", "proper-limit", None, False, source=H4)
    assert r.verdict == "verified-canonical" and check(r.certificate).valid


def test_decide_export_round_trip(tmp_path):
    g = tmp_path / "g.json"
    run = CliRunner().invoke(cli, ["decide", H4, "--no-replay", "--export", str(g)])
    assert run.exit_code == 0, run.output
    run = CliRunner().invoke(cli, ["verify", H4, "--generator", str(g), "--no-replay", "--notion", "proper-limit"])
    assert run.exit_code == 0 and run.output.startswith("verified:"), run.output
    run = CliRunner().invoke(cli, ["verify", H4, "--generator", str(g), "--notion", "proper-limit", "--json"])
    out = json.loads(run.output)
    assert out["result"] == "defeated" and out["certificate"]["valid"] and "lasso" in out


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n == "sep51" else n
                                  for n in BUNDLED_CLASSES])
def test_theorem_4_1_burn_in_closure_verified_with_replay(name):
    r = _uniform(name, "burn-in:closure")
    assert r.verdict == "verified-canonical" and check(r.certificate).valid


@pytest.mark.parametrize("name", ["h4", "attack_zero_odd"])
def test_closure_alone_is_defeated_with_replay(name):
    r = _uniform(name, "closure")
    assert r.verdict == "defeated" and r.certificate["kind"] == "defeat-trace" and check(r.certificate).valid
    assert _uniform(name, "closure", replay=False).verdict == "verified-canonical"


def test_witness_protection_is_excluded_with_one_line():
    run = CliRunner().invoke(cli, ["verify", H4, "--generator", "wp", "--threshold", "4"])
    assert run.exit_code == 2 and "Witness Protection has no exact cell-level model" in run.output


# ---------------------------------------------------------------- bad machine files

GOOD = {"format": 1, "answers": "proper", "start": "s0",
        "states": [{"id": "s0", "answer": "h1-", "on": [{"cell": ["h1-", "h2-"], "to": "s0"}]}]}


def _machine_error(tmp_path, mutate) -> str:
    cls = bundled("h4_cells")
    m = {"format": 1, "answers": "proper", "start": "s0",
         "states": [{"id": "s0", "on": [{"cell": [cls.names[h] for h in sorted(c.signature)], "to": "s0",
                                          "answer": "h1-"} for c in cls.table.cells]}]}
    mutate(m)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(m))
    run = CliRunner().invoke(cli, ["verify", str(CLASSES / "h4_cells.toml"), "--generator", str(path),
                                   "--notion", "proper-limit"])
    assert run.exit_code == 2, run.output
    assert len(run.output.strip().splitlines()) == 1 and str(path) in run.output
    return run.output


def test_bad_machines_give_one_line(tmp_path):
    assert "state s0, symbol ({h1-, h2-}, new): no transition" in _machine_error(
        tmp_path, lambda m: m["states"][0]["on"].pop(0))
    assert "unknown hypothesis name 'h9'" in _machine_error(
        tmp_path, lambda m: m["states"][0]["on"][0].update(answer="h9"))
    assert "start state 'nowhere' is not defined" in _machine_error(tmp_path, lambda m: m.update(start="nowhere"))
    assert "not deterministic" in _machine_error(
        tmp_path, lambda m: m["states"][0]["on"].append(dict(m["states"][0]["on"][0], how="repeat")))
    assert "unknown field 'colour'" in _machine_error(tmp_path, lambda m: m["states"][0].update(colour=1))


def test_toml_machine_worked_example():
    """The worked example of docs/verify.md: an element-level machine given in TOML."""
    root = CLASSES.parent / "generators"
    r = verify_generator(bundled("attack_zero_odd"), str(root / "zero_odd_guard.toml"), "uniform",
                         {h: 2 for h in range(3)}, True, source=str(CLASSES / "attack_zero_odd.toml"))
    assert r.verdict == "verified" and check(r.certificate).valid


# ---------------------------------------------------------------- mutated certificates

def test_mutated_invariant_is_rejected():
    cert = _uniform("h4", "burn-in:closure").certificate
    dropped = copy.deepcopy(cert)
    dropped["invariant"].pop(len(dropped["invariant"]) // 2)
    assert not check(dropped).valid
    changed = copy.deepcopy(cert)
    row = next(r for r in changed["machine"]["rows"] if r["options"][0][1] != "stale")
    row["options"][0][1] = "stale"
    res = check(changed)
    assert not res.valid
    extra = dict(cert, colour=1)
    assert "unknown field 'colour'" in check(extra).message
    missing = {k: v for k, v in cert.items() if k != "replay"}
    assert "missing field 'replay'" in check(missing).message


def test_mutated_lasso_is_rejected():
    cert = verify_generator(bundled("h4"), "telltale", "proper-limit", None, True, source=H4).certificate
    broken = copy.deepcopy(cert)
    broken["cycle"] = broken["cycle"][:-1] or broken["cycle"]
    broken["cycle"].append({"cell": ["h1-", "h2-", "h1+", "h2+"], "how": "repeat"})
    assert not check(broken).valid
    answer = copy.deepcopy(cert)
    for row in answer["machine"]["rows"]:
        row["answer"] = "h2-"
    assert not check(answer).valid
    short = dict(copy.deepcopy(cert), unroll=1)
    assert not check(short).valid
    bad_target = dict(copy.deepcopy(cert), target="h1-")
    assert not check(bad_target).valid


@pytest.mark.slow
def test_black_box_filter_is_learned_and_defeated_on_the_real_code():
    spec = str(CLASSES.parent / "generators" / "filter_closure.py") + ":filtered_closure"
    from replayproof.verify.learn import verify_black_box
    r = verify_black_box(bundled("attack_zero_odd"), spec, "uniform", {h: 2 for h in range(3)}, True,
                         source=str(CLASSES / "attack_zero_odd.toml"), horizon=5, max_states=200, timeout=60)
    assert r.verdict == "defeated" and check(r.certificate).valid and r.trace.legal


@pytest.mark.slow
def test_black_box_state_budget_is_unknown():
    spec = str(CLASSES.parent / "generators" / "filter_closure.py") + ":filtered_closure"
    run = CliRunner().invoke(cli, ["verify", str(CLASSES / "h4.toml"), "--generator", spec, "--threshold", "4",
                                   "--states", "3"])
    assert run.exit_code == 3 and "more than --states 3" in run.output
