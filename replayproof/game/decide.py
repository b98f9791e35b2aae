"""Decide a class file: solve, build the certificate, and let the kernel-based checker accept it."""
from __future__ import annotations

from ..errors import EXIT_REFUTED, ReplayproofError


class CertificateRejected(ReplayproofError):
    """The independent checker rejected a certificate the solver produced (a bug): no verdict."""

    exit_code = EXIT_REFUTED


def run_decide(file: str, replay: bool, timeout_ms: int = 20_000):
    """Load, solve, build the certificate and re-check it; returns (class, solution, cert, check result)."""
    from ..certificates import check as run_check
    from ..classes.classfile import load
    from .build import certificate
    from .solve import solve
    cls = load(file, timeout_ms=timeout_ms)
    sol = solve(cls.table, replay)
    cert = certificate(cls, sol, file)
    result = run_check(cert, cls=cls)
    if not result.valid:
        raise CertificateRejected(f"the {sol.verdict} certificate failed its independent check: {result.message}")
    return cls, sol, cert, result
