"""`replayproof decide`: the exact verdict, its certificate re-checked by the kernel first."""
from __future__ import annotations

import time

import click

from ..trusted.errors import InputError
from ..output import BudgetBar, quiet_option, timeout_option
from ..variants.cli import Limit
from .decide import GAME_WARN_N, MAX_CELLS, METHODS, check_limits, decide_class, default_method

NOTIONS = ("proper-limit",)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--notion", default="proper-limit", show_default=True, metavar="NOTION",
              help="What to decide. Supported: proper-limit (proper generation in the limit, "
                   "docs/model.md#3-notions-of-generation).")
@click.option("--no-replay", is_flag=True, help="Admit only valid streams (no replayed outputs).")
@click.option("--export", "export", type=click.Path(dir_okay=False), metavar="CERT.json",
              help="Write the certificate (re-check it later with `replayproof check`).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--dot", "dot", type=click.Path(dir_okay=False), metavar="FILE",
              help="Draw the certificate's strategy graph in Graphviz DOT (docs/game.md).")
@click.option("--png", "png", type=click.Path(dir_okay=False), metavar="FILE",
              help="Render the strategy graph as PNG (Graphviz when installed, else matplotlib).")
@timeout_option(60)
@click.option("--method", type=click.Choice(METHODS), default=None,
              help="game (solve the game), criterion (the Li-Zhang characterization) or both, compared. "
                   "Default: both up to 8 hypotheses, criterion above; game without replay. Under "
                   "--replay-budget 0 with --noise or --omit, criterion or both also run the criterion of "
                   "docs/variants.md §7c and compare it with the game.")
@click.option("--max-cells", type=click.IntRange(1, 1 << 20), default=MAX_CELLS, show_default=True,
              help="Refuse classes with more non-empty cells (exit 2).")
