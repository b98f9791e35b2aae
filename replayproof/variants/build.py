"""The winner's strategy of the budget game as a certificate naming its model (docs/variants.md §4).

Adversary: a DAG of "step" nodes (present a new element of a cell, or its first element again) and
final "loop" nodes. Under a replay delay d, before every loop and before a move that needs a young answer's
licence and does not win without it (by the delay-1 game at the levels it leads to), the adversary repeats
its first input until every answer is d - 1 rounds old ("stall"); the first input is genuine for every
target still in, so it costs nothing (Lemma D). With noise the solver plays the delay out (its levels hold
the young answers) and the strategy is read off as it is, stalls included (the solver tries them last).
Generator: a finite-state machine reading (cell, new/repeat).
"""
from __future__ import annotations

from typing import Any

from ..trusted.classes.model import FiniteClass
from ..game.arena import bits
from ..game.build import StateIds, class_block
from ..trusted.certificates.variant import Variant
from .solve import Arena, Move, Solution, Why, aged, alive_of, old_answers

KIND_ADV = "replay-variant-adversary"
KIND_GEN = "replay-variant-generator"
FORMAT = 1


def model_json(variant: Variant) -> dict[str, Any]:
    """A certificate's "model" field (what the checker reads back with `Variant.from_json`)."""
    return {"replay_budget": variant.budget, "replay_delay": variant.delay, "noise": variant.noise, "omit": variant.omit}


def certificate(cls: FiniteClass, sol: Solution, variant: Variant, source: str | None) -> dict[str, Any]:
    """The winner's strategy for `variant` (whose budget must be the one the solution was solved for)."""
    if (sol.arena.budget, sol.arena.noise, sol.arena.omit) != (variant.budget, variant.noise, variant.omit) or \
            sol.delay not in (1, variant.delay):
        raise ValueError(f"solution for budget {sol.arena.budget}, noise {sol.arena.noise}, omit {sol.arena.omit}, "
                         f"delay {sol.delay}; certificate asked for {variant}")
    head = {"format": FORMAT, "notion": "proper-limit", "model": model_json(variant), "verdict": sol.verdict,
            "class": class_block(cls, source)}
    if sol.adversary_wins:
        return {"kind": KIND_ADV, **head, **_adversary(cls, sol, variant.delay)}
    return {"kind": KIND_GEN, **head, **_generator(cls, sol)}


def _key(sol: Solution, p: tuple[int, ...], o: int, u: tuple[int, ...], young: tuple) -> tuple:
    """The solver's level: with the young answers when it played the delay out."""
    return (p, o, u, young) if sol.delay > 1 else (p, o, u)


class _Labels:
    """Hypothesis names of cells and of sets of hypotheses, worked out once per class (a certificate names
    the same sets on thousands of nodes); each call returns a fresh list."""

    def __init__(self, cls: FiniteClass) -> None:
        self.names = cls.names
        self.cells = [tuple(self.names[h] for h in sorted(c.signature)) for c in cls.table.cells]
        self.sets: dict[int, tuple[str, ...]] = {}

    def cell(self, c: int) -> list[str]:
        return list(self.cells[c])

    def of(self, m: int) -> list[str]:
        got = self.sets.get(m)
        if got is None:
            got = self.sets[m] = tuple(self.names[h] for h in bits(m))
        return list(got)


def _adversary(cls: FiniteClass, sol: Solution, delay: int) -> dict[str, Any]:
    arena: Arena = sol.arena
    n, lab = arena.n, _Labels(cls)
    names = lab.names
    p0, _, u0 = arena.start()
    first = sol.why[_key(sol, p0, 0, u0, ())].move
    ident = StateIds("n")
    ident("root")
    nodes = []

    ages: dict = {}

    def after(young: tuple, o: int, b: int) -> tuple:
        """`aged`, memoised (it depends on O only through whether b is new)."""
        key = (young, b, not o >> b & 1)
        got = ages.get(key)
        if got is None:
            got = ages[key] = aged(young, o, b, delay)
        return got

    def step(cell: int, element: str, p2: tuple[int, ...], o: int, u2: tuple[int, ...], young: tuple) -> dict:
        """Present an element of the cell; every answer b leads to the level (p2, O + b, u2) with the ages."""
        return {"move": "step", "present": lab.cell(cell), "element": element,
                "next": {names[b]: ident((p2, o | 1 << b, u2, after(young, o, b))) for b in range(n)}}

    for key in ident:
        if key == "root":
            o, u = 0, u0
            node = step(first.cell, "new", _after_p(arena, p0, first.cell, first.new), 0,
                        arena.charge(first.cell, 0, u0), ())
        else:
            p, o, u, young = key
            if not sol.value(p, o, u, young):
                raise AssertionError(f"level {key} is not an adversary win")
            why = sol.why[_key(sol, p, o, u, young)]
            if young and sol.delay == 1 and not _now(sol, why, p, o, u, young):
                # wait for the young answers to age: repeat the first input (genuine for all in)
                node = step(first.cell, "repeat", p, o, u, young)
            elif why.kind == "leave":
                m = why.move
                node = step(m.cell, "new" if m.new else "repeat", _after_p(arena, p, m.cell, m.new), o,
                            arena.charge(m.cell, old_answers(o, young), u), young)
            else:
                elig = why.targets
                wrong = {}
                for a in bits(o):
                    out = elig & ~arena.above_of(a)
                    wrong[names[a]] = names[(out & -out).bit_length() - 1]
                cells = list(why.cells) or [_stay(arena, p, o, u, first.cell)]
                node = {"move": "loop", "present": [lab.cell(c) for c in cells],
                        "enumerates": lab.of(elig), "wrong": wrong,
                        "next": {names[b]: ident((p, o | 1 << b, u, after((), o, b)))
                                 for b in range(n) if not o >> b & 1}}
        nodes.append({"id": ident[key], "answers_so_far": lab.of(o), "legal_for": lab.of(alive_of(u)), **node})
    loops = sum(1 for nd in nodes if nd["move"] == "loop")
    return {"root": "n0", "nodes": nodes, "summary": f"adversary strategy: {len(nodes)} nodes, {loops} final loops"}


