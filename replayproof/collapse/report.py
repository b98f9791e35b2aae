"""Plain-text rendering of the collapse experiments' results (the CLI prints these strings)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .chain import ChainResult
from .briesch import LogicPaperResult
from .crt import CRTResult
from .logic import LogicResult
from .recursive import RecursiveResult


def _fmt(x: float | None, spec: str = ".3f") -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        width = spec.split(".")[0]
        return "-".rjust(int(width) if width.isdigit() else 1)
    return format(x, spec)


def _pct(x: float) -> str:
    """A fraction as a signed percentage, '-' when undefined."""
    return "      -" if x is None or math.isnan(x) else f"{100 * x:+6.1f}%"


def render_recursive(r: RecursiveResult, plot: str | None) -> str:
    out: list[str] = []
    truth = {"normal": "N(0,1)", "mixture": "0.35 N(-2,0.8^2) + 0.65 N(1,1.3^2)"}[r.truth]
    out.append(f"Recursive training: estimator {r.estimator}, truth {truth}, scheme {r.scheme}")
    out.append(f"n = {r.n} points per generation, {r.generations} generations, {r.seeds} seeds "
               f"(base seed {r.seed}); error = W1 to the truth, mean over seeds")
    out.append("")
    head = "  gen " + "".join(f"  alpha={run.alpha:<6g}" for run in r.runs)
    out.append(head)
    for t in range(r.generations + 1):
        out.append(f"{t:5d} " + "".join(f"  {run.error_mean[t]:12.5f}" for run in r.runs))
    out.append("")
    if r.scheme == "accumulate":
        out.append(f"Rates: W1 ~ (generation+1)^-rate, fitted on generations "
                   f"{r.fit_from_generation}..{r.generations}; theory min(p, alpha) with "
                   f"p = {r.baseline_rate:g} for {r.estimator}")
        out.append(" alpha  real/gen  synth/gen  W1 first  W1 last   fitted  95% CI            "
                   "theory  in CI  var ratio last")
        for run in r.runs:
            lo, hi = run.fitted_rate_ci
            inside = run.predicted_in_ci
            out.append(f"{run.alpha:6g}  {run.real_per_generation:8d}  "
                       f"{run.synthetic_per_generation:9d}  {run.error_mean[0]:8.5f}  "
                       f"{run.error_mean[-1]:8.5f}  {_fmt(run.fitted_rate, '6.3f')}  "
                       f"[{_fmt(lo, '6.3f')}, {_fmt(hi, '6.3f')}]  "
                       f"{_fmt(run.predicted_rate, '6.3f')}  "
                       f"{'-' if inside is None else ('yes' if inside else 'no'):>5}  "
                       f"{run.variance_ratio[-1]:8.3f}")
    else:
        ref = next((run for run in r.runs if run.alpha == 1.0), None)
        out.append("Replace scheme: the training set never grows, so the error does not go to 0; "
                   "it settles (alpha > 0) or drifts away (alpha = 0).")
        out.append(" alpha  W1 first  W1 last   W1 2nd half  vs alpha=1  theory(gauss)  "
                   "var ratio last")
        for run in r.runs:
            ratio = run.stationary_error / ref.stationary_error if ref else None
            out.append(f"{run.alpha:6g}  {run.error_mean[0]:8.5f}  {run.error_mean[-1]:8.5f}  "
                       f"{run.stationary_error:11.5f}  {_fmt(ratio, '10.2f')}  "
                       f"{_fmt(run.predicted_inflation, '13.2f')}  {run.variance_ratio[-1]:8.3f}")
    if plot:
        out.append(f"\nplot written to {plot}")
    return "\n".join(out)


def model_line(info: dict[str, Any], order: int, context: str = "parser") -> str:
    """The model in words: the count model's order and context, or the network's size."""
    if info.get("model") == "transformer":
        return (f"transformer {info['layers']} layers x {info['heads']} heads x {info['dim']} "
                f"dims, {info['parameters']:,} parameters, {info['steps']} training steps of "
                f"{info['batch_tokens']} tokens per generation, from scratch")
    return f"{context} {order}-gram"


def render_logic(r: LogicResult, plot: str | None) -> str:
    out: list[str] = []
    out.append(f"Self-consuming loop on logic expressions: "
               f"{model_line(r.model, r.order, r.context)}, "
               f"temperature {r.temperature:g}, n = {r.n}, max depth {r.max_depth}, seed {r.seed}"
               + (", training data filtered to correct samples" if r.filter_correct else ""))
    g = r.real
    out.append(f"real data: correct {g.correct:.3f}  distinct {g.distinct_ratio:.3f}  "
               f"H3 {g.ngram_entropy:.3f}  lev {g.levenshtein_diversity:.3f}  "
               f"length {g.mean_length:.1f}")
    z_checked, z_agreed = g.z3_checked, g.z3_agreed
    for run in r.cycles:
        out.append("")
        lam = "" if run.cycle in ("full", "fresh") else f" (lambda = {run.synthetic_fraction:g})"
        out.append(f"cycle {run.cycle}{lam}")
        out.append("  gen   train  real%  valid  correct  distinct     H3    lev   length  z3")
        for s in run.generations:
            z_checked += s.z3_checked
            z_agreed += s.z3_agreed
            out.append(f"  {s.generation:3d}  {s.train_size:6d}  {100 * s.real_share:5.1f}  "
                       f"{s.valid:5.3f}  {s.correct:7.3f}  {s.distinct_ratio:8.3f}  "
                       f"{s.ngram_entropy:5.3f}  {s.levenshtein_diversity:5.3f}  "
                       f"{s.mean_length:6.1f}  {s.z3_agreed}/{s.z3_checked}")
    out.append("")
    out.append("Change from generation 0 to the last (negative = fell):")
    out.append("  cycle         correct  distinct     H3    lev")
    for run in r.cycles:
        first, last = run.generations[0], run.generations[-1]

        def rel(key: str) -> str:
            a, b = getattr(first, key), getattr(last, key)
            return f"{100 * (b - a) / a:+6.1f}%" if a else "     -"
        out.append(f"  {run.cycle:12s} {last.correct - first.correct:+7.3f}  "
                   f"{rel('distinct_ratio')}  "
                   f"{rel('ngram_entropy')} {rel('levenshtein_diversity')}")
    out.append(f"z3 agreed with the exact evaluator on {z_agreed}/{z_checked} sampled "
               "expressions (real data and every generation of the first seed)")
    out.append("")
    tail = max(1, round(r.generations / 5))
    out.append(f"Decline over {r.seeds} seed(s) (seeds {r.seed}..{r.seed + r.seeds - 1}; "
               f"positive = fell): 1 - mean of the last {tail} generation(s) / the seed's real "
               "training data, 95% bootstrap CI; trend = slope of D/D_real per generation over "
               "the second half (negative = still falling)")
    out.append("  cycle        lev decline  [95% CI]            distinct decline  [95% CI]"
               "            lev trend/gen  correct last (min)")
    for run in r.cycles:
        lev, dis = run.fitted("levenshtein_diversity"), run.fitted("distinct_ratio")
        last = [reps[-1].correct for reps in (run.generations,) + run.replicates]
        out.append(f"  {run.cycle:12s} {100 * lev.mean:+7.1f}%  [{_pct(lev.ci[0])}, "
                   f"{_pct(lev.ci[1])}]  {100 * dis.mean:+7.1f}%  [{_pct(dis.ci[0])}, "
                   f"{_pct(dis.ci[1])}]  {100 * lev.trend:+8.2f}%      "
                   f"{sum(last) / len(last):.3f} ({min(last):.3f})")
    if plot:
        out.append(f"\nplot written to {plot}")
    return "\n".join(out)


def render_chain(r: ChainResult, plot: str | None) -> str:
    out: list[str] = []
    a = r.analysis
    lab = r.labels
    start = "uniform" if max(a.start) < 1 else lab[int(np.argmax(a.start))]
    out.append(f"Markovian generation chain: {r.source}; {a.n_states} texts, start {start}")
    out.append("")
    out.append(f"Exact: {len(a.classes)} communicating classes, {len(a.closed)} closed, "
               f"{len(a.transient_states)} transient texts")
    out.append("  closed class (period)       size  P(end here)  stationary distribution")
    for k, p in zip(a.closed, a.class_probability):
        c = a.classes[k]
        names = ",".join(lab[s] for s in c.states)
        top = sorted(zip(c.stationary, c.states), key=lambda z: (-z[0], z[1]))
        pi = " ".join(f"{lab[s]}:{x:.4f}" for x, s in top[:5]) + (" ..." if len(top) > 5 else "")
        out.append(f"  {names[:22]:22s} ({c.period}) {len(c.states):4d}  {p:11.4f}  {pi}")
    out.append(f"Expected rewrites until a closed class is entered, from the start: "
               f"{a.expected_steps_from_start:.4f}")
    if a.transient_states:
        worst = int(np.argmax(a.expected_steps))
        out.append(f"  longest from a single text: {a.expected_steps[worst]:.4f} "
                   f"(from {lab[a.transient_states[worst]]})")
    out.append(f"The iteration ends in {a.limit_support} of {a.n_states} texts; expected "
               f"distinct outputs among {r.walkers} texts: {r.distinct_exact[0]:.2f} at the start, "
               f"{r.distinct_limit:.2f} in the limit")
    out.append("")
    out.append(f"Simulation: {r.walkers} texts, {r.steps} rewrites, seed {r.seed}; intervals at "
               f"joint confidence {r.confidence:g}")
    bad = [c for c in r.states_at_end if not c.inside]
    out.append(f"  state frequencies at step {r.steps} inside their interval of the exact "
               f"P(state at step {r.steps}): {len(r.states_at_end) - len(bad)}/"
               f"{len(r.states_at_end)}")
    for k, ps, (lo, hi), p in zip(a.closed, r.class_simulated, r.class_ci,
                                   a.class_probability):
        names = ",".join(lab[s] for s in a.classes[k].states)
        out.append(f"  closed class {names[:22]:22s} simulated {ps:.4f}  interval "
                   f"[{lo:.4f}, {hi:.4f}]  exact limit {p:.4f}")
    lo, hi = r.entry_steps_ci
    out.append(f"  rewrites until a closed class: simulated {r.entry_steps_mean:.4f} "
               f"[{lo:.4f}, {hi:.4f}], exact {a.expected_steps_from_start:.4f}"
               + ("" if r.entered_all else "  (some texts never entered: raise --steps)"))
    out.append(f"  distinct outputs at step {r.steps}: simulated {r.distinct_simulated[-1]}, "
               f"exact expectation {r.distinct_exact[-1]:.2f}")
    out.append(f"Simulation agrees with the exact analysis: {'yes' if r.all_inside else 'NO'}")
    if plot:
        out.append(f"\nplot written to {plot}")
    return "\n".join(out)


def render_paper_recursive(r: CRTResult, comparison: list[dict[str, Any]],
                           plot: str | None) -> str:
    """The authors' KDE experiment: set-up, rate vs alpha against min(p, alpha), side by side."""
    out = ["Contaminated recursive training, the authors' set-up (arXiv 2602.16065): 1-D KDE on "
           "0.35 N(-2,0.8^2) + 0.65 N(1,1.3^2)",
           f"bandwidth h_n = {r.h0:g} n^(-{r.p:g}/2); {r.m1} real + round((1-alpha) {r.m1}/alpha) "
           f"synthetic points per iteration, all kept; {r.iterations} iterations, "
           f"{r.repetitions} repetitions, seed {r.seed}",
           f"rate = -(slope of log W1 on log M_n), per repetition, iterations "
           f"{r.drop_first + 1}..{r.iterations}; W1 / log M_n when p = alpha; mean over "
           "repetitions, 95% CI = mean +- 1.96 sd/sqrt(R)",
           "",
           " alpha  synth/it  W1 it 1   W1 last   rate W1  [95% CI]          sd     rate MMD  "
           "rate MMD^2  min(p,alpha)  match"]
    for run, row in zip(r.runs, comparison):
        lo, hi = run.rate_w1_ci
        out.append(f"{run.alpha:6g}  {run.synthetic_per_iteration:8d}  {run.w1_mean[0]:8.5f}  "
                   f"{run.w1_mean[-1]:8.5f}  {run.rate_w1:7.3f}  [{lo:6.3f}, {hi:6.3f}]  "
                   f"{run.rate_w1_sd:6.3f}  {run.rate_mmd:8.3f}  {run.rate_mmd2:10.3f}  "
                   f"{run.theory:12.3f}{'*' if run.critical else ' '} "
                   f"{'yes' if row['match'] else 'no':>5}")
    out.append("match: |rate - min(p, alpha)| <= 0.05.  * critical p = alpha (log-corrected). "
               "MMD^2 should fall at twice the MMD rate.")
    if plot:
        out.append(f"\nplot written to {plot}")
    return "\n".join(out)