@click.option("--html", "html", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write one self-contained HTML page to see and play the result (docs/explore.md).")
@click.option("--export-criterion", type=click.Path(dir_okay=False), metavar="CERT.json",
              help="With --method both: also write the criterion's certificate.")
@quiet_option
@click.option("--replay-budget", metavar="K", default=None,
              help="At most K replayed inputs in the whole stream (0 = standard; 'unbounded' = the paper's; "
                   "'finite': finitely many). Decided by the budget game (docs/variants.md).")
@click.option("--replay-delay", type=click.IntRange(1, 16), default=1, show_default=True,
              help="A replay may copy only answers at least this many rounds old (docs/variants.md).")
@click.option("--noise", type=Limit(), default=0, show_default=True,
              help="Up to this many inputs outside the target, any elements, or 'finite': finitely many "
                   "(docs/variants.md). Pure noise: --replay-budget 0 --noise K.")
@click.option("--omit", type=Limit(), default=0, show_default=True,
              help="An enumeration may leave out up to this many elements of the target, or 'finite' "
                   "(docs/variants.md).")
def decide(file: str, notion: str, no_replay: bool, export: str | None, as_json: bool, dot: str | None,
           png: str | None, timeout: int, method: str | None, max_cells: int, export_criterion: str | None,
           replay_budget: str | None, replay_delay: int, noise: int, omit: int,
           html: str | None = None, quiet: bool = False) -> None:
    """Decide exactly whether ANY proper generator generates the class in the limit.

    The class is a finite game on its cells (docs/game.md; the model:
    docs/model.md#5-cells-finite-classes-are-finite-games): an adversary picks a
    target and streams an enumeration of it (with replay: it may also present elements of any
    hypothesis the generator output earlier); the generator answers a hypothesis each round and
    must eventually only answer hypotheses inside the target.

    \b
    generatable      some deterministic proper generator wins against every target and every
                     admissible enumeration; the certificate is a finite-state generator.
    not-generatable  one adversary strategy defeats every proper generator; the certificate is a
                     tree over the generator's answers ending in loops that enumerate a target
                     while every available answer is wrong for one of the loop's targets.

    With replay a second, independent procedure decides the same question: the Li-Zhang
    criterion on the cells (docs/game.md, "The characterization"), instant even for 20
    hypotheses. Its certificates: the obstructing profile with one group per first answer
    (criterion-obstruction), or the table of good first answers with the canonical generator
    (criterion-witness). With --method both a disagreement is an internal error (exit 70).

    Every certificate is re-checked by the kernel (`replayproof check`) before the verdict is
    printed. No horizon, no sampling: the verdict is a theorem about the infinite game.

    \b
    Examples:
      replayproof decide encodings/classes/h4.toml --notion proper-limit
          -> not-generatable (Theorem 7.3: replay defeats every proper generator)
      replayproof decide encodings/classes/h4.toml --no-replay --export h4.json
          -> generatable; h4.json holds the winning generator
      replayproof decide encodings/classes/triangle.toml --method criterion --export tri.json
          -> not-generatable; tri.json holds the obstruction
      replayproof decide encodings/classes/h4.toml --replay-budget 0 --noise 1 --method both
          -> not-generatable under one noise input, no replay (criterion and game agree)
    """
    if notion not in NOTIONS:
        raise InputError(f"unknown notion {notion!r}: decide supports only 'proper-limit' "
                         "(proper generation in the limit)")
    if replay_budget is not None or replay_delay != 1 or noise or omit:
        if no_replay or dot or png or export_criterion:
            raise InputError("--replay-budget/--replay-delay take no --no-replay (use --replay-budget 0), "
                             "--dot, --png or --export-criterion")
        from ..variants.cli import run_finite, wants_finite
        if wants_finite(replay_budget, noise, omit):
            run_finite(file, replay_budget, replay_delay, export, as_json, timeout, noise, omit, method)
            return
        from ..variants.cli import run_variant
        run_variant(file, replay_budget, replay_delay, export, as_json, timeout, noise, omit, method)
        return
    from ..classes.cells import non_uus
    from ..classes.classfile import load
    from ..output import write
    if png:
        from .draw import check_png_path
        check_png_path(png)
    start = time.perf_counter()
    with BudgetBar("decide: deriving the cells, seconds used of --timeout", timeout, quiet):
        cls = load(file, timeout_ms=timeout * 1000)  # one wall-clock budget: loading, then the solve
    check_limits(cls, max_cells)
    chosen = method or default_method(cls.n, not no_replay)
    if chosen in ("game", "both") and cls.n > GAME_WARN_N:
        click.echo(f"warning: the game on {cls.n} hypotheses may take hours (about 4^n states); "
                   f"giving up after --timeout {timeout} s. --method criterion decides it instantly.", err=True)
    with BudgetBar(f"decide ({chosen}): seconds used of --timeout", timeout, quiet):
        dec = decide_class(cls, file, chosen, not no_replay,
                           deadline_s=max(0.001, timeout - (time.perf_counter() - start)), max_cells=max_cells)
    seconds = time.perf_counter() - start
    cert = dec.certificate
    if export:
        write(cert, export)
    if export_criterion:
        if dec.criterion_certificate is None and cert["kind"].startswith("criterion"):
            write(cert, export_criterion)
        elif dec.criterion_certificate is not None:
            write(dec.criterion_certificate, export_criterion)
        else:
            raise InputError("--export-criterion needs --method criterion or both")
    drawable = cert["kind"].startswith("proper-limit")
    if (dot or png) and not drawable:
        raise InputError("--dot/--png draw the game's strategy: use --method game or both")
    if dot:
        from .draw import write_dot
        write_dot(cert, dot)
    drawn_by = None
    if png:
        from .draw import write_png
        drawn_by = write_png(cert, png)
    finite = [cls.names[h] for h in non_uus(cls.table)]
    mode = "with replay" if dec.replay else "without replay"
    checked = [(cert, dec.check)] + ([(dec.criterion_certificate, dec.criterion_check)]
                                     if dec.criterion_certificate is not None else [])
    if html:
        from ..explore import write_decision
        write_decision(html, dec, cls, file)
    if as_json:
        from ..output import emit_json
        emit_json({"class": cls.name, "file": file, "notion": notion, "replay": dec.replay, "method": dec.method,
                   "verdict": dec.verdict,
                   "certificate": {"kind": cert["kind"], "valid": dec.check.valid, "message": dec.check.message,
                                   "exported": export},
                   "certificates": [{"kind": c["kind"], "valid": r.valid, "message": r.message} for c, r in checked],
                   "uus": not finite, "finite_supports": finite, "seconds": round(seconds, 4),
                   "method_seconds": {k: round(v, 4) for k, v in (dec.seconds or {}).items()}})
        return
    how = {"game": "by the game", "criterion": "by the criterion",
           "both": "by the game and the criterion, which agree"}[dec.method]
    click.echo(f"{dec.verdict}: {cls.name} ({file}), proper generation in the limit {mode} ({how})")
    for c, r in checked:
        click.echo(f"  {_describe(c)}")
        click.echo(f"  certificate re-checked by the kernel: valid ({c['kind']})")
    if export:
        click.echo(f"  certificate written to {export} (replayproof check {export})")
    if export_criterion:
        click.echo(f"  criterion certificate written to {export_criterion}")
    if dot:
        click.echo(f"  strategy graph written to {dot}")
    if png:
        click.echo(f"  picture written to {png} (drawn with {drawn_by})")
    if finite:
        click.echo(f"  note: {', '.join(finite)} {'has' if len(finite) == 1 else 'have'} finite support: the class "
                   "violates UUS (docs/model.md#1-objects); the verdict is exact for the game as defined")
    if not quiet:
        from .plain import in_short
        for line in in_short(cls, dec, file):
            click.echo(line)


def _describe(cert: dict) -> str:
    """One line on what a certificate shows."""
    detail = cert["summary"].split(": ", 1)[1]
    if cert["kind"] == "proper-limit-adversary":
        return f"one adversary strategy defeats every proper generator: {detail}"
    if cert["kind"] == "proper-limit-generator":
        return f"a proper generator wins against every target and enumeration: {detail}"
    return cert["summary"]
