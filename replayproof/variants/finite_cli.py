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


def run_finite_sweep(n: int, cards: tuple[float, ...], cards_text: str, model: str, as_json: bool) -> None:
    """sweep --model noise:finite / omit:finite / budget:finite against the fixed models, certified separations."""
    from .decide import CertificateRejected
    from .finite_sweep import certify_finite, fixed_models, sweep_finite
    name = model.split(":", 1)[0]
    if n > 3 and len(cards) > 2 and name != "budget":
        raise InputError(f"--model {model} solves the game on every class: sizes up to 3, or size 4 with --cards 0,inf")
    result = sweep_finite(n, cards, name)
    certified = certify_finite(result)
    finite = {"noise": "finitely many noise inputs", "omit": "finitely many omissions",
              "budget": "finitely many replays"}[name]

    def pair(fixed: str, key: tuple[bool, bool]) -> str:
        return {(False, False): "neither defeats", (True, True): "both defeat",
                (True, False): f"{fixed} defeats, {finite} does not",
                (False, True): f"{finite} defeats, {fixed} does not"}[key]

    if as_json:
        from ..output import emit_json
        emit_json({"size": n, "cards": cards_text, "model": model, "classes": result.total,
                   "defeated": result.defeated, "seconds": round(result.seconds, 2),
                   "against": {fx: {"changes": result.changes(fx),
                                    "pairs": {pair(fx, k): v for k, v in sorted(result.pairs[fx].items())}}
                               for fx in fixed_models(name)},
                   "examples": [{"against": fx, "pair": pair(fx, key), "code": ex.code, "cells": ex.cells,
                                 "certificates": [{"model": m, "kind": kd, "valid": v} for m, kd, v, _ in ch]}
                                for fx, key, ex, ch in certified]})
    else:
        click.echo(f"size {n}, cardinalities {cards_text}, {finite} (no other limit): {result.total} classes in "
                   f"{result.seconds:.1f} s; {result.defeated} not generatable")
        for fx in fixed_models(name):
            click.echo(f"  against {fx}: {result.changes(fx)} classes change verdict ("
                       + ", ".join(f"{pair(fx, k)}: {v}" for k, v in sorted(result.pairs[fx].items())) + ")")
        for fx, key, ex, ch in certified:
            click.echo(f"smallest where {pair(fx, key)}: {ex.cells} (code {ex.code}); certificates: "
                       + "; ".join(f"{m}: {kd} {'valid' if v else 'INVALID'}" for m, kd, v, _ in ch))
    for _, _, _, ch in certified:
        for _, _, v, msg in ch:
            if not v:
                raise CertificateRejected(f"a certificate of the sweep failed its check: {msg}")