def _now(sol: Solution, why: Why, p: tuple[int, ...], o: int, u: tuple[int, ...], young: tuple) -> bool:
    """Whether the delay 1 strategy's move at this level can be played before the young answers age (otherwise
    the adversary stalls): a move that needs no young answer's licence, or that wins without it; never a loop
    (its first cycle must be judged like every later one)."""
    if why.kind != "leave":
        return False
    return not _waits(sol.arena, why.move.cell, o, u, young) or _wins_now(sol, p, o, u, young, why.move)


def _wins_now(sol: Solution, p: tuple[int, ...], o: int, u: tuple[int, ...], young: tuple, move: Move) -> bool:
    """Whether `move`, judged with only the old answers' licences, still leads to levels the (delay 1) game
    says the adversary wins for every answer: then it needs no stall (Lemma D applies at the levels after it)."""
    arena = sol.arena
    u2 = arena.charge(move.cell, old_answers(o, young), u)
    p2 = _after_p(arena, p, move.cell, move.new)
    return bool(alive_of(u2)) and all(sol.value(p2, o | 1 << b, u2) for b in range(arena.n))


def _waits(arena: Arena, cell: int, o: int, u: tuple[int, ...], young: tuple[tuple[int, int], ...]) -> bool:
    """Whether presenting the cell now would be judged differently than with every answer old: some
    target still in needs a licence for it that only a young answer gives. (Loops always wait, so a
    loop's later cycles are judged like its first.)"""
    sig = arena.sigs[cell]
    old = o & ~sum(1 << a for a, _ in young)
    return bool(sig & o) and not sig & old and bool(alive_of(u) & ~sig)


def _after_p(arena: Arena, p: tuple[int, ...], cell: int, new: bool) -> tuple[int, ...]:
    k = arena.slot[cell]
    if not new or k < 0:
        return p
    return p[:k] + (p[k] + 1,) + p[k + 1:]


def _stay(arena: Arena, p: tuple[int, ...], o: int, u: tuple[int, ...], first: int) -> int:
    """The cell a loop with no infinite cell to feed presents forever: the first input's when that costs no target
    still in anything, else the first such cell that keeps the level (the solver's loop needs one). The first
    input may have been noise for a target, and noise is not free again."""
    free = [m.cell for m, p2, _ in arena.moves(p, o, u) if p2 == p and arena.free(m.cell, o, u)]
    return first if first in free else free[0]


def _generator(cls: FiniteClass, sol: Solution) -> dict[str, Any]:
    """A machine state is a level with the last answer (and, when the solver played a delay out, the answers
    still too young to copy: the machine knows its own answers' ages)."""
    arena, value, n, delay = sol.arena, sol.value, sol.arena.n, sol.delay

    def respond(p: tuple[int, ...], o: int, u: tuple[int, ...], young: tuple) -> int:
        inside = arena.inside_all(alive_of(u))
        if inside:
            pick = inside & o or inside
            return (pick & -pick).bit_length() - 1
        older = aged(young, o | 1, 0, delay)  # the young answers after an answer already given
        if o and not value(p, o, u, older):
            elig = arena.eligible(p, o, u)
            good = o & arena.inside_all(elig) if elig else o
            if good:
                return (good & -good).bit_length() - 1
        for b in range(n):
            if not o >> b & 1 and not value(p, o | 1 << b, u, aged(young, o, b, delay)):
                return b
        if o and not value(p, o, u, older):
            return (o & -o).bit_length() - 1
        raise AssertionError(f"no winning generator answer at level {(p, o, u, young)}")

    lab = _Labels(cls)
    ident = StateIds("s")
    p0, _, u0 = arena.start()
    ident((p0, 0, u0, -1, ()))
    states = []
    for key in ident:
        if key == "dead":
            on = [{"cell": lab.cell(c), "element": e, "to": "dead"} for c in range(len(arena.sigs))
                  for e in _elements(arena, c)]
            states.append({"id": "dead", "answer": lab.names[0], "on": on})
            continue
        p, o, u, ans, young = key
        on = []
        for c in range(len(arena.sigs)):
            u2 = arena.charge(c, old_answers(o, young), u)
            for e in _elements(arena, c):
                if e == "new" and arena.sizes[c] >= 0 and p[arena.slot[c]] == arena.sizes[c]:
                    continue
                if e == "repeat" and p[arena.slot[c]] == 0:
                    continue
                p2 = _after_p(arena, p, c, e == "new")
                if not alive_of(u2):
                    on.append({"cell": lab.cell(c), "element": e, "to": ident("dead")})
                    continue
                b = respond(p2, o, u2, young)
                on.append({"cell": lab.cell(c), "element": e,
                           "to": ident((p2, o | 1 << b, u2, b, aged(young, o, b, delay)))})
        states.append({"id": ident[key], "answer": lab.names[ans] if ans >= 0 else None, "on": on})
    return {"start": "s0", "states": states, "summary": f"finite-state generator: {len(states)} states"}


def _elements(arena: Arena, c: int) -> tuple[str, ...]:
    """The inputs of a cell the machine tells apart: any element of an infinite cell; new or repeat otherwise."""
    return ("any",) if arena.sizes[c] < 0 else ("new", "repeat")
