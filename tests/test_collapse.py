"""Model-collapse laboratory: the qualitative findings of both papers, on small fixed-seed runs."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from replayproof.collapse import (MIXTURE, NORMAL, GaussianModel, HistogramModel, KDEModel, NGramModel,
                                  ParseError, distinct_ratio, evaluate, fit_rate, levenshtein_diversity,
                                  ngram_entropy, parse, random_expression, real_expressions, run_logic,
                                  run_recursive, w1_gaussians, wasserstein1, z3_agrees)
from replayproof.collapse.cli import collapse
from replayproof.collapse.estimators import normal_cdf
from replayproof.collapse.logic import AND, FALSE, LP, NOT, OR, RP, TRUE, levenshtein_batch, to_tokens, tree_value


def toks(text: str) -> tuple[int, ...]:
    names = {"(": LP, ")": RP, "True": TRUE, "False": FALSE, "and": AND, "or": OR, "not": NOT}
    return tuple(names[w] for w in text.split())


# ---------------------------------------------------------------------------------------------
# Distances and estimators
# ---------------------------------------------------------------------------------------------

def test_w1_between_gaussians_matches_grid_and_monte_carlo():
    rng = np.random.default_rng(1)
    model = GaussianModel(0.3, 1.4)
    closed = w1_gaussians(0.3, 1.4, 0.0, 1.0)
    two_halves = type(NORMAL)("n", (0.5, 0.5), (0.0, 0.0), (1.0, 1.0))  # forces the grid path
    assert wasserstein1(model, NORMAL) == pytest.approx(closed)
    assert wasserstein1(model, two_halves) == pytest.approx(closed, rel=1e-4)
    a = np.sort(model.sample(rng, 400_000))
    b = np.sort(rng.standard_normal(400_000))
    assert np.mean(np.abs(a - b)) == pytest.approx(closed, abs=0.01)
    assert w1_gaussians(0.7, 1.0, 0.0, 1.0) == pytest.approx(0.7)  # pure shift


def test_kde_cdf_by_binning_matches_the_exact_sum():
    rng = np.random.default_rng(2)
    x = MIXTURE.sample(rng, 300)
    kde = KDEModel.fit(x)
    grid = np.arange(-9.0, 9.0, 0.01)
    exact = np.array([np.mean(normal_cdf((g - x) / kde.h)) for g in grid[::50]])
    assert np.max(np.abs(kde.cdf(grid)[::50] - exact)) < 1e-5


def test_histogram_and_kde_variances_match_their_samples():
    rng = np.random.default_rng(3)
    x = MIXTURE.sample(rng, 500)
    for model in (KDEModel.fit(x), HistogramModel.fit(x)):
        assert np.var(model.sample(rng, 200_000)) == pytest.approx(model.variance, rel=0.03)


def test_fit_rate_recovers_a_power_law():
    k = np.arange(1, 101)
    assert fit_rate(3.0 * k ** -0.37, 5) == pytest.approx(0.37)


# ---------------------------------------------------------------------------------------------
# Contaminated recursive training (Wang, Niu, Li)
# ---------------------------------------------------------------------------------------------

def test_gaussian_rates_match_min_p_alpha():
    """Accumulating scheme: W1 ~ t^-min(1/2, alpha), the paper's rate, within sampling error."""
    r = run_recursive("gaussian", (0.1, 1.0), generations=300, n=100, seeds=60, seed=0)
    low, full = r.run(0.1), r.run(1.0)
    assert low.predicted_rate == 0.1 and full.predicted_rate == 0.5
    assert low.fitted_rate == pytest.approx(0.1, abs=0.04)
    assert full.fitted_rate == pytest.approx(0.5, abs=0.12)
    assert low.predicted_in_ci and full.predicted_in_ci
    # it converges: the last error is well below the first for both
    assert low.error_mean[-1] < 0.8 * low.error_mean[0]
    assert full.error_mean[-1] < 0.2 * full.error_mean[0]


@pytest.mark.parametrize("estimator", ["kde", "histogram", "gaussian"])
def test_more_real_data_is_not_worse(estimator):
    r = run_recursive(estimator, (0.1, 1.0), generations=12, n=300, seeds=4, seed=0)
    low, full = r.run(0.1), r.run(1.0)
    assert full.error_mean[-1] <= low.error_mean[-1]
    assert full.stationary_error <= low.stationary_error  # mean over the second half
    assert full.fitted_rate > low.fitted_rate


