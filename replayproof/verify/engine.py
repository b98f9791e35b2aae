"""verify_generator: the exact verdict for one generator on a finite class, at every horizon.

Explore the product exhaustively; a bad edge (uniform) or a fair bad cycle (proper-limit) is
concretized and judged by the kernel before it is reported; otherwise every reachable product
state is the inductive invariant. Budgets raise SolverUnknown (exit 3), never a verdict.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ..trusted.classes.model import FiniteClass
from ..trusted.errors import InputError, SolverUnknown
from ..trusted.kernel import Mode, Trace, judge
from . import build
from .concrete import Concretizer, play
from .lasso import Lasso, find_lasso
from ..trusted.generators.base import ELEMENT, PROPER
from ..generators.machine import Model
from ..trusted.generators.models import BurnInModel
from ..trusted.generators.library import written
from ..generators.under_test import model as exact_model, runner
from .product import NOTIONS, Explored, Product, Question, explore, path_to

MAX_STATES = 2_000_000
UNROLL = 3


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of one verification and the certificate that `replayproof check` re-verifies."""

    verdict: str                 # "verified", "verified-canonical" (a bundled model: cell-canonical streams only),
                                 # "defeated" (or "verified-for-learned-model", see learn.py)
    spec: str
    notion: str
    replay: bool
    states: int                  # product states explored
    seconds: float
    certificate: dict[str, Any]
    trace: Trace | None = None   # the kernel-judged defeat (uniform) or the unrolled lasso (proper-limit)
    target: int | None = None
    note: str = ""
    thresholds: tuple[tuple[int, int], ...] = ()
    prefix: int = 0              # lasso: rounds before the cycle (the trace holds `unroll` cycle copies)
    burn_in: int | None = None   # burn-in's d for a burn-in:<generator>

    @property
    def defeated(self) -> bool:
        return self.verdict == "defeated"

    def _repr_html_(self) -> str:
        """A notebook shows the explorer page (docs/explore.md) of the certificate."""
        from ..explore import notebook
        return notebook(self.certificate)


def question(cls: FiniteClass, notion: str, thresholds: dict[int, int] | None, replay: bool) -> Question:
    """Validate the notion and thresholds (InputError on nonsense)."""
    if notion not in NOTIONS:
        raise InputError(f"--notion must be one of {', '.join(NOTIONS)}, not {notion!r}")
    if notion == "proper-limit":
        return Question(notion, replay)
    if not thresholds:
        raise InputError(f"--notion {notion} needs --threshold d" + (" or --thresholds h=d,..." if notion == "non-uniform" else ""))
    for h, d in thresholds.items():
        if d < 1:
            raise InputError(f"threshold {d} for {cls.names[h]} must be at least 1")
    missing = [cls.names[h] for h in range(cls.n) if h not in thresholds]
    if missing:  # a verdict about some targets only would read as one about the class (issue 21)
        raise InputError(f"--notion {notion} needs a threshold for every target; none for {', '.join(missing)} "
                         "(give --threshold d for the others)")
    if notion == "uniform" and len(set(thresholds.values())) != 1:
        raise InputError(f"--notion uniform means one d for every target, not {sorted(set(thresholds.values()))}")
    return Question(notion, replay, tuple(sorted(thresholds.items())))


