"""One-dimensional density estimators, the true distributions, and the Wasserstein-1 distance.

Everything is plain numpy (no scipy): the normal CDF comes from `math.erf`, and W1 between
two distributions on the line is the exact identity W1 = integral of |F - G|, evaluated in
closed form for two Gaussians and on a fine grid otherwise. See docs/collapse.md.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

ESTIMATORS: tuple[str, ...] = ("gaussian", "kde", "histogram")
TRUTHS: tuple[str, ...] = ("normal", "mixture")

#: Baseline W1 convergence exponent p of each estimator fitted to N i.i.d. points: E W1 ~ N^-p.
#: gaussian: parametric, N^-1/2. kde: Silverman bandwidth h ~ N^-1/5 and a smoothing bias of
#: order h^2 in W1, so N^-2/5. histogram: Scott width b ~ N^-1/3, bias of order b^2 = N^-2/3,
#: dominated by the empirical-process term N^-1/2.
BASELINE_RATE: dict[str, float] = {"gaussian": 0.5, "kde": 0.4, "histogram": 0.5}

_erf = np.frompyfunc(math.erf, 1, 1)
_SQRT2 = math.sqrt(2.0)
_GRID_STEP = 0.01
_MAX_GRID = 400_000


def normal_cdf(z: np.ndarray | float) -> np.ndarray:
    """Standard normal CDF, elementwise."""
    z = np.asarray(z, dtype=float)
    return 0.5 * (1.0 + _erf(z / _SQRT2).astype(float))


@dataclass(frozen=True)
class Truth:
    """A finite Gaussian mixture playing the role of the real-data distribution."""

    name: str
    weights: tuple[float, ...]
    means: tuple[float, ...]
    sds: tuple[float, ...]

    def sample(self, rng: np.random.Generator, m: int) -> np.ndarray:
        """Draw m real data points."""
        comp = rng.choice(len(self.weights), size=m, p=self.weights)
        return np.asarray(self.means)[comp] + np.asarray(self.sds)[comp] * rng.standard_normal(m)

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """Exact CDF on the points x."""
        out = np.zeros_like(x, dtype=float)
        for w, mu, sd in zip(self.weights, self.means, self.sds):
            out += w * normal_cdf((x - mu) / sd)
        return out

    @property
    def mean(self) -> float:
        """Mean of the mixture."""
        return float(np.dot(self.weights, self.means))

    @property
    def variance(self) -> float:
        """Variance of the mixture."""
        second = sum(w * (s * s + m * m) for w, m, s in zip(self.weights, self.means, self.sds))
        return float(second - self.mean ** 2)

    def support(self) -> tuple[float, float]:
        """An interval holding all but ~1e-15 of the mass."""
        return (min(m - 8 * s for m, s in zip(self.means, self.sds)),
                max(m + 8 * s for m, s in zip(self.means, self.sds)))


NORMAL = Truth("normal", (1.0,), (0.0,), (1.0,))
MIXTURE = Truth("mixture", (0.35, 0.65), (-2.0, 1.0), (0.8, 1.3))
TRUTH_BY_NAME: dict[str, Truth] = {"normal": NORMAL, "mixture": MIXTURE}


class Model(Protocol):
    """A fitted generative model: it can be sampled and has a CDF."""

    def sample(self, rng: np.random.Generator, m: int) -> np.ndarray: ...
    def cdf(self, x: np.ndarray) -> np.ndarray: ...
    def support(self) -> tuple[float, float]: ...
    def grid_step(self) -> float: ...
    @property
    def variance(self) -> float: ...


@dataclass(frozen=True)
class GaussianModel:
    """N(mu, sigma^2) fitted by maximum likelihood."""

    mu: float
    sigma: float

    @staticmethod
    def from_moments(count: float, total: float, total_sq: float) -> "GaussianModel":
        """MLE from sufficient statistics (count, sum, sum of squares)."""
        mu = total / count
        return GaussianModel(mu, math.sqrt(max(total_sq / count - mu * mu, 0.0)))

    def sample(self, rng: np.random.Generator, m: int) -> np.ndarray:
        """Draw m synthetic points."""
        return self.mu + self.sigma * rng.standard_normal(m)

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """CDF on the points x (a step at mu if sigma is 0)."""
        if self.sigma <= 0:
            return (x >= self.mu).astype(float)
        return normal_cdf((x - self.mu) / self.sigma)

    def support(self) -> tuple[float, float]:
        """mu +- 8 sigma."""
        return self.mu - 8 * self.sigma, self.mu + 8 * self.sigma

    def grid_step(self) -> float:
        """Grid spacing fine enough for this model's CDF."""
        return min(_GRID_STEP, max(self.sigma, 1e-6) / 20)

    @property
    def variance(self) -> float:
        """sigma^2."""
        return self.sigma ** 2