def render_logic_paper(r: LogicPaperResult, plot: str | None,
                       side: list[dict[str, Any]] | None = None) -> str:
    """The paper's configurations: the side-by-side table and the lambda sweep."""
    out = [f"Self-consuming loop, the configurations of arXiv 2311.16822 at its settings: "
           f"temperature {r.temperature:g}, depth 1-{r.max_depth}, {r.generations} generations, "
           f"{r.seeds} run(s) each (seed {r.seed}); lab model: {model_line(r.model, r.order)}, "
           f"n = {r.n} (paper: 10.6M-parameter GPT, n = 10,000)",
           "diversity = normalized token-level Levenshtein distance; change = D_last / D_real - 1"
           " (D_real: the run's own real training data)", "",
           "  configuration    lambda  D_real   D_0     D_last  change at last  late mean  "
           "single expr from  all correct from"]
    for c in r.configs:
        out.append(f"  {c.label:15s} {c.synthetic_fraction:6g}  {c.real_levenshtein:6.3f}  "
                   f"{c.levenshtein[0]:6.3f}  {c.levenshtein[-1]:6.3f}  "
                   f"{_pct(c.change_at_last):>14s}  {_pct(c.change_late):>9s}  "
                   f"{'-' if c.single_expression_from is None else c.single_expression_from:>16}"
                   f"  {'-' if c.all_correct_from is None else c.all_correct_from:>16}")
    out += ["", "Paper | lab | match (generations within x1.5, changes within 5 points):"]
    for row in r.comparison:
        unit = row["unit"]

        def show(v: Any) -> str:
            if v is None:
                return "never" if unit == "generation" else "-"
            return f"{v:d}" if unit == "generation" else _pct(v).strip()
        m = "-" if row["match"] is None else ("yes" if row["match"] else "no")
        out.append(f"  {row['figure']:52s} {show(row['paper']):>7s} | "
                   f"{show(row['lab']):>7s} | {m}")
    if side:
        out += ["", "Paper | count model | transformer (same configurations, n, generations, "
                "seed; match by the same rules):"]
        for row in side:
            unit = row["unit"]

            def show2(v: Any) -> str:
                if v is None:
                    return "never" if unit == "generation" else "-"
                return f"{v:d}" if unit == "generation" else _pct(v).strip()

            def mark(m: bool | None) -> str:
                return "-" if m is None else ("yes" if m else "no")
            out.append(f"  {row['figure']:52s} {show2(row['paper']):>7s} | "
                       f"{show2(row['count_model']):>7s} {mark(row['count_match']):>3s} | "
                       f"{show2(row['transformer']):>7s} {mark(row['transformer_match']):>3s}")
    sweep = r.sweep()
    if len(sweep) < 2:
        if plot:
            out.append(f"\nplot written to {plot}")
        return "\n".join(out)
    out += ["", f"lambda sweep ({sweep[0].cycle} cycle; paper: the decline grows with lambda):",
            "  lambda  " + "  ".join(f"{c.synthetic_fraction:7g}" for c in sweep),
            "  change  " + "  ".join(f"{_pct(c.change_at_last):>7s}" for c in sweep)]
    if plot:
        out.append(f"\nplot written to {plot}")
    return "\n".join(out)


def render_chain_paper(rows: list[dict[str, Any]], source: str, steps: int) -> str:
    """The findings of arXiv 2603.11228 next to the lab's exact chain and simulation."""
    out = [f"Markovian generation chains (arXiv 2603.11228), findings checked on the {source} "
           f"chain, {steps} rewrites:", ""]
    for r in rows:
        out += [f"  {r['figure']}", f"    paper: {r['paper']}", f"    lab:   {r['lab']}",
                f"    match: {'yes' if r['match'] else 'no'}"]
    out.append("\nThe paper measures LLM outputs; the lab, a finite chain it can solve exactly "
               "(docs/collapse.md, section 3).")
    return "\n".join(out)
