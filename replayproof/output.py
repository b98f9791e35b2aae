"""Output helpers shared by every command family: stable JSON on stdout.

Only command-line shells (`cli.py` modules) import this; engines return data and never print.
"""
from __future__ import annotations

import json
from typing import Any

import click


TIMEOUT_HELP = ("Wall-clock budget in seconds for the whole command; running out prints `unknown` (exit 3), "
                "never a verdict.")


def timeout_option(default: int):
    """--timeout SECONDS: one meaning (the command's wall-clock budget) and one unit everywhere."""
    return click.option("--timeout", type=click.IntRange(1, 86400), default=default, show_default=True,
                        metavar="SECONDS", help=TIMEOUT_HELP)


def quiet_option(f):
    """--quiet: print the result only (no progress bar, no plain-words summary)."""
    return click.option("--quiet", "-q", is_flag=True,
                        help="Print the result only: no progress bar on stderr, no plain-words summary.")(f)


def emit_json(data: Any) -> None:
    """Print one JSON document, key order as built (stable across runs)."""
    click.echo(json.dumps(data, indent=2, sort_keys=False))


def user_code_notes(gen: Any) -> None:
    """On stderr: whether user generator code answered one input two ways, and what it printed."""
    proc = getattr(gen, "process", None)
    if proc is None:
        return
    for observed, first, second in proc.disagreements[:3]:
        click.echo(f"warning: generator {gen.spec!r} answered {first!r}, then {second}, on the same observed "
                   f"{observed}: generators must be deterministic (docs/attack.md); the result used the first "
                   "answer", err=True)
    if proc.output_bytes:
        text = proc.printed().strip().splitlines()
        first = text[0][:80] if text else ""
        click.echo(f"note: generator {gen.spec!r} printed {proc.output_bytes} bytes, kept apart from this output "
                   f"(first line: {first!r})", err=True)
