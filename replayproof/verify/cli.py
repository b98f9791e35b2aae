"""`replayproof verify`: the exact verdict for a given generator, at every horizon."""
from __future__ import annotations

import click

from ..trusted.errors import EXIT_REFUTED, EXIT_UNKNOWN, SolverUnknown
from ..output import BudgetBar, quiet_option, timeout_option


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--generator", "spec", required=True, metavar="SPEC",
              help="A machine file (.json/.toml, e.g. one exported by `decide`), a bundled generator (closure, "
                   "burn-in:closure, telltale, sep51-standard) or user code path/file.py:function (learned).")
@click.option("--notion", type=click.Choice(["uniform", "non-uniform", "proper-limit"]), default="uniform",
              show_default=True, help="uniform: one threshold d for every target (--threshold); non-uniform: a "
                                      "threshold per target (--thresholds); proper-limit: a proper generator must "
                                      "eventually answer only hypotheses inside the target (docs/model.md#3).")
@click.option("--threshold", type=int, metavar="d", help="Uniform threshold (also burn-in's d).")
@click.option("--thresholds", metavar="h=d,...", help="Non-uniform thresholds per target; every target needs one "
                                                      "(--threshold d gives the others d), else exit 2.")
@click.option("--no-replay", is_flag=True, help="Standard streams only.")
@click.option("--export", type=click.Path(dir_okay=False), metavar="CERT.json",
              help="Write the certificate (invariant, lasso or defeat trace) for `replayproof check`.")
@click.option("--horizon", type=click.IntRange(1, 64), default=6, show_default=True, metavar="T",
              help="User code only: equivalence queries compare the learned machine with the code on every "
                   "abstract stream of at most T rounds (more than 200000 prefixes: unknown).")
@click.option("--states", "max_states", type=click.IntRange(1, 100000), default=200, show_default=True,
              metavar="N", help="User code only: give up (unknown, exit 3) when the learned machine exceeds N states.")
@click.option("--save-model", type=click.Path(dir_okay=False), metavar="MACHINE.json",
              help="User code only: write the learned machine in the machine format.")
@timeout_option(120)
@click.option("--html", "html", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write one self-contained HTML page to see and play the result (docs/explore.md).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@quiet_option
def verify(file: str, spec: str, notion: str, threshold: int | None, thresholds: str | None, no_replay: bool,
           export: str | None, horizon: int, max_states: int, save_model: str | None, timeout: int,
           as_json: bool, html: str | None = None, quiet: bool = False) -> None:
    """Verify one generator for EVERY horizon: defeated (trace or lasso), verified (invariant) or unknown.

    The generator is explored exactly against every adversary, as a finite product of its states
    and the adversary's abstract state (cells presented, answers so far, live targets); see
    docs/verify.md. A defeat is concretized and judged by the kernel before it is printed; a
    verification comes with an inductive invariant that `replayproof check` re-verifies.

    \b
    Results (exit 0):
      defeated     uniform/non-uniform: a finite trace; proper-limit: a lasso (prefix + cycle forever)
      verified     no defeat at any horizon, on every stream (an inductive invariant; machine files)
      verified-canonical   bundled generators: no defeat at any horizon on cell-canonical streams
                   (each cell's elements in the order 0, 1, -1, ...); other orders not covered
      verified-for-learned-model   user code: the learned machine (N states) is verified for every
                   horizon, and it agrees with the code on every stream of at most --horizon rounds
    unknown (exit 3) when a budget runs out; bad input: exit 2.

    \b
    Examples:
      replayproof verify encodings/classes/h4.toml --generator telltale --notion proper-limit
      replayproof decide encodings/classes/h4.toml --no-replay --export g.json
      replayproof verify encodings/classes/h4.toml --generator g.json --no-replay --notion proper-limit
      replayproof verify encodings/classes/h4.toml --generator burn-in:closure --threshold 4
    """
    from ..classes.thresholds import parse_thresholds
    from ..generators.under_test import learned
    from ..trusted.certificates import check
    from ..output import write
    from ..classes.classfile import load
    from ..output import emit_json, user_code_notes
    from .engine import verify_generator
    from .report import data, render

    cls = load(file)
    per: dict[int, int] | None = None
    if notion != "proper-limit":
        per = {h: threshold for h in range(cls.n)} if threshold is not None and (notion == "uniform" or not thresholds) else {}
        if notion == "uniform" and thresholds:
            raise click.UsageError("--thresholds is for --notion non-uniform; uniform takes one --threshold d")
        if thresholds:
            if threshold is not None:
                per = {h: threshold for h in range(cls.n)}
            per.update(parse_thresholds(thresholds, cls))
    resolved: list = []
    try:
        with BudgetBar("verify: seconds used of --timeout", timeout, quiet):
            if learned(spec):
                from .learn import verify_black_box
                result = verify_black_box(cls, spec, notion, per, not no_replay, source=file, horizon=horizon,
                                          max_states=max_states, timeout=float(timeout), save_model=save_model,
                                          on_generator=resolved.append)
            else:
                result = verify_generator(cls, spec, notion, per, not no_replay, source=file, timeout=float(timeout),
                                          burn_in=threshold)
    except SolverUnknown as exc:
        for gen in resolved:
            user_code_notes(gen)
        emit_json({"result": "unknown", "reason": str(exc)}) if as_json else click.echo(str(exc))
        raise click.exceptions.Exit(EXIT_UNKNOWN)
    for gen in resolved:
        user_code_notes(gen)
    checked = check(result.certificate)
    if export:
        write(result.certificate, export)
    out = data(cls, result, file, checked)
    if html:
        from ..explore import write_html
        write_html(html, result.certificate, cls=cls, checked=checked, text=render(out))
    emit_json(out) if as_json else click.echo(render(out))
    if not checked.valid:
        raise click.exceptions.Exit(EXIT_REFUTED)
