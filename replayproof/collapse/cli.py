"""`replayproof collapse ...`: the model-collapse laboratory on the command line."""
from __future__ import annotations

import json
import math
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import click
from click.core import ParameterSource

from .estimators import ESTIMATORS, TRUTHS
from .jsonout import clean
from ..trusted.errors import InputError
from .chain import load_matrix, run_chain
from .logic import (CONTEXTS, CYCLES, DEFAULT_MAX_DEPTH, DEFAULT_SYNTHETIC_FRACTION,
                    DEFAULT_TEMPERATURE, run_logic)
from .crt import PAPER_ALPHAS, PAPER_ITERATIONS, PAPER_P, PAPER_REPETITIONS, run_paper
from .papers import recursive_comparison
from .briesch import LABELS as PAPER_LABELS
from .transformer import MissingExtra, TransformerSpec, require_torch
from .recursive import SCHEMES, run_recursive
from .report import (render_chain, render_chain_paper, render_logic, render_logic_paper, render_paper_recursive,
                     render_recursive)

_PLOT_SUFFIXES = (".png", ".pdf", ".svg")


def _parse_alphas(ctx: click.Context, param: click.Parameter,
                  value: str | None) -> tuple[float, ...] | None:
    """Comma-separated real-data fractions, each in [0, 1] (None when not given)."""
    if value is None:
        return None
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


@click.group(name="collapse")
def collapse() -> None:
    """Model-collapse laboratory: watch recursive training on synthetic data, at laptop scale.

    \b
    recursive  density estimators retrained on real + their own synthetic data
               (Wang, Niu, Li, arXiv 2602.16065): does the error still go to 0, how fast?
    logic      a language model retrained on its own Boolean expressions
               (Briesch, Sobania, Rothlauf, arXiv 2311.16822): correctness vs diversity.
    chain      a memoryless model rewriting its own output (Markovian generation chains,
               arXiv 2603.11228): where iteration ends up, exactly and by simulation.

    --preset paper runs each paper's own set-up and prints paper | lab | match.
    Everything is seeded: the same command prints the same numbers. See docs/collapse.md.
    """


_LAB_ONLY = ("estimator", "generations", "n", "seeds", "scheme", "truth")
_PAPER_ONLY = ("iterations", "repetitions", "p")


def _explicit(ctx: click.Context, names: tuple[str, ...]) -> list[str]:
    """The options among `names` that the user gave on the command line."""
    return [n for n in names if ctx.get_parameter_source(n) == ParameterSource.COMMANDLINE]


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress callback (done, total, label) drawing on stderr: a tqdm bar when tqdm is
    installed, plain lines every 10% otherwise; None with --quiet or when stderr is not a
    terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is installed in the dev environment
        tqdm = None
    state: dict[str, Any] = {"bar": None, "shown": -1}

    def update(done: int, total: int, label: str) -> None:
        if tqdm is not None:
            if state["bar"] is None:
                state["bar"] = tqdm(total=total, file=sys.stderr, leave=False,
                                    dynamic_ncols=True)
            bar = state["bar"]
            bar.set_description(label, refresh=False)
            bar.update(done - bar.n)
        else:
            tenth = 10 * done // max(total, 1)
            if tenth != state["shown"]:
                state["shown"] = tenth
                click.echo(f"{label}: {done}/{total}", err=True)
    try:
        yield update
    finally:
        if state["bar"] is not None:
            state["bar"].close()


@collapse.command()
@click.option("--preset", type=click.Choice(("paper", "lab")), default="paper",
              show_default=True,
              help="paper: the authors' 1-D KDE set-up (bandwidth h_n = 0.5 n^(-p/2), 50 real + "
                   "round((1-alpha) 50/alpha) synthetic points per iteration, all kept; W1 and "
                   "MMD^2; slope per repetition vs log training-set size, first 30 iterations "
                   "dropped). lab: this lab's own set-up (--estimator, --n, --generations, "
                   "--seeds, --scheme, --truth).")
@click.option("--iterations", type=click.IntRange(min=32, max=100_000), default=PAPER_ITERATIONS,
              show_default=True, help="paper preset: iterations per repetition.")
@click.option("--repetitions", type=click.IntRange(min=1, max=10_000), default=PAPER_REPETITIONS,
              show_default=True, help="paper preset: independent repetitions per alpha.")
@click.option("--p", type=click.FloatRange(0.05, 2.0), default=PAPER_P, show_default=True,
              help="paper preset: the imposed baseline rate p of the bandwidth schedule.")
@click.option("--estimator", type=click.Choice(ESTIMATORS), default="kde", show_default=True,
              help="lab preset: the generative model refitted every generation: kernel density "
                   "estimate (Silverman bandwidth), histogram (Scott bins), or Gaussian MLE.")
