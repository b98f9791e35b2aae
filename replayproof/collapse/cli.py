"""`replayproof collapse ...`: the model-collapse laboratory on the command line."""
from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import click
import numpy as np

from .estimators import ESTIMATORS, TRUTHS
from ..errors import InputError
from ..output import ProgressBar, quiet_option
from .chain import ChainResult, load_matrix, run_chain
from .logic import (CONTEXTS, CYCLES, DEFAULT_SYNTHETIC_FRACTION, DEFAULT_TEMPERATURE,
                    LogicResult, run_logic)
from .recursive import SCHEMES, RecursiveResult, run_recursive

_PLOT_SUFFIXES = (".png", ".pdf", ".svg")


def _parse_alphas(ctx: click.Context, param: click.Parameter, value: str) -> tuple[float, ...]:
    """Comma-separated real-data fractions, each in [0, 1]."""
    out = []
    for part in value.split(","):
        part = part.strip()
        try:
            a = float(part)
        except ValueError:
            raise click.BadParameter(f"{part!r} is not a number (use e.g. 0.1,0.3,1.0)")
        if math.isnan(a) or not 0.0 <= a <= 1.0:
            raise click.BadParameter(f"alpha must be in [0, 1], got {part}")
        out.append(a)
    if len(set(out)) != len(out):
        raise click.BadParameter("repeated alpha")
    return tuple(out)


