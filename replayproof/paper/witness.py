"""Witness Protection (Algorithm 2, Theorem 6.1 of arXiv 2603.11784) over a class given by membership tests.

The class is a finite prefix h_0..h_{k-1} of an enumeration (countable classes are truncated to it).
Elements of Z are searched in the order 0, 1, -1, 2, -2, ... (position u of that order is the paper's
"element u"), so the cutoff m of a round means "the first m integers of that order".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

Membership = Callable[[int], bool]
MAX_CUTOFF = 20_000  # largest cutoff m tried in one round before the round is declared non-terminating


def z_order(u: int) -> int:
    """The u-th integer of the search order 0, 1, -1, 2, -2, ..."""
    return 0 if u == 0 else ((u + 1) // 2 if u % 2 else -(u // 2))


@dataclass(frozen=True)
class WPRound:
    """What one round of Witness Protection saw, chose and excluded."""

    t: int                        # 1-based round
    x: int                        # input of the round
    sure: bool                    # x was not an earlier answer, so it is certainly in the target
    answer: int
    cutoff: int                   # the terminating m (0 when no hypothesis was active)
    selected: int | None          # n^(t,m): the largest replay-critical active index (None if none active)
    active: tuple[int, ...]       # indices i < min(t, k) consistent with the sure set
    witnesses: tuple[tuple[int, int, int], ...]  # (i, j, w): least un-output element of h_i minus h_j below m
    excluded: int                 # |sure set + earlier answers + witnesses|
    terminated: bool              # an admissible element was found within MAX_CUTOFF


@dataclass
class WitnessProtection:
    """Algorithm 2 as an incremental, deterministic element-level generator (protect=False: the mutation)."""

    hypotheses: Sequence[Membership]
    protect: bool = True
    max_cutoff: int = MAX_CUTOFF
    observed: list[int] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    sure_set: set[int] = field(default_factory=set)
    rounds: list[WPRound] = field(default_factory=list)

    def _member(self, i: int, u: int, cache: dict[tuple[int, int], bool]) -> bool:
        key = (i, u)
        if key not in cache:
            cache[key] = bool(self.hypotheses[i](z_order(u)))
        return cache[key]

    def step(self, x: int) -> WPRound:
        """Observe x_t and answer g_t."""
        t = len(self.observed) + 1
        past = set(self.answers)
        is_sure = x not in past
        self.observed.append(x)
        if is_sure:
            self.sure_set.add(x)
        seen = set(self.observed)
        exposed = min(t, len(self.hypotheses))
        active = tuple(i for i in range(exposed) if all(self.hypotheses[i](s) for s in self.sure_set))
        if not active:
            u = 0
            while z_order(u) in seen or z_order(u) in past:
                u += 1
            rnd = WPRound(t, x, is_sure, z_order(u), 0, None, (), (), len(self.sure_set | past), True)
            return self._record(rnd)
        cache: dict[tuple[int, int], bool] = {}
        pairs = [(i, j) for i in active for j in active if j < i]
        wit: dict[tuple[int, int], int] = {}   # least difference position found so far (stable as m grows)
        excluded_base = self.sure_set | past
        for m in range(1, self.max_cutoff + 1):
            u_new = m - 1
            v_new = z_order(u_new)
            if v_new not in past:
                for (i, j) in pairs:
                    if (i, j) not in wit and self._member(i, u_new, cache) and not self._member(j, u_new, cache):
                        wit[(i, j)] = u_new
            critical = [i for i in active if all((i, j) not in wit for j in active if j < i)]
            n = max(critical)  # the least active index is always critical
            wset = {z_order(u) for u in wit.values()} if self.protect else set()
            for u in range(m):
                v = z_order(u)
                if self._member(n, u, cache) and v not in excluded_base and v not in wset:
                    triples = tuple((i, j, z_order(w)) for (i, j), w in sorted(wit.items()))
                    excl = len(excluded_base | {z_order(w) for w in wit.values()})
                    return self._record(WPRound(t, x, is_sure, v, m, n, active, triples, excl, True))
        u = 0
        while z_order(u) in seen or z_order(u) in past:
            u += 1
        return self._record(WPRound(t, x, is_sure, z_order(u), self.max_cutoff, None, active, (), -1, False))

    def _record(self, rnd: WPRound) -> WPRound:
        self.answers.append(rnd.answer)
        self.rounds.append(rnd)
        return rnd


def wp_generator(hypotheses: Sequence[Membership], protect: bool = True) -> Callable[[tuple[int, ...]], int]:
    """Witness Protection as a plain function of the observed tuple (replays the prefix; cached per prefix)."""
    memo: dict[tuple[int, ...], WitnessProtection] = {}

    def answer(observed: tuple[int, ...]) -> int:
        key = tuple(observed)
        k = len(key)
        while k > 0 and key[:k] not in memo:
            k -= 1
        base = memo.get(key[:k])
        wp = WitnessProtection(hypotheses, protect)
        if base is not None:
            wp.observed, wp.answers = list(base.observed), list(base.answers)
            wp.sure_set, wp.rounds = set(base.sure_set), list(base.rounds)
        for i in range(k, len(key)):
            wp.step(key[i])
            memo[key[: i + 1]] = WitnessProtection(hypotheses, protect, wp.max_cutoff, list(wp.observed),
                                                   list(wp.answers), set(wp.sure_set), list(wp.rounds))
        return wp.answers[-1]

    return answer


# ---- adversarial replay streams ------------------------------------------------------------------



def replay_every_output(target: Membership, rounds: int) -> Callable[[Sequence[int], int], int]:
    """Alternate: a new element of the target (enumerated 0, 1, -1, ...), then a replay of the latest answer."""
    kth = _genuine(target)

    def next_input(answers: Sequence[int], t: int) -> int:
        return answers[-1] if t % 2 == 0 else kth((t - 1) // 2)
    return next_input


def _genuine(target: Membership) -> Callable[[int], int]:
    """k -> the k-th element of the target in the order 0, 1, -1, 2, -2, ... (cached)."""
    found: list[int] = []
    state = {"u": 0}

    def kth(k: int) -> int:
        while len(found) <= k:
            v = z_order(state["u"])
            state["u"] += 1
            if target(v):
                found.append(v)
        return found[k]
    return kth


def replay_lagged(target: Membership, rounds: int) -> Callable[[Sequence[int], int], int]:
    """Genuine elements at odd rounds; at round 2s replay the answer of round s (old answers come back late)."""
    kth = _genuine(target)

    def next_input(answers: Sequence[int], t: int) -> int:
        return answers[t // 2 - 1] if t % 2 == 0 else kth((t - 1) // 2)
    return next_input


def replay_random(target: Membership, rounds: int, seed: int = 0) -> Callable[[Sequence[int], int], int]:
    """Each round, with probability 1/2 replay a uniformly chosen earlier answer, else the next genuine element."""
    import random
    rng = random.Random(seed)
    kth = _genuine(target)
    state = {"k": 0}

    def next_input(answers: Sequence[int], t: int) -> int:
        if answers and rng.random() < 0.5:
            return answers[rng.randrange(len(answers))]
        state["k"] += 1
        return kth(state["k"] - 1)
    return next_input


def replay_delayed(target: Membership, rounds: int, delay: int = 8) -> Callable[[Sequence[int], int], int]:
    """Replay the latest answer at even rounds; at odd rounds present the k-th target element only from round
    2k + 1 + delay on, skipping elements already observed (answers get replayed before they arrive genuinely)."""
    kth = _genuine(target)
    state = {"k": 0}

    def next_input(answers: Sequence[int], t: int) -> int:
        if t % 2 == 1 or not answers:
            seen = set(answers[: t - 1])
            while True:
                k = state["k"]
                if 2 * k + 1 + delay > t and answers:
                    return answers[-1]
                state["k"] += 1
                if kth(k) not in seen:
                    return kth(k)
        return answers[-1]
    return next_input


STREAMS: dict[str, Callable[[Membership, int], Callable[[Sequence[int], int], int]]] = {
    "alternate": replay_every_output,
    "lagged": replay_lagged,
    "delayed": replay_delayed,
    **{f"random{i}": (lambda target, rounds, i=i: replay_random(target, rounds, i)) for i in range(8)},
}


# ---- invariant checking --------------------------------------------------------------------------

INVARIANTS = ("sure_in_target", "terminates_within_bound", "fresh", "witness_protected", "valid_once_critical")


@dataclass(frozen=True)
class Violation:
    """One broken invariant: the round, its name and what happened."""

    round: int
    invariant: str
    detail: str


@dataclass(frozen=True)
class WPReport:
    """Outcome of one Witness Protection run on one stream, invariants checked every round."""

    target: int
    rounds: int
    protect: bool
    inputs: tuple[int, ...]
    answers: tuple[int, ...]
    replays: int                       # inputs that were earlier answers
    violations: tuple[Violation, ...]
    invalid_rounds: tuple[int, ...]    # rounds whose answer is outside the target (membership)
    critical_from: int | None          # first round from which the target index stayed replay-critical
    max_excluded_ratio: float          # max over rounds of excluded / (2t + t^2)
    kernel_errors: tuple[int, ...] | None  # wrong rounds per replayproof.trusted.kernel.judge (finite classes only)
    kernel_legal: bool | None

    @property
    def ok(self) -> bool:
        return not self.violations

    def violated(self) -> frozenset[str]:
        return frozenset(v.invariant for v in self.violations)


def run_wp(hypotheses: Sequence[Membership], target: int, rounds: int, stream: str = "alternate",
           protect: bool = True, finite_class: object | None = None) -> WPReport:
    """Run WP (or the mutation) against a replay stream for hypotheses[target], checking invariants each round."""
    h = hypotheses[target]
    wp = WitnessProtection(hypotheses, protect)
    nxt = STREAMS[stream](h, rounds)
    violations: list[Violation] = []
    invalid: list[int] = []
    critical_from: int | None = None
    ratio = 0.0
    replays = 0
    for t in range(1, rounds + 1):
        x = nxt(wp.answers, t)
        if x in wp.answers:
            replays += 1
        elif not h(x):
            raise ValueError(f"stream bug: round {t} input {x} is neither in the target nor a replay")
        rnd = wp.step(x)
        bad = [s for s in wp.sure_set if not h(s)]
        if bad:
            violations.append(Violation(t, "sure_in_target", f"sure elements {sorted(bad)} not in the target"))
        bound = 2 * t + t * t
        if not rnd.terminated:
            violations.append(Violation(t, "terminates_within_bound", f"no admissible element below m={rnd.cutoff}"))
        elif rnd.excluded > bound:
            violations.append(Violation(t, "terminates_within_bound", f"{rnd.excluded} excluded > 2t+t^2 = {bound}"))
        ratio = max(ratio, rnd.excluded / bound)
        if rnd.answer in wp.observed:
            violations.append(Violation(t, "fresh", f"answer {rnd.answer} was observed"))
        crit = False
        if target in rnd.active:
            lower = [(i, j, w) for (i, j, w) in rnd.witnesses if i == target and j < target]
            for (_, j, w) in lower:
                if rnd.answer == w:
                    violations.append(Violation(t, "witness_protected",
                                                f"answered {w}, the least element separating h{target} from h{j}"))
            crit = not lower
            if crit and not h(rnd.answer):
                violations.append(Violation(t, "valid_once_critical",
                                            f"target critical at m={rnd.cutoff} but answer {rnd.answer} is outside it"))
        if crit:
            critical_from = t if critical_from is None else critical_from
        else:
            critical_from = None
        if not h(rnd.answer):
            invalid.append(t)
    kernel_errors: tuple[int, ...] | None = None
    kernel_legal: bool | None = None
    if finite_class is not None:
        from ..trusted.kernel import Mode, judge
        trace = judge(finite_class, target, wp.observed, wp.answers, Mode(replay=True))  # type: ignore[arg-type]
        kernel_errors, kernel_legal = trace.errors, trace.legal
    return WPReport(target, rounds, protect, tuple(wp.observed), tuple(wp.answers), replays, tuple(violations),
                    tuple(invalid), critical_from, ratio, kernel_errors, kernel_legal)


def members(cls: object) -> tuple[Membership, ...]:
    """Membership tests of a replayproof.model.FiniteClass, as callables."""
    return tuple((lambda x, i=i: cls.member(i, x)) for i in range(cls.n))  # type: ignore[attr-defined]


def no_protection(hypotheses: Sequence[Membership]) -> WitnessProtection:
    """The mutation: Algorithm 2 without witness protection (witnesses are no longer excluded from answers)."""
    return WitnessProtection(hypotheses, protect=False)


# ---- demo classes --------------------------------------------------------------------------------

def sep51_toml(n: int = 6) -> str:
    """Theorem 5.1's countable class truncated to its first n + 1 members, as class-file TOML."""
    return (f'name = "sep51-{n}"\ndescription = "h_inf = x >= 1; h_k = 1..k + negatives, k <= {n}"\n\n'
            '[[hypothesis]]\nname = "h_inf"\npredicate = "x >= 1"\n\n'
            f'[[hypothesis]]\nname = "h{{n}}"\nparams = {{ n = "1..{n}" }}\npredicate = "x in 1..n or x < 0"\n')