@click.option("--alpha", "alphas", default=None, callback=_parse_alphas,
              help="Comma-separated fractions of real data; paper default 0.1,0.2,...,1.0, lab "
                   "default 0.1,0.3,1.0. lab: the rest of each batch is sampled from the "
                   "previous generation's model; 0 = no real data after the first generation.")
@click.option("--generations", type=click.IntRange(min=1, max=100_000), default=50,
              show_default=True, help="lab preset: retraining rounds after the first fit.")
@click.option("--n", type=click.IntRange(min=10, max=10_000_000), default=2000,
              show_default=True, help="lab preset: points added per generation.")
@click.option("--seeds", type=click.IntRange(min=1, max=100_000), default=5, show_default=True,
              help="lab preset: replicates averaged per alpha (and bootstrapped for the CI).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Base random seed.")
@click.option("--scheme", type=click.Choice(SCHEMES), default="accumulate", show_default=True,
              help="lab preset. accumulate: train on all batches so far (the paper's setting). "
                   "replace: train on the newest batch only (the classical collapse setting).")
@click.option("--truth", type=click.Choice(("auto",) + TRUTHS), default="auto",
              show_default=True,
              help="lab preset: real-data distribution, N(0,1) or the mixture "
                   "0.35 N(-2, 0.8^2) + 0.65 N(1, 1.3^2). auto: normal for the Gaussian "
                   "estimator, mixture otherwise.")
@click.option("--plot", type=click.Path(dir_okay=False), default=None, callback=_check_plot,
              help="Write a figure (.png/.pdf/.svg): error curves and fitted vs predicted rates.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object (all numbers) and nothing else.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar on stderr.")
@click.pass_context
def recursive(ctx: click.Context, preset: str, iterations: int, repetitions: int, p: float,
              estimator: str, alphas: tuple[float, ...] | None, generations: int, n: int,
              seeds: int, seed: int, scheme: str, truth: str, plot: str | None, as_json: bool,
              quiet: bool) -> None:
    """Contaminated recursive training: does retraining on your own samples still converge?

    \b
    --preset paper (default): the set-up of the authors' simulations of arXiv 2602.16065.
    Iteration n adds 50 fresh real points and round((1-alpha) 50/alpha) points sampled from the
    current KDE, keeps everything, and refits with bandwidth h_n = 0.5 n^(-p/2). W1 and MMD^2
    to the true mixture; each repetition's rate is minus the slope of log W1 on log M_n (M_n =
    training-set size), iterations 31.. only, with W1 / log M_n when p = alpha. The paper:
    rate = min(p, alpha).

    \b
    --preset lab: generation 0 fits the estimator to n real points; each later generation adds
    n points, round(alpha*n) real and the rest from the model; rate fitted to the mean W1 over
    seeds on log(generation+1). See docs/collapse.md.
    """
    given = _explicit(ctx, _LAB_ONLY if preset == "paper" else _PAPER_ONLY)
    if given:
        other = "lab" if preset == "paper" else "paper"
        raise click.UsageError(f"--{given[0]} applies only to --preset {other}")
    if preset == "paper":
        try:
            with _progress(quiet) as tick:
                result = run_paper(alphas=alphas or PAPER_ALPHAS, iterations=iterations,
                                   repetitions=repetitions, seed=seed, p=p, progress=tick)
        except ValueError as exc:
            raise click.UsageError(str(exc))
        if plot:
            from .plots import plot_paper_recursive
            _save(plot_paper_recursive, result, plot)
        if as_json:
            click.echo(json.dumps({**result.to_dict(), "comparison": recursive_comparison(result)},
                                  indent=2))
            return
        click.echo(render_paper_recursive(result, recursive_comparison(result), plot))
        return
    alphas = alphas or (0.1, 0.3, 1.0)
    if scheme == "accumulate" and estimator != "gaussian" and n * (generations + 1) > 20_000_000:
        raise click.BadParameter("n * (generations + 1) must be <= 20,000,000 for kde/histogram "
                                 "with --scheme accumulate (every point is kept)",
                                 param_hint="'--n' / '--generations'")
    try:
        with _progress(quiet) as tick:
            result = run_recursive(estimator=estimator, alphas=alphas, generations=generations,
                                   n=n, seeds=seeds, seed=seed, scheme=scheme,
                                   truth=None if truth == "auto" else truth, progress=tick)
    except ValueError as exc:
        raise click.UsageError(str(exc))
    if plot:
        from .plots import plot_recursive
        _save(plot_recursive, result, plot)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    click.echo(render_recursive(result, plot))


_LOGIC_LAB_ONLY = ("cycles", "lam", "context", "temperature", "max_depth", "filter_correct",
                   "z3_sample")


