"""Figures for the two collapse experiments (matplotlib, headless)."""
from __future__ import annotations

from typing import Any

import numpy as np

from .briesch import LogicPaperResult
from .chain import ChainResult
from .crt import CRTResult
from .logic import LogicResult
from .recursive import RecursiveResult


def _pyplot() -> Any:
    """matplotlib.pyplot on the headless Agg backend."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def plot_recursive(result: RecursiveResult, path: str) -> None:
    """Error per generation (log-log) and fitted vs predicted rate, or variance for 'replace'."""
    plt = _pyplot()
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    k = np.arange(1, result.generations + 2)
    k0 = result.fit_from_generation
    for i, run in enumerate(result.runs):
        c = colors[i % len(colors)]
        m = np.asarray(run.error_mean)
        sd = np.asarray(run.error_sd)
        label = f"alpha={run.alpha:g}"
        if run.predicted_rate is not None:
            label += f": fit {run.fitted_rate:.2f}, theory {run.predicted_rate:.2f}"
        ax.loglog(k, m, color=c, lw=1.6, label=label)
        ax.fill_between(k, np.maximum(m - sd, m * 0.05), m + sd, color=c, alpha=0.15, lw=0)
        if run.predicted_rate is not None:
            ax.loglog(k[k0:], m[k0] * (k[k0:] / k[k0]) ** (-run.predicted_rate), color=c,
                      ls="--", lw=1)
    batches = "  (training batches so far)" if result.scheme == "accumulate" else ""
    ax.set_xlabel("generation + 1" + batches)
    ax.set_ylabel("W1 to the true distribution")
    ax.set_title(f"{result.estimator} on '{result.truth}', {result.scheme}, n={result.n}, "
                 f"{result.seeds} seeds", fontsize=9)
    ax.legend(fontsize=7)
    ax.grid(True, which="both", alpha=0.3)
    if result.scheme == "accumulate":
        a = np.array([r.alpha for r in result.runs])
        f = np.array([r.fitted_rate for r in result.runs])
        lo = np.array([r.fitted_rate_ci[0] for r in result.runs])
        hi = np.array([r.fitted_rate_ci[1] for r in result.runs])
        ax2.errorbar(a, f, yerr=[np.maximum(f - lo, 0), np.maximum(hi - f, 0)], fmt="o",
                     capsize=3, label="fitted (95% bootstrap CI)")
        grid = np.linspace(0, 1, 201)
        ax2.plot(grid, np.minimum(result.baseline_rate, grid), "r--",
                 label=f"theory min(p, alpha), p={result.baseline_rate:g}")
        ax2.set_xlabel("alpha (fraction of fresh real data per batch)")
        ax2.set_ylabel("decay exponent of W1")
        ax2.set_title(f"rates fitted over generations {k0}..{result.generations}", fontsize=9)
    else:
        for i, run in enumerate(result.runs):
            ax2.plot(np.arange(result.generations + 1), run.variance_ratio,
                     color=colors[i % len(colors)], label=f"alpha={run.alpha:g}")
        ax2.axhline(1.0, color="k", lw=0.8, ls=":")
        ax2.set_xlabel("generation")
        ax2.set_ylabel("model variance / true variance")
        ax2.set_title("variance of the fitted model (collapse: -> 0)", fontsize=9)
    ax2.legend(fontsize=7)
    ax2.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_logic(result: LogicResult, path: str) -> None:
    """Correctness and three diversity measures per generation, one line per data cycle."""
    plt = _pyplot()
    fig, axes = plt.subplots(2, 2, figsize=(10, 6.5), sharex=True)
    panels = [("correct", "correct (parses and is True)"),
              ("levenshtein_diversity", "mean normalized edit distance"),
              ("distinct_ratio", "distinct expressions / samples"),
              ("ngram_entropy", "token-trigram entropy (bits)")]
    for ax, (key, label) in zip(axes.flat, panels):
        for run in result.cycles:
            g = [s.generation for s in run.generations]
            reps = np.array([[getattr(s, key) for s in rep]
                             for rep in (run.generations,) + run.replicates])
            name = run.cycle if run.cycle in ("full", "fresh") else \
                f"{run.cycle} (lambda={run.synthetic_fraction:g})"
            if len(reps) > 1:  # mean over seeds, band from the 10th to the 90th percentile
                line, = ax.plot(g, reps.mean(axis=0), lw=1.4, label=f"{name}, mean")
                lo, hi = np.quantile(reps, [0.1, 0.9], axis=0)
                ax.fill_between(g, lo, hi, color=line.get_color(), alpha=0.15, lw=0)
            else:
                ax.plot(g, reps[0], marker="o", ms=2.5, lw=1.4, label=name)
        ax.axhline(getattr(result.real, key), color="k", ls=":", lw=0.9, label="real data")
        ax.set_ylabel(label, fontsize=9)
        ax.grid(True, alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("generation")
    axes[0, 0].legend(fontsize=7)
    seeds = f"seed {result.seed}" if result.seeds == 1 else \
        f"{result.seeds} seeds (mean, 10-90% band)"
    fig.suptitle(f"Self-consuming loop: {result.context} {result.order}-gram, "
                 f"T={result.temperature:g}, n={result.n}, {seeds}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_chain(result: ChainResult, path: str) -> None:
    """Distinct outputs among the simulated texts per iteration, exact expectation and limit."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    t = np.arange(result.steps + 1)
    ax.plot(t, result.distinct_simulated, marker="o", ms=2.5, lw=1.2,
            label=f"simulated ({result.walkers} texts, seed {result.seed})")
    ax.plot(t, result.distinct_exact, color="k", lw=1.2, ls="--", label="exact expectation")
    ax.axhline(result.distinct_limit, color="r", lw=1.2,
               label=f"exact limit {result.distinct_limit:.2f}")
    a = result.analysis
    ax.axhline(a.limit_support, color="r", lw=0.8, ls=":",
               label=f"texts in the closed classes reached: {a.limit_support}")
    ax.set_xlabel("rewrites (iterations)")
    ax.set_ylabel("distinct outputs")
    ax.set_title(f"Markovian generation chain: {a.n_states} texts, closed class sizes "
                 f"{list(a.closed_sizes())}", fontsize=9)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_paper_recursive(result: CRTResult, path: str) -> None:
    """Mean W1 against training-set size, and the fitted rate vs alpha against min(p, alpha)."""
    from .crt import training_sizes
    plt = _pyplot()
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    for run in result.runs:
        m = training_sizes(result.iterations, result.m1, run.synthetic_per_iteration)
        ax.loglog(m, run.w1_mean, lw=1.2, label=f"alpha={run.alpha:g}")
    ax.set_xlabel("training-set size M_n")
    ax.set_ylabel("mean W1 to the truth")
    ax.set_title(f"KDE, h_n = {result.h0:g} n^-{result.p:g}/2, {result.repetitions} repetitions",
                 fontsize=9)
    ax.legend(fontsize=6, ncol=2)
    ax.grid(True, which="both", alpha=0.3)
    a = np.array([r.alpha for r in result.runs])
    f = np.array([r.rate_w1 for r in result.runs])
    lo = np.array([r.rate_w1_ci[0] for r in result.runs])
    hi = np.array([r.rate_w1_ci[1] for r in result.runs])
    ax2.errorbar(a, f, yerr=[f - lo, hi - f], fmt="o-", capsize=3, label="lab: mean W1 rate")
    ax2.plot(a, [r.rate_mmd for r in result.runs], "s:", ms=4, label="lab: mean MMD rate")
    grid = np.linspace(0, 1, 201)
    ax2.plot(grid, np.minimum(result.p, grid), "r--", label=f"paper: min(p, alpha), p={result.p:g}")
    ax2.set_xlabel("alpha (real fraction)")
    ax2.set_ylabel("rate (minus slope vs log M_n)")
    ax2.set_ylim(0, 0.7)
    ax2.set_title(f"slopes from iteration {result.drop_first + 1} of {result.iterations}",
                  fontsize=9)
    ax2.legend(fontsize=7)
    ax2.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_logic_paper(result: LogicPaperResult, path: str) -> None:
    """Levenshtein diversity / real data's, per generation, for every paper configuration."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    for c in result.configs:
        g = np.arange(len(c.levenshtein))
        ls = ":" if c.label.startswith("sweep") else "-"
        ax.plot(g, np.asarray(c.levenshtein) / c.real_levenshtein, ls=ls, lw=1.2,
                label=f"{c.label} (lambda {c.synthetic_fraction:g})")
    ax.set_xlabel("generation")
    ax.set_ylabel("Levenshtein diversity / real data's")
    name = "transformer" if result.model.get("model") == "transformer" else "n-gram"
    ax.set_title(f"arXiv 2311.16822 configurations, {name}, n={result.n}, "
                 f"T={result.temperature:g}", fontsize=9)
    ax.legend(fontsize=6, ncol=2)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
