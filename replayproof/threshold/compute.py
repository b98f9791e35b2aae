"""The optimal uniform threshold d*(H), with and without replay, each certified on its own.

Lower bound: the closure-dimension adversary (lowerbound.py) refutes every d <= C(H), a full
proof re-checked by the kernel. Upper bound: a generator for d = C(H) + 1 (the closure rule
without replay, its burn-in conversion with replay), verified by the attack search on every
legal stream up to a horizon, with the horizon-free argument in docs/threshold.md; by default the
upper bounds and the control are decided for every horizon by `replayproof.verify` (docs/verify.md).
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ..classes.cells import closure_dimension, non_uus
from ..trusted.errors import InputError
from ..trusted.kernel import Mode
from .lowerbound import certificate as lower_certificate
from ..trusted.classes.model import FiniteClass

MODES = {"standard": Mode(replay=False), "replay": Mode(replay=True)}
GENERATOR = {"standard": "closure", "replay": "burn-in:closure"}


@dataclass(frozen=True)
class Verification:
    """A bounded search for a stream defeating `generator` at threshold d, and its outcome."""

    mode: str
    generator: str
    d: int
    horizon: int | None     # None: every horizon (replayproof.verify)
    outcome: str            # "verified-canonical at every horizon" (bundled generators), "not-defeated-within T", "defeated" or "unknown"
    streams: int            # size of the searched space (candidate streams; product states for verify)
    trace: dict[str, Any] | None = None   # the defeating trace certificate, if defeated


@dataclass(frozen=True)
class ModeResult:
    mode: str
    d_star: int | None      # None when the upper bound could not be verified
    refuted_below: bool     # d* - 1 is refuted by the lower-bound certificate (vacuous when d* = 1)
    upper: Verification


@dataclass(frozen=True)
class ThresholdResult:
    source: str
    closure_dimension: int
    lower: dict[str, Any] | None        # certificate refuting C(H) (None when C(H) = 0)
    modes: tuple[ModeResult, ...]
    unconverted: Verification | None    # the closure rule under replay, unconverted (Theorem 4.1 control)


def verify(cls: FiniteClass, spec: str, mode: str, d: int, horizon: int, timeout: float,
           source: str) -> Verification:
    """Search every legal stream of at most `horizon` rounds for one defeating spec at threshold d."""
    return _verifications(cls, spec, mode, d, [horizon], timeout, source)[-1]


def _verifications(cls: FiniteClass, spec: str, mode: str, d: int, horizons: list[int], timeout: float,
                   source: str) -> list[Verification]:
    """One search deepened through ascending horizons (no round is searched twice): a Verification
    per horizon reached, ending at the first defeat, or with "unknown" when the budget runs out."""
    from ..attack.search import deepen
    from ..attack.space import make_game
    from ..trusted.errors import SolverUnknown
    from ..generators.under_test import runner
    game = make_game(cls, MODES[mode], "uniform", max(horizons), d, None, 0)
    run = runner(spec, cls, d)
    generator = run.gen
    out: list[Verification] = []
    try:
        for outcome in deepen(game, run, horizons, timeout=timeout):
            out.append(_verification(cls, spec, mode, d, outcome, generator, source))
    except SolverUnknown:
        T = horizons[len(out)]
        out.append(Verification(mode, spec, d, T, "unknown",
                                sum(game.at_horizon(T).streams_bound(h) for h in game.targets)))
    return out


def _verification(cls: FiniteClass, spec: str, mode: str, d: int, outcome, generator, source: str) -> Verification:
    """A search outcome at one horizon as a Verification; a defeat only once its certificate checks."""
    from ..attack.certificate import certificate as trace_certificate
    from ..trusted.certificates import check
    game = outcome.game
    streams = sum(game.streams_bound(h) for h in game.targets)
    if not outcome.defeated:
        return Verification(mode, spec, d, game.horizon, f"not-defeated-within {game.horizon}", streams)
    cert = trace_certificate(game, outcome.found, spec, generator.bundled, d if spec.startswith("burn-in") else None,
                             source)
    if not check(cert, cls=cls).valid:  # the kernel disposes: an unchecked defeat is no verdict
        return Verification(mode, spec, d, game.horizon, "unknown", streams)
    return Verification(mode, spec, d, game.horizon, "defeated", streams, cert)


def verify_all(cls: FiniteClass, spec: str, mode: str, d: int, timeout: float, source: str) -> Verification:
    """Decide spec at threshold d for every horizon (replayproof.verify), certificate re-checked."""
    from ..trusted.certificates import check
    from ..trusted.errors import SolverUnknown
    from ..verify.engine import verify_generator
    try:
        r = verify_generator(cls, spec, "uniform", {h: d for h in range(cls.n)}, MODES[mode].replay,
                             source=source, timeout=timeout)
    except SolverUnknown:
        return Verification(mode, spec, d, None, "unknown", 0)
    if not check(r.certificate, cls=cls).valid:
        return Verification(mode, spec, d, None, "unknown", r.states)
    if r.verdict == "defeated":
        return Verification(mode, spec, d, None, "defeated", r.states, r.certificate)
    return Verification(mode, spec, d, None, f"{r.verdict} at every horizon", r.states)


def threshold(cls: FiniteClass, source: str, *, horizon: int | None = None, timeout: float = 60.0,
              modes: tuple[str, ...] = ("standard", "replay"),
              progress: Callable[[int, int], None] | None = None) -> ThresholdResult:
    """d* with and without replay, each from its own lower-bound refutation and upper-bound search;
    `timeout` is the wall-clock budget of all the searches together (seconds); progress(steps done,
    steps in all) after the lower bound and after each upper-bound verification."""
    import time
    deadline = time.monotonic() + timeout

    def left() -> float:
        return max(0.001, deadline - time.monotonic())
    if non_uus(cls.table):
        raise InputError(f"{source}: not UUS (finite support: "
                         f"{', '.join(cls.names[h] for h in non_uus(cls.table))}); d* is defined for UUS classes")
    c = closure_dimension(cls.table)
    lower = lower_certificate(cls, source)
    from ..trusted.certificates import check
    refuted = lower is not None and check(lower, cls=cls).valid
    steps = 1 + len(modes) + ("replay" in modes)
    if progress:
        progress(1, steps)
    d = (lower["refutes_threshold"] + 1) if refuted else 1
    if horizon is not None and horizon < d:
        raise InputError(f"--horizon {horizon} is below the candidate threshold {d}: nothing would be verified")
    results = []
    for mode in modes:
        spec = GENERATOR[mode]
        up = _budgeted(lambda: (verify_all(cls, spec, mode, d, left(), source) if horizon is None
                                else verify(cls, spec, mode, d, horizon, left(), source)),
                       Verification(mode, spec, d, horizon, "unknown", 0), left())
        ok = up.outcome.startswith(("not-defeated", "verified"))
        results.append(ModeResult(mode, d if ok else None, refuted or d == 1, up))
        if progress:
            progress(1 + len(results), steps)
    control_horizon = horizon if horizon is not None else min(d + 2, 64)
    unconverted = None
    expired = any(m.upper.outcome == "unknown" and m.upper.streams == 0 for m in results)
    if "replay" in modes and expired:  # a mode ran out of budget before searching: the control would too
        unconverted = Verification("replay", "closure", d, horizon, "unknown", 0)
    elif "replay" in modes:
        unconverted = _budgeted(lambda: (verify_all(cls, "closure", "replay", d, left(), source) if horizon is None
                                         else verify(cls, "closure", "replay", d, control_horizon, left(), source)),
                                Verification("replay", "closure", d, horizon, "unknown", 0), left())
    if progress and "replay" in modes:
        progress(steps, steps)
    return ThresholdResult(source, c, lower if refuted else None, tuple(results), unconverted)


class _Expired(BaseException):
    """The wall-clock budget ran out (a BaseException, so no `except Exception` on the way swallows it)."""


@contextmanager
def _budget(seconds: float) -> Iterator[None]:
    """Raise _Expired in the main thread once `seconds` have passed, wherever the work is (building the
    model, scanning cells, searching); elsewhere, or without SIGALRM, the engines' own deadlines only."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _Expired()
    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _budgeted(run: Callable[[], Verification], unknown: Verification, seconds: float) -> Verification:
    """run() within the per-mode budget; `unknown` (no verdict) when the budget runs out first."""
    try:
        with _budget(seconds):  # the engines also stop themselves at `seconds`; this catches what they miss
            return run()
    except _Expired:
        return unknown