@collapse.command()
@click.option("--preset", type=click.Choice(("lab", "paper")), default="lab", show_default=True,
              help="lab: the cycles you choose. paper: every configuration of arXiv 2311.16822 "
                   "(full, incremental, balanced, expanding at lambda 0.5, 0.75, 1, and the "
                   "lambda sweep 0.25..0.99 of the balanced cycle) at its settings (temperature "
                   "0.8, depth 1-5, 50 generations, one run each, n = 10,000 unless --n), "
                   "side by side with the paper's figures.")
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
@click.option("--model", "model_name", type=click.Choice(("ngram", "transformer")),
              default="ngram", show_default=True,
              help="The language model retrained every generation. ngram: the count model "
                   "(--order, --context). transformer: a small decoder-only transformer "
                   "(4 layers, 4 heads, 64 dims, about 0.22M parameters) trained from scratch "
                   "on CPU each generation; needs the optional extra: pip install "
                   "'replayproof[neural]'.")
@click.option("--threads", type=click.IntRange(1, 64), default=1, show_default=True,
              help="transformer: CPU threads for torch (1 keeps runs reproducible across "
                   "machines and leaves a core free; the samples depend on it).")
@click.option("--train-steps", type=click.IntRange(1, 1_000_000), default=None,
              help=f"transformer: optimizer steps per generation (default "
                   f"{TransformerSpec.steps}).")
@click.option("--config", "config_labels", default="all", show_default=True,
              help="paper preset: the configurations to run, comma-separated, from "
                   + ", ".join(PAPER_LABELS) + " (rows of configurations not run stay "
                   "undecided).")
@click.option("--order", type=click.IntRange(1, 5), default=4, show_default=True,
              help="n-gram order (tokens of context + 1).")
@click.option("--context", type=click.Choice(CONTEXTS), default="parser", show_default=True,
              help="What else the n-gram sees: nothing (plain), the parenthesis depth, or the "
                   "depth plus the state of a pushdown parser (what may legally come next).")
@click.option("--temperature", type=click.FloatRange(0.05, 5.0), default=DEFAULT_TEMPERATURE,
              show_default=True,
              help="Sampling temperature (< 1 sharpens every generation); the paper's 0.8.")
@click.option("--max-depth", type=click.IntRange(1, 6), default=DEFAULT_MAX_DEPTH,
              show_default=True,
              help="Nesting depth of the real expressions (the paper's generator: 1 to 5).")
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
@click.option("--quiet", "-q", is_flag=True, help="No progress bar on stderr.")
@click.pass_context
def logic(ctx: click.Context, preset: str, cycles: tuple[str, ...], generations: int, n: int,
          seeds: int, jobs: int, lam: float | None, model_name: str, threads: int,
          train_steps: int | None, config_labels: str, order: int, context: str,
          temperature: float, max_depth: int, filter_correct: bool, z3_sample: int, seed: int,
          plot: str | None, as_json: bool, quiet: bool) -> None:
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
    model = _logic_model(ctx, model_name, threads, train_steps)
    labels = None
    if config_labels.strip() != "all":
        if preset != "paper":
            raise click.UsageError("--config applies only to --preset paper (use --cycle)")
        labels = tuple(p.strip() for p in config_labels.split(","))
        for label in labels:
            if label not in PAPER_LABELS:
                raise click.BadParameter(f"unknown configuration {label!r}; choose from "
                                         f"{', '.join(PAPER_LABELS)} or 'all'",
                                         param_hint="'--config'")
    if preset == "paper":
        given = _explicit(ctx, _LOGIC_LAB_ONLY)
        if given:
            raise click.UsageError(f"--{given[0].replace('_', '-')} applies only to --preset "
                                   "lab (the paper preset uses the paper's settings)")
        from .briesch import PAPER_GENERATIONS, PAPER_N, run_logic_paper
        if ctx.get_parameter_source("n") != ParameterSource.COMMANDLINE:
            n = PAPER_N
        if ctx.get_parameter_source("generations") != ParameterSource.COMMANDLINE:
            generations = PAPER_GENERATIONS
        if ctx.get_parameter_source("seeds") != ParameterSource.COMMANDLINE:
            seeds = 1
        with _progress(quiet) as tick:
            paper = run_logic_paper(n=n, generations=generations, seeds=seeds, seed=seed,
                                    order=order, jobs=jobs, progress=tick, model=model,
                                    labels=labels)
        side = None
        if model is not None:   # the count model on the same configurations, for the comparison
            from .papers import logic_side_by_side
            count = run_logic_paper(n=n, generations=generations, seeds=seeds, seed=seed,
                                    order=order, jobs=jobs, labels=labels)
            side = logic_side_by_side(count.comparison, paper.comparison)
        if plot:
            from .plots import plot_logic_paper
            _save(plot_logic_paper, paper, plot)
        if as_json:
            extra = {} if side is None else {"side_by_side": clean(side),
                                             "count_model_run": count.to_dict()}
            click.echo(json.dumps({**paper.to_dict(), **extra}, indent=2))
            return
        click.echo(render_logic_paper(paper, plot, side))
        return
    if "full" in cycles and lam is not None and lam != 1.0:
        raise click.BadParameter("the full cycle is all synthetic (lambda = 1); drop "
                                 "--synthetic-fraction or the full cycle",
                                 param_hint="'--synthetic-fraction'")
    try:
        with _progress(quiet) as tick:
            result = run_logic(cycles=cycles, generations=generations, n=n, order=order,
                               temperature=temperature, max_depth=max_depth,
                               synthetic_fraction=lam, context=context,
                               filter_correct=filter_correct, z3_sample=z3_sample, seed=seed,
                               seeds=seeds, jobs=jobs, progress=tick, model=model)
    except ValueError as exc:
        raise click.UsageError(str(exc))
    if plot:
        from .plots import plot_logic
        _save(plot_logic, result, plot)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    click.echo(render_logic(result, plot))


