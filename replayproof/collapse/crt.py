"""The authors' set-up of contaminated recursive training (Wang, Niu, Li, arXiv 2602.16065).

Our own implementation of the 1-D KDE simulation described by the authors' public scripts
(hong-niu/generative-recursive-training, simulations/CRT/): iteration n adds m1 = 50 fresh real
points and m2 = round((1 - alpha) m1 / alpha) points sampled from the current KDE, all kept;
the KDE bandwidth follows the schedule h_n = h0 n^(-p/2) (h0 = 0.5, p = 0.5 imposed); W1 and
MMD^2 to the true mixture are measured on a fixed 500-point grid; the rate of each repetition
is the slope of log W1 against log M_n (training-set size), dropping the first 30 iterations,
with W1 divided by log M_n first when p = alpha. docs/collapse.md has the details and figures.

All repetitions of one alpha run side by side as numpy rows. The KDE density on the grid is
computed by linear binning of the training set on a grid four times finer (kept incrementally,
since the training set only grows) and one FFT convolution per iteration.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Callable, Sequence

import numpy as np

from .estimators import MIXTURE, Truth
from .jsonout import clean

#: The authors' settings (simulations/CRT/KDE+ECDF/sim1-CRT-KDE-1D.py).
PAPER_ALPHAS: tuple[float, ...] = tuple(round(0.1 * k, 1) for k in range(1, 11))
PAPER_ITERATIONS = 2000
PAPER_REPETITIONS = 100
PAPER_P = 0.5
PAPER_H0 = 0.5
PAPER_M1 = 50
PAPER_DROP_FIRST = 30
GRID_POINTS = 500
MMD_SIGMA = 0.5
_REFINE = 4                      # fine binning grid = evaluation grid step / 4
_CHUNK_VALUES = 12_000_000       # stored training points per batch of repetitions (float32)

Progress = Callable[[int, int, str], None]


def bandwidth(n: int | np.ndarray, p: float = PAPER_P, h0: float = PAPER_H0) -> Any:
    """KDE bandwidth at iteration n (1-based): h_n = h0 * n^(-p/2), so the bias h^2 ~ n^-p."""
    if isinstance(n, int):
        return h0 * n ** (-p / 2.0)
    return h0 * np.asarray(n, dtype=float) ** (-p / 2.0)


def synthetic_per_iteration(alpha: float, m1: int = PAPER_M1) -> int:
    """m2 = round((1 - alpha) m1 / alpha), 0 for alpha >= 1: the real share is m1 / (m1 + m2)."""
    if not 0.0 < alpha <= 1.0:
        raise ValueError(f"alpha must be in (0, 1], got {alpha}")
    return 0 if alpha >= 1.0 else int(round((1.0 - alpha) * m1 / alpha))


def training_sizes(iterations: int, m1: int, m2: int) -> np.ndarray:
    """M_n = m1 n + m2 (n - 1), n = 1..T: the training set at iteration n (synthetic points of
    iteration n are drawn after the fit, so they join at n + 1)."""
    n = np.arange(1, iterations + 1, dtype=np.int64)
    return m1 * n + m2 * (n - 1)


def fit_slopes(sizes: np.ndarray, values: np.ndarray, drop_first: int, critical: bool,
               power: int = 1) -> np.ndarray:
    """Per-row least-squares slope of log(values) on log(sizes) from index drop_first on.

    With `critical` (p = alpha) the values are divided by (log M)^power first: the authors'
    correction for the t^-alpha log t rate at the kink (power 2 for MMD^2).
    """
    v = np.atleast_2d(np.asarray(values, dtype=float))
    m = np.asarray(sizes, dtype=float)
    if critical:
        v = v / np.log(np.maximum(m, 2.0)) ** power
    x = np.log(m[drop_first:])
    y = np.log(np.maximum(v[:, drop_first:], 1e-300))
    if len(x) < 2:
        raise ValueError("need at least two iterations after the dropped ones")
    xc = x - x.mean()
    return (y - y.mean(axis=1, keepdims=True)) @ xc / (xc @ xc)


@dataclass(frozen=True)
class CRTAlpha:
    """One alpha: per-iteration means and the per-repetition slope summary."""

    alpha: float
    alpha_effective: float            # m1 / (m1 + m2) after rounding
    real_per_iteration: int
    synthetic_per_iteration: int
    critical: bool                    # p == alpha: distances divided by log M before fitting
    w1_mean: tuple[float, ...]        # over repetitions, iterations 1..T
    mmd2_mean: tuple[float, ...]
    rate_w1: float                    # -(mean slope of log W1 on log M)
    rate_w1_sd: float                 # standard deviation of the slopes over repetitions
    rate_w1_ci: tuple[float, float]   # mean +- 1.96 sd / sqrt(R)
    rate_mmd: float                   # -(mean slope) of MMD = sqrt(MMD^2)
    rate_mmd_ci: tuple[float, float]
    rate_mmd2: float                  # -(mean slope) of MMD^2 (theory: twice the MMD rate)
    theory: float                     # min(p, alpha)

    @property
    def w1_in_ci(self) -> bool:
        """Whether min(p, alpha) lies in the 95% interval of the mean W1 rate."""
        return self.rate_w1_ci[0] <= self.theory <= self.rate_w1_ci[1]


@dataclass(frozen=True)
class CRTResult:
    """The authors' KDE experiment: settings and one CRTAlpha per alpha."""

    p: float
    h0: float
    m1: int
    iterations: int
    repetitions: int
    drop_first: int
    seed: int
    runs: tuple[CRTAlpha, ...]

    def run(self, alpha: float) -> CRTAlpha:
        """The run for one alpha."""
        for r in self.runs:
            if abs(r.alpha - alpha) < 1e-12:
                return r
        raise KeyError(alpha)

    def to_dict(self, series: bool = True) -> dict[str, Any]:
        """JSON-ready; `series=False` drops the per-iteration means."""
        d = asdict(self)
        for rd, run in zip(d["runs"], self.runs):
            rd["w1_in_ci"] = run.w1_in_ci
            if not series:
                rd.pop("w1_mean")
                rd.pop("mmd2_mean")
        return {"experiment": "recursive", "preset": "paper", **clean(d)}


