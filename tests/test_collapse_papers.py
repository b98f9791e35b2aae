"""The papers' own set-ups (issue 28): set-up facts, small seeded runs, paper | lab | match rows."""
from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from click.testing import CliRunner

from replayproof.collapse import crt
from replayproof.collapse.chain import builtin_chain, run_chain, sharpen, visited_along_paths
from replayproof.collapse.cli import _progress, collapse
from replayproof.collapse.estimators import MIXTURE, KDEModel, wasserstein1
from replayproof.collapse.logic import DEFAULT_MAX_DEPTH, DEFAULT_TEMPERATURE, run_logic
from replayproof.collapse.papers import chain_comparison, first_generation, logic_comparison

# ---------------------------------------------------------------------------------------------
# arXiv 2602.16065: the authors' KDE set-up
# ---------------------------------------------------------------------------------------------


def test_bandwidth_schedule_is_half_n_to_minus_p_over_2():
    assert crt.PAPER_P == 0.5 and crt.PAPER_H0 == 0.5
    assert crt.bandwidth(1) == 0.5
    assert crt.bandwidth(16) == pytest.approx(0.25)             # 0.5 * 16^-0.25
    assert crt.bandwidth(81, p=1.0) == pytest.approx(0.5 / 9)   # 0.5 * 81^-0.5
    h = crt.bandwidth(np.array([1, 100, 2000]))
    assert h ** 2 == pytest.approx(0.25 * np.array([1, 100, 2000]) ** -0.5)  # bias h^2 ~ n^-p