def _parse_cycles(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    """Comma-separated data cycles, or 'all'."""
    if value.strip() == "all":
        return CYCLES
    out = tuple(p.strip() for p in value.split(","))
    for c in out:
        if c not in CYCLES:
            raise click.BadParameter(f"unknown cycle {c!r}; choose from {', '.join(CYCLES)} "
                                     "or 'all'")
    if len(set(out)) != len(out):
        raise click.BadParameter("repeated cycle")
    return out


def _check_plot(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The plot path must be a new or existing file in a writable directory."""
    if value is None:
        return None
    path = Path(value)
    if path.suffix.lower() not in _PLOT_SUFFIXES:
        raise click.BadParameter(f"plot file must end in {', '.join(_PLOT_SUFFIXES)}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise click.BadParameter(f"directory {str(parent)!r} does not exist")
    if path.is_dir():
        raise click.BadParameter(f"{value!r} is a directory")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise click.BadParameter(f"{value!r} is not writable")
    return value


def _save(plotter: Any, result: Any, path: str) -> None:
    try:
        plotter(result, path)
    except OSError as exc:
        raise click.UsageError(f"cannot write plot {path!r}: {exc.strerror or exc}")


def _fmt(x: float | None, spec: str = ".3f") -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        width = spec.split(".")[0]
        return "-".rjust(int(width) if width.isdigit() else 1)
    return format(x, spec)


@click.group(name="collapse")
def collapse() -> None:
    """Model-collapse laboratory: watch recursive training on synthetic data, at laptop scale.

    \b
    recursive  density estimators retrained on real + their own synthetic data
               (Wang, Niu, Li, arXiv 2602.16065): does the error still go to 0, how fast?
    logic      a language model retrained on its own Boolean expressions
               (Briesch, Sobania, Rothlauf, arXiv 2311.16822): correctness vs diversity.
    chain      a memoryless model rewriting its own output (Markovian generation chain):
               where iteration ends up, exactly and by simulation.

    Everything is seeded: the same command prints the same numbers. See docs/collapse.md.
    """


@collapse.command()
@click.option("--estimator", type=click.Choice(ESTIMATORS), default="kde", show_default=True,
              help="The generative model refitted every generation: kernel density estimate "
                   "(Silverman bandwidth), histogram (Scott bins), or Gaussian MLE.")
@click.option("--alpha", "alphas", default="0.1,0.3,1.0", show_default=True,
              callback=_parse_alphas,
              help="Comma-separated fractions of fresh real data in each new batch; the rest is "
                   "sampled from the previous generation's model. 0 = no real data after the "
                   "first generation.")
@click.option("--generations", type=click.IntRange(min=1, max=100_000), default=50,
              show_default=True, help="Number of retraining rounds after the first fit.")
@click.option("--n", type=click.IntRange(min=10, max=10_000_000), default=2000,
              show_default=True, help="Points added per generation (real + synthetic).")
@click.option("--seeds", type=click.IntRange(min=1, max=100_000), default=5, show_default=True,
              help="Independent replicates averaged per alpha (and bootstrapped for the CI).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Base random seed.")
@click.option("--scheme", type=click.Choice(SCHEMES), default="accumulate", show_default=True,
              help="accumulate: train on all batches so far (the paper's setting; the error "
                   "should fall like t^-min(p, alpha)). replace: train on the newest batch "
                   "only (the classical collapse setting; alpha=0 collapses).")
@click.option("--truth", type=click.Choice(("auto",) + TRUTHS), default="auto",
              show_default=True,
              help="Real-data distribution: N(0,1), or the 2-component mixture "
                   "0.35 N(-2, 0.8^2) + 0.65 N(1, 1.3^2). auto: normal for the Gaussian "
                   "estimator, mixture otherwise.")
@click.option("--plot", type=click.Path(dir_okay=False), default=None, callback=_check_plot,
              help="Write a figure (.png/.pdf/.svg): error curves and fitted vs predicted rates.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object (all numbers, per generation) and nothing else.")
@quiet_option
def recursive(estimator: str, alphas: tuple[float, ...], generations: int, n: int, seeds: int,
              seed: int, scheme: str, truth: str, plot: str | None, as_json: bool, quiet: bool = False) -> None:
    """Contaminated recursive training: does retraining on your own samples still converge?

    Generation 0 fits the estimator to n real points. Each later generation adds n points,
    round(alpha*n) fresh from the true distribution and the rest sampled from the current
    model, and refits. The error is the Wasserstein-1 distance to the true distribution
    (the integral of |F_model - F_true|: defined for every estimator, convex in the model as the
    paper's theory requires, and it keeps measuring how far a collapsing model has drifted).

    With --scheme accumulate the paper predicts W1 ~ t^-min(p, alpha), p being the estimator's
    own rate on i.i.d. data (gaussian 1/2, kde 2/5, histogram 1/2). The rate is fitted by least
    squares on log W1 vs log(generation+1), skipping the first tenth of the generations.
    """
    if scheme == "accumulate" and estimator != "gaussian" and n * (generations + 1) > 20_000_000:
        raise click.BadParameter("n * (generations + 1) must be <= 20,000,000 for kde/histogram "
                                 "with --scheme accumulate (every point is kept)",
                                 param_hint="'--n' / '--generations'")
    try:
        with ProgressBar("recursive training: runs (alpha x seed)", len(alphas) * seeds, quiet, "run") as bar:
            result = run_recursive(estimator=estimator, alphas=alphas, generations=generations, n=n,
                                   seeds=seeds, seed=seed, scheme=scheme,
                                   truth=None if truth == "auto" else truth, progress=bar.update)
    except ValueError as exc:
        raise click.UsageError(str(exc))
    if plot:
        from .plots import plot_recursive
        _save(plot_recursive, result, plot)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    _print_recursive(result, plot)


def _print_recursive(r: RecursiveResult, plot: str | None) -> None:
    truth = {"normal": "N(0,1)", "mixture": "0.35 N(-2,0.8^2) + 0.65 N(1,1.3^2)"}[r.truth]
    click.echo(f"Recursive training: estimator {r.estimator}, truth {truth}, scheme {r.scheme}")
    click.echo(f"n = {r.n} points per generation, {r.generations} generations, {r.seeds} seeds "
               f"(base seed {r.seed}); error = W1 to the truth, mean over seeds")
    click.echo("")
    head = "  gen " + "".join(f"  alpha={run.alpha:<6g}" for run in r.runs)
    click.echo(head)
    for t in range(r.generations + 1):
        click.echo(f"{t:5d} " + "".join(f"  {run.error_mean[t]:12.5f}" for run in r.runs))
    click.echo("")
    if r.scheme == "accumulate":
        click.echo(f"Rates: W1 ~ (generation+1)^-rate, fitted on generations "
                   f"{r.fit_from_generation}..{r.generations}; theory min(p, alpha) with "
                   f"p = {r.baseline_rate:g} for {r.estimator}")
        click.echo(" alpha  real/gen  synth/gen  W1 first  W1 last   fitted  95% CI            "
                   "theory  in CI  var ratio last")
        for run in r.runs:
            lo, hi = run.fitted_rate_ci
            inside = run.predicted_in_ci
            click.echo(f"{run.alpha:6g}  {run.real_per_generation:8d}  "
                       f"{run.synthetic_per_generation:9d}  {run.error_mean[0]:8.5f}  "
                       f"{run.error_mean[-1]:8.5f}  {_fmt(run.fitted_rate, '6.3f')}  "
                       f"[{_fmt(lo, '6.3f')}, {_fmt(hi, '6.3f')}]  "
                       f"{_fmt(run.predicted_rate, '6.3f')}  "
                       f"{'-' if inside is None else ('yes' if inside else 'no'):>5}  "
                       f"{run.variance_ratio[-1]:8.3f}")
    else:
        ref = next((run for run in r.runs if run.alpha == 1.0), None)
        click.echo("Replace scheme: the training set never grows, so the error does not go to 0; "
                   "it settles (alpha > 0) or drifts away (alpha = 0).")
        click.echo(" alpha  W1 first  W1 last   W1 2nd half  vs alpha=1  theory(gauss)  "
                   "var ratio last")
        for run in r.runs:
            ratio = run.stationary_error / ref.stationary_error if ref else None
            click.echo(f"{run.alpha:6g}  {run.error_mean[0]:8.5f}  {run.error_mean[-1]:8.5f}  "
                       f"{run.stationary_error:11.5f}  {_fmt(ratio, '10.2f')}  "
                       f"{_fmt(run.predicted_inflation, '13.2f')}  {run.variance_ratio[-1]:8.3f}")
    if plot:
        click.echo(f"\nplot written to {plot}")


@collapse.command()
@click.option("--cycle", "cycles", default="full", show_default=True, callback=_parse_cycles,
              help="Data cycle(s), comma-separated or 'all'. full: train only on the previous "
                   "model's samples. balanced: (1-lambda) original real data + lambda new "
                   "samples. incremental: replace a fraction lambda of the previous training "
                   "set by new samples. expanding: add lambda*n new samples and (1-lambda)*n "
                   "fresh real expressions to everything so far. fresh: all-new real data "
                   "(control).")
@click.option("--generations", type=click.IntRange(min=1, max=1000), default=20,
              show_default=True, help="Number of retraining rounds after generation 0.")
@click.option("--n", type=click.IntRange(min=10, max=1_000_000), default=1000,
              show_default=True, help="Expressions per training set / per generation's sample.")
@click.option("--seeds", type=click.IntRange(min=1, max=1000), default=10, show_default=True,
              help="Independent replicates (seeds seed, seed+1, ...) per cycle; the decline and "
                   "its 95% bootstrap CI are taken over them.")
@click.option("--jobs", type=click.IntRange(1, 2), default=1, show_default=True,
              help="Worker processes (at most 2); the numbers do not depend on it.")
@click.option("--synthetic-fraction", "lam", type=click.FloatRange(0.0, 1.0), default=None,
              help="lambda for balanced/incremental/expanding (defaults: "
                   + ", ".join(f"{c} {DEFAULT_SYNTHETIC_FRACTION[c]:g}"
                               for c in ("balanced", "incremental", "expanding")) + ").")
@click.option("--order", type=click.IntRange(1, 5), default=4, show_default=True,
              help="n-gram order (tokens of context + 1).")
@click.option("--context", type=click.Choice(CONTEXTS), default="parser", show_default=True,
              help="What else the n-gram sees: nothing (plain), the parenthesis depth, or the "
                   "depth plus the state of a pushdown parser (what may legally come next).")
@click.option("--temperature", type=click.FloatRange(0.05, 5.0), default=DEFAULT_TEMPERATURE,
              show_default=True,
              help="Sampling temperature (< 1 sharpens every generation). The paper samples its "
                   "transformer at 0.8; 0.65 is fitted so the balanced cycle declines as the "
                   "paper's does (docs/collapse.md, section 2.7); 0.8 gives the earlier runs.")
@click.option("--max-depth", type=click.IntRange(1, 6), default=4, show_default=True,
              help="Nesting depth of the real expressions.")
@click.option("--filter-correct", is_flag=True,
              help="Keep only verified-correct samples as training data (curation by the "
                   "exact evaluator).")
@click.option("--z3-sample", type=click.IntRange(0, 100_000), default=25, show_default=True,
              help="Well-formed samples per generation whose value z3 re-proves.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Random seed.")
@click.option("--plot", type=click.Path(dir_okay=False), default=None, callback=_check_plot,
              help="Write a figure (.png/.pdf/.svg): correctness and diversity per generation.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object (every generation's numbers) and nothing else.")
@quiet_option
def logic(cycles: tuple[str, ...], generations: int, n: int, seeds: int, jobs: int,
          lam: float | None, order: int, context: str, temperature: float, max_depth: int,
          filter_correct: bool, z3_sample: int, seed: int, plot: str | None,
          as_json: bool, quiet: bool = False) -> None:
    """Self-consuming loop on logic expressions: correctness stays, diversity goes.

    Real data: random Boolean expressions over True/False/and/or/not/parentheses whose value
    is True. A numpy n-gram language model is trained on a data set, sampled at the given
    temperature, and the next generation is trained on data built from those samples by the
    chosen data cycle. Each generation's samples are scored exactly:

    \b
    correct    parses under the grammar and evaluates to True (exact evaluator; z3 re-proves a
               sample of values and must agree)
    distinct   distinct expressions / samples
    H3         entropy (bits) of the token-trigram distribution
    lev        mean normalized token edit distance between random pairs (the paper's measure)
    """
    if "full" in cycles and lam is not None and lam != 1.0:
        raise click.BadParameter("the full cycle is all synthetic (lambda = 1); drop "
                                 "--synthetic-fraction or the full cycle",
                                 param_hint="'--synthetic-fraction'")
    try:
        with ProgressBar("self-consuming loop: runs (cycle x seed)", None, quiet, "run") as bar:
            result = run_logic(cycles=cycles, generations=generations, n=n, order=order,
                               temperature=temperature, max_depth=max_depth,
                               synthetic_fraction=lam, context=context,
                               filter_correct=filter_correct, z3_sample=z3_sample, seed=seed,
                               seeds=seeds, jobs=jobs, progress=bar.update)
    except ValueError as exc:
        raise click.UsageError(str(exc))
    if plot:
        from .plots import plot_logic
        _save(plot_logic, result, plot)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    _print_logic(result, plot)


def _pct(x: float) -> str:
    """A fraction as a signed percentage, '-' when undefined."""
    return "      -" if x is None or math.isnan(x) else f"{100 * x:+6.1f}%"


def _print_logic(r: LogicResult, plot: str | None) -> None:
    click.echo(f"Self-consuming loop on logic expressions: {r.context} {r.order}-gram, "
               f"temperature {r.temperature:g}, n = {r.n}, max depth {r.max_depth}, seed {r.seed}"
               + (", training data filtered to correct samples" if r.filter_correct else ""))
    g = r.real
    click.echo(f"real data: correct {g.correct:.3f}  distinct {g.distinct_ratio:.3f}  "
               f"H3 {g.ngram_entropy:.3f}  lev {g.levenshtein_diversity:.3f}  "
               f"length {g.mean_length:.1f}")
    z_checked, z_agreed = g.z3_checked, g.z3_agreed
    for run in r.cycles:
        click.echo("")
        lam = "" if run.cycle in ("full", "fresh") else f" (lambda = {run.synthetic_fraction:g})"
        click.echo(f"cycle {run.cycle}{lam}")
        click.echo("  gen   train  real%  valid  correct  distinct     H3    lev   length  z3")
        for s in run.generations:
            z_checked += s.z3_checked
            z_agreed += s.z3_agreed
            click.echo(f"  {s.generation:3d}  {s.train_size:6d}  {100 * s.real_share:5.1f}  "
                       f"{s.valid:5.3f}  {s.correct:7.3f}  {s.distinct_ratio:8.3f}  "
                       f"{s.ngram_entropy:5.3f}  {s.levenshtein_diversity:5.3f}  "
                       f"{s.mean_length:6.1f}  {s.z3_agreed}/{s.z3_checked}")
    click.echo("")
    click.echo("Change from generation 0 to the last (negative = fell):")
    click.echo("  cycle         correct  distinct     H3    lev")
    for run in r.cycles:
        first, last = run.generations[0], run.generations[-1]

        def rel(key: str) -> str:
            a, b = getattr(first, key), getattr(last, key)
            return f"{100 * (b - a) / a:+6.1f}%" if a else "     -"
        click.echo(f"  {run.cycle:12s} {last.correct - first.correct:+7.3f}  "
                   f"{rel('distinct_ratio')}  "
                   f"{rel('ngram_entropy')} {rel('levenshtein_diversity')}")
    click.echo(f"z3 agreed with the exact evaluator on {z_agreed}/{z_checked} sampled "
               "expressions (real data and every generation of the first seed)")
    click.echo("")
    tail = max(1, round(r.generations / 5))
    click.echo(f"Decline over {r.seeds} seed(s) (seeds {r.seed}..{r.seed + r.seeds - 1}; "
               f"positive = fell): 1 - mean of the last {tail} generation(s) / generation 0, "
               "95% bootstrap CI; trend = slope of D/D0 per generation over the second half "
               "(negative = still falling)")
    click.echo("  cycle        lev decline  [95% CI]            distinct decline  [95% CI]"
               "            lev trend/gen  correct last (min)")
    for run in r.cycles:
        lev, dis = run.fitted("levenshtein_diversity"), run.fitted("distinct_ratio")
        last = [reps[-1].correct for reps in (run.generations,) + run.replicates]
        click.echo(f"  {run.cycle:12s} {100 * lev.mean:+7.1f}%  [{_pct(lev.ci[0])}, "
                   f"{_pct(lev.ci[1])}]  {100 * dis.mean:+7.1f}%  [{_pct(dis.ci[0])}, "
                   f"{_pct(dis.ci[1])}]  {100 * lev.trend:+8.2f}%      "
                   f"{sum(last) / len(last):.3f} ({min(last):.3f})")
    if plot:
        click.echo(f"\nplot written to {plot}")


@collapse.command()
@click.option("--matrix", "matrix_file", type=click.Path(dir_okay=False), default=None,
              help="Your own transition matrix: .json (a list of rows, or {\"states\": [...], "
                   "\"matrix\": [[...]]}) or .csv (rows of numbers, optional header row of state "
                   "names). Square, non-negative, every row summing to 1 within 1e-9.")
@click.option("--model", type=click.Choice(("rephrase", "logic")), default="rephrase",
              show_default=True,
              help="Built-in chain (without --matrix). rephrase: a seeded random rephrasing "
                   "chain of --states texts. logic: a memoryless rewriter of the 302 Boolean "
                   "expressions of depth <= 2 (simplify a random operator node to its value, or "
                   "expand a random leaf into an equivalent depth-1 expression).")
@click.option("--states", type=click.IntRange(4, 500), default=30, show_default=True,
              help="Size of the seeded built-in rephrasing chain.")
@click.option("--simplify", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
              help="logic model: probability that a chosen operator node is simplified (and "
                   "1 - it that a chosen leaf is expanded). 1 = only simplification.")
@click.option("--start", default="uniform", show_default=True,
              help="Where the texts start: 'uniform' over all states, or one state (index or "
                   "name).")
@click.option("--walkers", type=click.IntRange(10, 1_000_000), default=2000, show_default=True,
              help="Independent texts simulated in parallel.")
@click.option("--steps", type=click.IntRange(1, 100_000), default=30, show_default=True,
              help="Rewrites simulated per text.")
@click.option("--confidence", type=click.FloatRange(0.5, 1.0, min_open=True, max_open=True),
              default=0.99, show_default=True,
              help="Joint confidence of the intervals the simulation is checked against "
                   "(Bonferroni over states and classes).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Random seed (built-in chain and simulation).")
@click.option("--plot", type=click.Path(dir_okay=False), default=None, callback=_check_plot,
              help="Write a figure: distinct outputs over iterations, simulated and exact, with "
                   "the exact limit as a line.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object (exact analysis and simulation) and nothing else.")
def chain(matrix_file: str | None, model: str, states: int, simplify: float, start: str,
          walkers: int, steps: int, confidence: float, seed: int, plot: str | None,
          as_json: bool) -> None:
    """Markovian generation chain: a memoryless model rewrites its own output, again and again.

    The text space is finite, so the chain is a stochastic matrix and its fate is computed
    exactly: communicating classes (strongly connected components), the closed classes where
    iteration is trapped, their sizes and stationary distributions, the probability of ending
    in each, and the expected number of rewrites before a closed class is entered (fundamental
    matrix (I - Q)^-1). A seeded simulation of --walkers texts is checked against every figure.
    """
    if matrix_file is not None:
        try:
            P, labels = load_matrix(matrix_file)
        except InputError as exc:
            raise click.BadParameter(str(exc), param_hint="'--matrix'")
        source = matrix_file
    elif model == "logic":
        from .chain import logic_rewrite_chain
        P, labels = logic_rewrite_chain(2, simplify)
        source = f"logic rewriter (depth <= 2, simplify {simplify:g})"
    else:
        from .chain import builtin_chain
        P, labels = builtin_chain(states, seed)
        source = f"built-in (states {states}, seed {seed})"
    start_index: int | None = None
    if start != "uniform":
        if start in labels:
            start_index = labels.index(start)
        else:
            try:
                start_index = int(start)
            except ValueError:
                raise click.BadParameter(f"{start!r} is neither 'uniform', a state index nor a "
                                         "state name", param_hint="'--start'")
            if not 0 <= start_index < len(P):
                raise click.BadParameter(f"state {start_index} is not in 0..{len(P) - 1}",
                                         param_hint="'--start'")
    result = run_chain(P, labels, source=source, start=start_index, walkers=walkers,
                       steps=steps, confidence=confidence, seed=seed)
    if plot:
        from .plots import plot_chain
        _save(plot_chain, result, plot)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    _print_chain(result, plot)


def _print_chain(r: ChainResult, plot: str | None) -> None:
    a = r.analysis
    lab = r.labels
    start = "uniform" if max(a.start) < 1 else lab[int(np.argmax(a.start))]
    click.echo(f"Markovian generation chain: {r.source}; {a.n_states} texts, start {start}")
    click.echo("")
    click.echo(f"Exact: {len(a.classes)} communicating classes, {len(a.closed)} closed, "
               f"{len(a.transient_states)} transient texts")
    click.echo("  closed class (period)       size  P(end here)  stationary distribution")
    for k, p in zip(a.closed, a.class_probability):
        c = a.classes[k]
        names = ",".join(lab[s] for s in c.states)
        top = sorted(zip(c.stationary, c.states), key=lambda z: (-z[0], z[1]))
        pi = " ".join(f"{lab[s]}:{x:.4f}" for x, s in top[:5]) + (" ..." if len(top) > 5 else "")
        click.echo(f"  {names[:22]:22s} ({c.period}) {len(c.states):4d}  {p:11.4f}  {pi}")
    click.echo(f"Expected rewrites until a closed class is entered, from the start: "
               f"{a.expected_steps_from_start:.4f}")
    if a.transient_states:
        worst = int(np.argmax(a.expected_steps))
        click.echo(f"  longest from a single text: {a.expected_steps[worst]:.4f} "
                   f"(from {lab[a.transient_states[worst]]})")
    click.echo(f"The iteration ends in {a.limit_support} of {a.n_states} texts; expected "
               f"distinct outputs among {r.walkers} texts: {r.distinct_exact[0]:.2f} at the start, "
               f"{r.distinct_limit:.2f} in the limit")
    click.echo("")
    click.echo(f"Simulation: {r.walkers} texts, {r.steps} rewrites, seed {r.seed}; intervals at "
               f"joint confidence {r.confidence:g}")
    bad = [c for c in r.states_at_end if not c.inside]
    click.echo(f"  state frequencies at step {r.steps} inside their interval of the exact "
               f"P(state at step {r.steps}): {len(r.states_at_end) - len(bad)}/"
               f"{len(r.states_at_end)}")
    for k, ps, (lo, hi), p in zip(a.closed, r.class_simulated, r.class_ci,
                                   a.class_probability):
        names = ",".join(lab[s] for s in a.classes[k].states)
        click.echo(f"  closed class {names[:22]:22s} simulated {ps:.4f}  interval "
                   f"[{lo:.4f}, {hi:.4f}]  exact limit {p:.4f}")
    lo, hi = r.entry_steps_ci
    click.echo(f"  rewrites until a closed class: simulated {r.entry_steps_mean:.4f} "
               f"[{lo:.4f}, {hi:.4f}], exact {a.expected_steps_from_start:.4f}"
               + ("" if r.entered_all else "  (some texts never entered: raise --steps)"))
    click.echo(f"  distinct outputs at step {r.steps}: simulated {r.distinct_simulated[-1]}, "
               f"exact expectation {r.distinct_exact[-1]:.2f}")
    click.echo(f"Simulation agrees with the exact analysis: {'yes' if r.all_inside else 'NO'}")
    if plot:
        click.echo(f"\nplot written to {plot}")
