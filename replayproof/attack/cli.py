"""`replayproof attack` and `replayproof generators`."""
from __future__ import annotations

import time

import click

from ..trusted.errors import EXIT_UNKNOWN, SolverUnknown
from ..output import ProgressBar, quiet_option, timeout_option, user_code_notes


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--generator", "spec", required=True, metavar="SPEC",
              help="A bundled generator (see `replayproof generators`), burn-in:<SPEC>, or user code as "
                   "path/file.py:function or module:function.")
@click.option("--notion", type=click.Choice(["uniform", "non-uniform", "proper-limit"]), default="uniform",
              show_default=True, help="uniform: one threshold d; non-uniform: a threshold per target; "
                                      "proper-limit: a proper generator must be right after --settle rounds.")
@click.option("--horizon", "horizon", type=int, required=True, metavar="T",
              help="Longest stream searched (1 to 64 rounds).")
@click.option("--threshold", type=int, metavar="d",
              help="Uniform threshold: every answer once d distinct examples were observed must be correct. "
                   "Also burn-in's d.")
@click.option("--thresholds", metavar="h=d,...", help="Non-uniform thresholds per target; only these targets "
                                                      "are attacked unless --threshold gives the others a d.")
@click.option("--settle", type=int, default=0, show_default=True, metavar="S",
              help="proper-limit: only wrong answers at rounds > S count.")
@click.option("--no-replay", is_flag=True, help="Standard streams only (no replays): the control experiment.")
@click.option("--engine", type=click.Choice(["auto", "cegar"]), default="auto", show_default=True,
              help="auto: bundled generators are encoded in the formula; cegar: run every generator lazily.")
@click.option("--export", "export", type=click.Path(dir_okay=False), metavar="CERT.json",
              help="Write the defeating trace as a certificate (`replayproof check` re-judges it).")
@click.option("--smtlib", type=click.Path(dir_okay=False), metavar="OUT.smt2",
              help="Write the searched formula (game + generator facts) as SMT-LIB 2 via pysmt.")
