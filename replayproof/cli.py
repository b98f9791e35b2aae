"""The `replayproof` command. Each subcommand is a thin shell over the Python API."""
from __future__ import annotations

import os
import sys
from typing import Any

import click

from .trusted.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_REFUTED, EXIT_UNKNOWN, ReplayproofError, SolverUnknown


# Families whose imports are heavy (numpy): loaded only when invoked; their first help line is
# copied here (tests/test_startup.py checks the copies against the commands).
_LAZY = {
    "collapse": ("replayproof.collapse.cli", "collapse",
                 "Model-collapse laboratory: watch recursive training on synthetic data, at laptop scale."),
    "sweep": ("replayproof.sweep.cli", "sweep",
              "Decide every class of N hypotheses given by cell cardinalities, up to isomorphism."),
}


# the `result` of the JSON document a failure prints under --json, by exit code (README, Exit codes)
_RESULTS = {EXIT_REFUTED: "rejected", EXIT_INPUT: "error", EXIT_UNKNOWN: "unknown", EXIT_INTERNAL: "internal-error"}


class _Group(click.Group):
    """Turns every input error into one line and its exit code (never a traceback)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(_LAZY))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY and name not in self.commands:
            import importlib
            module, attr, _ = _LAZY[name]
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, without importing the lazy families (their help line is in _LAZY)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            if name in _LAZY and name not in self.commands:
                rows.append((name, click.Command(name, help=_LAZY[name][2]).get_short_help_str(limit)))
            elif not (cmd := self.commands[name]).hidden:
                rows.append((name, cmd.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    json_errors = False  # `--json` on the command line: a failure is one JSON document on stdout too

    def fail(self, line: str, result: str, reason: str, code: int) -> None:
        """One line on stderr; under --json also {"result", "reason"} on stdout (the shape of a command's own
        `unknown` document), so a script reading stdout always gets one document; then exit `code`."""
        click.echo(f"replayproof: {line}", err=True)
        if self.json_errors:
            from .trusted.output import emit_json
            emit_json({"result": result, "reason": reason})
        sys.exit(code)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """click's own errors (usage, bad option values) as our one line naming the option, exit 2."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        self.json_errors = "--json" in (sys.argv[1:] if args is None else list(args))
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            hint = f" (try: {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
            reason = exc.format_message().rstrip(".")
            self.fail(f"error: {reason}{hint}", "error", reason, EXIT_INPUT)
        except click.ClickException as exc:  # e.g. a file click could not open: bad input as well
            self.fail(f"error: {exc.format_message()}", "error", exc.format_message(), EXIT_INPUT)
        except click.exceptions.Abort:
            click.echo("replayproof: interrupted", err=True)
            sys.exit(130)
        sys.exit(rv if isinstance(rv, int) and not isinstance(rv, bool) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SolverUnknown as exc:  # no verdict: say so, without calling it an error
            text = str(exc) if str(exc).startswith("unknown") else f"unknown: {exc}"
            self.fail(text, "unknown", text, exc.exit_code)
        except ReplayproofError as exc:
            self.fail(f"error: {exc}", _RESULTS.get(exc.exit_code, "error"), str(exc), exc.exit_code)
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
            reason = f"{type(exc).__name__}: {exc}"
            self.fail(f"internal error: {reason} (set REPLAYPROOF_DEBUG=1 for the traceback)", "internal-error",
                      reason, EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="replayproof")
def cli() -> None:
    """Machine-checked answers to "can replay defeat this generator?".

    Language generation with replay (arXiv 2603.11784): an adversary streams examples of a
    hidden target language and may feed the generator's own past outputs back in. Classes are
    TOML files over the integers or over words (see encodings/classes/ and docs/classfiles.md);
    the definitions every verdict rests on are in docs/model.md. Every verdict comes with a
    certificate that `replayproof check` re-verifies with the trusted kernel alone.

    \b
    Examples:
      replayproof decide encodings/classes/h4.toml            # can replay defeat every generator?
      replayproof decide encodings/classes/h4.toml --png s.png
      replayproof verify encodings/classes/h4.toml --generator telltale --notion proper-limit
      replayproof attack encodings/classes/attack_zero_odd.toml --generator closure --threshold 2 --horizon 4
      replayproof check counterexamples/h4_replay.json        # re-verify a certificate
      replayproof COMMAND --help                              # each command's options and examples

    \b
    --timeout is always the command's wall-clock budget in seconds; --quiet drops progress bars.
    Exit codes: 0 done, 1 a check said no, 2 bad input, 3 solver unknown/timeout (no verdict),
                70 internal error.
    """


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON (with each file's installed path).")
def examples(as_json: bool) -> None:
    """List the bundled classes, machine files and certificates, usable by name from any directory.

    A name stands for the file wherever a path is expected (a path that exists wins):
    `replayproof decide h4`, `replayproof verify attack_zero_odd --generator zero_odd_guard
    --threshold 2`, `replayproof check h4_replay`. Bundled generators: `replayproof generators`.
    """
    from .classes.bundled import examples as bundled
    from .output import emit_json
    rows = bundled()
    if as_json:
        emit_json([{"kind": e.kind, "name": e.name, "description": e.description, "path": str(e.path)} for e in rows])
        return
    for kind in dict.fromkeys(e.kind for e in rows):
        group = [e for e in rows if e.kind == kind]
        width = max(len(e.name) for e in group)
        click.echo(f"{kind}:")
        for e in group:
            click.echo(f"  {e.name:<{width}}  {e.description}")


def _register_families() -> None:
    """Attach the command families that live in their own subpackages."""
    from .attack.cli import attack, generators
    from .trusted.certificates.cli import check
    from .classes.cli import info
    from .game.cli import decide
    from .prove.cli import prove
    from .theorems.cli import theorems
    from .threshold.cli import threshold
    from .variants.cli import budget
    from .verify.cli import verify
    for command in (info, check, decide, threshold, attack, generators, theorems, verify, prove, examples, budget):  # and _LAZY
        cli.add_command(command)


_register_families()


def main() -> None:
    cli(prog_name="replayproof")


if __name__ == "__main__":
    sys.exit(main())