def verify_generator(cls: FiniteClass, spec: str, notion: str, thresholds: dict[int, int] | None,
                     replay: bool, *, source: str | None = None, model: Model | None = None,
                     max_states: int = MAX_STATES, timeout: float = 60.0, real=None,
                     burn_in: int | None = None) -> VerifyResult:
    """Verify `spec` (or the given model) for the notion; `real` answers concrete tuples (for replays).

    burn_in is burn-in's d (default: the largest threshold)."""
    start = time.monotonic()
    spec = written(spec)  # the name as the certificate records it and `check` reads it
    q = question(cls, notion, thresholds, replay)
    d_single = burn_in if burn_in is not None else (max(thresholds.values()) if thresholds else None)
    if model is None:
        model = exact_model(spec, cls, d_single)
    if notion == "proper-limit" and model.kind != PROPER:
        raise InputError(f"generator {spec!r} answers elements; --notion proper-limit needs a proper generator")
    product = Product(cls, model, q)
    ex = explore(product, max_states, start + timeout, stop_at_bad=notion != "proper-limit")
    if real is None and model.bundled:
        real = _bundled_runner(cls, spec, d_single)
    if ex.bad is not None:
        trace, h, cert = _defeat_trace(cls, product, ex, spec, source, real)
        return VerifyResult("defeated", spec, notion, replay, len(ex.states), time.monotonic() - start, cert,
                            trace, h, thresholds=q.thresholds, burn_in=build.burn_in_of(model))
    if notion == "proper-limit":
        lasso = find_lasso(product, ex)
        if lasso is not None:
            trace = unroll(cls, product, ex, lasso, UNROLL, real)
            cert = build.lasso_certificate(cls, product, ex, lasso, spec, source, UNROLL)
            return VerifyResult("defeated", spec, notion, replay, len(ex.states), time.monotonic() - start, cert,
                                trace, lasso.target, prefix=len(lasso.prefix))
    cert = build.invariant_certificate(cls, product, ex, spec, source)
    word = "verified-canonical" if model.canonical else "verified"   # docs/verify.md §4: what a model covers
    return VerifyResult(word, spec, notion, replay, len(ex.states), time.monotonic() - start, cert,
                        thresholds=q.thresholds, burn_in=build.burn_in_of(model))


def _bundled_runner(cls: FiniteClass, spec: str, d: int | None):
    """The real bundled generator, called on concrete tuples (answers as ints, like attack's runner)."""
    return runner(spec, cls, d).call


def _answers(con: Concretizer, abstract: int, real, observed: tuple[int, ...]) -> int:
    """The concrete answer: the real generator's, checked against the model's abstract answer."""
    if real is None:
        return con.answer_of(abstract)
    g = real(observed)
    if con.abstract(g) != abstract:
        raise SolverUnknown(f"unknown: at round {len(observed)} the generator answers {g}, which the model "
                            f"abstracts differently (the model's defeat does not replay on the code); no verdict")
    return g


def _defeat_trace(cls: FiniteClass, product: Product, ex: Explored, spec: str, source: str | None,
                  real) -> tuple[Trace, int, dict[str, Any]]:
    u, edge, _ = ex.bad  # type: ignore[misc]
    steps = [e for _, e in path_to(ex, u)] + [edge]
    h = (edge.bad & -edge.bad).bit_length() - 1
    proper = product.model.kind == PROPER
    it = iter(steps)

    def answer(con: Concretizer, observed: tuple[int, ...]) -> int:
        return _answers(con, next(it).answer, real, observed)

    con = play(cls, proper, [(e.cell, e.how) for e in steps], answer)
    mode = Mode(replay=product.q.replay, proper=proper)
    trace = judge(cls, h, con.inputs, con.answers, mode)
    d = dict(product.q.thresholds)[h]
    last = trace.rounds[-1]
    if not trace.legal or last.correct or last.distinct < d:
        raise AssertionError(f"the kernel rejects the product's defeat: {last.why or 'correct answer'}")
    burn = product.model.d if isinstance(product.model, BurnInModel) else None
    cert = build.trace_certificate(cls, trace, spec, product.model.bundled, burn, product.q.notion,
                                   product.q.replay, proper, d, source)
    return trace, h, cert


def unroll(cls: FiniteClass, product: Product, ex: Explored, lasso: Lasso, k: int, real) -> Trace:
    """The prefix and k copies of the cycle on concrete elements, judged by the kernel for the target."""
    steps = [e for _, e, _ in lasso.prefix] + [e for _, e, _ in lasso.cycle] * k
    it = iter(steps)

    def answer(con: Concretizer, observed: tuple[int, ...]) -> int:
        return _answers(con, next(it).answer, real, observed)

    con = play(cls, True, [(e.cell, e.how) for e in steps], answer)
    trace = judge(cls, lasso.target, con.inputs, con.answers, Mode(replay=product.q.replay, proper=True))
    n0, m = len(lasso.prefix), len(lasso.cycle)
    if not trace.legal:
        raise AssertionError(f"the kernel finds the unrolled lasso illegal: {trace.rounds[-1].why}")
    for j in range(k):
        if all(r.correct for r in trace.rounds[n0 + j * m: n0 + (j + 1) * m]):
            raise AssertionError(f"the kernel finds no wrong answer in copy {j + 1} of the cycle")
    return trace


__all__ = ["VerifyResult", "verify_generator", "ELEMENT", "PROPER"]
