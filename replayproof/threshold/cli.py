"""`replayproof threshold`: d* with and without replay, each certified."""
from __future__ import annotations

import time

import click

from ..trusted.errors import EXIT_UNKNOWN
from ..output import ProgressBar, emit_json, quiet_option, timeout_option


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--no-replay", is_flag=True, help="Only the standard setting (default: both, computed separately).")
@click.option("--horizon", type=click.IntRange(1, 64), metavar="T",
              help="Rounds of the bounded verification of the upper bound  [default: the deepest of d*, d*+1, "
                   "d*+2 verified within --timeout].")
@timeout_option(60)
@click.option("--export", type=click.Path(dir_okay=False), metavar="CERT.json",
              help="Write the lower-bound certificate (re-check it with `replayproof check`).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@quiet_option
def threshold(file: str, no_replay: bool, horizon: int | None, timeout: int, export: str | None,
              as_json: bool, quiet: bool = False) -> None:
    """The optimal uniform threshold d*, with and without replay, each certified separately.

    d* is the least d for which one generator is correct at every round once d distinct
    examples were observed, for every target and stream. The lower bound is a certificate
    (an adversary stream after which every answer is wrong for some target) refuting d* - 1;
    the upper bound is a generator for d* (the closure rule; with replay its burn-in
    conversion, Algorithm 1) verified on every legal stream up to the horizon. C(H), the
    closure dimension, is printed beside: d* = C(H) + 1 (docs/threshold.md).

    \b
    Example:  replayproof threshold encodings/classes/h4.toml
    """
    from ..output import write
    from ..classes.classfile import load
    from .compute import render, threshold as compute, to_json
    start = time.monotonic()
    cls = load(file, timeout_ms=timeout * 1000)
    with ProgressBar("threshold: lower bound, upper bounds, control", None, quiet, "step") as bar:
        result = compute(cls, file, horizon=horizon, timeout=max(0.001, timeout - (time.monotonic() - start)),
                         modes=("standard",) if no_replay else ("standard", "replay"), progress=bar.update)
    if export:
        if result.lower is None:
            raise click.UsageError("--export: C(H) = 0, so there is no lower bound to certify (d* = 1)")
        write(result.lower, export)
    emit_json(to_json(result)) if as_json else click.echo(render(result))
    if any(m.d_star is None for m in result.modes):
        raise click.exceptions.Exit(EXIT_UNKNOWN)
