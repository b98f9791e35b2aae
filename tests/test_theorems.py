"""The theorem catalog as regression tests: each checkable row must be reproduced."""
from __future__ import annotations


import pytest
from click.testing import CliRunner

from replayproof.theorems import catalog as T
from replayproof.cli import cli
from replayproof.attack.paper51 import pigeonhole_unsat
from conftest import ROOT as REPO


@pytest.mark.slow
def test_t41_reproduced():
    row = T.t41()
    assert row.verdict == T.REPRODUCED, row.detail
    assert "h4: d*=4" in row.detail and "refuted with replay on h4" in row.detail


@pytest.mark.slow
def test_t51_reproduced():
    row = T.t51()
    assert row.verdict == T.REPRODUCED, row.detail


def test_pigeonhole_core_fails_when_the_premise_is_broken():
    """The core is UNSAT because h_inf and h_d share only 1..d; both solvers see it, for every d."""
    assert all(pigeonhole_unsat(d, s) for d in (1, 5, 10) for s in ("z3", "cvc5"))


def test_t71_is_reproduced_on_finite_prefixes():
    row = T.t71(rounds=24, budget=2000)
    assert row.verdict == T.REPRODUCED, row.detail
    assert "telltale: as printed: reference branch" in row.detail and "F is not total" in row.detail


def test_cli_only_and_bad_row(tmp_path):
    res = CliRunner().invoke(cli, ["theorems", "--only", "T7.1", "--json", "--export", str(tmp_path)])
    assert res.exit_code == 0 and '"reproduced"' in res.output
    assert len(list(tmp_path.glob("t71_*.json"))) == 10
    checked = CliRunner().invoke(cli, ["check", str(tmp_path / "t71_cycle.json")])
    assert checked.exit_code == 0 and checked.output.startswith("valid: Algorithm 3 against cycle (as printed)")
    bad = CliRunner().invoke(cli, ["theorems", "--only", "T9.9"])
    assert bad.exit_code == 2 and "is not a row" in bad.output


def test_attack_paper51_adversary_cli():
    res = CliRunner().invoke(cli, ["attack", str(T.CLASSES / "sep51.toml"), "--generator", "sep51-standard",
                                   "--adversary", "paper-5.1", "--threshold", "3", "--horizon", "7"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("defeated") and "wrong for h3 at rounds [3, 4, 5, 6, 7]" in res.output


def test_t73_reproduced():
    row = T.t73()
    assert row.verdict == T.REPRODUCED, row.detail
    assert "with replay: not-generatable; without: generatable" in row.detail


def test_broken_premise_flips_t73(tmp_path):
    """H4 with h2+ = (x >= 0): now inside both positive members, an answer exists, the row fails."""
    text = (T.CLASSES / "h4.toml").read_text().replace('"x >= 0 or x == -2"', '"x >= 0"')
    mutated = tmp_path / "h4_broken.toml"
    mutated.write_text(text)
    row = T.t73(mutated)
    assert row.verdict == T.FAILED and "with replay: generatable" in row.detail


@pytest.mark.slow
def test_docs_are_generated_from_the_catalog():
    """docs/theorems.md is exactly `replayproof theorems --markdown` (no hand-copied numbers)."""
    res = CliRunner().invoke(cli, ["theorems", "--markdown"])
    assert res.exit_code == 0, res.output
    assert (REPO / "docs" / "theorems.md").read_text() == res.output


@pytest.mark.slow
def test_t61_and_t66_reproduced():
    for row in (T.t61(), T.t66()):
        assert row.verdict == T.REPRODUCED, row.detail
    assert "the unprotected mutation violates witness_protected" in T.t61().detail


def test_t66_phases_advance_against_a_learning_generator():
    row = T.t66(phases=8)
    assert row.verdict == T.REPRODUCED, row.detail
    assert "learning generator: 8 of 8 phases completed" in row.detail
    assert "Not checked" in row.detail


def test_t66_fails_when_the_learner_does_not_pay_per_phase(monkeypatch):
    from replayproof.paper import limit_separation as ls
    monkeypatch.setattr(ls, "learner", ls.lemma67)  # a generator that never learns: phases cannot advance
    assert T.t66(phases=4).verdict == T.FAILED


def test_attack_echo_defeats_the_unprotected_mutation_only():
    args = ["attack", str(T.CLASSES / "shield.toml"), "--notion", "non-uniform", "--thresholds", "nonpos=6",
            "--horizon", "30", "--adversary", "echo", "--generator"]
    bad = CliRunner().invoke(cli, args + ["replayproof.paper.witness:unprotected"])
    good = CliRunner().invoke(cli, args + ["replayproof.paper.witness:protected"])
    assert bad.exit_code == 0 and bad.output.startswith("defeated"), bad.output
    assert "failing rounds [8, 11, 14" in bad.output
    assert good.exit_code == 0 and good.output.startswith("not-defeated-within 30"), good.output
