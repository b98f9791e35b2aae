"""The `replayproof` command. Each subcommand is a thin shell over the Python API."""
from __future__ import annotations

import os
import sys
from typing import Any

import click

from .errors import ReplayproofError


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


def _register_families() -> None:
    """Attach the command families that live in their own subpackages."""
    from .attack.cli import attack, generators
    from .certificates.cli import check
    from .classes.cli import info
    from .collapse.cli import collapse
    from .game.cli import decide
    from .prove.cli import prove
    from .sweep.cli import sweep
    from .theorems.cli import theorems
    from .threshold.cli import threshold
    from .verify.cli import verify
    for command in (info, check, decide, threshold, attack, generators, theorems, sweep, collapse, verify, prove):
        cli.add_command(command)


_register_families()


def main() -> None:
    cli(prog_name="replayproof")


if __name__ == "__main__":
    sys.exit(main())
