"""The winner's strategy of a "finitely many" game as a certificate naming its model (docs/variants.md §7).

Adversary: a DAG of "step" nodes (as replay-variant-adversary) ending in "loop" nodes, each a finite
automaton over the answers so far (the stay game's winning strategy: which cell to present next after
each answer) with a successor node for every new answer. Generator: a finite-state machine reading
(cell, new/repeat/any), its states the level and the stay game's memory.
"""
from __future__ import annotations

from typing import Any

from ..trusted.classes.model import FiniteClass
from ..game.build import StateIds, class_block
from ..trusted.certificates.variant import FiniteVariant
from .build import model_json
from .finite import DEAD, FSolution, alive_of, bits, low

KIND_ADV = "finite-variant-adversary"
KIND_GEN = "finite-variant-generator"
FORMAT = 1


def certificate(cls: FiniteClass, sol: FSolution, variant: FiniteVariant, source: str | None) -> dict[str, Any]:
    """The winner's strategy for `variant` (the model the solution was solved for)."""
    if sol.arena.variant != variant:
        raise ValueError(f"solution for {sol.arena.variant.words()}; certificate asked for {variant.words()}")
    head = {"format": FORMAT, "notion": "proper-limit", "model": model_json(variant), "verdict": sol.verdict,
            "class": class_block(cls, source)}
    if sol.adversary_wins:
        return {"kind": KIND_ADV, **head, **_adversary(cls, sol)}
    return {"kind": KIND_GEN, **head, **_generator(cls, sol)}


def _cell(cls: FiniteClass, c: int) -> list[str]:
    return [cls.names[h] for h in sorted(cls.table.cells[c].signature)]


def _names(cls: FiniteClass, m: int) -> list[str]:
    return [cls.names[h] for h in bits(m)]


def _after(sol: FSolution, p, o, u, cell: int, new: bool):
    for move, p2, u2, _ in sol.arena.moves(p, o, u):
        if move.cell == cell and move.new == new:
            return p2, u2
    raise AssertionError(f"move {(cell, new)} unavailable at {(p, o, u)}")


def _adversary(cls: FiniteClass, sol: FSolution) -> dict[str, Any]:
    n = cls.n
    ident = StateIds("n")
    ident(sol.arena.start())
    nodes = []
    for key in ident:
        p, o, u = key
        if not sol.value(p, o, u):
            raise AssertionError(f"level {key} is not an adversary win")
        why = sol.why[key]
        if why.kind != "stay":
            m = why.move
            p2, u2 = _after(sol, p, o, u, m.cell, m.new)
            node = {"move": "step", "present": _cell(cls, m.cell), "element": "new" if m.new else "repeat",
                    "next": {cls.names[b]: ident((p2, o | 1 << b, u2)) for b in range(n)}}
        else:
            game = sol.stay(p, o, u)
            raw: list = []
            first = game.adv_strategy(game.cells, o, raw)
            order, todo = {first: 0}, [first]      # keep the reachable states, numbered from the start
            while todo:
                s = todo.pop()
                for t in raw[s][1].values():
                    if t not in order:
                        order[t] = len(order)
                        todo.append(t)
            states = [{"id": f"q{order[s]}", "present": _cell(cls, raw[s][0]),
                       "stay": {cls.names[a]: f"q{order[t]}" for a, t in sorted(raw[s][1].items())}}
                      for s in sorted(order, key=order.get)]
            node = {"move": "loop", "start": "q0", "states": states,
                    "next": {cls.names[b]: ident((p, o | 1 << b, u)) for b in range(n) if not o >> b & 1}}
        nodes.append({"id": ident[key], "answers_so_far": _names(cls, o), "legal_for": _names(cls, alive_of(u)),
                      **node})
    loops = sum(1 for nd in nodes if nd["move"] == "loop")
    size = sum(len(nd["states"]) for nd in nodes if nd["move"] == "loop")
    return {"root": "n0", "nodes": nodes,
            "summary": f"adversary strategy: {len(nodes)} nodes, {loops} final loops ({size} loop states)"}


def _generator(cls: FiniteClass, sol: FSolution) -> dict[str, Any]:
    arena, value, n = sol.arena, sol.value, sol.arena.n
    plans: dict = {}

    def plan(p, o, u):
        """How the generator wins the level: ("inside", b), ("exit", b), ("stay", memory, start) or ("any",)."""
        key = (p, o, u)
        if key in plans:
            return plans[key]
        inside = arena.inside_all(alive_of(u))
        if inside:
            got = ("inside", low(inside & o or inside))
        else:
            out = next((b for b in range(n) if not o >> b & 1 and not value(p, o | 1 << b, u)), None)
            game = sol.stay(p, o, u)
            if out is not None:
                got = ("exit", out)
            elif game is None:
                got = ("any",)
            else:
                mem: list = []
                got = ("stay", mem, game.gen_strategy(game.cells, o, mem))
        plans[key] = got
        return got

    def respond(p, o, u, m, p2, u2, cell):
        """The answer after the adversary's move (P, u) -> (P2, u2) presenting `cell`, and the memory."""
        if o and (p2, u2) == (p, u):                    # a stay: the level's own plan
            pl = plan(p, o, u)
            if pl[0] == "stay":
                b, m2 = pl[1][pl[2] if m is None else m][cell]
                return b, m2
            if pl[0] == "any":
                raise AssertionError(f"a stay at level {(p, o, u)}, which has none")
            return pl[1], None
        if o and not value(p2, o, u2):                  # a move up to a level the generator wins
            pl = plan(p2, o, u2)
            return (low(o), None) if pl[0] in ("stay", "any") else (pl[1], None)
        b = next((b for b in range(n) if not value(p2, o | 1 << b, u2)), None)
        if b is None:
            raise AssertionError(f"no winning generator answer at level {(p2, o, u2)}")
        return b, None

    ident = StateIds("s")
    p0, _, u0 = arena.start()
    ident((p0, 0, u0, None, -1))
    states = []
    for key in ident:
        if key == "dead":
            on = [{"cell": _cell(cls, c), "element": e, "to": "dead"} for c in range(len(arena.sigs))
                  for e in _elements(arena, c)]
            states.append({"id": "dead", "answer": cls.names[0], "on": on})
            continue
        p, o, u, m, ans = key
        on = []
        for move, p2, u2, _ in arena.moves(p, o, u):
            e = "any" if arena.sizes[move.cell] < 0 else ("new" if move.new else "repeat")
            if not alive_of(u2):
                on.append({"cell": _cell(cls, move.cell), "element": e, "to": ident("dead")})
                continue
            b, m2 = respond(p, o, u, m, p2, u2, move.cell)
            o2 = o | 1 << b
            if (p2, o2, u2) != (p, o, u):
                m2 = None if m2 is None or o2 != o or (p2, u2) != (p, u) else m2
            on.append({"cell": _cell(cls, move.cell), "element": e, "to": ident((p2, o2, u2, m2, b))})
        states.append({"id": ident[key], "answer": cls.names[ans] if ans >= 0 else None, "on": on})
    return {"start": "s0", "states": states, "summary": f"finite-state generator: {len(states)} states"}


def _elements(arena, c: int) -> tuple[str, ...]:
    return ("any",) if arena.sizes[c] < 0 else ("new", "repeat")


__all__ = ["certificate", "KIND_ADV", "KIND_GEN", "DEAD"]
