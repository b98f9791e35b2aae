"""Contaminated recursive training (after Wang, Niu, Li, arXiv 2602.16065) in one dimension.

Each generation adds a batch of n points: a fraction alpha drawn fresh from the true
distribution, the rest sampled from the previous generation's model. The model is refitted and
its Wasserstein-1 distance to the truth recorded. Under the paper's accumulating scheme the
predicted error decay is t^-min(p, alpha), p being the estimator's own rate; under the
replacing scheme (train on the newest batch only) alpha = 0 is the classical collapse.
The mathematics is in docs/collapse.md.
"""
from __future__ import annotations

from .jsonout import clean

import math
from dataclasses import asdict, dataclass
from typing import Any, Callable, Sequence

import numpy as np

from .estimators import BASELINE_RATE, ESTIMATORS, TRUTH_BY_NAME, GaussianModel, Model, Truth, fit_model, wasserstein1

SCHEMES: tuple[str, ...] = ("accumulate", "replace")


def default_truth(estimator: str) -> str:
    """The truth each estimator is run against by default (well-specified for the Gaussian)."""
    return "normal" if estimator == "gaussian" else "mixture"


def baseline_rate(estimator: str, truth: str) -> float:
    """p for the theory: the estimator's own W1 rate, 0 if it cannot reach the truth at all."""
    if estimator == "gaussian" and len(TRUTH_BY_NAME[truth].weights) > 1:
        return 0.0  # misspecified: a Gaussian never gets closer to a bimodal mixture
    return BASELINE_RATE[estimator]


def fit_rate(errors: Sequence[float], start: int) -> float:
    """Decay exponent r in error ~ k^-r, k = generation + 1, by least squares from `start` on."""
    e = np.asarray(errors, dtype=float)
    k = np.arange(1, len(e) + 1, dtype=float)
    sel = slice(start, None)
    if len(e[sel]) < 2 or np.any(e[sel] <= 0):
        return float("nan")
    slope = np.polyfit(np.log(k[sel]), np.log(e[sel]), 1)[0]
    return float(-slope)


def predicted_rate(baseline: float, alpha: float) -> float:
    """The paper's rate for the accumulating scheme: min(p, alpha)."""
    return min(baseline, alpha)


def predicted_inflation(alpha: float) -> float | None:
    """Replace scheme, Gaussian: stationary error / all-real error = 1/sqrt(alpha(2-alpha))."""
    return None if alpha <= 0 else 1.0 / math.sqrt(alpha * (2.0 - alpha))


@dataclass(frozen=True)
class AlphaRun:
    """All replicates for one real-data fraction alpha, summarized per generation."""

    alpha: float
    real_per_generation: int
    synthetic_per_generation: int
    error_mean: tuple[float, ...]       # W1 to the truth, mean over seeds, generations 0..T
    error_sd: tuple[float, ...]
    variance_ratio: tuple[float, ...]   # model variance / true variance, mean over seeds
    fitted_rate: float
    fitted_rate_ci: tuple[float, float]  # 95% bootstrap over seeds
    predicted_rate: float | None         # accumulate only: min(p, alpha)
    stationary_error: float              # mean error over the second half of the generations
    predicted_inflation: float | None    # replace + gaussian only

    @property
    def predicted_in_ci(self) -> bool | None:
        """Whether the predicted rate lies inside the bootstrap interval of the fitted one."""
        if self.predicted_rate is None or math.isnan(self.fitted_rate):
            return None
        lo, hi = self.fitted_rate_ci
        return lo <= self.predicted_rate <= hi


@dataclass(frozen=True)
class RecursiveResult:
    """A recursive-training experiment: its parameters and one AlphaRun per alpha."""

    estimator: str
    truth: str
    scheme: str
    distance: str
    n: int
    generations: int
    seeds: int
    seed: int
    baseline_rate: float
    fit_from_generation: int
    runs: tuple[AlphaRun, ...]

    def run(self, alpha: float) -> AlphaRun:
        """The run for a given alpha."""
        for r in self.runs:
            if abs(r.alpha - alpha) < 1e-12:
                return r
        raise KeyError(alpha)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (floats rounded to 6 significant digits)."""
        d = asdict(self)
        for rd, run in zip(d["runs"], self.runs):
            rd["predicted_in_ci"] = run.predicted_in_ci
        return {"experiment": "recursive", **clean(d)}


def _one_replicate(estimator: str, truth: Truth, alpha: float, n: int, generations: int,
                   scheme: str, first: np.ndarray,
                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One replicate: W1 and variance ratio per generation for one alpha."""
    m_real = int(round(alpha * n))
    m_synth = n - m_real
    errors = np.empty(generations + 1)
    variances = np.empty(generations + 1)
    stats = np.zeros(3)
    buf = np.empty(0)
    size = n
    if estimator == "gaussian":  # sufficient statistics only: (count, sum, sum of squares)
        stats = np.array([n, first.sum(), (first * first).sum()], dtype=float)
    elif scheme == "accumulate":  # every point is kept: one buffer, filled batch by batch
        buf = np.empty(n * (generations + 1))
        buf[:n] = first
    else:
        buf = first
    for t in range(generations + 1):
        if estimator == "gaussian":
            model: Model = GaussianModel.from_moments(*stats)
        else:
            model = fit_model(estimator, buf[:size])
        errors[t] = wasserstein1(model, truth)
        variances[t] = model.variance / truth.variance
        if t == generations:
            break
        batch = np.concatenate((truth.sample(rng, m_real), model.sample(rng, m_synth)))
        if estimator == "gaussian":
            new = np.array([n, batch.sum(), (batch * batch).sum()])
            stats = stats + new if scheme == "accumulate" else new
        elif scheme == "accumulate":
            buf[size:size + n] = batch
            size += n
        else:
            buf = batch
    return errors, variances


