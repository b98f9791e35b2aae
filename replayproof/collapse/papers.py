"""What the papers report, next to what the lab measures: the side-by-side rows (paper | lab |
match) printed by the CLI, written into --json and copied into docs/collapse.md.

Every paper figure carries its source. A row "matches" by a rule stated here in advance
(never by tuning a setting to that row); rows the lab cannot measure say so.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

from .crt import CRTResult

#: Tolerance for a fitted rate against min(p, alpha): the rate counts as matching when the
#: mean over repetitions is within this distance (half the alpha grid step of 0.1).
RATE_TOLERANCE = 0.05
#: Tolerance for a diversity decline against the paper's percentage (absolute, in points).
DECLINE_TOLERANCE = 0.05

SOURCE_CRT = ("arXiv 2602.16065 (Theorem: rate = min(p, alpha)) and the authors' summary "
              "figure 'mean W1 slope vs alpha' from hong-niu/generative-recursive-training, "
              "simulations/CRT/KDE+ECDF (KDE, p = 0.5)")
SOURCE_LOGIC = ("arXiv 2311.16822 v2 (HTML) as quoted by public reviews of the TMLR submission "
                "(openreview FzIzju42B3) and issue 28; one run per configuration, 10.6M-parameter "
                "GPT")


def recursive_comparison(r: CRTResult) -> list[dict[str, Any]]:
    """One row per alpha: the paper's rate min(p, alpha) against the lab's mean fitted W1 rate."""
    rows = []
    for run in r.runs:
        diff = run.rate_w1 - run.theory
        rows.append({
            "figure": f"W1 rate at alpha = {run.alpha:g}",
            "paper": run.theory,
            "paper_note": "min(p, alpha)" + (" (critical: W1 / log M fitted)" if run.critical
                                             else ""),
            "lab": run.rate_w1,
            "lab_ci": list(run.rate_w1_ci),
            "lab_mmd": run.rate_mmd,
            "match": abs(diff) <= RATE_TOLERANCE,
            "in_ci": run.w1_in_ci,
            "source": SOURCE_CRT,
        })
    return rows


#: The generation at which the paper reports its diversity changes.
PAPER_HORIZON = 50

#: The paper's figures for the self-consuming loop (Briesch, Sobania, Rothlauf), as quoted.
LOGIC_FIGURES: tuple[dict[str, Any], ...] = (
    {"key": "full_single", "figure": "full synthetic: a single expression from generation",
     "paper": 39, "unit": "generation"},
    {"key": "full_correct", "figure": "full synthetic: 100% correct from generation",
     "paper": 6, "unit": "generation"},
    {"key": "incremental", "figure": "incremental: diversity change at gen. 50",
     "paper": -0.68, "unit": "fraction"},
    {"key": "balanced", "figure": "balanced: diversity change at gen. 50",
     "paper": -0.30, "unit": "fraction"},
    {"key": "expanding", "figure": "expanding (lambda not quoted; lab 0.5): change",
     "paper": -0.22, "unit": "fraction"},
    {"key": "expanding_25", "figure": "expanding, 25% fresh (lambda 0.75): change",
     "paper": -0.11, "unit": "fraction"},
    {"key": "expanding_0", "figure": "expanding, no fresh (lambda 1): change",
     "paper": -0.36, "unit": "fraction"},
)


def first_generation(series: Sequence[float], test: Any) -> int | None:
    """The first generation whose value passes `test` and every later one does too."""
    hit = None
    for g, v in enumerate(series):
        if test(v):
            if hit is None:
                hit = g
        else:
            hit = None
    return hit


def logic_comparison(measured: dict[str, Any], generations: int) -> list[dict[str, Any]]:
    """Paper | lab | match rows from the lab's measurements keyed like LOGIC_FIGURES.

    `measured[key]` is a number (generation or change as a fraction), None when it never
    happened in a run of `generations` generations. A generation matches within a factor of
    1.5 (never = no match once the run is that long, else undecided); a change within
    DECLINE_TOLERANCE, and only in a run of the paper's PAPER_HORIZON generations (a shorter
    run's change is shown, its match undecided).
    """
    rows = []
    for fig in LOGIC_FIGURES:
        lab = measured.get(fig["key"])
        if lab is None and fig["unit"] == "generation":
            match: bool | None = False if generations >= fig["paper"] * 1.5 else None
        elif lab is None or (isinstance(lab, float) and math.isnan(lab)):
            match = None
        elif fig["unit"] != "generation" and generations < PAPER_HORIZON:
            match = None
        elif fig["unit"] == "generation":
            match = fig["paper"] / 1.5 <= lab <= fig["paper"] * 1.5
        else:
            match = abs(lab - fig["paper"]) <= DECLINE_TOLERANCE
        rows.append({**fig, "lab": lab, "match": match, "generations": generations,
                     "source": SOURCE_LOGIC})
    return rows


def logic_side_by_side(count_rows: Sequence[dict[str, Any]],
                       network_rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Paper | count model | transformer | match, one row per paper figure, from the two
    models' comparison rows (same figures, same rules)."""
    out = []
    for c, t in zip(count_rows, network_rows):
        if c["key"] != t["key"]:
            raise ValueError("the two comparisons list different figures")
        out.append({"key": c["key"], "figure": c["figure"], "paper": c["paper"],
                    "unit": c["unit"], "count_model": c["lab"], "count_match": c["match"],
                    "transformer": t["lab"], "transformer_match": t["match"],
                    "generations": t["generations"], "source": c["source"]})
    return out


