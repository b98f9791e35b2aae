"""Decide a class under a replay variant (fixed or finitely-many limits), and its replay number b*(H); every
certificate re-checked.

b*(H) is the least budget k under which no proper generator generates H in the limit. The search is
finite: if some budget defeats every generator, so does K = F + n - 1 (F the total size of the finite
cells, n the number of hypotheses; docs/variants.md, Lemma B), and budgets only help the adversary.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from ..game.decide import CertificateRejected
from ..trusted.errors import InputError
from ..trusted.certificates.variant import FiniteVariant, Variant

if TYPE_CHECKING:
    from ..trusted.certificates import CheckResult
    from ..trusted.classes.cells import CellTable
    from ..trusted.classes.model import FiniteClass

MAX_HYPOTHESES = 10


@dataclass(frozen=True)
class VariantDecision:
    """A verdict under a model (a FiniteVariant for the finitely-many models) with its checked certificate."""
    verdict: str
    variant: Variant
    certificate: dict[str, Any]
    check: CheckResult


@dataclass(frozen=True)
class ReplayNumber:
    """b*(H): `number` None when no finite budget defeats every generator; `kind` says why."""

    number: int | None
    kind: str                              # "finite", "none-generatable", "none-infinitely-many"
    bound: int                             # budgets 0..bound were solved
    adversary: VariantDecision | None      # at k = b*
    generator: VariantDecision | None      # at k = b* - 1, or at k = bound when there is no b*
    unbounded: VariantDecision             # the paper's model (budget unbounded)


def _limits(cls: FiniteClass) -> None:
    if cls.n > MAX_HYPOTHESES:
        raise InputError(f"{cls.source or cls.name}: {cls.n} hypotheses; replay variants are decided by the game "
                         f"for at most {MAX_HYPOTHESES}")


def decide_variant(cls: FiniteClass, source: str | None, variant: Variant) -> VariantDecision:
    """Solve the budget game, build the winner's certificate for `variant` and re-check it."""
    from .build import certificate
    from .solve import solve
    return _certified(cls, source, variant, lambda t: solve(t, variant.budget, variant.noise, variant.omit,
                                                             variant.delay), certificate)


def decide_finite(cls: FiniteClass, source: str | None, variant: FiniteVariant) -> VariantDecision:
    """Solve the game of a finitely-many `variant` (docs/variants.md §7b), build the winner's certificate and
    re-check it with the kernel."""
    from .finite import solve_finite
    from .finite_build import certificate
    return _certified(cls, source, variant, lambda t: solve_finite(t, variant), certificate)


def _certified(cls: FiniteClass, source: str | None, variant: Variant, solve: Callable, certificate: Callable
               ) -> VariantDecision:
    """The game's verdict under `variant` with the winner's certificate, which `check` must accept."""
    from ..trusted.certificates import check as run_check
    _limits(cls)
    sol = solve(cls.table)
    cert = certificate(cls, sol, variant, source)
    result = run_check(cert, cls=cls)
    if not result.valid:
        raise CertificateRejected(f"the {sol.verdict} certificate under {variant.words()} failed its independent "
                                  f"check: {result.message}")
    return VariantDecision(sol.verdict, variant, cert, result)


def criterion_of(method: str | None, budget, delay: int, noise, omit, words: str) -> Callable[[CellTable], bool] | None:
    """`method` criterion or both under a model: the criterion of docs/variants.md §7c that decides it (adversary
    wins -> True), an input error where none is known, and None for the game alone (method None or game)."""
    if method in (None, "game"):
        return None
    if method not in ("criterion", "both"):
        raise InputError(f"unknown method {method!r} (known: game, criterion, both)")
    from .criterion import criterion_for
    crit = criterion_for(budget, delay, noise, omit)
    if crit is None:
        raise InputError(f"--method {method}: no criterion is known under {words} (docs/variants.md §7c: no "
                         "replay, delay 1, and not 'finite' together with another limit); use --method game")
    return crit


