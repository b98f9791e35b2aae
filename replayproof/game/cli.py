"""`replayproof decide`: the exact verdict, its certificate re-checked by the kernel first."""
from __future__ import annotations

import time

import click

from ..errors import InputError
from .decide import run_decide

NOTIONS = ("proper-limit",)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--notion", default="proper-limit", show_default=True, metavar="NOTION",
              help="What to decide. Supported: proper-limit (proper generation in the limit, spec section 3).")
@click.option("--no-replay", is_flag=True, help="Admit only valid streams (no replayed outputs).")
@click.option("--export", "export", type=click.Path(dir_okay=False), metavar="CERT.json",
              help="Write the certificate (re-check it later with `replayproof check`).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--dot", "dot", type=click.Path(dir_okay=False), metavar="FILE",
              help="Draw the certificate's strategy graph in Graphviz DOT (docs/game.md).")
@click.option("--png", "png", type=click.Path(dir_okay=False), metavar="FILE",
              help="Render the strategy graph as PNG (Graphviz when installed, else matplotlib).")
@click.option("--timeout", type=click.IntRange(1, 3600), default=20, show_default=True,
              help="Seconds z3 may spend on one cell query while loading the class.")
def decide(file: str, notion: str, no_replay: bool, export: str | None, as_json: bool, dot: str | None,
           png: str | None, timeout: int) -> None:
    """Decide exactly whether ANY proper generator generates the class in the limit.

    The class is a finite game on its cells (spec section 5; docs/game.md): an adversary picks a
    target and streams an enumeration of it (with replay: it may also present elements of any
    hypothesis the generator output earlier); the generator answers a hypothesis each round and
    must eventually only answer hypotheses inside the target.

    \b
    generatable      some deterministic proper generator wins against every target and every
                     admissible enumeration; the certificate is a finite-state generator.
    not-generatable  one adversary strategy defeats every generator; the certificate is a
                     tree over the generator's answers ending in loops that enumerate a target
                     while every available answer is wrong for one of the loop's targets.

    The certificate is always re-checked by the kernel (`replayproof check`) before the verdict
    is printed. No horizon, no sampling: the verdict is a theorem about the infinite game.

    \b
    Examples:
      replayproof decide encodings/classes/h4.toml --notion proper-limit
          -> not-generatable (Theorem 7.3: replay defeats every proper generator)
      replayproof decide encodings/classes/h4.toml --no-replay --export h4.json
          -> generatable; h4.json holds the winning generator
    """
    if notion not in NOTIONS:
        raise InputError(f"unknown notion {notion!r}: decide supports only 'proper-limit' "
                         "(proper generation in the limit)")
    from ..classes import cells as C
    from ..certificates import write
    start = time.perf_counter()
    cls, sol, cert, result = run_decide(file, not no_replay, timeout * 1000)
    seconds = time.perf_counter() - start
    if export:
        write(cert, export)
    if dot:
        from .draw import write_dot
        write_dot(cert, dot)
    drawn_by = None
    if png:
        from .draw import write_png
        drawn_by = write_png(cert, png)
    finite = [cls.names[h] for h in C.non_uus(cls.table)]
    mode = "with replay" if sol.game.replay else "without replay"
    if as_json:
        from ..output import emit_json
        emit_json({"class": cls.name, "file": file, "notion": notion, "replay": sol.game.replay,
                   "verdict": sol.verdict, "certificate": {"kind": cert["kind"], "valid": result.valid,
                                                           "message": result.message, "exported": export},
                   "uus": not finite, "finite_supports": finite, "seconds": round(seconds, 4)})
        return
    click.echo(f"{sol.verdict}: {cls.name} ({file}), proper generation in the limit {mode}")
    if sol.adversary_wins:
        click.echo("  one adversary strategy defeats every proper generator: "
                   f"{cert['summary'].split(': ', 1)[1]}")
    else:
        click.echo(f"  a proper generator wins against every target and enumeration: {cert['summary'].split(': ', 1)[1]}")
    click.echo(f"  certificate re-checked by the kernel: valid ({cert['kind']})")
    if export:
        click.echo(f"  certificate written to {export} (replayproof check {export})")
    if dot:
        click.echo(f"  strategy graph written to {dot}")
    if png:
        click.echo(f"  picture written to {png} (drawn with {drawn_by})")
    if finite:
        click.echo(f"  note: {', '.join(finite)} {'has' if len(finite) == 1 else 'have'} finite support: the class "
                   "violates UUS (spec section 1); the verdict is exact for the game as defined")