def test_synthetic_count_is_round_of_one_minus_alpha_50_over_alpha():
    counts = {a: crt.synthetic_per_iteration(a) for a in crt.PAPER_ALPHAS}
    assert counts == {0.1: 450, 0.2: 200, 0.3: 117, 0.4: 75, 0.5: 50, 0.6: 33, 0.7: 21,
                      0.8: 12, 0.9: 6, 1.0: 0}
    assert crt.PAPER_ALPHAS == (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    with pytest.raises(ValueError):
        crt.synthetic_per_iteration(0.0)
    # accumulated: M_n = 50 n + m2 (n - 1), the synthetic points of iteration n join at n + 1
    assert crt.training_sizes(3, 50, 117).tolist() == [50, 217, 384]


def test_fitting_rule_drops_30_and_divides_by_log_m_at_the_kink():
    assert crt.PAPER_DROP_FIRST == 30 and crt.PAPER_ITERATIONS == 2000
    m = crt.training_sizes(300, 50, 50).astype(float)
    pure = m ** -0.3
    assert crt.fit_slopes(m, pure, 30, False)[0] == pytest.approx(-0.3)
    spoiled = pure.copy()
    spoiled[:30] = 99.0                       # the dropped iterations do not count
    assert crt.fit_slopes(m, spoiled, 30, False)[0] == pytest.approx(-0.3)
    assert crt.fit_slopes(m, spoiled, 29, False)[0] != pytest.approx(-0.3)
    logged = m ** -0.5 * np.log(m)            # the critical rate t^-alpha log t
    assert crt.fit_slopes(m, logged, 30, True)[0] == pytest.approx(-0.5)
    assert crt.fit_slopes(m, logged ** 2, 30, True, power=2)[0] == pytest.approx(-1.0)
    assert crt.fit_slopes(m, logged, 30, False)[0] > -0.45   # uncorrected: biased low


def test_grid_density_is_the_exact_kde_and_its_w1_agrees_with_the_lab():
    g = crt.make_grid()
    assert (g.x[0], g.x[-1], len(g.x)) == (pytest.approx(-6.8), pytest.approx(8.8), 500)
    rng = np.random.default_rng(0)
    x = MIXTURE.sample(rng, 2000)
    counts = np.zeros((1, g.fine_n))
    crt._bin(counts, x[None, :], g)
    for h in (0.5, 0.1):
        f = crt._density(counts, len(x), h, g)[0]
        exact = np.exp(-0.5 * ((g.x[:, None] - x[None, :]) / h) ** 2).mean(axis=1) \
            / (h * math.sqrt(2 * math.pi))
        assert np.max(np.abs(f - exact)) < 1e-4
        w1, mmd2 = crt._metrics(f[None, :], g)
        assert w1[0] == pytest.approx(wasserstein1(KDEModel(x, h), MIXTURE), abs=2e-3)
        assert mmd2[0] > 0
    w1_true, mmd2_true = crt._metrics(g.f_true[None, :], g)
    assert w1_true[0] < 1e-3 and abs(mmd2_true[0]) < 1e-12


def test_small_paper_run_rates_follow_min_p_alpha():
    """Seeded, 200 iterations x 6 repetitions: the rate grows with alpha as min(p, alpha)."""
    r = crt.run_paper(alphas=(0.1, 0.3, 1.0), iterations=200, repetitions=6, seed=0)
    rates = {run.alpha: run.rate_w1 for run in r.runs}
    assert rates[0.1] == pytest.approx(0.1, abs=0.06)
    assert rates[0.1] < rates[0.3] < rates[1.0]
    assert [run.synthetic_per_iteration for run in r.runs] == [450, 117, 0]
    assert all(run.w1_mean[-1] < run.w1_mean[0] for run in r.runs)      # it converges
    again = crt.run_paper(alphas=(0.3,), iterations=40, repetitions=2, seed=5)
    assert again == crt.run_paper(alphas=(0.3,), iterations=40, repetitions=2, seed=5)


@pytest.mark.slow
def test_headline_rate_vs_alpha_matches_min_p_alpha():
    """2000 iterations x 20 repetitions (about 2 minutes): every alpha within 0.075 of
    min(0.5, alpha), the mean absolute gap below 0.04."""
    r = crt.run_paper(iterations=2000, repetitions=20, seed=0)
    gaps = np.array([run.rate_w1 - run.theory for run in r.runs])
    assert np.all(np.abs(gaps) <= 0.075), gaps
    assert np.mean(np.abs(gaps)) < 0.04


def test_cli_paper_preset_json_and_option_rules():
    runner = CliRunner()
    res = runner.invoke(collapse, ["recursive", "--iterations", "40", "--repetitions", "2",
                                   "--alpha", "0.5,1", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["preset"] == "paper" and data["p"] == 0.5 and data["drop_first"] == 30
    assert [row["paper"] for row in data["comparison"]] == [0.5, 0.5]
    assert data["runs"][0]["critical"] is True and data["runs"][1]["critical"] is False
    assert all(isinstance(row["match"], bool) for row in data["comparison"])
    bad = runner.invoke(collapse, ["recursive", "--n", "50"])
    assert bad.exit_code == 2 and "--n applies only to --preset lab" in bad.output
    bad = runner.invoke(collapse, ["recursive", "--preset", "lab", "--repetitions", "3"])
    assert bad.exit_code == 2 and "--repetitions applies only to --preset paper" in bad.output
    bad = runner.invoke(collapse, ["recursive", "--alpha", "0"])
    assert bad.exit_code == 2 and "(0, 1]" in bad.output


# ---------------------------------------------------------------------------------------------
# Progress on stderr
# ---------------------------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_only(monkeypatch):
    fake = _Tty()
    monkeypatch.setattr("sys.stderr", fake)
    with _progress(False) as tick:
        assert tick is not None
        for i in range(1, 11):
            tick(i, 10, "alpha 0.1")
    assert "/10 [" in fake.getvalue()                       # a tqdm bar was drawn
    with _progress(True) as tick:
        assert tick is None
    monkeypatch.setattr("sys.stderr", io.StringIO())       # not a terminal
    with _progress(False) as tick:
        assert tick is None


# ---------------------------------------------------------------------------------------------
# arXiv 2311.16822: the paper's settings, declines against the real data
# ---------------------------------------------------------------------------------------------


def test_logic_defaults_are_the_papers_settings():
    assert DEFAULT_TEMPERATURE == 0.8 and DEFAULT_MAX_DEPTH == 5


def test_decline_is_measured_against_the_real_data():
    r = run_logic(cycles=("balanced",), generations=3, n=40, order=2, z3_sample=0, seed=2,
                  seeds=2)
    run = r.cycles[0]
    lev = run.fitted("levenshtein_diversity")
    assert lev.reference == "real data" and len(run.real) == 2
    reps = (run.generations,) + run.replicates
    by_hand = [1 - reps[k][-1].levenshtein_diversity / run.real[k].levenshtein_diversity
               for k in range(2)]
    assert lev.at_last == pytest.approx(np.mean(by_hand))
    assert run.real[0].correct == 1.0              # the real data are all True expressions


def test_logic_comparison_rules():
    rows = {r["key"]: r for r in logic_comparison(
        {"full_single": None, "full_correct": 8, "balanced": -0.27, "incremental": -0.9},
        generations=60)}
    assert rows["full_single"]["match"] is False     # never, in a run long enough to see it
    assert rows["full_correct"]["match"] is True      # 8 within x1.5 of 6
    assert rows["balanced"]["match"] is True and rows["incremental"]["match"] is False
    assert rows["expanding"]["match"] is None         # not measured
    short = {r["key"]: r for r in logic_comparison({"full_single": None}, generations=20)}
    assert short["full_single"]["match"] is None      # too short to say
    assert first_generation([3, 1, 2, 1, 1], lambda v: v == 1) == 3


def test_cli_logic_paper_preset_tiny():
    runner = CliRunner()
    res = runner.invoke(collapse, ["logic", "--preset", "paper", "--n", "20", "--generations",
                                   "1", "--order", "2", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["temperature"] == 0.8 and data["max_depth"] == 5 and data["seeds"] == 1
    assert [r["paper"] for r in data["comparison"]] == [39, 6, -0.68, -0.30, -0.22, -0.11, -0.36]
    lams = sorted(c["synthetic_fraction"] for c in data["configs"] if c["cycle"] == "balanced")
    assert lams == [0.25, 0.5, 0.75, 0.9, 0.99]
    bad = runner.invoke(collapse, ["logic", "--preset", "paper", "--temperature", "0.65"])
    assert bad.exit_code == 2 and "--temperature applies only to --preset lab" in bad.output


# ---------------------------------------------------------------------------------------------
# arXiv 2603.11228: Markovian generation chains
# ---------------------------------------------------------------------------------------------


def test_sharpen_and_paths():
    P = np.array([[0.5, 0.3, 0.2], [0.0, 0.5, 0.5], [1.0, 0.0, 0.0]])
    assert sharpen(P, 0.0).tolist() == [[1, 0, 0], [0, 1, 0], [1, 0, 0]]
    half = sharpen(P, 0.5)
    assert half[0] == pytest.approx(np.array([25, 9, 4]) / 38) and half[1, 0] == 0.0
    assert sharpen(P, 1.0) is P
    path = np.array([[0, 1], [1, 1], [0, 2], [2, 1]])
    assert visited_along_paths(path, 3).tolist() == [1.0, 1.5, 2.0, 2.5]


def test_chain_findings_on_the_builtin_chain():
    P, labels = builtin_chain(200, 0)
    runs = [run_chain(P, labels, start=s, steps=50, temperature=t, seed=0, walkers=400)
            for s, t in ((0, 0.0), (0, 1.0), (None, 1.0))]
    rows = chain_comparison(*runs)
    assert [r["match"] for r in rows] == [True, True, True, True]
    assert all(runs[0].analysis.classes[k].stationary is not None for k in runs[0].analysis.closed)
    # the same findings fail where they should: a 30-text chain leaves nothing new to find
    small = builtin_chain(30, 0)
    s30 = run_chain(*small, start=0, steps=50, seed=0, walkers=400)
    assert s30.visited_mean[-1] == s30.visited_mean[45]