def _logic_model(ctx: click.Context, name: str, threads: int,
                 train_steps: int | None) -> TransformerSpec | None:
    """The model the logic loop retrains: None for the count model (its options apply), or
    the transformer spec; a missing torch is one line naming the extra (exit 2)."""
    if name == "ngram":
        given = _explicit(ctx, ("threads", "train_steps"))
        if given:
            raise click.UsageError(f"--{given[0].replace('_', '-')} applies only to "
                                   "--model transformer")
        return None
    given = _explicit(ctx, ("order", "context"))
    if given:
        raise click.UsageError(f"--{given[0]} applies only to --model ngram")
    try:
        require_torch()
    except MissingExtra as exc:
        raise click.UsageError(str(exc))
    return TransformerSpec(threads=threads, **({} if train_steps is None
                                                  else {"steps": train_steps}))


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
@click.option("--temperature", type=click.FloatRange(0.0, 10.0), default=1.0,
              show_default=True,
              help="Sampling temperature of the rewriter: every row becomes P^(1/T), "
                   "renormalized; 0 = greedy decoding (always the most likely rewrite).")
@click.option("--preset", type=click.Choice(("lab", "paper")), default="lab", show_default=True,
              help="paper: the qualitative findings of arXiv 2603.11228 (Markovian generation "
                   "chains) checked on the built-in chain (--states, default 200 here; 50 "
                   "rewrites): greedy from one text, sampled from one text, sampled from all.")
@click.pass_context
def chain(ctx: click.Context, matrix_file: str | None, model: str, states: int,
          simplify: float, start: str, walkers: int, steps: int, confidence: float, seed: int,
          plot: str | None, as_json: bool, temperature: float, preset: str) -> None:
    """Markovian generation chain: a memoryless model rewrites its own output, again and again.

    The text space is finite, so the chain is a stochastic matrix and its fate is computed
    exactly: communicating classes (strongly connected components), the closed classes where
    iteration is trapped, their sizes and stationary distributions, the probability of ending
    in each, and the expected number of rewrites before a closed class is entered (fundamental
    matrix (I - Q)^-1). A seeded simulation of --walkers texts is checked against every figure.
    """
    if preset == "paper":
        given = _explicit(ctx, ("matrix_file", "model", "simplify", "start", "temperature"))
        if given:
            raise click.UsageError(f"--{given[0].replace('_file', '')} applies only to --preset "
                                   "lab")
        from .chain import builtin_chain
        from .papers import chain_comparison
        if ctx.get_parameter_source("states") != ParameterSource.COMMANDLINE:
            states = 200
        if ctx.get_parameter_source("steps") != ParameterSource.COMMANDLINE:
            steps = 50
        P, labels = builtin_chain(states, seed)
        src = f"built-in (states {states}, seed {seed})"
        runs = [run_chain(P, labels, source=src, start=st, walkers=walkers, steps=steps,
                          confidence=confidence, seed=seed, temperature=t)
                for st, t in ((0, 0.0), (0, 1.0), (None, 1.0))]
        rows = chain_comparison(*runs)
        if as_json:
            click.echo(json.dumps({"experiment": "chain", "preset": "paper", "comparison": rows,
                                   "runs": [r.to_dict() for r in runs]}, indent=2))
            return
        click.echo(render_chain_paper(rows, src, steps))
        return
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
                       steps=steps, confidence=confidence, seed=seed, temperature=temperature)
    if plot:
        from .plots import plot_chain
        _save(plot_chain, result, plot)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    click.echo(render_chain(result, plot))


