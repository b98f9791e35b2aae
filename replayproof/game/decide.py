"""Decide a class: by the game, by the criterion or both; every certificate re-checked by the kernel.

The two methods are independent decision procedures for the same question (proper generation in
the limit with replay); a disagreement is a bug and never becomes a verdict (docs/game.md).
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..trusted.errors import EXIT_INTERNAL, EXIT_REFUTED, InputError, ReplayproofError, SolverUnknown

if TYPE_CHECKING:  # annotations only
    from ..trusted.certificates import CheckResult
    from ..trusted.classes.model import FiniteClass

METHODS = ("game", "criterion", "both")
BOTH_MAX_N = 8          # default method: both up to this many hypotheses, criterion above
GAME_WARN_N = 12        # above this the game may take hours
GAME_INPROCESS_N = 8    # above this the game runs in a worker process that honours the deadline
MAX_HYPOTHESES = 64
MAX_CELLS = 4096


class CertificateRejected(ReplayproofError):
    """The independent checker rejected a certificate the solver produced (a bug): no verdict."""

    exit_code = EXIT_REFUTED


class MethodsDisagree(ReplayproofError):
    """The game and the criterion gave different verdicts: an internal error, never a verdict."""

    exit_code = EXIT_INTERNAL


@dataclass(frozen=True)
class Decision:
    """A verdict, the certificate that carries it and its check; the other method's, if it ran."""

    verdict: str                     # "generatable" or "not-generatable"
    method: str                      # "game", "criterion" or "both"
    replay: bool
    certificate: dict[str, Any]      # the game's certificate when the game ran, else the criterion's
    check: CheckResult
    criterion_certificate: dict[str, Any] | None = None  # with method "both"
    criterion_check: CheckResult | None = None
    seconds: dict[str, float] | None = None              # per method

    def _repr_html_(self) -> str:
        """A notebook shows the explorer page (docs/explore.md) of the certificate."""
        from ..explore import decision_text, notebook
        path = self.certificate["class"].get("path") or self.certificate["class"]["name"]
        return notebook(self.certificate, checked=self.check,
                        text=decision_text(self, self.certificate["class"]["name"], path))


def run_decide(file: str, replay: bool, timeout_ms: int = 20_000):
    """Load, solve, build the certificate and re-check it; returns (class, solution, cert, check result)."""
    from ..trusted.certificates import check as run_check
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


def default_method(n: int, replay: bool) -> str:
    """both for small classes, criterion above BOTH_MAX_N; the game alone without replay."""
    if not replay:
        return "game"
    return "both" if n <= BOTH_MAX_N else "criterion"


def check_limits(cls: FiniteClass, max_cells: int = MAX_CELLS) -> None:
    """The criterion's input limits: at most 64 hypotheses and max_cells non-empty cells."""
    where = cls.source or cls.name
    if cls.n > MAX_HYPOTHESES:
        raise InputError(f"{where}: {cls.n} hypotheses; decide supports at most {MAX_HYPOTHESES}")
    if len(cls.table.cells) > max_cells:
        raise InputError(f"{where}: {len(cls.table.cells)} non-empty cells, more than --max-cells {max_cells}")


def decide_class(cls: FiniteClass, source: str | None, method: str | None = None, replay: bool = True,
                 deadline_s: float | None = None, max_cells: int = MAX_CELLS) -> Decision:
    """Decide a loaded class by `method` (None = default_method); certificates checked, methods compared."""
    from ..trusted.certificates import check as run_check
    check_limits(cls, max_cells)
    method = method or default_method(cls.n, replay)
    if method not in METHODS:
        raise InputError(f"unknown method {method!r} (known: {', '.join(METHODS)})")
    if not replay and method != "game":
        raise InputError("the criterion characterizes generation with replay; without replay use --method game "
                         "(every finite class is generatable without replay, docs/game.md)")
    seconds: dict[str, float] = {}
    game_cert = crit_cert = None
    if method in ("game", "both"):
        start = time.perf_counter()
        game_cert = _game_certificate(cls, source, replay, deadline_s)
        seconds["game"] = time.perf_counter() - start
    if method in ("criterion", "both"):
        from ..classes.criterion import criterion
        from .criterion_build import certificate
        start = time.perf_counter()
        crit_cert = certificate(cls, criterion(cls.table), source)
        seconds["criterion"] = time.perf_counter() - start
    if game_cert is not None and crit_cert is not None and game_cert["verdict"] != crit_cert["verdict"]:
        path = _dump_disagreement(cls, game_cert, crit_cert)
        raise MethodsDisagree(f"internal error: the game says {game_cert['verdict']} but the criterion says "
                              f"{crit_cert['verdict']} for {cls.name}; both certificates written to {path} "
                              "(please report this bug)")
    results = {}
    for cert in (game_cert, crit_cert):
        if cert is None:
            continue
        start = time.perf_counter()
        result = run_check(cert)
        seconds["check " + cert["kind"]] = time.perf_counter() - start
        if not result.valid:
            raise CertificateRejected(f"the {cert['verdict']} certificate ({cert['kind']}) failed its independent "
                                      f"check: {result.message}")
        results[id(cert)] = result
    primary = game_cert if game_cert is not None else crit_cert
    other = crit_cert if game_cert is not None else None
    return Decision(primary["verdict"], method, replay, primary, results[id(primary)], other,
                    results[id(other)] if other is not None else None, seconds)


def _game_certificate(cls: FiniteClass, source: str | None, replay: bool, deadline_s: float | None) -> dict:
    from .build import certificate
    if cls.n <= GAME_INPROCESS_N or deadline_s is None:
        from .solve import solve
        return certificate(cls, solve(cls.table, replay), source)
    return _solve_with_deadline(cls, source, replay, deadline_s)


def _solve_worker(cls: FiniteClass, source: str | None, replay: bool) -> dict:
    """Solve and build in the worker: the certificate is plain data, the solution is not picklable."""
    from .build import certificate
    from .solve import solve
    return certificate(cls, solve(cls.table, replay), source)


def _solve_with_deadline(cls: FiniteClass, source: str | None, replay: bool, deadline_s: float) -> dict:
    """The game solve and its certificate in a forked worker, abandoned (unknown) after deadline_s seconds."""
    import multiprocessing
    ctx = multiprocessing.get_context("fork")
    pool = ctx.Pool(1)
    try:
        job = pool.apply_async(_solve_worker, (cls, source, replay))
        return job.get(timeout=deadline_s)
    except multiprocessing.TimeoutError:
        raise SolverUnknown(f"{cls.source or cls.name}: the game solve did not finish within {deadline_s:g} s "
                            "(no verdict; try --method criterion)") from None
    finally:
        pool.terminate()
        pool.join()


def _dump_disagreement(cls: FiniteClass, game_cert: dict, crit_cert: dict) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", cls.name)
    fd, path = tempfile.mkstemp(prefix=f"replayproof-disagreement-{safe}-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"class": cls.name, "game": game_cert, "criterion": crit_cert}, fh, indent=1, sort_keys=True)
    return path
