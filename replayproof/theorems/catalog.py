"""The theorem catalog: each result of docs/model.md §4, the check the tool can do for it, and its outcome.

One list of rows drives `replayproof theorems`, the regression tests and docs/theorems.md.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from ..trusted.classes.bundled import KINDS, PACKAGE as ROOT  # the installed package carries encodings/ (bundled.py)

CLASSES = ROOT / KINDS["classes"].folder

REPRODUCED, FAILED, NOT_CHECKABLE, UNKNOWN = "reproduced", "FAILED", "not machine-checkable", "unknown"
ESTABLISHED = "established (beyond the paper)"  # a new result, certified by the tool


@dataclass(frozen=True)
class Row:
    id: str
    statement: str
    checked: str            # what was checked: class, horizon, notion
    verdict: str
    detail: str = ""
    certificate: str = ""   # committed certificate path, if any
    seconds: float = 0.0


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def t73(h4: Path = CLASSES / "h4.toml") -> Row:
    """H4: proper generation in the limit is possible without replay and impossible with it."""
    from ..game.decide import run_decide
    with_replay = run_decide(str(h4), replay=True)[1]   # (class, solution, certificate, check): checked valid
    without = run_decide(str(h4), replay=False)[1]
    ok = with_replay.verdict == "not-generatable" and without.verdict == "generatable"
    detail = f"with replay: {with_replay.verdict}; without: {without.verdict}; both certificates checked valid"
    return Row("T7.3", "H4 is properly generatable in the limit, but not with replay",
               f"{_rel(h4)}, notion proper-limit, exact game (no horizon)", REPRODUCED if ok else FAILED, detail,
               "counterexamples/h4_replay.json")


def t41() -> Row:
    """d* with replay equals d* without, on the bundled classes; burn-in certified; unconverted refuted."""
    from ..classes.classfile import load
    from ..threshold.compute import threshold
    names = ["h4", "even_odd", "halves", "chain", "attack_zero_odd"]
    parts, ok, refuted = [], True, []
    for name in names:
        path = CLASSES / f"{name}.toml"
        r = threshold(load(path), _rel(path))
        ds = {m.mode: m.d_star for m in r.modes}
        ok &= ds["standard"] == ds["replay"] is not None and ds["replay"] == r.closure_dimension + 1
        parts.append(f"{name}: d*={ds['replay']}")
        if r.unconverted and r.unconverted.outcome == "defeated":
            refuted.append(name)
    detail = ", ".join(parts) + f"; burn-in:closure not defeated in every case; unconverted closure refuted " \
                                f"with replay on {', '.join(refuted) or 'none'}"
    return Row("T4.1", "uniform generation with replay <=> without, with the same optimal d; Algorithm 1 converts",
               f"{len(names)} bundled classes, notion uniform, horizon d*+2", REPRODUCED if ok and refuted else FAILED,
               detail)


def t51(max_d: int = 6, core_d: int = 10) -> Row:
    """The paper's adversary defeats every bundled element-level generator; the pigeonhole core is UNSAT."""
    from ..attack.paper51 import pigeonhole_unsat, run
    from ..classes.classfile import load
    from ..generators.under_test import runner
    path = CLASSES / "sep51.toml"
    cls = load(path)
    specs = ["sep51-standard", "closure"]
    beaten = {s: all(run(cls, runner(s, cls), d, d + 4).defeated for d in range(1, max_d + 1))
              for s in specs}
    core = all(pigeonhole_unsat(d, s) for d in range(1, core_d + 1) for s in ("z3", "cvc5"))
    # the positive half: without replay the standard generator is non-uniform with d(h_n) = n + 1
    from ..attack.search import attack
    from ..attack.space import make_game
    from ..trusted.kernel import Mode
    per = {cls.index("h_inf"): 1, **{cls.index(f"h{n}"): n + 1 for n in range(1, 7)}}
    horizon = 8
    game = make_game(cls, Mode(replay=False), "non-uniform", horizon, None, per, 0)
    standard_ok = not attack(game, runner("sep51-standard", cls), timeout=120).defeated
    ok = all(beaten.values()) and core and standard_ok
    detail = (f"without replay sep51-standard is not defeated within {horizon} rounds at thresholds h_inf=1, "
              f"h_n=n+1 ({'yes' if standard_ok else 'NO'}); "
              f"with replay the adversary 'present 1..d, then replay each output' defeats {', '.join(s for s, b in beaten.items() if b)} "
              f"for d = 1..{max_d}; pigeonhole core (no fresh x in h_inf and h_d) UNSAT in z3 and cvc5 for d = 1..{core_d}")
    return Row("T5.1", "the separation class is non-uniformly generatable, but not with replay",
               f"{_rel(path)} (N = 6), d = 1..{max_d}, horizon d+4", REPRODUCED if ok else FAILED, detail,
               "counterexamples/attack_sep51_h3.json")