@click.option("--html", "html", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write one self-contained HTML page to see and play the result (docs/explore.md).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@timeout_option(60)
@click.option("--adversary", type=click.Choice(["search", "echo", "paper-5.1"]), default="search",
              show_default=True,
              help="search: z3 looks for any defeating stream; echo: a fixed strategy (a genuine element, "
                   "then a replay of the last answer, alternating), cheap for slow black-box generators; "
                   "paper-5.1: Theorem 5.1's adversary (present 1..d, then replay each output; d = --threshold).")
@quiet_option
def attack(file: str, spec: str, notion: str, horizon: int, threshold: int | None, thresholds: str | None,
           settle: int, no_replay: bool, engine: str, export: str | None, smtlib: str | None, as_json: bool,
           timeout: int, adversary: str, html: str | None = None, quiet: bool = False) -> None:
    """Search for a replay stream of at most T rounds that defeats a given generator.

    The adversary picks a target hypothesis and, each round, a genuine example of it or a
    replay of any earlier answer. z3 searches these streams; the generator (a deterministic
    function of the observed tuple, replays included) is run on the streams z3 proposes.

    \b
    Results (exit 0):
      defeated              shortest defeating stream as a trace table, its target and failing
                            round; re-judged by the trusted kernel before it is printed
      not-defeated-within T no defeat among the searched streams (printed: the candidate
                            elements per cell and the number of streams)
    unknown (exit 3) when the time runs out; bad input or a misbehaving generator: exit 2.

    \b
    Generators: `replayproof generators`; user code: docs/attack.md
      element-level:  def g(observed: tuple[int, ...]) -> int
      proper:         def g(observed: tuple[int, ...]) -> str   (a hypothesis name)
      a second parameter, if present, receives the class (replayproof.FiniteClass).

    \b
    Examples:
      replayproof attack encodings/classes/sep51.toml --generator sep51-standard \\
          --notion non-uniform --thresholds h3=4 --horizon 6
      replayproof attack encodings/classes/attack_zero_odd.toml --generator closure \\
          --threshold 2 --horizon 4 --export defeat.json
      replayproof attack encodings/classes/attack_zero_odd.toml --generator burn-in:closure \\
          --threshold 2 --horizon 6
      replayproof attack encodings/classes/h4.toml --generator telltale --notion proper-limit \\
          --settle 2 --horizon 6
    """
    from ..output import write
    from ..classes.classfile import load
    from ..output import emit_json
    from ..generators import PROPER
    from ..generators.under_test import runner as under_test
    from ..trusted.kernel import Mode
    from .certificate import certificate
    from ..generators.elements import game_class
    from .report import data, render
    from .search import attack as run_attack
    from .smtlib import write_smtlib
    from ..classes.thresholds import parse_thresholds
    from .space import check_horizon, make_game

    check_horizon(horizon)
    if html and adversary != "search":
        raise click.UsageError("--html shows the search's defeat (or the class): not with --adversary echo or paper-5.1")
    deadline = time.monotonic() + timeout
    cls = load(file, timeout_ms=min(timeout, 600) * 1000)
    runner = under_test(spec, cls, threshold, deadline=deadline)
    gen = runner.gen
    spec = gen.spec  # the name as the package writes it (spaces dropped), which the certificate records
    try:
        h0 = next(c.signature for c in cls.table.cells if 0 in c.signature) if cls.table.cells else None
        probe = (next(iter(game_class(cls).cell_elements(h0))),) if h0 is not None else (0,)
        mode = Mode(replay=not no_replay, proper=runner.resolve_kind(probe) == PROPER)
        if adversary == "paper-5.1":
            from .paper51 import check_paper51, paper51_data, render_paper51, run as paper51_run
            d = check_paper51(threshold, mode)
            out51 = paper51_run(cls, runner, d, horizon)
            user_code_notes(gen)
            emit_json(paper51_data(out51, d, horizon)) if as_json else click.echo(render_paper51(out51, d, horizon))
            return
        per = parse_thresholds(thresholds, cls) if thresholds else None
        game = make_game(cls, mode, notion, horizon, threshold, per, settle)
        if adversary == "echo":
            from .echo import echo_data, render_echo, run as echo_run
            out_echo = echo_run(game, runner)
            user_code_notes(gen)
            emit_json(echo_data(game, out_echo)) if as_json else click.echo(render_echo(game, out_echo))
            return
        with ProgressBar(f"attack: rounds searched (of {horizon})", horizon, quiet, "round") as bar:
            outcome = run_attack(game, runner, float(timeout), symbolic=engine == "auto", progress=bar.update)
    except SolverUnknown as exc:
        user_code_notes(gen)
        if as_json:
            emit_json({"result": "unknown", "reason": str(exc), "horizon": horizon})
        else:
            click.echo(str(exc))
        raise click.exceptions.Exit(EXIT_UNKNOWN)
    user_code_notes(gen)
    result = data(outcome, runner, spec, file)
    if smtlib:
        write_smtlib(outcome, smtlib, [f"replayproof attack {file} --generator {spec} --notion {notion} "
                                       f"--horizon {horizon}", f"result: {result['result']}",
                                       "sat iff a defeat is still possible given the recorded generator facts"])
    if export:
        if outcome.found:
            write(certificate(game, outcome.found, spec, gen.bundled,
                              threshold if spec.startswith("burn-in:") else None, file), export)
        else:
            click.echo(f"no certificate written to {export}: nothing was defeated", err=True)
    if html:
        from ..explore import write_attack
        write_attack(html, outcome, cls, spec, gen.bundled, threshold if spec.startswith("burn-in:") else None, file,
                     render(result))
    emit_json(result) if as_json else click.echo(render(result))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def generators(as_json: bool) -> None:
    """List the bundled generators (kind element or proper) for `replayproof attack --generator`.

    User code is given as path/file.py:function or module:function (docs/attack.md).
    """
    from ..output import emit_json
    from ..generators import describe_bundled
    rows = describe_bundled()
    if as_json:
        emit_json([{"name": n, "kind": k, "description": d} for n, k, d in rows])
        return
    w = max(len(n) for n, _, _ in rows)
    for n, k, d in rows:
        click.echo(f"{n:<{w}}  {k:<7}  {d}")