def check_applies(crit: Callable[[CellTable], bool] | None, cls: FiniteClass, method: str | None) -> None:
    """The criteria of §7c are proved for UUS classes (a stay needs an infinite cell): refuse the others."""
    if crit is None:
        return
    from ..classes.cells import non_uus
    finite = [cls.names[h] for h in non_uus(cls.table)]
    if finite:
        raise InputError(f"--method {method}: {', '.join(finite)} {'has' if len(finite) == 1 else 'have'} finite "
                         "support; the criteria of docs/variants.md §7c hold for UUS classes only (every "
                         "hypothesis infinite, docs/model.md §1); use --method game")


def compare(crit: Callable[[CellTable], bool] | None, cls: FiniteClass, verdict: str, words: str) -> None:
    """The criterion must give the game's verdict: a disagreement is an internal error (exit 70), never a verdict."""
    if crit is not None and crit(cls.table) != (verdict == "not-generatable"):
        from ..game.decide import MethodsDisagree
        raise MethodsDisagree(f"internal error: the game says {verdict} under {words} but the criterion of "
                              "docs/variants.md §7c says otherwise")


def decide_compared(cls: FiniteClass, source: str | None, variant, crit: Callable[[CellTable], bool] | None,
                    method: str | None = None):
    """decide under `variant` (a fixed Variant or a FiniteVariant) by its game, certificate re-checked; with a
    criterion (from `criterion_of`), the class must be UUS and the criterion must give the game's verdict."""
    check_applies(crit, cls, method)
    dec = (decide_finite if isinstance(variant, FiniteVariant) else decide_variant)(cls, source, variant)
    compare(crit, cls, dec.verdict, variant.words())
    return dec


def decide_model(cls: FiniteClass, replay_budget: int | str | None = None, replay_delay: int = 1,
                 noise: int | str = 0, omit: int | str = 0, method: str | None = None, source: str | None = None):
    """The Python API's `replayproof.decide_model`, like `replayproof decide --replay-budget --replay-delay --noise
    --omit [--method]`: each limit a number or "finite" (replay_budget None: unbounded); method "criterion" or
    "both" also runs the criterion of §7c and compares it with the game. Returns the decision (`verdict`,
    `certificate`, `check`: the kernel's re-check)."""
    from ..trusted.kernel import FINITE
    try:
        if FINITE in (replay_budget, noise, omit):
            if replay_delay != 1:
                raise InputError("a replay delay with finitely many noise inputs, omissions or replays is not supported")
            variant: Variant | FiniteVariant = FiniteVariant(replay_budget, noise, omit)
        else:
            variant = Variant(replay_budget, replay_delay, noise, omit)
    except (TypeError, ValueError) as exc:
        raise InputError(f"decide_model: {exc}") from None
    crit = criterion_of(method, variant.budget, replay_delay, variant.noise, variant.omit, variant.words())
    return decide_compared(cls, source if source is not None else (cls.source or None), variant, crit, method)


def budget_bound(cls: FiniteClass) -> int:
    """K = F + n - 1: a budget that defeats every generator if any finite budget does (Lemma B)."""
    finite = sum(int(c.size) for c in cls.table.cells if not c.infinite)
    return finite + cls.n - 1


def replay_number(cls: FiniteClass, source: str | None = None, delay: int = 1) -> ReplayNumber:
    """b*(H), with the adversary certificate at b* and the generator certificate at b* - 1, each re-checked
    (`replayproof budget`; also the Python API's `replayproof.replay_number`)."""
    from .solve import solve
    _limits(cls)
    unbounded = decide_variant(cls, source, Variant(None, delay))
    bound = budget_bound(cls)
    if unbounded.verdict == "generatable":
        return ReplayNumber(None, "none-generatable", 0, None, None, unbounded)
    from .solve import FINITE
    some = solve(cls.table, FINITE).adversary_wins
    lo = next((k for k in range(bound + 1) if solve(cls.table, k).adversary_wins), None) if some else None
    if some and lo is None:
        raise AssertionError(f"some finite budget defeats every generator, but none up to K = {bound} (Lemma B)")
    if lo is None:
        gen = decide_variant(cls, source, Variant(bound, delay))
        return ReplayNumber(None, "none-infinitely-many", bound, None, gen, unbounded)
    adv = decide_variant(cls, source, Variant(lo, delay))
    gen = decide_variant(cls, source, Variant(lo - 1, delay)) if lo > 0 else None
    return ReplayNumber(lo, "finite", bound, adv, gen, unbounded)