def test_alpha_zero_replace_collapses_the_gaussian():
    """Replace scheme, no real data: the variance shrinks to ~0 and the error grows."""
    r = run_recursive("gaussian", (0.0,), generations=60, n=20, seeds=10, seed=0,
                      scheme="replace")
    run = r.run(0.0)
    assert run.variance_ratio[-1] < 0.1 * run.variance_ratio[0]
    assert run.error_mean[-1] > 2.5 * run.error_mean[0]
    assert run.predicted_rate is None


def test_alpha_zero_accumulate_stalls_but_does_not_collapse():
    r = run_recursive("gaussian", (0.0, 1.0), generations=60, n=20, seeds=20, seed=0)
    stall, real = r.run(0.0), r.run(1.0)
    assert stall.predicted_rate == 0.0
    assert 0.5 < stall.variance_ratio[-1] < 1.5          # no collapse when data accumulate
    assert stall.error_mean[-1] > 2 * real.error_mean[-1]  # but no convergence either


def test_replace_stationary_error_inflation_matches_ar1_prediction():
    r = run_recursive("gaussian", (0.3, 1.0), generations=200, n=100, seeds=20, seed=0,
                      scheme="replace")
    ratio = r.run(0.3).stationary_error / r.run(1.0).stationary_error
    assert ratio == pytest.approx(r.run(0.3).predicted_inflation, rel=0.2)  # 1/sqrt(.3*1.7)


def test_recursive_is_reproducible_and_alpha_runs_are_independent_of_the_list():
    a = run_recursive("kde", (0.3, 1.0), generations=4, n=100, seeds=2, seed=7)
    b = run_recursive("kde", (0.3, 1.0), generations=4, n=100, seeds=2, seed=7)
    c = run_recursive("kde", (1.0,), generations=4, n=100, seeds=2, seed=7)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    assert a.run(1.0).error_mean == c.run(1.0).error_mean
    assert a.run(0.3).error_mean[0] == a.run(1.0).error_mean[0]  # shared generation 0


@pytest.mark.slow
def test_histogram_rates_on_a_long_horizon():
    r = run_recursive("histogram", (0.1, 0.3), generations=1000, n=100, seeds=8, seed=0)
    assert r.run(0.1).fitted_rate == pytest.approx(0.1, abs=0.03)
    assert r.run(0.3).fitted_rate == pytest.approx(0.3, abs=0.05)


# ---------------------------------------------------------------------------------------------
# Logic expressions: grammar, evaluator, z3
# ---------------------------------------------------------------------------------------------

def test_evaluator_on_hand_written_expressions():
    assert evaluate(toks("True")) is True
    assert evaluate(toks("( not True )")) is False
    assert evaluate(toks("( True and ( not False ) )")) is True
    assert evaluate(toks("( ( False or False ) or ( not ( True and False ) ) )")) is True
    assert evaluate(toks("( False and True )")) is False
    for bad in ["( True and False", "True and False", "( not True False )", "( True )",
                "( True and False ) )", ")", "( and True False )", ""]:
        assert evaluate(toks(bad)) is None
        if bad:
            with pytest.raises(ParseError):
                parse(toks(bad))


def test_serialization_round_trips_and_real_data_is_true():
    rng = np.random.default_rng(4)
    for _ in range(300):
        tree = random_expression(rng, 4)
        assert parse(to_tokens(tree)) == tree
        assert evaluate(to_tokens(tree)) == tree_value(tree)
    assert all(evaluate(e) is True for e in real_expressions(rng, 200, 4))


def test_z3_agrees_with_the_evaluator():
    rng = np.random.default_rng(5)
    trees = [random_expression(rng, 5) for _ in range(150)]
    values = {tree_value(t) for t in trees}
    assert values == {True, False}
    for t in trees:
        e = to_tokens(t)
        assert z3_agrees(e, evaluate(e))
        assert not z3_agrees(e, not evaluate(e))
    # and on what a model actually generates
    model = NGramModel.fit(real_expressions(rng, 300, 4), 4)
    checked = 0
    for s in model.sample(rng, 200, 1.0, 128):
        v = evaluate(s) if s[-1] != -1 else None
        if v is not None:
            assert z3_agrees(s, v)
            checked += 1
    assert checked > 150


