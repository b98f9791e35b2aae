"""Decide a class under a "finitely many" model (docs/variants.md §7); the certificate re-checked."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..trusted.certificates.finite_model import FiniteVariant
from .decide import CertificateRejected, _limits

if TYPE_CHECKING:
    from ..trusted.certificates import CheckResult
    from ..trusted.classes.model import FiniteClass


@dataclass(frozen=True)
class FiniteDecision:
    verdict: str
    variant: FiniteVariant
    certificate: dict[str, Any]
    check: CheckResult


def decide_finite(cls: FiniteClass, source: str | None, variant: FiniteVariant) -> FiniteDecision:
    """Solve the game of `variant`, build the winner's certificate and re-check it with the kernel."""
    from ..trusted.certificates import check as run_check
    from .finite import solve_finite
    from .finite_build import certificate
    _limits(cls)
    sol = solve_finite(cls.table, variant)
    cert = certificate(cls, sol, variant, source)
    result = run_check(cert, cls=cls)
    if not result.valid:
        raise CertificateRejected(f"the {sol.verdict} certificate under {variant.words()} failed its independent "
                                  f"check: {result.message}")
    return FiniteDecision(sol.verdict, variant, cert, result)
