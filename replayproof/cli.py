"""The `replayproof` command. Each subcommand is a thin shell over the Python API."""
from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from .errors import EXIT_INPUT, ReplayproofError


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


# Command families that live in their own subpackages: (module, command names).
_FAMILIES = [(".collapse.cli", ["collapse"]), (".game.cli", ["decide"]),
             (".attack.cli", ["attack", "generators"])]


def _register_families() -> None:
    import importlib
    for module, names in _FAMILIES:
        try:
            mod = importlib.import_module(module, __package__)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(__package__ + module.split(".cli")[0]):
                continue  # that family is not built yet
            raise
        for name in names:
            cli.add_command(getattr(mod, name))


_register_families()


def main() -> None:
    cli(prog_name="replayproof")


if __name__ == "__main__":
    sys.exit(main())