@dataclass(frozen=True)
class KDEModel:
    """Gaussian-kernel density estimate with Silverman's rule-of-thumb bandwidth."""

    data: np.ndarray
    h: float

    @staticmethod
    def fit(x: np.ndarray) -> "KDEModel":
        """h = 1.06 * sd * N^(-1/5)."""
        sd = float(np.std(x))
        h = 1.06 * max(sd, 1e-12) * len(x) ** (-0.2)
        return KDEModel(np.asarray(x, dtype=float), h)

    def sample(self, rng: np.random.Generator, m: int) -> np.ndarray:
        """Pick a data point and add kernel noise: an exact draw from the KDE."""
        return self.data[rng.integers(0, len(self.data), m)] + self.h * rng.standard_normal(m)

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """KDE CDF on a uniform grid x, by linear binning (error O(dx^2)) and convolution."""
        dx = x[1] - x[0]
        pos = (self.data - x[0]) / dx
        i = np.clip(np.floor(pos).astype(np.int64), 0, len(x) - 2)
        f = np.clip(pos - i, 0.0, 1.0)
        w = (np.bincount(i, weights=1 - f, minlength=len(x))
             + np.bincount(i + 1, weights=f, minlength=len(x)))[:len(x)] / len(self.data)
        k = int(math.ceil(8 * self.h / dx))
        kern = normal_cdf(np.arange(-k, k + 1) * dx / self.h)
        near = np.convolve(w, kern)[k:k + len(x)]
        left = np.concatenate((np.zeros(k + 1), np.cumsum(w)))[:len(x)]  # points > 8h to the left
        return near + left

    def support(self) -> tuple[float, float]:
        """Data range widened by 8 bandwidths."""
        return float(self.data.min() - 8 * self.h), float(self.data.max() + 8 * self.h)

    def grid_step(self) -> float:
        """Grid spacing: at most a tenth of the bandwidth."""
        return min(_GRID_STEP, self.h / 10)

    @property
    def variance(self) -> float:
        """Variance of the KDE distribution: data variance plus h^2."""
        return float(np.var(self.data) + self.h ** 2)


@dataclass(frozen=True)
class HistogramModel:
    """Equal-width histogram density (Scott's bin width), piecewise uniform."""

    edges: np.ndarray
    probs: np.ndarray

    @staticmethod
    def fit(x: np.ndarray) -> "HistogramModel":
        """Bin width b = 3.49 * sd * N^(-1/3), bins anchored at the smallest point."""
        sd = float(np.std(x))
        b = 3.49 * max(sd, 1e-12) * len(x) ** (-1.0 / 3.0)
        lo = float(x.min())
        bins = max(1, int(math.ceil((float(x.max()) - lo) / b + 1e-12)))
        edges = lo + b * np.arange(bins + 1)
        counts = np.bincount(np.clip(((x - lo) / b).astype(np.int64), 0, bins - 1), minlength=bins)
        return HistogramModel(edges, counts / counts.sum())

    def sample(self, rng: np.random.Generator, m: int) -> np.ndarray:
        """Pick a bin by its mass, then a uniform point inside it."""
        cum = np.cumsum(self.probs)
        cum[-1] = 1.0
        j = np.searchsorted(cum, rng.random(m), side="right")
        j = np.minimum(j, len(self.probs) - 1)
        width = self.edges[1] - self.edges[0]
        return self.edges[j] + width * rng.random(m)

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """Piecewise-linear CDF through the bin edges."""
        cum = np.concatenate(([0.0], np.cumsum(self.probs)))
        return np.interp(x, self.edges, cum, left=0.0, right=1.0)

    def support(self) -> tuple[float, float]:
        """First to last edge."""
        return float(self.edges[0]), float(self.edges[-1])

    def grid_step(self) -> float:
        """Grid spacing: at most a tenth of the bin width."""
        return min(_GRID_STEP, float(self.edges[1] - self.edges[0]) / 10)

    @property
    def variance(self) -> float:
        """Variance of the piecewise-uniform distribution."""
        width = float(self.edges[1] - self.edges[0])
        centres = self.edges[:-1] + width / 2
        mean = float(np.dot(self.probs, centres))
        return float(np.dot(self.probs, centres ** 2) + width ** 2 / 12 - mean ** 2)


def fit_model(estimator: str, x: np.ndarray) -> Model:
    """Fit the named estimator to the data points x."""
    if estimator == "gaussian":
        return GaussianModel.from_moments(len(x), float(x.sum()), float((x * x).sum()))
    if estimator == "kde":
        return KDEModel.fit(x)
    if estimator == "histogram":
        return HistogramModel.fit(x)
    raise ValueError(f"unknown estimator {estimator!r}; choose from {', '.join(ESTIMATORS)}")


def w1_gaussians(mu: float, sigma: float, mu0: float, sigma0: float) -> float:
    """Exact W1 between N(mu, sigma^2) and N(mu0, sigma0^2): E|a + bZ| with a = mu - mu0."""
    a = mu - mu0
    b = abs(sigma - sigma0)
    if b < 1e-15:
        return abs(a)
    spread = b * math.sqrt(2 / math.pi) * math.exp(-a * a / (2 * b * b))
    return spread + a * math.erf(a / (b * _SQRT2))


def wasserstein1(model: Model, truth: Truth) -> float:
    """W1 distance between a fitted model and the true distribution (exact up to the grid)."""
    if isinstance(model, GaussianModel) and len(truth.weights) == 1:
        return w1_gaussians(model.mu, model.sigma, truth.means[0], truth.sds[0])
    lo_m, hi_m = model.support()
    lo_t, hi_t = truth.support()
    lo, hi = min(lo_m, lo_t), max(hi_m, hi_t)
    dx = max(model.grid_step(), (hi - lo) / _MAX_GRID)
    grid = lo + dx * np.arange(int(math.ceil((hi - lo) / dx)) + 2)
    diff = np.abs(model.cdf(grid) - truth.cdf(grid))
    return float(np.sum((diff[1:] + diff[:-1]) * 0.5) * dx)
