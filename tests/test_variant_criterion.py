"""The no-replay criteria (docs/variants.md §7c) against the games, and the sweeps that run them.

Three methods per model: the game (variants/solve.py, variants/finite.py), the per-class criterion
(variants/criterion.py) and the vectorised criterion (variants/batch.py). They must agree on every class of
sizes 1 to 3; the slow set adds cards {0, 1, 2, inf} at size 3 and a sample of size 4.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from replayproof.cli import cli
from replayproof.sweep.enumerate import enumerate_batches, enumerate_classes, table_of
from replayproof.sweep.run import parse_cells
from replayproof.trusted.classes import cells as C
from replayproof.variants import batch as V
from replayproof.variants import criterion as K
from replayproof.variants.finite import solve_finite
from replayproof.variants.finite_sweep import finite_variant
from replayproof.variants.solve import solve

ROOT = Path(__file__).resolve().parent.parent
BOUNDED = [(1, 0), (0, 1), (2, 0), (0, 2), (1, 1), (2, 1)]
CARDS = (0, 1, C.INF)
WIDE = (0, 1, 2, C.INF)


def _games(table: C.CellTable) -> dict[str, bool]:
    out = {f"noise {k} omit {i}": solve(table, 0, k, i).adversary_wins for k, i in BOUNDED}
    out["noise finite"] = solve_finite(table, finite_variant("noise")).adversary_wins
    out["omit finite"] = solve_finite(table, finite_variant("omit")).adversary_wins
    return out


def _criteria(table: C.CellTable) -> dict[str, bool]:
    out = {f"noise {k} omit {i}": K.noise_omit_defeats(table, k, i) for k, i in BOUNDED}
    out["noise finite"] = K.finite_noise_defeats(table)
    out["omit finite"] = K.finite_omit_defeats(table)
    return out


def _agree(n: int, cards, keep=lambda code: True) -> dict[str, int]:
    """Compare game and criterion on every kept class; return how many classes each model defeats."""
    defeated: dict[str, int] = {}
    for sc in enumerate_classes(n, cards):
        if not keep(sc.code):
            continue
        games, crits = _games(sc.table), _criteria(sc.table)
        assert games == crits, (sc.code, {m: (games[m], crits[m]) for m in games if games[m] != crits[m]})
        for m, won in games.items():
            defeated[m] = defeated.get(m, 0) + won
    return defeated


def test_criteria_agree_with_the_games_on_every_class_of_sizes_1_to_3():
    for n in (1, 2):
        _agree(n, CARDS)
    defeated = _agree(3, CARDS)
    # the size-3 tables of docs/variants.md §7 and §7b: noise 1 and one omission defeat 29, noise 2 54
    assert defeated["noise 1 omit 0"] == defeated["noise 0 omit 1"] == 29
    assert defeated["noise 2 omit 0"] == defeated["noise 0 omit 2"] == 54
    assert defeated["noise finite"] == 181


@pytest.mark.slow
def test_criteria_agree_with_the_games_with_cells_of_two_elements():
    _agree(3, WIDE)


@pytest.mark.slow
def test_criteria_agree_with_the_games_on_a_sample_of_size4():
    rng = np.random.default_rng(7)
    codes = {int(c) for b in enumerate_batches(4, CARDS) for c in b.codes if rng.random() < 1 / 1500}
    assert len(codes) > 300
    _agree(4, CARDS, lambda code: code in codes)


def _vector_rows(n: int, cards, every: int = 1):
    """(per-class criteria, vectorised criteria) for every `every`-th class."""
    for batch in enumerate_batches(n, cards):
        cells = V.cells_of(n, batch.digits, cards)
        vec = {f"noise {k} omit {i}": V.bounded_defeats(cells, k, i) for k, i in BOUNDED if not (k and i)}
        vec["noise finite"] = V.finite_noise_defeats(cells)
        vec["omit finite"] = V.finite_omit_defeats(cells)
        for r in range(0, len(batch.codes), every):
            table = table_of(n, cards, batch.digits[r])
            crit = _criteria(table)
            yield int(batch.codes[r]), {m: crit[m] for m in vec}, {m: bool(v[r]) for m, v in vec.items()}


@pytest.mark.parametrize("n, cards, every", [(2, CARDS, 1), (3, CARDS, 1), (3, WIDE, 1), (4, CARDS, 389)])
def test_vectorised_criteria_agree_with_the_per_class_criteria(n, cards, every):
    seen = 0
    for code, crit, vec in _vector_rows(n, cards, every):
        assert crit == vec, code
        seen += 1
    assert seen > {2: 5, 3: 250, 4: 1300}[n]


def test_vectorised_criterion_takes_noise_or_omissions_not_both():
    cells = V.cells_of(2, np.array([[2, 1, 2]]), CARDS)
    with pytest.raises(ValueError):
        V.bounded_defeats(cells, 1, 1)


def test_witness_of_noise_one_on_the_smallest_separation_is_a_playable_defeat():
    """The criterion's witness on the smallest class one noise input defeats and replay does not: two targets with
    the same infinite cell, no hypothesis inside both, and a presentation within one noise input."""
    table = parse_cells("h1+h2:1;h1+h2+h3:1;h1+h2+h3+h4:inf;h1+h3+h4:1", 4)
    w = K.noise_omit_witness(table, 1, 0)
    assert w is not None and len(w.targets) >= 2
    present = dict(w.present)
    for h in w.targets:
        outside = sum(d for sig, d in present.items() if h not in sig)
        unpresented = sum(int(c.size) - present.get(c.signature, 0) for c in table.cells
                          if not c.infinite and h in c.signature)
        assert outside <= 1 and unpresented == 0
    assert K.noise_omit_witness(table, 0, 0) is None      # without noise the class is generatable
    assert solve(table, 0, 1).adversary_wins and not solve(table, 0).adversary_wins


def test_the_issue_examples_under_finitely_many_noise_inputs():
    """{A + {p}, A + B} is not generatable under finitely many noise inputs, {A, A + B} is (issue 24)."""
    assert K.finite_noise_defeats(parse_cells("h1+h2:inf;h1:1;h2:inf", 2))
    assert not K.finite_noise_defeats(parse_cells("h1+h2:inf;h2:inf", 2))


def _sweep(*args: str) -> dict:
    out = CliRunner().invoke(cli, ["sweep", *args, "--json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_size4_noise_sweep_gives_the_game_sweeps_counts_with_confirmed_separations():
    """The game-based sweep of the same classes (8,414 s, docs/variants.md §7) found these counts; every
    separation's certificates are re-checked by the kernel and agree with the sweep's verdicts."""
    data = _sweep("--size", "4", "--model", "noise:1")
    assert data["classes"] == 564_448
    assert data["pairs"] == {"neither defeats": 557_722, "noise defeats, replay does not": 6_319,
                             "unbounded replay defeats, noise does not": 265, "both defeat": 142}
    assert data["versus_budget_1"]["both defeat"] == 27 and data["twin"]["disagree"] == 0
    assert data["examples"] and all(c["valid"] for ex in data["examples"] for c in ex["certificates"])
    assert {ex["code"] for ex in data["examples"]} == {538013, 13294}


def test_size4_finite_sweeps_confirm_their_separations():
    noise = _sweep("--size", "4", "--model", "noise:finite")
    omit = _sweep("--size", "4", "--model", "omit:finite")
    assert noise["classes"] == omit["classes"] == 564_448
    assert noise["defeated"] == 409_985 and omit["defeated"] == 68_097
    assert omit["against"]["omissions F"]["changes"] == 0
    for data in (noise, omit):
        assert data["examples"] and all(c["valid"] for ex in data["examples"] for c in ex["certificates"])


def test_a_criterion_the_game_disputes_is_reported_not_printed():
    """`confirmed`: a valid certificate whose winner differs from the sweep's verdict makes the row invalid."""
    from replayproof.classes.classfile import realized_class
    from replayproof.trusted.certificates.variant import Variant
    from replayproof.variants.build import certificate
    from replayproof.variants.sweep import confirmed
    table = parse_cells("h1+h2:1;h1+h2+h3:1;h1+h2+h3+h4:inf;h1+h3+h4:1", 4)
    cls = realized_class("sep", table)
    v = Variant(0, 1, 1, 0)
    cert = certificate(cls, solve(table, 0, 1), v, None)
    assert confirmed(cls, cert, v.words(), True)[2]
    words, kind, valid, message = confirmed(cls, cert, v.words(), False)
    assert kind == "replay-variant-adversary" and not valid and "criterion and game disagree" in message


