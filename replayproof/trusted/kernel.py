"""The trusted kernel: the rules of the game (docs/model.md), in plain Python.

It decides whether each input of a stream was legal for a target (standard or replay,
element-level or proper) and whether each answer was correct. Every certificate and every
trace that replayproof reports is re-judged here. It never imports a solver.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Protocol, Sequence

Element = Hashable  # an element of X: an int for integer classes, a str for classes of words
FINITE = "finite"  # a limit of Mode: finitely many, the number unknown in advance (docs/model.md §7)


class Rules(Protocol):
    """What the kernel needs of a class: exact membership and exact support inclusion."""

    n: int

    def member(self, h: int, x: Element) -> bool: ...

    def subset(self, h: int, g: int) -> bool: ...


@dataclass(frozen=True)
class Mode:
    """Which stream set is admissible: with or without replay; element-level or proper answers.

    The adversary's limits are data (docs/variants.md): `budget` caps the replayed inputs (inputs
    outside the target) of a whole stream (None: unbounded, the paper's model; 0: the standard model),
    and a replay at round n may copy only answers first given at round n - `delay` or earlier (1:
    the paper's model); up to `noise` inputs outside the target may be anything (noise: used for an
    input no answer licenses, or once the replay budget is spent); and an enumeration may omit up to
    `omit` elements of the target (`enumerates`). The defaults are the paper's rules. `budget`, `noise`
    and `omit` may be FINITE: no round is illegal for exceeding it (`Play.step`), but an infinite play
    is admissible only if finitely many of its rounds are not `repeatable` (docs/model.md §7)."""

    replay: bool = True
    proper: bool = False
    budget: int | None | str = None
    delay: int = 1
    noise: int | str = 0
    omit: int | str = 0


@dataclass(frozen=True)
class Round:
    t: int                  # 1-based round number
    x: Element              # the input of this round
    legal: bool             # x was admissible for the target at this round
    replay_of: int | None   # for a replayed input: the earliest round whose answer licensed it
    answer: Element         # an element (element-level) or a hypothesis index (proper)
    correct: bool
    distinct: int           # |{x_1..x_t}|
    why: str                # empty when legal and correct, else the first reason


@dataclass(frozen=True)
class Trace:
    """A judged trace: the rounds up to the first illegal input (which is included)."""

    target: int
    mode: Mode
    rounds: tuple[Round, ...]

    @property
    def legal(self) -> bool:
        return all(r.legal for r in self.rounds)

    @property
    def first_illegal(self) -> int | None:
        return next((r.t for r in self.rounds if not r.legal), None)

    @property
    def errors(self) -> tuple[int, ...]:
        """Rounds with a wrong answer (on the legal part of the trace)."""
        return tuple(r.t for r in self.rounds if r.legal and not r.correct)


def licence(cls: Rules, target: int, x: Element, earlier: Sequence[Element], mode: Mode) -> tuple[bool, int | None]:
    """Whether x may be presented after answers `earlier` (docs/model.md), and which round's
    answer licenses it when it is a replay (None for a genuine example)."""
    if cls.member(target, x):
        return True, None
    if not mode.replay:
        return False, None
    for k, g in enumerate(earlier, 1):
        if mode.proper and not 0 <= g < cls.n:
            continue  # not a hypothesis: licenses nothing (and is never a Python negative index)
        if (cls.member(g, x) if mode.proper else g == x):
            return True, k
    return False, None


def copyable(answered: Sequence[tuple[Element, int]], t: int, mode: Mode) -> list[Element]:
    """The answers an input at round t may replay: those first given at round t - delay or earlier.
    `answered` lists (answer, first round) in order of first appearance, so this is a prefix of it."""
    return [a for a, first in answered if first <= t - mode.delay]


def correct(cls: Rules, target: int, seen: set | frozenset, answer: Element, mode: Mode) -> tuple[bool, str]:
    """Whether an answer is correct for the target (docs/model.md), with the reason if not."""
    if mode.proper:
        if not 0 <= answer < cls.n:
            return False, f"answer {answer} is not a hypothesis index"
        if cls.subset(answer, target):
            return True, ""
        return False, "answer's support is not inside the target"
    if not cls.member(target, answer):
        return False, f"answer {answer} is not in the target"
    if answer in seen:
        return False, f"answer {answer} was already observed"
    return True, ""


class Play:
    """What judging the next round needs: the observed examples and each distinct earlier answer
    with the first round that gave it (a replay is licensed by the earliest one). Immutable."""

    __slots__ = ("target", "mode", "t", "seen", "answered", "replays", "noises")

    def __init__(self, target: int, mode: Mode, t: int = 0, seen: frozenset = frozenset(),
                 answered: tuple[tuple[Element, int], ...] = (), replays: int = 0, noises: int = 0) -> None:
        self.target, self.mode, self.t, self.seen = target, mode, t, seen
        self.answered = answered  # (answer, first round), in order of first appearance
        self.replays = replays    # inputs so far that were outside the target (licensed replays)
        self.noises = noises      # inputs so far outside the target counted as noise

    def step(self, cls: Rules, x: Element, g: Element) -> tuple["Play", Round]:
        """Judge round t+1 (input x, then answer g); returns the next state and the judged round."""
        t, mode = self.t + 1, self.mode
        if mode.proper and not 0 <= g < cls.n:
            raise ValueError(f"answer {g} at round {t} is not a hypothesis index")
        ok, by = licence(cls, self.target, x, [a for a, _ in self.answered], mode)
        if by is not None and mode.delay > 1:  # a replay may copy only answers old enough (docs/variants.md)
            ok, by = licence(cls, self.target, x, copyable(self.answered, t, mode), mode)
        if by is not None:
            by = self.answered[by - 1][1]
        replays, noises = self.replays + (by is not None), self.noises
        over = ok and mode.budget not in (None, FINITE) and replays > mode.budget
        if (not ok or over) and (mode.noise == FINITE or noises < mode.noise):  # noise while the noise budget lasts
            ok, over, by, replays, noises = True, False, None, self.replays, noises + 1
        seen = self.seen if x in self.seen else self.seen | {x}
        right, why = correct(cls, self.target, seen, g, mode)
        if not ok:
            why = f"input {x} is not in the target" + (" and is no replay of an earlier answer" if mode.replay else "")
        elif over:
            ok, why = False, f"input {x} is replay number {replays}, over the replay budget {mode.budget}"
        answered = self.answered if any(a == g for a, _ in self.answered) else self.answered + ((g, t),)
        return Play(self.target, mode, t, seen, answered, replays, noises), Round(t, x, ok, by, g, right, len(seen), why)


def start(cls: Rules, target: int, mode: Mode) -> Play:
    """The state before round 1."""
    if not 0 <= target < cls.n:
        raise ValueError(f"target {target} is not a hypothesis index")
    return Play(target, mode)


def judge(cls: Rules, target: int, inputs: Sequence[Element], answers: Sequence[Element], mode: Mode) -> Trace:
    """Judge a trace round by round; stops after the first illegal input."""
    if len(answers) != len(inputs):  # one answer per round: an extra answer is a malformed trace, not ignored
        raise ValueError(f"{len(inputs)} input(s) but {len(answers)} answer(s): a trace has one answer per input")
    play = start(cls, target, mode)
    rounds: list[Round] = []
    for x, g in zip(inputs, answers):
        play, r = play.step(cls, x, g)
        rounds.append(r)
        if not r.legal:
            break
    return Trace(target, mode, tuple(rounds))


def enumerates(omitted: int, mode: Mode) -> bool:
    """Whether a stream that presents every element of the target but `omitted` ones counts as an
    enumeration of it: at most `mode.omit` may be left out (docs/variants.md); under FINITE any finite number."""
    if mode.omit == FINITE:
        return True
    return omitted <= mode.omit


def repeatable(mode: Mode, before: Play, after: Play) -> bool:
    """Whether the round from `before` to `after` (one target's play) may recur infinitely often in an
    admissible infinite play (docs/model.md §7): it used no replay unless replay is unbounded, and no
    noise input. Under a fixed limit such a round recurs only finitely often anyway; under FINITE an
    infinite play with infinitely many non-repeatable rounds is not admissible."""
    return (mode.budget is None or after.replays == before.replays) and after.noises == before.noises


def missing(cls: Rules, target: int, inputs: Sequence[Element], candidates: Sequence[Element]) -> list[Element]:
    """Elements of `candidates` in the target that the stream has not presented yet (how far a
    prefix is from an enumeration, on a finite set of elements the caller cares about)."""
    shown = set(inputs)
    return [v for v in candidates if cls.member(target, v) and v not in shown]
