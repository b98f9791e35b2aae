"""The paper's configurations of the self-consuming loop (Briesch, Sobania, Rothlauf,
arXiv 2311.16822), run with the lab's n-gram model and compared figure by figure.

Settings are the paper's, none fitted: temperature 0.8, real expressions of depth 1 to 5,
50 generations, one run per configuration (more with `seeds`), diversity = normalized
token-level Levenshtein distance, decline measured against the real data's diversity.
Only the sample size and the model differ (the paper: 10,000 samples, a 10.6M-parameter GPT):
the count model (NGramSpec) by default, or the small transformer (transformer.TransformerSpec).
"""
from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from .jsonout import clean
from .logic import CycleRun, ModelSpec, NGramSpec, max_len_for, run_logic
from .papers import LOGIC_FIGURES, first_generation, logic_comparison

PAPER_N = 10_000
PAPER_GENERATIONS = 50
PAPER_TEMPERATURE = 0.8
PAPER_MAX_DEPTH = 5
LAMBDA_SWEEP: tuple[float, ...] = (0.25, 0.5, 0.75, 0.9, 0.99)
SWEEP_CYCLE = "balanced"

#: (label, cycle, lambda): the four cycles, the expanding variants, and the lambda sweep.
CONFIGS: tuple[tuple[str, str, float], ...] = (
    ("full", "full", 1.0),
    ("incremental", "incremental", 0.5),
    ("balanced", "balanced", 0.5),
    ("expanding", "expanding", 0.5),
    ("expanding_25", "expanding", 0.75),
    ("expanding_0", "expanding", 1.0),
) + tuple((f"sweep_{lam:g}", SWEEP_CYCLE, lam) for lam in LAMBDA_SWEEP if lam != 0.5)


@dataclass(frozen=True)
class PaperConfig:
    """One configuration's run: levenshtein per generation (first seed) and its decline."""

    label: str
    cycle: str
    synthetic_fraction: float
    levenshtein: tuple[float, ...]        # first seed, generations 0..T
    distinct_count: tuple[int, ...]       # first seed
    correct: tuple[float, ...]            # first seed
    real_levenshtein: float               # first seed's real training data
    change_at_last: float                 # mean over seeds of D_T / D_real - 1
    change_late: float                    # mean over seeds of mean(last fifth) / D_real - 1
    single_expression_from: int | None    # median over seeds (None if any seed never)
    all_correct_from: int | None


@dataclass(frozen=True)
class LogicPaperResult:
    """All configurations, the lambda sweep, and the paper | lab | match rows."""

    n: int
    generations: int
    temperature: float
    max_depth: int
    order: int
    seeds: int
    seed: int
    configs: tuple[PaperConfig, ...]
    comparison: tuple[dict[str, Any], ...]
    model: dict[str, Any] = field(default_factory=lambda: {"model": "ngram"})

    def config(self, label: str) -> PaperConfig:
        """One configuration by label."""
        for c in self.configs:
            if c.label == label:
                return c
        raise KeyError(label)

    def sweep(self) -> list[PaperConfig]:
        """The lambda sweep of the sweep cycle, in lambda order."""
        out = [c for c in self.configs if c.cycle == SWEEP_CYCLE]
        return sorted(out, key=lambda c: c.synthetic_fraction)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"experiment": "logic", "preset": "paper", "sweep_cycle": SWEEP_CYCLE,
                **clean(asdict(self))}


def _summarize(label: str, run: CycleRun, n: int) -> PaperConfig:
    reps = (run.generations,) + run.replicates
    lev = run.fitted("levenshtein_diversity")
    singles, corrects = [], []
    for gens in reps:
        singles.append(first_generation([round(g.distinct_ratio * n) for g in gens],
                                        lambda v: v == 1))
        corrects.append(first_generation([g.correct for g in gens], lambda v: v >= 1.0))

    def median(xs: list[int | None]) -> int | None:
        return None if any(x is None for x in xs) else int(statistics.median_low(xs))
    return PaperConfig(
        label=label, cycle=run.cycle, synthetic_fraction=run.synthetic_fraction,
        levenshtein=tuple(g.levenshtein_diversity for g in run.generations),
        distinct_count=tuple(int(round(g.distinct_ratio * n)) for g in run.generations),
        correct=tuple(g.correct for g in run.generations),
        real_levenshtein=run.real[0].levenshtein_diversity,
        change_at_last=-lev.at_last, change_late=-lev.mean,
        single_expression_from=median(singles), all_correct_from=median(corrects))


LABELS: tuple[str, ...] = tuple(label for label, _, _ in CONFIGS)


def run_logic_paper(n: int = PAPER_N, generations: int = PAPER_GENERATIONS, seeds: int = 1,
                    seed: int = 0, order: int = 4, jobs: int = 1,
                    progress: Callable[[int, int, str], None] | None = None,
                    model: ModelSpec | None = None,
                    labels: Sequence[str] | None = None) -> LogicPaperResult:
    """Every configuration of the paper at its settings; `n`, `generations`, `seeds`, the model
    (default the parser `order`-gram) and the configurations run (`labels`, default all) are
    the only knobs. Configurations not run leave their rows undecided."""
    spec = NGramSpec(order) if model is None else model
    chosen = [c for c in CONFIGS if labels is None or c[0] in labels]
    if labels is not None and len(chosen) != len(set(labels)):
        unknown = sorted(set(labels) - set(LABELS))
        raise ValueError(f"unknown configuration {unknown[0]!r}; choose from {', '.join(LABELS)}")
    configs = []
    per = seeds * (generations + 1)
    total = per * len(chosen)
    for i, (label, cycle, lam) in enumerate(chosen):
        def tick(done: int, _total: int, _label: str, i: int = i, label: str = label) -> None:
            if progress:
                progress(i * per + done, total, label)
        r = run_logic(cycles=(cycle,), generations=generations, n=n, order=order,
                      temperature=PAPER_TEMPERATURE, max_depth=PAPER_MAX_DEPTH,
                      synthetic_fraction=None if cycle == "full" else lam, z3_sample=0,
                      seed=seed, seeds=seeds, jobs=jobs, progress=tick, model=spec)
        configs.append(_summarize(label, r.cycles[0], n))
    by = {c.label: c for c in configs}
    measured: dict[str, Any] = {}
    if "full" in by:
        measured["full_single"] = by["full"].single_expression_from
        measured["full_correct"] = by["full"].all_correct_from
    for fig in LOGIC_FIGURES:
        if fig["unit"] == "fraction" and fig["key"] in by:
            measured[fig["key"]] = by[fig["key"]].change_at_last
    rows = logic_comparison(measured, generations)
    for row in rows:   # a figure of a configuration that was not run: no lab value, undecided
        if row["key"] in ("full_single", "full_correct") and "full" not in by:
            row["match"] = None
    return LogicPaperResult(n=n, generations=generations, temperature=PAPER_TEMPERATURE,
                            max_depth=PAPER_MAX_DEPTH, order=order, seeds=seeds, seed=seed,
                            configs=tuple(configs), comparison=tuple(rows),
                            model=spec.info(max_len_for(PAPER_MAX_DEPTH)))


def sweep_is_monotone(result: LogicPaperResult) -> bool:
    """The paper's qualitative claim: more synthetic data (larger lambda), larger decline."""
    changes = np.array([c.change_at_last for c in result.sweep()])
    return bool(np.all(np.diff(changes) <= 0))