def t61(rounds: int = 40) -> Row:
    """Witness Protection (Algorithm 2): invariants on bounded replay streams; the unprotected mutation fails."""
    from ..classes.classfile import loads
    from ..paper.witness import SHIELD_TOML, demo, members, run_wp
    runs = demo(rounds)
    ok_runs = sum(r.report.ok for r in runs)
    judged = [r.report for r in runs if r.report.kernel_errors is not None]
    kernel_ok = all(rep.kernel_legal for rep in judged)
    converged = sum(rep.critical_from is not None and all(e < rep.critical_from for e in rep.kernel_errors)
                    for rep in judged)
    shield = loads(SHIELD_TOML)
    broken = run_wp(members(shield), 2, 60, "alternate", protect=False, finite_class=shield)
    from ..attack import echo
    from ..attack.space import make_game
    from ..generators.under_test import runner
    from ..trusted.kernel import Mode
    game = make_game(shield, Mode(replay=True), "non-uniform", 30, None, {shield.index("nonpos"): 6}, 0)
    attacked = {g: echo.run(game, runner(f"replayproof.paper.witness:{g}", shield)).defeated
                for g in ("protected", "unprotected")}
    mutation_caught = "witness_protected" in broken.violated() and attacked == {"protected": False,
                                                                                 "unprotected": True}
    ok = ok_runs == len(runs) and kernel_ok and converged == len(judged) and mutation_caught
    detail = (f"{ok_runs}/{len(runs)} runs keep every invariant (sure set in target, <= 2t + t^2 exclusions, fresh, "
              f"witness protected, valid once critical); {len(judged)} kernel-judged runs legal, {converged} with no "
              f"error after the target became critical; the unprotected mutation violates "
              f"{', '.join(sorted(broken.violated())) or 'nothing'} and `replayproof attack --adversary echo` "
              f"defeats it on the shield class (target nonpos, threshold 6, 30 rounds): "
              f"{'yes' if attacked['unprotected'] else 'NO'}, while Witness Protection itself is "
              f"{'defeated' if attacked['protected'] else 'not defeated'}")
    return Row("T6.1", "every countable UUS class is generatable in the limit with replay (Witness Protection)",
               f"sep51 (N = 6), a 3-member class and divisors(6) truncated; every target; 5 replay streams of "
               f"{rounds} rounds", REPRODUCED if ok else FAILED, detail)


def t66(phases: int = 8) -> Row:
    """Lemma 6.8's adaptive adversary: against a learning generator every phase completes and costs one
    kernel-judged error; against generators that never learn the errors pile up within phase 0."""
    from ..classes.classfile import loads
    from ..trusted.generators.library import closure
    from ..paper import limit_separation as ls
    learning = ls.run_adversary(ls.learner, phases, patience=3 * phases)
    stalling = {"Lemma 6.7's generator": ls.run_adversary(ls.lemma67, phases, patience=3 * phases),
                "closure": ls.run_adversary(closure(loads(ls.finite_truncation_toml(2))), phases,
                                            patience=3 * phases)}
    one_per_phase = ([e.phase for e in learning.phase_errors] == list(range(phases))
                     and {e.round for e in learning.phase_errors} <= set(learning.kernel_errors))
    ok = (learning.kernel_legal and learning.phases_completed == phases and one_per_phase
          and all(r.kernel_legal and r.forced >= phases for r in stalling.values()))
    detail = (f"learning generator: {learning.phases_completed} of {phases} phases completed, each with its "
              f"kernel-judged error on the final target {learning.committed}; "
              + "; ".join(f"{name}: never correct for the phase-0 target, {r.forced} kernel-judged errors, "
                          f"{r.phases_completed} phases completed" for name, r in stalling.items())
              + ". Not checked: the class's uncountability, and that Lemma 6.7's generator succeeds without "
                "replay on every target (infinitely many)")
    return Row("T6.6", "an uncountable class generatable in the limit but not with replay",
               f"Lemma 6.8 adversary over integers plus markers, {phases} phases against 3 generators "
               f"(finite prefixes of an infinite argument)", REPRODUCED if ok else FAILED, detail)


