"""`decide --noise finite / --omit finite / --replay-budget finite` and `sweep --model noise:finite ...`:
thin shells over variants.finite_decide and variants.finite_sweep."""
from __future__ import annotations

import click

from ..errors import InputError
from ..kernel import FINITE


class Limit(click.ParamType):
    """A number or 'finite' (click type for --noise and --omit)."""

    name = "K|finite"

    def convert(self, value, param, ctx):
        if isinstance(value, int) or value == FINITE:
            return value
        text = str(value).strip().lower()
        if text == FINITE:
            return FINITE
        if text.isdigit() and int(text) <= 64:
            return int(text)
        self.fail(f"{value!r}: give a number 0..64 or 'finite'", param, ctx)


def wants_finite(budget_text: str | None, noise, omit) -> bool:
    """Whether decide's options name a "finitely many" model."""
    return FINITE in (noise, omit) or (budget_text is not None and budget_text.strip().lower() == FINITE)


def run_finite(file: str, budget_text: str | None, delay: int, export: str | None, as_json: bool,
               timeout: int, noise, omit) -> None:
    """decide under a finitely-many model: the verdict and its kernel-checked certificate."""
    from ..certificates import write
    from ..certificates.finite_model import FiniteVariant, parse_limit
    from ..classes.classfile import load
    from .finite_decide import decide_finite
    if delay != 1:
        raise InputError(f"--replay-delay {delay} with finitely many noise inputs, omissions or replays is not "
                         "supported (docs/variants.md §7)")
    try:
        budget = None if budget_text is None else parse_limit(budget_text, "--replay-budget", unbounded=True)
        variant = FiniteVariant(budget, noise, omit)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    cls = load(file, timeout_ms=timeout * 1000)
    dec = decide_finite(cls, file, variant)
    if export:
        write(dec.certificate, export)
    if as_json:
        from ..output import emit_json
        emit_json({"class": cls.name, "file": file, "notion": "proper-limit", "model": variant.to_json(),
                   "verdict": dec.verdict, "certificate": {"kind": dec.certificate["kind"], "valid": dec.check.valid,
                                                           "message": dec.check.message, "exported": export}})
        return
    click.echo(f"{dec.verdict}: {cls.name} ({file}), proper generation in the limit under {variant.words()} "
               "(by the finitely-many game, docs/variants.md §7)")
    click.echo(f"  {dec.certificate['summary']}")
    click.echo(f"  certificate re-checked by the kernel under {variant.words()}: valid ({dec.certificate['kind']})")
    if export:
        click.echo(f"  certificate written to {export} (replayproof check {export})")
