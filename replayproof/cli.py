"""The `replayproof` command. Each subcommand is a thin shell over the Python API."""
from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from .errors import EXIT_UNKNOWN, ReplayproofError


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=False))


class _Group(click.Group):
    """Turns every input error into one line and its exit code (never a traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReplayproofError as exc:
            click.echo(f"replayproof: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("replayproof: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # e.g. piped into head: stop quietly, as Unix tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except Exception as exc:  # a bug: still one line unless debugging
            if os.environ.get("REPLAYPROOF_DEBUG"):
                raise
            click.echo(f"replayproof: internal error: {type(exc).__name__}: {exc} "
                       "(set REPLAYPROOF_DEBUG=1 for the traceback)", err=True)
            ctx.exit(70)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="replayproof")
def cli() -> None:
    """Machine-checked answers to "can replay defeat this generator?".

    Language generation with replay (arXiv 2603.11784): an adversary streams examples of a
    hidden target language and may feed the generator's own past outputs back in. Classes are
    TOML files (see encodings/classes/ and docs/classfiles.md).

    \b
    Exit codes: 0 done, 1 a check said no, 2 bad input, 3 solver unknown/timeout.
    """


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--timeout", type=click.IntRange(1, 3600), default=20, show_default=True,
              help="Seconds z3 may spend on one cell query; a timeout is an error, never a guess.")
def info(file: str, as_json: bool, timeout: int) -> None:
    """Describe a class: hypotheses, exact cells, UUS, inclusions, closure dimension.

    Cells are computed exactly with z3 (every signature's cell is empty, finite with all its
    elements listed, or infinite with samples).

    \b
    Example:  replayproof info encodings/classes/h4.toml
    """
    from .classfile import load
    from .info import class_info, render_info
    data = class_info(load(file, timeout_ms=timeout * 1000))
    emit_json(data) if as_json else click.echo(render_info(data))


@cli.command()
@click.argument("certificate", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
def check(certificate: str, as_json: bool) -> None:
    """Re-verify a certificate with the trusted kernel, never with the solver that made it.

    Prints "valid" and what the certificate proves, or "invalid" and the first failing step
    (exit code 1).

    \b
    Example:  replayproof check counterexamples/h4_replay.json
    """
    from .certificates import check as run_check, read
    result = run_check(read(certificate), source=certificate)
    if as_json:
        emit_json({"certificate": certificate, "kind": result.kind, "valid": result.valid, "message": result.message})
    else:
        click.echo(("valid: " if result.valid else "invalid: ") + result.message)
    if not result.valid:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--no-replay", is_flag=True, help="Only the standard setting (default: both, computed separately).")
@click.option("--horizon", type=click.IntRange(1, 64), metavar="T",
              help="Rounds of the bounded verification of the upper bound  [default: the deepest of d*, d*+1, "
                   "d*+2 verified within --timeout].")
@click.option("--timeout", type=click.IntRange(1, 86400), default=60, show_default=True, metavar="SECONDS",
              help="Budget per mode; if not even horizon d* is verified in time, the bound is reported as "
                   "not certified (exit 3).")
@click.option("--export", type=click.Path(dir_okay=False), metavar="CERT.json",
              help="Write the lower-bound certificate (re-check it with `replayproof check`).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def threshold(file: str, no_replay: bool, horizon: int | None, timeout: int, export: str | None,
              as_json: bool) -> None:
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
    from .certificates import write
    from .classfile import load
    from .threshold import render, threshold as compute, to_json
    cls = load(file)
    result = compute(cls, file, horizon=horizon, timeout=timeout,
                     modes=("standard",) if no_replay else ("standard", "replay"))
    if export:
        if result.lower is None:
            raise click.UsageError("--export: C(H) = 0, so there is no lower bound to certify (d* = 1)")
        write(result.lower, export)
    emit_json(to_json(result)) if as_json else click.echo(render(result))
    if any(m.d_star is None for m in result.modes):
        raise click.exceptions.Exit(EXIT_UNKNOWN)


@cli.command()
@click.option("--only", metavar="ID", help="Run one row, e.g. T7.3.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@click.option("--markdown", is_flag=True, help="Print docs/theorems.md: the rows as a Markdown table, without timings.")
def theorems(only: str | None, as_json: bool, markdown: bool) -> None:
    """Reproduce the paper's results (spec section 4) as machine checks.

    Each row runs the check the tool can do for a result (exact game, certified thresholds,
    adversaries judged by the kernel, SMT cores cross-checked by two solvers) and prints
    reproduced / FAILED / unknown / not machine-checkable. Exit 1 if any checkable row failed.

    \b
    Example:  replayproof theorems --only T7.3
    """
    from .theorems import CATALOG, FAILED, document, run_rows, text, to_json
    if only and only.lower() not in {rid.lower() for rid, _ in CATALOG}:
        raise click.BadParameter(f"{only!r} is not a row (rows: {', '.join(rid for rid, _ in CATALOG)})",
                                 param_hint="--only")
    rows = run_rows(only, progress=None if (as_json or markdown) else
                    (lambda rid: click.echo(f"checking {rid} ...", err=True)))
    if as_json:
        emit_json(to_json(rows))
    elif markdown:
        click.echo(document(rows), nl=False)
    else:
        click.echo(text(rows))
    if any(r.verdict == FAILED for r in rows):
        raise click.exceptions.Exit(1)


def _register_families() -> None:
    """Attach the command families that live in their own subpackages."""
    from .attack.cli import attack, generators
    from .collapse.cli import collapse
    from .game.cli import decide
    from .sweep.cli import sweep
    for command in (decide, attack, generators, sweep, collapse):
        cli.add_command(command)


_register_families()


def main() -> None:
    cli(prog_name="replayproof")


if __name__ == "__main__":
    sys.exit(main())
