"""Black boxes: exact equivalence up to the horizon, CEGAR refinement, budgets (docs/verify.md, "Black boxes")."""
from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from replayproof.trusted.certificates import check
from replayproof.cli import cli
from replayproof.trusted.kernel import Mode, judge
from conftest import CLASSES, bundled

FILTER = str(CLASSES.parent / "generators" / "filter_closure.py") + ":filtered_closure"

# Correct on even_odd at d=1 (a fresh element of x_1's parity), except after the abstract inputs
# new even, repeat even, new even, new even: then it answers x_1, already observed.
TRAP = '''
def near(v):
    return 2 * v - 1 if v > 0 else -2 * v

def gen(observed, cls):
    p = observed[0] % 2
    if len(observed) >= 4 and [x % 2 for x in observed[:4]] == [0, 0, 0, 0] and observed[1] == observed[0] \
            and len(set(observed[:4])) == 3:
        return observed[0]
    seen = set(observed)
    return min((v for v in range(-40, 41) if v % 2 == p and v not in seen), key=near)

gen.kind = "element"
'''

# Answers x_1 (stale) for the first K rounds, then a fresh element of x_1's parity: verified at d = K+1,
# but a machine that has only seen rounds <= horizon < K believes it stays stale forever.
LATE = TRAP.replace("len(observed) >= 4 and", "len(observed) <= 4 or")


def _spec(tmp_path, text: str) -> str:
    path = tmp_path / "gen.py"
    path.write_text(text, encoding="utf-8")
    return f"{path}:gen"


def _learn(spec: str, cls, d: int, horizon: int):
    from replayproof.generators.under_test import UnderTest
    from replayproof.generators import resolve
    from replayproof.verify.learn import learn_and_verify
    runner = UnderTest(resolve(spec, cls), cls)
    return learn_and_verify(cls, spec, runner.call, False, "uniform", {h: d for h in range(cls.n)}, True,
                            source=str(CLASSES / "even_odd.toml"), horizon=horizon, max_states=50, deadline=time.monotonic() + 60)


def test_exact_oracle_catches_a_misbehaviour_after_one_specific_four_symbol_stream(tmp_path):
    spec = _spec(tmp_path, TRAP)
    cls = bundled("even_odd")
    r, machine, stats = _learn(spec, cls, 1, 4)
    assert r.verdict == "defeated" and check(r.certificate).valid
    xs = r.trace.inputs if hasattr(r.trace, "inputs") else [x.x for x in r.trace.rounds]
    assert [x % 2 for x in xs[:4]] == [0, 0, 0, 0] and xs[1] == xs[0] and not r.trace.rounds[3].correct
    assert stats["prefixes"] > 0 and stats["conformance_counterexamples"] >= 1


def test_without_the_trap_the_learned_model_is_verified_with_the_exact_wording(tmp_path):
    clean = TRAP.replace("[0, 0, 0, 0]", "[9]")
    run = CliRunner().invoke(cli, ["verify", str(CLASSES / "even_odd.toml"), "--generator", _spec(tmp_path, clean),
                                   "--threshold", "1", "--horizon", "4"])
    assert run.exit_code == 0, run.output
    assert run.output.startswith("verified-for-learned-model:")
    assert "is verified for every horizon, and it agrees with the generator on every stream of at most 4 rounds (" \
        in run.output and "prefixes compared)" in run.output


def test_cegar_refines_an_unconfirmed_defeat_into_the_right_verdict(tmp_path):
    spec = _spec(tmp_path, LATE)
    cls = bundled("even_odd")
    r, machine, stats = _learn(spec, cls, 5, 2)
    assert stats["cegar_counterexamples"] >= 1
    assert r.verdict == "verified" and check(r.certificate).valid
    assert len(machine.states) >= 5   # it counts the stale rounds, which words of length 2 cannot show


def test_cegar_agrees_with_the_kernel_on_the_real_code_when_defeated(tmp_path):
    # the same generator at d = 4: the stale answer of round 4 (4 distinct) is a real defeat
    spec = _spec(tmp_path, LATE)
    cls = bundled("even_odd")
    r, _, _ = _learn(spec, cls, 4, 2)
    assert r.verdict == "defeated"
    again = judge(cls, r.target, [x.x for x in r.trace.rounds], [x.answer for x in r.trace.rounds],
                  Mode(replay=True, proper=False))
    assert again.legal and not again.rounds[-1].correct and again.rounds[-1].distinct >= 4


def test_filter_example_is_still_defeated_on_attack_zero_odd():
    run = CliRunner().invoke(cli, ["verify", str(CLASSES / "attack_zero_odd.toml"), "--generator", FILTER,
                                   "--threshold", "2", "--horizon", "5"])
    assert run.exit_code == 0 and run.output.startswith("defeated:") and "valid (defeat-trace)" in run.output


def test_prefix_budget_is_unknown_with_one_line(monkeypatch):
    import replayproof.verify.exact as exact
    monkeypatch.setattr(exact, "MAX_PREFIXES", 100)
    run = CliRunner().invoke(cli, ["verify", str(CLASSES / "attack_zero_odd.toml"), "--generator", FILTER,
                                   "--threshold", "2", "--horizon", "5"])
    assert run.exit_code == 3
    lines = run.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("unknown:") and "more than 100 prefixes" in lines[0]
    assert "--horizon" in lines[0] and "symbols" in lines[0]


@pytest.mark.slow
def test_h4_filter_at_the_default_horizon_is_too_big_and_says_so():
    run = CliRunner().invoke(cli, ["verify", str(CLASSES / "h4.toml"), "--generator", FILTER, "--threshold", "4"])
    assert run.exit_code == 3 and "more than 200000 prefixes" in run.output and "try --horizon 5" in run.output


@pytest.mark.slow
def test_h4_filter_at_horizon_5_is_defeated_on_the_real_code():
    run = CliRunner().invoke(cli, ["verify", str(CLASSES / "h4.toml"), "--generator", FILTER, "--threshold", "4",
                                   "--horizon", "5"])
    assert run.exit_code == 0 and run.output.startswith("defeated:") and "valid (defeat-trace)" in run.output
