"""Output helpers shared by every command family: the shared --timeout and --quiet options, progress
bars on stderr (tqdm, terminals only), notes about user generator code, and stable JSON on stdout
(`emit_json`, defined in the trusted room because `check --json` prints with it).

Only command-line shells (`cli.py` modules) import this; engines return data and never print.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from .trusted.errors import InputError
from .trusted.output import emit_json

__all__ = ["BudgetBar", "ProgressBar", "emit_json", "quiet_option", "relocate", "timeout_option", "user_code_notes",
           "write"]


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


class ProgressBar:
    """A tqdm bar on stderr for the engines' progress callbacks; silent with --quiet or when stderr
    is not a terminal (pipes, files, CI). Use as a context manager; `update(done, total)` and `step(k)`."""

    def __init__(self, desc: str, total: int | None = None, quiet: bool = False, unit: str = "it",
                 bar_format: str | None = None) -> None:
        self.bar = None
        if quiet or not sys.stderr.isatty():
            return
        from tqdm import tqdm
        self.bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True,
                        bar_format=bar_format)

    def update(self, done: int, total: int | None = None) -> None:
        """`done` of `total` finished (absolute counts, as the engines report them)."""
        if self.bar is not None:
            if total is not None and total != self.bar.total:
                self.bar.total = total
            self.bar.n = done
            self.bar.refresh()

    def step(self, k: int = 1) -> None:
        """k more finished."""
        if self.bar is not None:
            self.bar.update(k)

    def describe(self, text: str) -> None:
        if self.bar is not None:
            self.bar.set_description_str(text)

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


class BudgetBar(ProgressBar):
    """For engines without a progress callback (decide's solve, verify's learning): the seconds
    spent of the --timeout budget, refreshed twice a second by a thread; same rules as ProgressBar."""

    def __init__(self, desc: str, budget: float, quiet: bool = False) -> None:
        super().__init__(desc, int(budget), quiet, "s", "{desc}: {bar} {n_fmt}/{total_fmt} s")
        self._stop = None
        if self.bar is not None:
            import threading
            import time
            self._stop = threading.Event()
            start = time.monotonic()

            def tick() -> None:
                while not self._stop.wait(0.5):
                    self.update(min(int(time.monotonic() - start), int(budget)))

            threading.Thread(target=tick, daemon=True).start()

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            self._stop.set()
        super().__exit__(*exc)


def relocate(data: dict[str, Any], dest: str | Path) -> dict[str, Any]:
    """A copy whose class path (relative to the working directory) is relative to `dest`'s directory,
    also in an embedded certificate (a criterion witness's canonical generator)."""
    out = dict(data)
    inner = data.get("generator")
    if isinstance(inner, dict) and "kind" in inner:
        out["generator"] = relocate(inner, dest)
    block = data.get("class")
    ref = block.get("path") if isinstance(block, dict) else block
    if not isinstance(ref, str) or Path(ref).is_absolute():
        return out
    moved = os.path.relpath(Path(ref).resolve(), Path(dest).resolve().parent)
    moved = Path(moved).as_posix()
    out["class"] = {**block, "path": moved} if isinstance(block, dict) else moved
    return out


def write(data: dict[str, Any], path: str | Path) -> None:
    """Write a certificate as stable, diff-friendly JSON, its class path relative to the file."""
    try:
        Path(path).write_text(json.dumps(relocate(data, path), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the certificate: {exc}") from None