def to_json(r: ThresholdResult) -> dict[str, Any]:
    """The stable JSON form of a threshold result."""
    def ver(v: Verification) -> dict[str, Any]:
        return {"generator": v.generator, "mode": v.mode, "threshold": v.d, "horizon": v.horizon,
                "outcome": v.outcome, "streams_searched": v.streams}
    return {
        "class": r.source,
        "closure_dimension": r.closure_dimension,
        "d_star": {m.mode: m.d_star for m in r.modes},
        "equal": len({m.d_star for m in r.modes}) == 1 and r.modes[0].d_star is not None,
        "lower_bound": ({"refutes_threshold": r.lower["refutes_threshold"], "stream": r.lower["stream"],
                         "targets": r.lower["targets"], "check": "valid"} if r.lower else None),
        "upper_bound": {m.mode: ver(m.upper) for m in r.modes},
        "unconverted_closure_with_replay": ({**ver(r.unconverted), "certificate": r.unconverted.trace}
                                            if r.unconverted else None),
    }


def render(r: ThresholdResult) -> str:
    """The human-readable report."""
    out = [f"class {r.source}", f"closure dimension C(H) = {r.closure_dimension}"]
    for m in r.modes:
        label = "with replay   " if m.mode == "replay" else "without replay"
        out.append(f"d* {label} = {m.d_star if m.d_star is not None else 'not certified'}")
    if r.lower:
        out.append(f"lower bound: no generator reaches d = {r.lower['refutes_threshold']} (certificate valid): "
                   f"after the stream {r.lower['stream']} every answer is wrong for one of {r.lower['targets']}")
    else:
        out.append("lower bound: none needed (d >= 1 always; C(H) = 0)")
    for m in r.modes:
        v = m.upper
        size = f"{v.streams} product states" if v.horizon is None else f"{v.streams} candidate streams"
        out.append(f"upper bound ({m.mode}): {v.generator} at d = {v.d}: {v.outcome} ({size})")
    if r.unconverted:
        v = r.unconverted
        note = "  (Theorem 4.1: replay needs the burn-in conversion here)" if v.outcome == "defeated" else ""
        out.append(f"control: closure without burn-in, with replay, at d = {v.d}: {v.outcome}{note}")
        if v.trace:
            out.append("  defeating trace: " + _trace_line(v.trace))
    return "\n".join(out)


def _trace_line(cert: dict[str, Any]) -> str:
    return (f"target {cert['target']}, inputs {cert['inputs']}, answers {cert['answers']}, "
            f"wrong at round {cert['failing_round']}")