def test_parser_context_makes_the_ngram_grammatical():
    rng = np.random.default_rng(6)
    data = real_expressions(rng, 1000, 4)

    def valid(context: str) -> float:
        s = NGramModel.fit(data, 4, context).sample(np.random.default_rng(0), 500, 1.0, 128)
        return np.mean([s_[-1] != -1 and evaluate(s_) is not None for s_ in s])
    assert valid("plain") < 0.2
    assert valid("parser") > 0.97


def test_diversity_metrics_on_known_sets():
    a, b = toks("( True and False )"), toks("( not True )")
    assert distinct_ratio([a, a, a, a]) == 0.25
    assert distinct_ratio([a, b]) == 1.0
    assert ngram_entropy([a] * 5) < ngram_entropy([a, b] * 5)
    rng = np.random.default_rng(0)
    assert levenshtein_diversity([a] * 10, rng) == 0.0
    d = levenshtein_batch([list(a), list(b), []], [list(b), list(a), list(a)])
    assert d.tolist() == [3, 3, 5]  # ( True and False ) -> ( not True ): 3 edits


# ---------------------------------------------------------------------------------------------
# The self-consuming loop (Briesch, Sobania, Rothlauf)
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def loop():
    # the T = 0.8, single-seed setting these findings were first documented with
    return run_logic(cycles=("full", "expanding", "fresh"), generations=18, n=400, z3_sample=5,
                     seed=0, temperature=0.8, max_depth=4)


@pytest.mark.slow  # the 18-generation loop fixture: 5 s
def test_full_synthetic_loses_diversity_but_stays_correct(loop):
    full = {c.cycle: c for c in loop.cycles}["full"]
    first, last = full.generations[0], full.generations[-1]
    assert last.levenshtein_diversity < 0.5 * first.levenshtein_diversity
    assert last.distinct_ratio < 0.5 * first.distinct_ratio
    assert last.ngram_entropy < first.ngram_entropy - 0.3
    assert last.correct >= first.correct and last.correct > 0.9
    assert all(g.valid > 0.95 for g in full.generations)


@pytest.mark.slow  # the 18-generation loop fixture: 5 s
def test_fresh_data_slows_the_decline_but_control_stays_flat(loop):
    runs = {c.cycle: c for c in loop.cycles}
    lev = "levenshtein_diversity"
    assert runs["expanding"].decline(lev) < runs["full"].decline(lev) / 3
    early = np.mean([g.levenshtein_diversity for g in runs["expanding"].generations[:3]])
    late = np.mean([g.levenshtein_diversity for g in runs["expanding"].generations[-3:]])
    assert late < early                              # slowed, not stopped
    assert abs(runs["fresh"].decline(lev)) < 0.03    # the all-real control does not decline
    assert runs["expanding"].generations[-1].real_share < 0.35


@pytest.mark.slow  # the 18-generation loop fixture: 5 s
def test_every_z3_check_in_the_loop_agreed(loop):
    gens = [g for c in loop.cycles for g in c.generations]
    assert sum(g.z3_checked for g in gens) > 200
    assert all(g.z3_agreed == g.z3_checked for g in gens)


def test_logic_is_reproducible():
    a = run_logic(cycles=("incremental",), generations=2, n=60, z3_sample=2, seed=3)
    b = run_logic(cycles=("incremental",), generations=2, n=60, z3_sample=2, seed=3)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    c = run_logic(cycles=("incremental",), generations=2, n=60, z3_sample=2, seed=4)
    assert json.dumps(a.to_dict()) != json.dumps(c.to_dict())


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def runner():
    return CliRunner()


def test_cli_recursive_json_is_one_object_and_reproducible(runner, tmp_path):
    args = ["recursive", "--preset", "lab", "--estimator", "histogram", "--alpha", "0.2,1",
            "--generations", "3",
            "--n", "50", "--seeds", "2", "--json"]
    one = runner.invoke(collapse, args)
    two = runner.invoke(collapse, args)
    assert one.exit_code == 0, one.output
    assert one.stdout == two.stdout
    data = json.loads(one.stdout)
    assert data["experiment"] == "recursive" and data["distance"] == "W1"
    assert [r["alpha"] for r in data["runs"]] == [0.2, 1.0]
    assert len(data["runs"][0]["error_mean"]) == 4