SHIELD_TOML = """name = "shield"
description = "h0 = non-positives + even numbers, h1 = non-negatives, h2 = non-positives: for target h2, WP must protect the negatives that separate it from h1"

[[hypothesis]]
name = "nonpos+even"
predicate = "x <= 0 or x % 2 == 0"

[[hypothesis]]
name = "nonneg"
predicate = "x >= 0"

[[hypothesis]]
name = "nonpos"
predicate = "x <= 0"
"""


def divisors(k: int) -> tuple[Membership, ...]:
    """A class given only by membership tests: h_i = multiples of i + 1 together with the negatives, i < k."""
    return tuple((lambda x, d=i + 1: x % d == 0 or x < 0) for i in range(k))


@dataclass(frozen=True)
class DemoResult:
    """One demo run: which class, which stream, and its report."""

    cls: str
    stream: str
    report: WPReport


def demo(rounds: int = 40, streams: Iterable[str] = ("alternate", "lagged", "delayed", "random0", "random1"),
         protect: bool = True) -> tuple[DemoResult, ...]:
    """Run WP on every target of sep51 (truncated), the shield class (both judged by the kernel) and divisors(6)."""
    from ..classes.classfile import loads
    out: list[DemoResult] = []
    for text in (sep51_toml(6), SHIELD_TOML):
        cls = loads(text)
        hs = members(cls)
        for target in range(cls.n):
            for s in streams:
                out.append(DemoResult(cls.name, s, run_wp(hs, target, rounds, s, protect, finite_class=cls)))
    hs = divisors(6)
    for target in range(len(hs)):
        for s in streams:
            out.append(DemoResult("divisors-6 (membership only)", s, run_wp(hs, target, rounds, s, protect)))
    return tuple(out)


def protected(observed: tuple[int, ...], cls: object) -> int:
    """Witness Protection as a user generator for `replayproof attack --generator replayproof.paper.witness:protected`."""
    return wp_generator(members(cls), protect=True)(observed)


def unprotected(observed: tuple[int, ...], cls: object) -> int:
    """The mutation without witness protection, for `--generator replayproof.paper.witness:unprotected`."""
    return wp_generator(members(cls), protect=False)(observed)
