"""`replayproof budget`, `decide --replay-budget/--replay-delay/--noise/--omit` (numbers or "finite") and `sweep
--model budget|noise:K|omit:I|...:finite`: thin shells over variants.decide and the sweeps."""
from __future__ import annotations

import click

from ..trusted.errors import InputError
from ..trusted.kernel import FINITE
from ..output import timeout_option


def parse_budget(text: str | None) -> int | None:
    """'3' -> 3, 'unbounded' -> None; anything else is an input error naming the value."""
    if text is None or text.strip().lower() in ("unbounded", "inf", "none"):
        return None
    if text.strip().isdigit():
        return int(text)
    raise InputError(f"--replay-budget {text!r}: give a number of replays (0, 1, 2, ...), 'unbounded' or 'finite'")


def run_variant(file: str, budget_text: str | None, delay: int, export: str | None, as_json: bool,
                timeout: int, noise: int = 0, omit: int = 0, method: str | None = None) -> None:
    """decide under a replay budget and/or delay: the verdict and its kernel-checked certificate; with --method
    criterion or both, also the criterion's verdict, compared."""
    from ..classes.classfile import load
    from .decide import criterion_of, decide_compared
    from ..trusted.certificates.variant import Variant
    try:
        variant = Variant(parse_budget(budget_text), delay, noise, omit)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    crit = criterion_of(method, variant.budget, variant.delay, variant.noise, variant.omit, variant.words())
    cls = load(file, timeout_ms=timeout * 1000)
    report(cls, file, variant, decide_compared(cls, file, variant, crit, method), crit, "the budget game, "
           "docs/variants.md", export, as_json)


def report(cls, file: str, variant, dec, crit, game: str, export: str | None, as_json: bool) -> None:
    """Write and print a decision under a model (JSON or plain), naming the method(s) that decided it."""
    from ..output import write
    if export:
        write(dec.certificate, export)
    if as_json:
        from ..output import emit_json
        from .build import model_json
        emit_json({"class": cls.name, "file": file, "notion": "proper-limit", "model": model_json(variant),
                   "verdict": dec.verdict, **({"method": "both"} if crit else {}),
                   "certificate": {"kind": dec.certificate["kind"], "valid": dec.check.valid,
                                   "message": dec.check.message, "exported": export}})
        return
    by = f"the criterion of docs/variants.md §7c and {game.split(',')[0]}, which agree" if crit else game
    click.echo(f"{dec.verdict}: {cls.name} ({file}), proper generation in the limit under {variant.words()} (by {by})")
    click.echo(f"  {dec.certificate['summary']}")
    click.echo(f"  certificate re-checked by the kernel under {variant.words()}: valid ({dec.certificate['kind']})")
    if export:
        click.echo(f"  certificate written to {export} (replayproof check {export})")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--replay-delay", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Replays may copy only answers at least this many rounds old (1: the paper's model).")
@click.option("--export-adversary", type=click.Path(dir_okay=False), metavar="CERT.json",
              help="Write the adversary certificate at k = b*.")