def test_cli_logic_json_is_reproducible(runner):
    args = ["logic", "--cycle", "expanding", "--generations", "2", "--n", "50", "--z3-sample",
            "2", "--seed", "11", "--seeds", "2", "--json"]
    one, two = runner.invoke(collapse, args), runner.invoke(collapse, args)
    assert one.exit_code == 0, one.output
    assert one.stdout == two.stdout
    data = json.loads(one.stdout)
    assert data["experiment"] == "logic" and data["seed"] == 11
    gens = data["cycles"][0]["generations"]
    assert [g["train_size"] for g in gens] == [50, 100, 150]  # expanding grows by n
    assert data["seeds"] == 2 and len(data["cycles"][0]["replicates"]) == 1
    lev = data["cycles"][0]["declines"]["levenshtein_diversity"]
    assert len(lev["per_seed"]) == 2 and lev["ci"][0] <= lev["mean"] <= lev["ci"][1]


def test_cli_logic_table_and_plot(runner, tmp_path):
    png = tmp_path / "logic.png"
    res = runner.invoke(collapse, ["logic", "--cycle", "full,balanced", "--generations", "2",
                                   "--n", "60", "--z3-sample", "2", "--seeds", "2",
                                   "--plot", str(png)])
    assert res.exit_code == 0, res.output
    assert "cycle full" in res.stdout and "cycle balanced (lambda = 0.5)" in res.stdout
    assert "z3 agreed" in res.stdout and "Decline over 2 seed(s)" in res.stdout
    assert png.stat().st_size > 1000 and png.read_bytes()[:4] == b"\x89PNG"


def test_cli_recursive_plot_and_table(runner, tmp_path):
    png = tmp_path / "rec.png"
    res = runner.invoke(collapse, ["recursive", "--preset", "lab", "--estimator", "gaussian",
                                   "--alpha", "0,1",
                                   "--generations", "5", "--n", "40", "--seeds", "2",
                                   "--scheme", "replace", "--plot", str(png)])
    assert res.exit_code == 0, res.output
    assert "Replace scheme" in res.stdout and png.exists()


@pytest.mark.parametrize("args, needle", [
    (["recursive", "--alpha", "1.5"], "alpha must be in [0, 1]"),
    (["recursive", "--alpha", "-0.1,0.5"], "alpha must be in [0, 1]"),
    (["recursive", "--alpha", "x"], "not a number"),
    (["recursive", "--generations", "0"], "--generations"),
    (["recursive", "--estimator", "gan"], "--estimator"),
    (["recursive", "--seeds", "0"], "--seeds"),
    (["recursive", "--plot", "/nonexistent-dir/out.png"], "does not exist"),
    (["recursive", "--plot", "out.txt"], "must end in"),
    (["logic", "--cycle", "spiral"], "unknown cycle"),
    (["logic", "--generations", "0"], "--generations"),
    (["logic", "--cycle", "full", "--synthetic-fraction", "0.5"], "full cycle is all synthetic"),
    (["logic", "--synthetic-fraction", "1.5"], "--synthetic-fraction"),
    (["logic", "--temperature", "0"], "--temperature"),
    (["logic", "--plot", "/nonexistent-dir/x.png"], "does not exist"),
    (["logic", "--seeds", "0"], "--seeds"),
    (["logic", "--jobs", "3"], "--jobs"),
])
def test_cli_bad_input_is_one_line_and_exit_2(runner, args, needle):
    res = runner.invoke(collapse, args)
    assert res.exit_code == 2, res.output
    assert isinstance(res.exception, SystemExit)  # no traceback
    assert needle in res.output
    assert "Traceback" not in res.output


def test_cli_plot_onto_a_directory_is_rejected(runner, tmp_path):
    target = tmp_path / "figure.png"
    target.mkdir()
    res = runner.invoke(collapse, ["logic", "--plot", str(target)])
    assert res.exit_code == 2
    assert "is a directory" in res.output