POINT = str(ROOT / "counterexamples" / "finite_noise_point.toml")


@pytest.mark.parametrize("args, verdict", [
    (["--noise", "1"], "generatable"), (["--noise", "finite"], "not-generatable"),
    (["--omit", "1"], "generatable"), (["--omit", "finite"], "generatable")])
def test_decide_method_criterion_runs_both_methods_under_no_replay(args, verdict):
    out = CliRunner().invoke(cli, ["decide", POINT, "--replay-budget", "0", *args, "--method", "criterion", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["verdict"] == verdict and data["method"] == "both" and data["certificate"]["valid"]


@pytest.mark.parametrize("args", [["--replay-budget", "1"], ["--noise", "1"], ["--replay-budget", "0", "--noise", "1",
                                  "--replay-delay", "2"], ["--replay-budget", "0", "--noise", "finite", "--omit", "1"]])
def test_decide_method_criterion_is_refused_where_no_criterion_is_known(args):
    out = CliRunner().invoke(cli, ["decide", POINT, *args, "--method", "criterion"])
    assert out.exit_code == 2 and "no criterion is known" in out.output and "Traceback" not in out.output


def test_decide_reports_a_criterion_that_disagrees_with_the_game(monkeypatch):
    """A wrong criterion is an internal error (exit 70), never a verdict."""
    from replayproof.variants import criterion
    monkeypatch.setattr(criterion, "criterion_for", lambda *a: (lambda table: True))
    out = CliRunner().invoke(cli, ["decide", POINT, "--replay-budget", "0", "--noise", "1", "--method", "both"])
    assert out.exit_code == 70 and "criterion" in out.output and not out.output.startswith("generatable")


def test_noise_one_and_one_omission_differ_on_six_hypotheses():
    """Claim 9's conjecture fails (docs/variants.md §7c, claim 16): the criterion finds three targets with no
    hypothesis inside all three, each charged one noise input but two omissions; the committed certificates
    (an adversary under noise 1, a generator under one omission) are re-checked by the kernel."""
    from replayproof.trusted.certificates import check, read
    from replayproof.classes.classfile import load
    cls = load(str(ROOT / "counterexamples" / "noise_not_omission.toml"))
    w = K.noise_omit_witness(cls.table, 1, 0)
    assert w is not None and len(w.targets) == 3
    assert not K.noise_omit_defeats(cls.table, 0, 1) and K.noise_omit_defeats(cls.table, 0, 2)
    for name, kind in [("noise1_adversary", "replay-variant-adversary"), ("omit1_generator", "replay-variant-generator")]:
        cert = read(ROOT / "counterexamples" / f"noise_not_omission_{name}.json")
        assert cert["kind"] == kind and check(cert).valid


def test_criteria_are_refused_on_classes_that_violate_uus(tmp_path):
    """The proofs of §7c need an infinite cell in every target: a class with finite supports gets the game only."""
    import replayproof as rp
    path = tmp_path / "points.toml"
    path.write_text('name = "points"\n[[hypothesis]]\nname = "h1"\npredicate = "x == 1"\n'
                    '[[hypothesis]]\nname = "h2"\npredicate = "x == 2"\n', encoding="utf-8")
    out = CliRunner().invoke(cli, ["decide", str(path), "--replay-budget", "0", "--noise", "1", "--method", "both"])
    assert out.exit_code == 2 and "finite support" in out.output and "UUS" in out.output
    assert CliRunner().invoke(cli, ["decide", str(path), "--replay-budget", "0", "--noise", "1"]).exit_code == 0
    with pytest.raises(rp.InputError, match="UUS"):
        rp.decide_model(rp.load(str(path)), replay_budget=0, omit="finite", method="criterion")
