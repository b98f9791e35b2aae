"""Theorem 6.6 of arXiv 2603.11784: Lemma 6.7's generator (no replay) and Lemma 6.8's adaptive adversary (replay).

Domain: Z plus markers *^1, *^2, ...  Points are encoded as Python ints so that any element-level generator
(observed tuple -> int) can play: the integer z is 2z, the marker *^(n+1) (zero-based n >= 0) is 2n+1.
Negative odd ints encode nothing and lie in no language.
Class: h_mk (all markers); H1^b(A, j) = {b} + A + {z > j} (j > b) with markers *^1..*^b;
H2^b(A) = {z < b} + A (b not in A) with markers *^1..*^b.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from ..trusted.kernel import Mode, Trace, judge

Generator = Callable[[tuple[int, ...]], int]
Language = Callable[[int], bool]


def integer(z: int) -> int:
    """Encode the integer z."""
    return 2 * z


def marker(n: int) -> int:
    """Encode the zero-based marker n (the paper's *^(n+1))."""
    if n < 0:
        raise ValueError("markers are zero-based and non-negative")
    return 2 * n + 1


def decode(p: int) -> tuple[str, int]:
    """('int', z), ('marker', n) or ('none', p) for an encoded point."""
    if p % 2 == 0:
        return "int", p // 2
    return ("marker", (p - 1) // 2) if p > 0 else ("none", p)


def show(p: int) -> str:
    """Human-readable point: 7, -3, *3 (the paper's *^3, zero-based marker 2)."""
    kind, v = decode(p)
    return str(v) if kind == "int" else (f"*{v + 1}" if kind == "marker" else f"<nothing {p}>")


def all_markers() -> Language:
    """h_mk: every marker, no integer."""
    return lambda p: decode(p)[0] == "marker"


def h_one(b: int, a: frozenset[int], j: int) -> Language:
    """H1^b(A, j): integers {b} + A + {z > j} and markers *^1..*^b (requires j > b)."""
    if j <= b:
        raise ValueError("H1 needs j > b")

    def member(p: int) -> bool:
        kind, v = decode(p)
        return (v == b or v in a or v > j) if kind == "int" else (kind == "marker" and v < b)
    return member


def h_two(b: int, a: frozenset[int]) -> Language:
    """H2^b(A): integers {z < b} + A and markers *^1..*^b (requires b not in A)."""
    if b in a:
        raise ValueError("H2^b needs b outside A")

    def member(p: int) -> bool:
        kind, v = decode(p)
        return (v < b or v in a) if kind == "int" else (kind == "marker" and v < b)
    return member


def lemma67(observed: tuple[int, ...]) -> int:
    """Lemma 6.7's generator: next marker on marker-only data, else a far integer on the side the markers choose."""
    pts = [decode(p) for p in observed]
    bound = max((v + 1 for k, v in pts if k == "marker"), default=0)
    if all(k == "marker" for k, _ in pts):
        return marker(bound)
    mag = max((abs(v) for k, v in pts if k == "int"), default=0)
    far = bound + mag + 1
    return integer(far) if ("int", bound) in pts else integer(-far)


def learner(observed: tuple[int, ...]) -> int:
    """A generator that learns: the next marker on marker-only data, else a fresh integer above all seen.

    It is correct for every provisional target H1 of Lemma 6.8, so against it the adversary's
    phases advance; each phase still costs it one error on the final target.
    """
    pts = [decode(p) for p in observed]
    if all(k == "marker" for k, _ in pts):
        return marker(max(v for _, v in pts) + 1)
    return integer(max(abs(v) for k, v in pts if k == "int") + 1)


@dataclass(frozen=True)
class PhaseError:
    """One forced error: the round, the answer and why it is wrong for the committed target."""

    phase: int          # -1 for the marker step (Lemma 6.8's first step)
    round: int
    answer: int         # encoded
    reason: str


@dataclass(frozen=True)
class AdversaryReport:
    """The stream Lemma 6.8's adversary built, the target it commits to, and the errors it forced."""

    phases_requested: int
    phases_completed: int      # phases that ended with an answer correct for the provisional H1 target
    q: int | None              # the replayed marker (zero-based); None if the marker step never ended
    tau: int | None            # the round whose answer was that marker
    stream: tuple[int, ...]    # encoded inputs
    answers: tuple[int, ...]   # encoded answers
    committed: str             # the target, in words
    stalled: str               # "" or why the adversary stopped advancing (the generator never became correct)
    phase_errors: tuple[PhaseError, ...]
    kernel_legal: bool         # replayproof.trusted.kernel.judge: the stream is a replay sequence for the committed target
    kernel_errors: tuple[int, ...]  # wrong rounds per the kernel (valid + fresh against the committed target)

    @property
    def forced(self) -> int:
        """Number of wrong rounds, as judged by the kernel."""
        return len(self.kernel_errors)


@dataclass(frozen=True)
class _OneTarget:
    """A one-hypothesis class over encoded points, so the trusted kernel can judge against the committed target."""

    lang: Language
    n: int = 1

    def member(self, h: int, x: int) -> bool:
        return bool(self.lang(x))

    def subset(self, h: int, g: int) -> bool:
        raise NotImplementedError("element-level judging only")


def _kernel(lang: Language, stream: Sequence[int], answers: Sequence[int]) -> Trace:
    return judge(_OneTarget(lang), 0, list(stream), list(answers), Mode(replay=True))


def _why(lang: Language, seen: set[int], g: int) -> str:
    if not lang(g):
        return f"answer {show(g)} is not in the committed target"
    if g in seen:
        return f"answer {show(g)} was already observed"
    return ""


def run_adversary(generator: Generator, phases: int, patience: int = 200) -> AdversaryReport:
    """Play Lemma 6.8's adversary against `generator` for up to `phases` phases; each phase waits `patience` rounds."""
    stream: list[int] = []
    answers: list[int] = []

    def play(x: int) -> int:
        stream.append(x)
        g = int(generator(tuple(stream)))
        answers.append(g)
        return g

    def finish(lang: Language, committed: str, stalled: str, q: int | None, tau: int | None, done: int,
               per_phase: list[PhaseError]) -> AdversaryReport:
        trace = _kernel(lang, stream, answers)
        return AdversaryReport(phases, done, q, tau, tuple(stream), tuple(answers), committed, stalled,
                               tuple(per_phase), trace.legal, trace.errors)

    # Step 1: the canonical all-marker stream until the generator answers a fresh marker *^(q+1) at round tau.
    mk = all_markers()
    q = tau = None
    per_phase: list[PhaseError] = []
    for t in range(1, patience + 1):
        g = play(marker(t - 1))
        kind, v = decode(g)
        if kind == "marker" and v >= t:
            q, tau = v, t
            break
        per_phase.append(PhaseError(-1, t, g, _why(mk, set(stream), g)))
    if q is None:
        return finish(mk, "h_mk (all markers)", f"no fresh marker answered in {patience} rounds", None, None, 0,
                      per_phase)
    per_phase = []
    for n in range(len(stream), q + 1):  # present markers up to *^(q+1); the last one replays round tau's answer
        play(marker(n))
    cutoff = q + 1
    omitted: list[int] = []
    for p in range(phases):
        seed = q - p
        a = frozenset(decode(x)[1] for x in stream if decode(x)[0] == "int") | {seed}
        provisional = h_one(q, a, cutoff)
        g = play(integer(seed))
        k = 0
        wrong: list[PhaseError] = []
        while not (provisional(g) and g not in stream[:-1]) or decode(g)[0] != "int":
            wrong.append(PhaseError(p, len(stream), g, _why(provisional, set(stream), g)))
            if k >= patience:
                desc = f"H1^{q}(A={sorted(a)}, j={cutoff}) (provisional target of phase {p})"
                earlier = [PhaseError(e.phase, e.round, e.answer, f"answer {show(e.answer)} is at most the cutoff "
                                      f"{cutoff}, not in A and never presented, so it is outside {desc}")
                           for e in per_phase]
                return finish(provisional, desc, f"phase {p}: no answer correct for the provisional target "
                              f"in {patience} rounds", q, tau, p, earlier + wrong)
            k += 1
            g = play(integer(cutoff + k))
        z = decode(g)[1]  # correct for the provisional target: an integer above the cutoff, never presented
        omitted.append(z)
        per_phase.append(PhaseError(p, len(stream), g, f"answer {z} is above {q + 1} and never presented, so it "
                                    f"is outside the final H2^{q + 1} target"))
        cutoff = z
    tail = frozenset(v for k, v in map(decode, stream) if k == "int" and v > q + 1)
    final = h_two(q + 1, tail)
    return finish(final, f"H2^{q + 1}(A = the {len(tail)} integers above {q + 1} presented)", "", q, tau, phases,
                  per_phase)


def finite_truncation_toml(b_max: int = 2) -> str:
    """A finite subclass of the Theorem 6.6 class (h_mk, H1^b(empty, b+1), H2^b(empty) for b <= b_max), as TOML."""
    lines = ['name = "t66-truncated"',
             'description = "Theorem 6.6 class, finite part: integers z encoded 2z, marker *^(n+1) encoded 2n+1"',
             '', '[[hypothesis]]', 'name = "h_mk"', 'predicate = "x % 2 == 1 and x >= 1"']
    for b in range(b_max + 1):
        mk = f"(x % 2 == 1 and x >= 1 and x <= {2 * b - 1})"
        lines += ['', '[[hypothesis]]', f'name = "H1_{b}"',
                  f'predicate = "(x % 2 == 0 and (x == {2 * b} or x > {2 * (b + 1)})) or {mk}"',
                  '', '[[hypothesis]]', f'name = "H2_{b}"', f'predicate = "(x % 2 == 0 and x < {2 * b}) or {mk}"']
    return "\n".join(lines) + "\n"