@click.option("--export-generator", type=click.Path(dir_okay=False), metavar="CERT.json",
              help="Write the generator certificate at k = b* - 1 (or at the bound K when no finite b* exists).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@timeout_option(60)
def budget(file: str, replay_delay: int, export_adversary: str | None, export_generator: str | None,
           as_json: bool, timeout: int) -> None:
    """The replay number b*(H): the fewest replayed inputs that defeat every proper generator.

    b*(H) is the least budget k such that no proper generator generates the class in the limit
    when the adversary may insert at most k replayed inputs (inputs outside the target) into the
    whole stream (docs/variants.md). Budget 0 is the standard model, where every finite class is
    generatable; unbounded is the paper's.

    \b
    b* = k     an adversary certificate at budget k and, when k >= 1, a generator certificate
               at budget k - 1, both re-checked by the kernel under their budget;
    none       generatable even with unbounded replay (the paper's certificate);
    none (no finite budget suffices)
               replay defeats every generator, but only with infinitely many replays: a
               generator certificate at K = F + n - 1, which covers every finite budget (Lemma B).

    \b
    Example:
      replayproof budget encodings/classes/h4.toml   -> b*(H4) = 1
    """
    from ..output import write
    from ..classes.classfile import load
    from .decide import replay_number
    cls = load(file, timeout_ms=timeout * 1000)
    r = replay_number(cls, file, replay_delay)
    if export_adversary and r.adversary is not None:
        write(r.adversary.certificate, export_adversary)
    if export_generator and r.generator is not None:
        write(r.generator.certificate, export_generator)
    shown = {"finite": str(r.number), "none-generatable": "none",
             "none-infinitely-many": "none (no finite budget suffices)"}[r.kind]
    pairs = [(what, d) for what, d in (("adversary", r.adversary), ("generator", r.generator)) if d is not None]
    if as_json:
        from ..output import emit_json
        from .build import model_json
        emit_json({"class": cls.name, "file": file, "replay_delay": replay_delay, "replay_number": r.number,
                   "kind": r.kind, "bound": r.bound, "unbounded_verdict": r.unbounded.verdict,
                   "certificates": [{"role": what, "model": model_json(d.variant), "kind": d.certificate["kind"],
                                     "verdict": d.verdict, "valid": d.check.valid, "message": d.check.message}
                                    for what, d in pairs]})
        return
    delay = "" if replay_delay == 1 else f" (replay delay {replay_delay})"
    click.echo(f"b*({cls.name}) = {shown}{delay}   ({file})")
    if r.kind == "none-generatable":
        click.echo(f"  generatable in the limit even with unbounded replay: {r.unbounded.certificate['summary']}")
        click.echo(f"  certificate re-checked by the kernel: valid ({r.unbounded.certificate['kind']})")
    if r.kind == "none-infinitely-many":
        click.echo(f"  unbounded replay defeats every proper generator ({r.unbounded.certificate['summary']}), "
                   f"but no finite budget does: budgets 0..{r.bound} solved; K = {r.bound} = F + n - 1 covers "
                   "every finite budget (docs/variants.md, Lemma B)")
    for what, d in pairs:
        click.echo(f"  {d.verdict} under {d.variant.words()}: {d.certificate['summary']}")
        click.echo(f"    certificate re-checked by the kernel under {d.variant.words()}: valid ({d.certificate['kind']})")
    if export_adversary and r.adversary is not None:
        click.echo(f"  adversary certificate written to {export_adversary}")
    if export_generator and r.generator is not None:
        click.echo(f"  generator certificate written to {export_generator}")


def run_budget_sweep(n: int, cards: tuple[float, ...], cards_text: str, as_json: bool) -> None:
    """sweep --model budget: b* over every class of the size, verdict changes per budget, certified examples."""
    from .sweep import NONE, certify, sweep_budgets
    result = sweep_budgets(n, cards)
    certified = certify(result)
    budgets = [0, 1, 2, 3]
    if as_json:
        from ..output import emit_json
        emit_json({"size": n, "cards": cards_text, "classes": result.total, "defeated_by_unbounded_replay": result.defeated,
                   "replay_numbers": {str(k): v for k, v in sorted(result.histogram.items(), key=lambda kv: str(kv[0]))},
                   "changes_vs_unbounded": {str(k): result.changes(k) for k in budgets},
                   "seconds": round(result.seconds, 2),
                   "examples": [{"replay_number": c.example.number, "code": c.example.code, "cells": c.example.cells,
                                 "certificates": [{"model": m, "kind": k, "valid": v} for m, k, v, _ in c.checks]}
                                for c in certified]})
        return
    click.echo(f"size {n}, cardinalities {cards_text}: {result.total} classes in {result.seconds:.1f} s; "
               f"unbounded replay defeats {result.defeated}")
    for b, k in sorted(result.histogram.items(), key=lambda kv: (kv[0] == NONE, str(kv[0]))):
        label = "no finite budget suffices" if b == NONE else f"b* = {b}"
        click.echo(f"  {k:>7}  {label}")
    for k in budgets:
        click.echo(f"  budget {k}: {result.changes(k)} classes change verdict from unbounded replay")
    for c in certified:
        label = "no finite budget" if c.example.number == NONE else f"b* = {c.example.number}"
        ok = all(v for _, _, v, _ in c.checks)
        click.echo(f"smallest with {label}: {c.example.cells} (code {c.example.code}); certificates: "
                   + "; ".join(f"{m}: {k} {'valid' if v else 'INVALID'}" for m, k, v, _ in c.checks))
        if not ok:
            from .decide import CertificateRejected
            bad = next(msg for _, _, v, msg in c.checks if not v)
            raise CertificateRejected(f"a certificate of the sweep failed its check: {bad}")


def run_noise_sweep(n: int, cards: tuple[float, ...], cards_text: str, model: str, as_json: bool) -> None:
    """sweep --model noise:K / omit:I: noise K (or I omissions) without replay against unbounded replay,
    certified separations."""
    from .decide import CertificateRejected
    from .sweep import certify_noise, sweep_noise
    name, text = model.split(":", 1)
    if not text.isdigit() or not 1 <= int(text) <= 8:
        raise InputError(f"--model {model!r}: the {name} budget must be 1..8")
    if n > 4 or (n == 4 and len(cards) > 3):
        raise InputError(f"--model {model}: sizes up to 4, with at most three cardinalities at size 4 (the game "
                         "that confirms the separations and replay budget 1 grow too large beyond)")
    result = sweep_noise(n, cards, int(text) if name == "noise" else 0, int(text) if name == "omit" else 0)
    certified = certify_noise(result)
    other = f"{'omissions' if name == 'noise' else 'noise'} {text}"
    words = {(False, False): "neither defeats", (True, True): "both defeat",
             (True, False): f"unbounded replay defeats, {name} does not",
             (False, True): f"{name} defeats, replay does not", "twin": f"{name} {text} and {other} disagree"}
    budget1 = {(False, False): "neither defeats", (True, True): "both defeat",
               (True, False): f"replay budget 1 defeats, {name} does not",
               (False, True): f"{name} defeats, replay budget 1 does not"}
    if as_json:
        from ..output import emit_json
        emit_json({"size": n, "cards": cards_text, "noise": result.noise, "omit": result.omit, "classes": result.total,
                   "pairs": {words[k]: v for k, v in sorted(result.pairs.items())},
                   "versus_budget_1": {budget1[k]: v for k, v in sorted(result.budget1.items())},
                   "twin": {"model": other, "disagree": result.twin_disagree},
                   "seconds": round(result.seconds, 2),
                   "examples": [{"pair": words[k], "code": ex.code, "cells": ex.cells,
                                 "certificates": [{"model": m, "kind": kd, "valid": v} for m, kd, v, _ in ch]}
                                for k, ex, ch in certified]})
    else:
        click.echo(f"size {n}, cardinalities {cards_text}, {name} {text} (no replay) vs unbounded replay: "
                   f"{result.total} classes in {result.seconds:.1f} s")
        for key, count in sorted(result.pairs.items()):
            click.echo(f"  {count:>7}  {words[key]}")
        click.echo(f"{name} {text} vs replay budget 1:")
        for key, count in sorted(result.budget1.items()):
            click.echo(f"  {count:>7}  {budget1[key]}")
        click.echo(f"{name} {text} vs {other}: {result.twin_disagree} classes disagree")
        for key, ex, ch in certified:
            click.echo(f"smallest where {words[key]}: {ex.cells} (code {ex.code}); certificates: "
                       + "; ".join(f"{m}: {kd} {'valid' if v else 'INVALID'}" for m, kd, v, _ in ch))
    for _, _, ch in certified:
        for _, _, v, msg in ch:
            if not v:
                raise CertificateRejected(f"a certificate of the sweep failed its check: {msg}")


def C_INF_ONLY(cards: tuple[float, ...]) -> bool:
    """Whether every non-empty cell is infinite (cards {0, inf}): small enough to solve at size 4."""
    return len(cards) == 2


# ---------------------------------------------------------------- finitely many (docs/variants.md §7b)
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
               timeout: int, noise, omit, method: str | None = None) -> None:
    """decide under a finitely-many model: the verdict and its kernel-checked certificate."""
    from ..trusted.certificates.variant import FiniteVariant
    from ..classes.classfile import load
    from .decide import criterion_of, decide_compared
    if delay != 1:
        raise InputError(f"--replay-delay {delay} with finitely many noise inputs, omissions or replays is not "
                         "supported (docs/variants.md §7)")
    try:
        finite = budget_text is not None and budget_text.strip().lower() == FINITE
        budget = FINITE if finite else parse_budget(budget_text)
        variant = FiniteVariant(budget, noise, omit)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    crit = criterion_of(method, variant.budget, 1, variant.noise, variant.omit, variant.words())
    cls = load(file, timeout_ms=timeout * 1000)
    report(cls, file, variant, decide_compared(cls, file, variant, crit, method), crit,
           "the finitely-many game, docs/variants.md §7", export, as_json)


def run_finite_sweep(n: int, cards: tuple[float, ...], cards_text: str, model: str, as_json: bool) -> None:
    """sweep --model noise:finite / omit:finite / budget:finite against the fixed models, certified separations."""
    from .decide import CertificateRejected
    from .finite_sweep import certify_finite, fixed_models, sweep_finite
    name = model.split(":", 1)[0]
    if name != "budget" and (n > 4 or (n == 4 and len(cards) > 3)):
        raise InputError(f"--model {model}: sizes up to 4, with at most three cardinalities at size 4 (the games "
                         "that confirm the separations grow too large beyond)")
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