T71_GENERATORS = ("reference", "cycle", "smallest", "telltale")


def t71_runs(rounds: int = 60, budget: int = 20_000) -> dict[str, Any]:
    """Algorithm 3 against the bundled query-only generators, as printed and clocked, plus the staller."""
    from ..paper import algorithm3 as a3
    from ..trusted.generators.query import GENERATORS
    runs = {f"{g}{'' if not clocked else '_clocked'}": a3.run(GENERATORS[g], rounds, clocked=clocked,
                                                                step_budget=budget, name=g)
            for g in T71_GENERATORS for clocked in (False, True)}
    for clocked in (False, True):
        runs[f"stall{'_clocked' if clocked else ''}"] = a3.run(GENERATORS["stall"], rounds, clocked=clocked,
                                                               step_budget=budget, name="stall")
    return runs


def t71_certificates(rounds: int = 60, budget: int = 20_000) -> dict[str, dict[str, Any]]:
    """Each run of the T7.1 row as a `query-trap-run` certificate, by file name."""
    from ..paper.algorithm3 import certificate
    return {f"t71_{key}.json": certificate(r) for key, r in t71_runs(rounds, budget).items()}


def t71(rounds: int = 60, budget: int = 20_000) -> Row:
    """Algorithm 3 (Theorem 7.1) on finite prefixes: each query-only generator lands in one half of the
    dichotomy with kernel-judged errors; the staller shows the printed construction's gap and its repair."""
    from ..trusted.certificates import check
    from ..paper import algorithm3 as a3
    runs = t71_runs(rounds, budget)
    parts, ok = [], True
    for g in T71_GENERATORS:
        seen = []
        for key in (g, f"{g}_clocked"):
            r = runs[key]
            errors = r.judged().errors
            good = (r.stalled_round is None and a3.both_targets_legal(r) and bool(a3.errors_expected(r))
                    and set(a3.errors_expected(r)) <= set(errors) and check(a3.certificate(r)).valid)
            ok &= good
            seen.append(f"{'clocked' if r.clocked else 'as printed'}: {r.branch} branch, {len(r.traps)} traps, "
                        f"{len(errors)} errors on row {r.target}{'' if good else ' (CHECK FAILED)'}")
        parts.append(f"{g}: " + "; ".join(seen))
    printed, clocked = runs["stall"], runs["stall_clocked"]
    stall_ok = (printed.stalled_round == clocked.stalled_round == 3
                and printed.decided_rows <= printed.stalled_round + 2 and clocked.decided_rows > budget
                and all(check(a3.certificate(r)).valid for r in (printed, clocked)))
    ok &= stall_ok
    parts.append(f"stall (asks 2 queries in round 3, then computes forever): as printed the construction waits "
                 f"{budget} steps in round 3 with rows 0..{printed.decided_rows - 1} and columns "
                 f"0..{printed.decided_columns - 1} decided and no more ever (F is not total); clocked, rows "
                 f"0..{clocked.decided_rows - 1} and columns 0..{clocked.decided_columns - 1} are decided after "
                 f"those steps and more with every step (F total), and the generator never answers round 3")
    detail = ("; ".join(parts) + f". Every run's table, stream and errors are `query-trap-run` certificates that "
              f"`check` re-verifies (committed as counterexamples/t71_*.json). Not checked: the limit (runs are "
              f"{rounds} rounds, so the branch is the one the prefix shows), and all query-only generators")
    return Row("T7.1", "no membership-query-only generator properly generates every countable class",
               f"Algorithm 3 against 4 query-only generators, as printed and clocked, {rounds} rounds each, plus a "
               f"generator that stalls (finite prefixes of an infinite argument)", REPRODUCED if ok else FAILED,
               detail, "counterexamples/t71_telltale.json")