@dataclass(frozen=True)
class _Grid:
    """The fixed evaluation grid, the fine binning grid, and the truth on the grid."""

    x: np.ndarray
    dx: float
    f_true: np.ndarray
    F_true: np.ndarray
    fine0: float
    fine_dx: float
    fine_n: int
    offset: int        # fine index of x[0]
    fft_n: int
    mmd_fft: np.ndarray
    mmd_n: int


def make_grid(truth: Truth = MIXTURE, h_max: float = PAPER_H0) -> _Grid:
    """[min(mu - 6 sd), max(mu + 6 sd)] in 500 points, as in the authors' scripts."""
    lo = min(m - 6 * s for m, s in zip(truth.means, truth.sds))
    hi = max(m + 6 * s for m, s in zip(truth.means, truth.sds))
    x = np.linspace(lo, hi, GRID_POINTS)
    dx = float(x[1] - x[0])
    f_true = np.zeros_like(x)
    for w, m, s in zip(truth.weights, truth.means, truth.sds):
        f_true += w * np.exp(-0.5 * ((x - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))
    fdx = dx / _REFINE
    margin = int(math.ceil(8 * h_max / fdx)) + 2
    fine_n = (GRID_POINTS - 1) * _REFINE + 1 + 2 * margin
    fft_n = 1 << int(math.ceil(math.log2(fine_n + margin)))
    k = np.arange(-(GRID_POINTS - 1), GRID_POINTS)
    kern = np.exp(-(k * dx) ** 2 / (2 * MMD_SIGMA ** 2))
    mmd_n = 1 << int(math.ceil(math.log2(3 * GRID_POINTS)))
    kpad = np.zeros(mmd_n)
    kpad[:GRID_POINTS] = kern[GRID_POINTS - 1:]
    kpad[-(GRID_POINTS - 1):] = kern[:GRID_POINTS - 1]
    return _Grid(x=x, dx=dx, f_true=f_true, F_true=truth.cdf(x), fine0=lo - margin * fdx,
                 fine_dx=fdx, fine_n=fine_n, offset=margin, fft_n=fft_n,
                 mmd_fft=np.fft.rfft(kpad), mmd_n=mmd_n)


def _bin(counts: np.ndarray, pts: np.ndarray, g: _Grid) -> None:
    """Add rows of points to rows of fine-grid counts by linear binning (mass and mean kept)."""
    rows, _ = pts.shape
    pos = np.clip((pts - g.fine0) / g.fine_dx, 0.0, g.fine_n - 1.000001)
    i = pos.astype(np.int64)
    f = pos - i
    flat = i + (np.arange(rows) * g.fine_n)[:, None]
    size = rows * g.fine_n
    counts += (np.bincount(flat.ravel(), weights=(1 - f).ravel(), minlength=size)
               + np.bincount(flat.ravel() + 1, weights=f.ravel(), minlength=size)
               ).reshape(rows, g.fine_n)


def _density(counts: np.ndarray, total: int, h: float, g: _Grid) -> np.ndarray:
    """KDE density on the evaluation grid: (1/(M h)) sum_i phi((x - X_i)/h), via FFT."""
    half = int(math.ceil(8 * h / g.fine_dx))
    k = np.arange(-half, half + 1)
    kern = np.exp(-0.5 * (k * g.fine_dx / h) ** 2) / math.sqrt(2 * math.pi)
    kpad = np.zeros(g.fft_n)
    kpad[:half + 1] = kern[half:]
    kpad[-half:] = kern[:half]
    conv = np.fft.irfft(np.fft.rfft(counts, n=g.fft_n, axis=1) * np.fft.rfft(kpad),
                        n=g.fft_n, axis=1)
    idx = g.offset + _REFINE * np.arange(GRID_POINTS)
    return conv[:, idx] / (total * h)


def _metrics(f: np.ndarray, g: _Grid) -> tuple[np.ndarray, np.ndarray]:
    """W1 and MMD^2 of each row's grid density against the truth, as the authors compute them:
    CDF by the trapezoid rule renormalized to 1, W1 = trapz |F - F*|; MMD^2 = dx^2 d'Kd with a
    Gaussian kernel of width 0.5 and d = f* - f on the grid."""
    F = np.concatenate((np.zeros((len(f), 1)),
                        np.cumsum((f[:, :-1] + f[:, 1:]) * 0.5 * g.dx, axis=1)), axis=1)
    F /= np.maximum(F[:, -1:], 1e-12)
    diff = np.abs(F - g.F_true)
    w1 = ((diff[:, :-1] + diff[:, 1:]) * 0.5 * g.dx).sum(axis=1)
    d = g.f_true - f
    kd = np.fft.irfft(np.fft.rfft(d, n=g.mmd_n, axis=1) * g.mmd_fft, n=g.mmd_n,
                      axis=1)[:, :GRID_POINTS]
    mmd2 = (d * kd).sum(axis=1) * g.dx * g.dx
    return w1, mmd2


def simulate(alpha: float, iterations: int, repetitions: int, rng: np.random.Generator,
             p: float = PAPER_P, h0: float = PAPER_H0, m1: int = PAPER_M1,
             truth: Truth = MIXTURE, grid: _Grid | None = None,
             tick: Callable[[int], None] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """W1 and MMD^2 per (repetition, iteration) for one alpha; all repetitions in lock-step."""
    g = grid or make_grid(truth, h0)
    m2 = synthetic_per_iteration(alpha, m1)
    total = m1 * iterations + m2 * (iterations - 1)
    data = np.empty((repetitions, total), dtype=np.float32)
    counts = np.zeros((repetitions, g.fine_n))
    w1 = np.empty((repetitions, iterations))
    mmd2 = np.empty((repetitions, iterations))
    size = 0
    for n in range(1, iterations + 1):
        real = truth.sample(rng, repetitions * m1).reshape(repetitions, m1)
        data[:, size:size + m1] = real
        _bin(counts, real, g)
        size += m1
        h = float(bandwidth(n, p, h0))
        w1[:, n - 1], mmd2[:, n - 1] = _metrics(_density(counts, size, h, g), g)
        if m2 and n < iterations:
            pick = rng.integers(0, size, (repetitions, m2))
            synth = (np.take_along_axis(data[:, :size], pick, axis=1).astype(float)
                     + h * rng.standard_normal((repetitions, m2)))
            data[:, size:size + m2] = synth
            _bin(counts, synth, g)
            size += m2
        if tick:
            tick(n)
    return w1, mmd2


def _alpha_key(alpha: float) -> int:
    return int(round(alpha * 1_000_000))


def run_paper(alphas: Sequence[float] = PAPER_ALPHAS, iterations: int = PAPER_ITERATIONS,
              repetitions: int = PAPER_REPETITIONS, seed: int = 0, p: float = PAPER_P,
              h0: float = PAPER_H0, m1: int = PAPER_M1, drop_first: int = PAPER_DROP_FIRST,
              progress: Progress | None = None) -> CRTResult:
    """The authors' KDE experiment for each alpha; rates fitted per repetition and averaged.

    `progress(done, total, label)` is called once per iteration of every alpha.
    """
    if not alphas:
        raise ValueError("at least one alpha is needed")
    for a in alphas:
        if math.isnan(a) or not 0.0 < a <= 1.0:
            raise ValueError(f"alpha must be in (0, 1] for the paper preset, got {a}")
    if iterations < drop_first + 2:
        raise ValueError(f"iterations must be at least drop-first + 2 = {drop_first + 2}")
    if repetitions < 1:
        raise ValueError("repetitions must be >= 1")
    if not 0.0 < p <= 2.0 or h0 <= 0 or m1 < 1:
        raise ValueError("p must be in (0, 2], h0 > 0, m1 >= 1")
    grid = make_grid(MIXTURE, h0)
    runs = []
    grand = len(alphas) * iterations
    for ai, alpha in enumerate(alphas):
        m2 = synthetic_per_iteration(alpha, m1)
        sizes = training_sizes(iterations, m1, m2)
        per_chunk = max(1, _CHUNK_VALUES // int(sizes[-1] + m2))
        w1_parts, mmd_parts = [], []
        for c, start in enumerate(range(0, repetitions, per_chunk)):
            reps = min(per_chunk, repetitions - start)
            rng = np.random.default_rng(np.random.SeedSequence([seed, _alpha_key(alpha), c]))
            base = ai * iterations

            def tick(n: int, base: int = base, start: int = start, reps: int = reps) -> None:
                if progress:
                    done = base + (start * iterations + reps * n) // repetitions
                    progress(done, grand, f"alpha {alpha:g}")
            w, m = simulate(alpha, iterations, reps, rng, p, h0, m1, MIXTURE, grid, tick)
            w1_parts.append(w)
            mmd_parts.append(m)
        w1 = np.vstack(w1_parts)
        mmd2 = np.vstack(mmd_parts)
        critical = math.isclose(p, alpha, abs_tol=1e-8)
        s_w1 = -fit_slopes(sizes, w1, drop_first, critical)
        s_mmd = -fit_slopes(sizes, np.sqrt(np.maximum(mmd2, 0.0)), drop_first, critical)
        s_mmd2 = -fit_slopes(sizes, np.maximum(mmd2, 1e-300), drop_first, critical, power=2)

        def ci(s: np.ndarray) -> tuple[float, float]:
            if len(s) < 2:
                return (float(s.mean()), float(s.mean()))
            half = 1.96 * float(s.std(ddof=1)) / math.sqrt(len(s))
            return (float(s.mean()) - half, float(s.mean()) + half)
        runs.append(CRTAlpha(
            alpha=float(alpha), alpha_effective=m1 / (m1 + m2), real_per_iteration=m1,
            synthetic_per_iteration=m2, critical=critical,
            w1_mean=tuple(float(v) for v in w1.mean(axis=0)),
            mmd2_mean=tuple(float(v) for v in mmd2.mean(axis=0)),
            rate_w1=float(s_w1.mean()),
            rate_w1_sd=float(s_w1.std(ddof=1)) if len(s_w1) > 1 else 0.0,
            rate_w1_ci=ci(s_w1), rate_mmd=float(s_mmd.mean()), rate_mmd_ci=ci(s_mmd),
            rate_mmd2=float(s_mmd2.mean()), theory=min(p, float(alpha))))
    return CRTResult(p=p, h0=h0, m1=m1, iterations=iterations, repetitions=repetitions,
                     drop_first=drop_first, seed=seed, runs=tuple(runs))
