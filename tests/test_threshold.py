"""d* with and without replay, each certified: lower bound by certificate, upper bound by search."""
from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from replayproof.trusted.classes import cells as C
from replayproof.classes.cells import closure_dimension, equal_support_groups, non_uus
from replayproof.classes.brute import closure_dimension_by_sets
from replayproof.trusted.certificates import check
from replayproof.classes.classfile import cells_toml, load
from replayproof.cli import cli
from replayproof.threshold.compute import threshold
from conftest import CLASSES


def _random_class(rng: random.Random, tmp_path, k: int):
    while True:
        n = rng.choice([2, 3])
        sigs = [frozenset(h for h in range(n) if m >> h & 1) for m in range(1, 2 ** n)]
        table = C.make_table([f"h{i + 1}" for i in range(n)],
                             {s: rng.choice([0, 0, 1, 1, 2, C.INF]) for s in sigs})
        if not non_uus(table) and not equal_support_groups(table):
            path = tmp_path / f"random{k}.toml"
            path.write_text(cells_toml(f"random{k}", table))
            return load(path), str(path)


def _assert_certified(cls, source, result):
    d = {m.mode: m.d_star for m in result.modes}
    assert d["standard"] == d["replay"] == closure_dimension(cls.table) + 1
    for m in result.modes:
        assert m.upper.outcome == "verified-canonical at every horizon"
    if result.lower is not None:
        assert check(result.lower).valid and result.lower["refutes_threshold"] == d["replay"] - 1
    else:
        assert d["replay"] == 1
    # the closure dimension itself against its definition (all sets S)
    assert result.closure_dimension == closure_dimension_by_sets(cls)


@pytest.mark.parametrize("name, d", [("h4", 4), ("even_odd", 1), ("halves", 1), ("chain", 1)])
def test_bundled_classes(name, d):
    cls = load(CLASSES / f"{name}.toml")
    result = threshold(cls, str(CLASSES / f"{name}.toml"))
    _assert_certified(cls, name, result)
    assert result.modes[0].d_star == d


def test_h4_unconverted_closure_is_refuted_with_replay():
    """Theorem 4.1's control: the closure rule without burn-in fails with replay at its own d."""
    result = threshold(load(CLASSES / "h4.toml"), str(CLASSES / "h4.toml"))
    assert result.unconverted.outcome == "defeated"
    cert = result.unconverted.trace
    assert check(cert).valid and cert["replay"] and cert["generator"] == "closure"


@pytest.mark.parametrize("seed", range(6))
def test_random_classes_equal_with_and_without_replay(tmp_path, seed):
    cls, source = _random_class(random.Random(seed), tmp_path, seed)
    _assert_certified(cls, source, threshold(cls, source, timeout=120))


@pytest.mark.slow
def test_two_hundred_random_classes(tmp_path):
    rng = random.Random(2026)
    for k in range(200):
        cls, source = _random_class(rng, tmp_path, k)
        _assert_certified(cls, source, threshold(cls, source, timeout=120))


def test_cli_prints_closure_dimension_and_d_star():
    res = CliRunner().invoke(cli, ["threshold", str(CLASSES / "h4.toml")])
    assert res.exit_code == 0, res.output
    assert "closure dimension C(H) = 3" in res.output
    assert "d* without replay = 4" in res.output and "d* with replay    = 4" in res.output


def test_cli_json_and_export(tmp_path):
    out = tmp_path / "lb.json"
    res = CliRunner().invoke(cli, ["threshold", str(CLASSES / "h4.toml"), "--json", "--export", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["d_star"] == {"standard": 4, "replay": 4} and data["equal"] is True
    assert CliRunner().invoke(cli, ["check", str(out)]).output.startswith("valid")


def test_cli_bad_horizon():
    res = CliRunner().invoke(cli, ["threshold", str(CLASSES / "h4.toml"), "--horizon", "2"])
    assert res.exit_code == 2 and "below the candidate threshold 4" in res.output


def test_sep51_certified_for_every_horizon():
    """C(H) = 6: both upper bounds verified for every horizon (the bounded search could not go past 9)."""
    cls = load(CLASSES / "sep51.toml")
    result = threshold(cls, str(CLASSES / "sep51.toml"), timeout=60)
    assert {m.mode: m.d_star for m in result.modes} == {"standard": 7, "replay": 7}
    assert all(m.upper.horizon is None and m.upper.outcome == "verified-canonical at every horizon" for m in result.modes)
    assert check(result.lower).valid and result.unconverted.outcome == "defeated"


@pytest.mark.slow
def test_sep51_bounded_search_agrees_at_horizon_8():
    cls = load(CLASSES / "sep51.toml")
    result = threshold(cls, str(CLASSES / "sep51.toml"), horizon=8, timeout=120)
    assert all(m.d_star == 7 and m.upper.outcome == "not-defeated-within 8" for m in result.modes)
