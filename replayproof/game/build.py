"""Turn a solved game into the winner's finite strategy, as a JSON certificate (docs/game.md)."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Any, Iterator

from ..trusted.classes import cells as C
from ..classes.classfile import class_path
from ..trusted.classes.model import FiniteClass
from .arena import bits
from .solve import Solution

KIND_ADV = "proper-limit-adversary"
KIND_GEN = "proper-limit-generator"
FORMAT = 1


def class_block(cls: FiniteClass, source: str | None) -> dict[str, Any]:
    """The class as embedded in a certificate: file path (or null) and its exact cell table."""
    names = cls.names
    return {
        "name": cls.name,
        "path": class_path(source),
        "hypotheses": list(names),
        "cells": [{"signature": [names[h] for h in sorted(c.signature)], "size": C.format_size(c.size)}
                  for c in cls.table.cells],
    }


def certificate(cls: FiniteClass, sol: Solution, source: str | None) -> dict[str, Any]:
    """The winner's strategy: an adversary tree of loops, or a finite-state generator."""
    head = {"format": FORMAT, "notion": "proper-limit", "replay": sol.game.replay, "verdict": sol.verdict,
            "class": class_block(cls, source)}
    with _no_cycle_gc():
        if sol.adversary_wins:
            return {"kind": KIND_ADV, **head, **_adversary(cls, sol)}
        return {"kind": KIND_GEN, **head, **_generator(cls, sol)}


@contextmanager
def _no_cycle_gc() -> Iterator[None]:
    """Pause the cyclic collector: a certificate is a large acyclic tree, and rescanning it costs ~40%."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Names:
    """Hypothesis and cell names of a class, computed once (the builders call them per node)."""

    def __init__(self, cls: FiniteClass) -> None:
        self.hyp = cls.names
        self.cells = tuple(tuple(self.hyp[h] for h in sorted(c.signature)) for c in cls.table.cells)
        self._masks: dict[int, tuple[str, ...]] = {}

    def of(self, m: int) -> list[str]:
        """The names of the hypotheses in a bitmask, in index order (a fresh list each time)."""
        got = self._masks.get(m)
        if got is None:
            got = self._masks[m] = tuple(self.hyp[h] for h in bits(m))
        return list(got)

    def cell(self, c: int) -> list[str]:
        """The signature of cell c, by names."""
        return list(self.cells[c])


class StateIds:
    """Stable ids for the states of a certificate in discovery order (prefix + number; "dead" keeps its
    name). Calling it names a key; iterating visits every key named so far or later, once each."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.ids: dict[Any, str] = {}
        self.order: list[Any] = []

    def __call__(self, key: Any) -> str:
        got = self.ids.get(key)
        if got is None:
            got = self.ids[key] = "dead" if key == "dead" else f"{self.prefix}{len(self.ids)}"
            self.order.append(key)
        return got

    def __getitem__(self, key: Any) -> str:
        return self.ids[key]

    def __iter__(self) -> Iterator[Any]:
        k = 0
        while k < len(self.order):
            yield self.order[k]
            k += 1


def _adversary(cls: FiniteClass, sol: Solution) -> dict[str, Any]:
    game, n, names = sol.game, cls.n, _Names(cls)
    hyp = names.hyp
    ident = StateIds("n")
    ident("root")
    nodes = []
    for key in ident:
        if key == "root":
            o, a = 0, game.everyone
            shrunk = game.sigs[sol.first_cell]
            node = {"move": "step", "present": names.cell(sol.first_cell),
                    "next": {hyp[b]: ident((1 << b, shrunk)) for b in range(n)}}
        else:
            o, a = key
            if not sol.wins(o, a):
                raise AssertionError(f"closed state {key} is not an adversary win")
            why = sol.why[key]
            if why.kind == "leave":
                node = {"move": "step", "present": names.cell(why.cell),
                        "next": {hyp[b]: ident((o | 1 << b, why.targets)) for b in range(n)}}
            else:
                elig = why.targets
                wrong = {}
                for ans in bits(o):
                    outside = elig & ~game.below[ans]  # eligible targets the answer is not inside
                    wrong[hyp[ans]] = hyp[(outside & -outside).bit_length() - 1]
                needed = [c for c in game.stable(o, a) if game.sigs[c] & elig]  # the cells of the targets
                node = {"move": "loop", "present": [names.cell(c) for c in needed],
                        "enumerates": names.of(elig), "wrong": wrong,
                        "next": {hyp[b]: ident((o | 1 << b, a)) for b in range(n) if not o >> b & 1}}
        nodes.append({"id": ident[key], "answers_so_far": names.of(o), "legal_for": names.of(a), **node})
    loops = sum(1 for nd in nodes if nd["move"] == "loop")
    return {"root": "n0", "nodes": nodes,
            "summary": f"adversary strategy: {len(nodes)} nodes, {loops} final loops"}


def _generator(cls: FiniteClass, sol: Solution) -> dict[str, Any]:
    game, n, names = sol.game, cls.n, _Names(cls)

    def respond(o: int, a: int) -> int:
        if o and not sol.wins(o, a):
            stay = sol.stay_answer(o, a)
            if stay >= 0:
                return stay
        for b in range(n):
            if (o == 0 or not o >> b & 1) and not sol.wins(o | 1 << b, a):
                return b
        raise AssertionError(f"no winning generator answer at {(o, a)}")

    ident = StateIds("s")
    ident((0, game.everyone, -1))
    states = []
    for key in ident:
        on = []
        if key == "dead":
            on = [{"cell": names.cell(c), "to": "dead"} for c in range(len(game.sigs))]
            states.append({"id": "dead", "answers_so_far": [], "legal_for": [], "answer": names.hyp[0], "on": on})
            continue
        o, a, ans = key
        for c in range(len(game.sigs)):
            shrunk = game.after(c, o, a)
            if not shrunk:
                on.append({"cell": names.cell(c), "to": ident("dead")})
                continue
            b = respond(o, shrunk)
            on.append({"cell": names.cell(c), "to": ident((o | 1 << b, shrunk, b))})
        states.append({"id": ident[key], "answers_so_far": names.of(o), "legal_for": names.of(a),
                       "answer": names.hyp[ans] if ans >= 0 else None, "on": on})
    return {"start": "s0", "states": states,
            "summary": f"finite-state generator: {len(states)} states"}
