"""The self-consuming loop over seeds: declines with bootstrap intervals, and the paper's order."""
from __future__ import annotations

import json

import numpy as np
import pytest

from replayproof.collapse.logic import fit_decline, run_logic


def test_fit_decline_on_known_series():
    # two seeds falling linearly by 4% and 2% of their start per generation; the last fifth of
    # generations 0..10 is g = 9, 10 (mean 9.5)
    g = np.arange(11)
    a = 2.0 * (1 - 0.04 * g)
    b = 3.0 * (1 - 0.02 * g)
    d = fit_decline(np.vstack([a, b]), "levenshtein_diversity", seed=0)
    assert d.per_seed == pytest.approx((0.04 * 9.5, 0.02 * 9.5))
    assert d.mean == pytest.approx(0.285)
    assert d.trend == pytest.approx(-0.03)          # mean slope of D/D0
    assert 0.19 - 1e-9 <= d.ci[0] < d.ci[1] <= 0.38 + 1e-9
    flat = fit_decline(np.ones((5, 11)), "distinct_ratio", seed=0)
    assert flat.mean == 0.0 and flat.ci == (0.0, 0.0) and not flat.excludes_zero
    one = fit_decline(a[None, :], "ngram_entropy", seed=0)
    assert np.isnan(one.ci[0])                      # no interval from a single seed


@pytest.fixture(scope="module")
def small():
    """Small, fast configuration: order-3 model, depth-3 expressions, 60 per generation,
    4 generations, 10 seeds (the order also holds for base seeds 1 and 2; below n = 50 it does
    not: too few samples per generation for the balanced cycle's synthetic half to drift)."""
    return run_logic(cycles=("full", "balanced", "expanding"), generations=4, n=60, order=3,
                     max_depth=3, temperature=0.65, z3_sample=0, seed=0, seeds=10)


def test_regimes_decline_in_the_papers_order(small):
    """full > balanced > expanding > 0 in Levenshtein diversity, each CI excluding zero."""
    d = {c.cycle: c.fitted("levenshtein_diversity") for c in small.cycles}
    assert all(len(x.per_seed) == 10 for x in d.values())
    assert all(x.excludes_zero for x in d.values()), {k: x.ci for k, x in d.items()}
    assert d["full"].mean > d["balanced"].mean > d["expanding"].mean > 0
    assert d["full"].ci[0] > d["balanced"].ci[1]    # separated, not just ordered
    # and correctness does not collapse with the diversity in the mixed regimes
    for name in ("balanced", "expanding"):
        run = small.cycle(name)
        last = np.mean([r[-1].correct for r in (run.generations,) + run.replicates])
        assert last > 0.6


def test_replicate_zero_is_the_single_seed_run(small):
    single = run_logic(cycles=("balanced",), generations=4, n=60, order=3, max_depth=3,
                       temperature=0.65, z3_sample=0, seed=3)
    assert small.cycle("balanced").replicates[2] == single.cycles[0].generations


KW = dict(cycles=("balanced",), generations=2, n=30, order=2, z3_sample=0, seed=5, seeds=2)


def test_multi_seed_json_is_reproducible():
    a = json.dumps(run_logic(**KW).to_dict())
    assert a == json.dumps(run_logic(**KW).to_dict())
    assert a != json.dumps(run_logic(**{**KW, "seed": 6}).to_dict())


@pytest.mark.slow
def test_two_jobs_give_the_same_numbers():
    assert json.dumps(run_logic(**KW).to_dict()) == json.dumps(run_logic(jobs=2, **KW).to_dict())


def test_exact_model_of_the_real_data():
    """p*(t | prefix) sums to 1, gives whole expressions their exact probability, emits only True."""
    from replayproof.collapse.exact_lm import b_true, exact_sample, next_token_probs, \
        prefix_weight
    from replayproof.collapse.logic import EOS, FALSE, LP, NOT, RP, TRUE, evaluate
    assert next_token_probs([], 4).tolist() == [1.0] + [0.0] * 7      # the root is never a leaf
    assert next_token_probs([LP], 4).sum() == pytest.approx(1.0)
    # ( not False ): '(' 1, 'not' 1/3, leaf 0.3, False 1/2 -> 0.05 of all trees, 0.1 of the True ones
    seq = [LP, NOT, FALSE, RP, EOS]
    assert prefix_weight(seq, 4) / b_true(4) == pytest.approx(0.1)
    assert prefix_weight([LP, NOT, TRUE, RP, EOS], 4) == 0.0            # False: never real data
    samples = exact_sample(np.random.default_rng(0), 60, 0.8, 3)
    assert all(evaluate(s) is True for s in samples)