def _alpha_key(alpha: float) -> int:
    """An integer seed component for alpha, so each alpha's stream is independent."""
    return int(round(alpha * 1_000_000))


def run_recursive(estimator: str = "kde", alphas: Sequence[float] = (0.1, 0.3, 1.0),
                  generations: int = 50, n: int = 2000, seeds: int = 5, seed: int = 0,
                  scheme: str = "accumulate", truth: str | None = None,
                  progress: Callable[[int, int, str], None] | None = None) -> RecursiveResult:
    """Run contaminated recursive training for each alpha and fit the error decay rate.

    `progress(done, total, label)` is called after every replicate.
    """
    if estimator not in ESTIMATORS:
        raise ValueError(f"unknown estimator {estimator!r}; choose from {', '.join(ESTIMATORS)}")
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose from {', '.join(SCHEMES)}")
    truth_name = truth or default_truth(estimator)
    if truth_name not in TRUTH_BY_NAME:
        raise ValueError(f"unknown truth {truth_name!r}; choose from {', '.join(TRUTH_BY_NAME)}")
    if not alphas:
        raise ValueError("at least one alpha is needed")
    for a in alphas:
        if not (0.0 <= a <= 1.0) or math.isnan(a):
            raise ValueError(f"alpha must be in [0, 1], got {a}")
    if generations < 1:
        raise ValueError("generations must be >= 1")
    if n < 10:
        raise ValueError("n must be >= 10")
    if seeds < 1:
        raise ValueError("seeds must be >= 1")
    true_dist = TRUTH_BY_NAME[truth_name]
    p = baseline_rate(estimator, truth_name)
    start = max(1, int(round(generations / 10)))
    est_id = ESTIMATORS.index(estimator)
    scheme_id = SCHEMES.index(scheme)
    runs = []
    for alpha in alphas:
        errs = np.empty((seeds, generations + 1))
        vars_ = np.empty((seeds, generations + 1))
        for rep in range(seeds):
            # generation 0 (all real) is shared by every alpha of a replicate
            first = true_dist.sample(np.random.default_rng([seed, est_id, rep]), n)
            ss = np.random.SeedSequence([seed, est_id, scheme_id, _alpha_key(alpha), rep])
            errs[rep], vars_[rep] = _one_replicate(estimator, true_dist, alpha, n, generations,
                                                   scheme, first, np.random.default_rng(ss))
            if progress:
                progress(len(runs) * seeds + rep + 1, len(alphas) * seeds, f"alpha {alpha:g}")
        mean = errs.mean(axis=0)
        rate = fit_rate(mean, start)
        if seeds > 1:
            boot_rng = np.random.default_rng(np.random.SeedSequence([seed, 404, _alpha_key(alpha)]))
            picks = boot_rng.integers(0, seeds, size=(400, seeds))
            boots = np.array([fit_rate(errs[row].mean(axis=0), start) for row in picks])
            boots = boots[~np.isnan(boots)]
            ci = ((float(np.percentile(boots, 2.5)), float(np.percentile(boots, 97.5)))
                  if boots.size else (rate, rate))
        else:
            ci = (rate, rate)
        half = (generations + 1) // 2
        runs.append(AlphaRun(
            alpha=float(alpha),
            real_per_generation=int(round(alpha * n)),
            synthetic_per_generation=n - int(round(alpha * n)),
            error_mean=tuple(float(v) for v in mean),
            error_sd=tuple(float(v) for v in errs.std(axis=0)),
            variance_ratio=tuple(float(v) for v in vars_.mean(axis=0)),
            fitted_rate=rate,
            fitted_rate_ci=ci,
            predicted_rate=predicted_rate(p, alpha) if scheme == "accumulate" else None,
            stationary_error=float(mean[half:].mean()),
            predicted_inflation=(predicted_inflation(alpha)
                                 if scheme == "replace" and estimator == "gaussian" else None),
        ))
    return RecursiveResult(estimator=estimator, truth=truth_name, scheme=scheme, distance="W1",
                           n=n, generations=generations, seeds=seeds, seed=seed,
                           baseline_rate=p, fit_from_generation=start, runs=tuple(runs))