def replay_number_row(rid: str, name: str, claimed: int) -> Row:
    """Beyond the paper: the replay number b*(H) of a bundled class (docs/variants.md), both certificates checked."""
    from ..classes.classfile import load
    from ..variants.decide import replay_number
    path = CLASSES / f"{name}.toml"
    cls = load(path)
    r = replay_number(cls, str(path))
    parts = [f"{d.verdict} under {d.variant.words()} ({d.certificate['summary'].split(': ', 1)[1]}), "
             f"certificate {'valid' if d.check.valid else 'INVALID'}" for d in (r.adversary, r.generator) if d]
    ok = r.number == claimed and r.adversary is not None and r.generator is not None \
        and r.adversary.check.valid and r.generator.check.valid
    return Row(rid, f"beyond the paper: the replay number b*({cls.name}) = {claimed}: {claimed} replayed input(s) "
               f"defeat every proper generator, {claimed - 1} do not",
               f"{_rel(path)}, notion proper-limit, budget game (docs/variants.md), budgets 0..{claimed}",
               ESTABLISHED if ok else FAILED, f"b* = {r.number if r.number is not None else r.kind}; " + "; ".join(parts))


def bh4() -> Row:
    return replay_number_row("B-H4", "h4", 1)


def btri() -> Row:
    return replay_number_row("B-tri", "triangle", 1)


CATALOG: list[tuple[str, Callable[[], Row]]] = [("T4.1", t41), ("T5.1", t51), ("T6.1", t61), ("T6.6", t66),
                                                  ("T7.1", t71), ("T7.3", t73), ("B-H4", bh4), ("B-tri", btri)]


# Rows whose runs can be exported as certificates (`replayproof theorems --export DIR`).
EXPORTS: dict[str, Callable[[], dict[str, dict[str, Any]]]] = {"T7.1": t71_certificates}


def run_rows(only: str | None = None, progress: Callable[[str], None] | None = None) -> list[Row]:
    """Run the catalog (or one row), timing each check."""
    rows = []
    for rid, fn in CATALOG:
        if only and rid.lower() != only.lower():
            continue
        if progress:
            progress(rid)
        start = time.perf_counter()
        row = fn()
        rows.append(replace(row, seconds=round(time.perf_counter() - start, 2)))
    return rows


def to_json(rows: list[Row]) -> list[dict[str, Any]]:
    return [row.__dict__ for row in rows]


DOC_HEADER = """# Theorem catalog

The results of arXiv 2603.11784 ([model §4](model.md#4-the-papers-results)) as machine checks, and rows marked
"beyond the paper" for new results the tool certifies ([variants](variants.md)). This page is the output of
`replayproof theorems --markdown` (a test regenerates it and compares); run `replayproof theorems`
for the same rows with timings, `--json` for data.

"""


def document(rows: list[Row]) -> str:
    """docs/theorems.md: the header and the table without timings (they vary run to run)."""
    return DOC_HEADER + markdown(rows, with_seconds=False) + "\n"


def markdown(rows: list[Row], with_seconds: bool = True) -> str:
    """The catalog as a Markdown table."""
    head = "| result | statement | what was checked | verdict | certificate |" + (" seconds |" if with_seconds else "")
    sep = "|---|---|---|---|---|" + ("---|" if with_seconds else "")
    lines = [head, sep]
    for r in rows:
        cells = [r.id, r.statement, r.checked, f"**{r.verdict}**: {r.detail}", r.certificate or "-"]
        if with_seconds:
            cells.append(f"{r.seconds:.1f}")
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def text(rows: list[Row]) -> str:
    out = []
    for r in rows:
        out.append(f"{r.id:<5} {r.verdict:<22} {r.seconds:>6.1f}s  {r.statement}")
        out.append(f"      checked: {r.checked}")
        if r.detail:
            out.append(f"      {r.detail}")
        if r.certificate:
            out.append(f"      certificate: {r.certificate}")
    return "\n".join(out)