SOURCE_CHAIN = ("arXiv 2603.11228 (Geng, Mohamed, Shang, Vazirgiannis, Poibeau), abstract and "
                "public summaries: iterative rephrasing / round-trip translation with LLMs, "
                "greedy vs sampled decoding; no per-figure numbers were readable")


def chain_comparison(greedy: Any, sampled: Any, uniform: Any) -> list[dict[str, Any]]:
    """The paper's qualitative findings against three runs of one chain: greedy (T = 0) from
    one text, sampled (T = 1) from the same text, sampled from every text at once.

    Each lab figure is read off the runs by a rule fixed here: converged = the distinct texts
    on one path stop growing in the second half; novel = still growing in the last tenth.
    """
    def half(r: Any) -> int:
        return len(r.visited_mean) // 2

    def tenth(r: Any) -> int:
        return int(0.9 * (len(r.visited_mean) - 1))
    g_conv = greedy.visited_mean[-1] == greedy.visited_mean[half(greedy)]
    s_new = sampled.visited_mean[-1] > sampled.visited_mean[tenth(sampled)]
    up = sampled.distinct_exact[-1] > sampled.distinct_exact[0]
    down = uniform.distinct_exact[-1] < uniform.distinct_exact[0]
    cycle = max(greedy.analysis.closed_sizes()[i] for i in range(len(greedy.analysis.closed)))
    return [
        {"figure": "greedy decoding converges to a small recurrent set",
         "paper": "yes (a fixed point or a 2-cycle)",
         "lab": f"distinct texts on one path {greedy.visited_mean[-1]:.0f} and constant after "
                f"step {half(greedy)}: {'yes' if g_conv else 'no'}; largest closed cycle {cycle}",
         "match": bool(g_conv), "source": SOURCE_CHAIN},
        {"figure": "sampling keeps producing novel texts over a finite horizon",
         "paper": "yes",
         "lab": f"mean distinct texts on one path {sampled.visited_mean[tenth(sampled)]:.1f} at "
                f"step {tenth(sampled)} -> {sampled.visited_mean[-1]:.1f} at step "
                f"{len(sampled.visited_mean) - 1}",
         "match": bool(s_new), "source": SOURCE_CHAIN},
        {"figure": "diversity can increase (one input sentence)",
         "paper": "yes, depending on temperature and input",
         "lab": f"expected distinct among {sampled.walkers} texts from one text: "
                f"{sampled.distinct_exact[0]:.0f} -> {sampled.distinct_exact[-1]:.1f}",
         "match": bool(up), "source": SOURCE_CHAIN},
        {"figure": "diversity can decrease (many different inputs)",
         "paper": "yes, depending on temperature and input",
         "lab": f"expected distinct among {uniform.walkers} texts from all texts: "
                f"{uniform.distinct_exact[0]:.0f} -> {uniform.distinct_exact[-1]:.1f}",
         "match": bool(down), "source": SOURCE_CHAIN},
    ]
