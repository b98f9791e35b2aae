"""The criterion's certificates: an obstruction, or the witness table plus the canonical generator.

Formats and what their checker proves: docs/game.md, "The characterization".
"""
from __future__ import annotations

from typing import Any

from ..classes.criterion import CanonicalGenerator, Criterion
from ..trusted.classes.model import FiniteClass
from .arena import bits
from .build import KIND_GEN, StateIds, class_block

KIND_OBSTRUCTION = "criterion-obstruction"
KIND_WITNESS = "criterion-witness"
FORMAT = 1
GENERATOR_MAX_N = 8  # the canonical generator is emitted (and re-checked on the game) up to this size


def _names(cls: FiniteClass, hs) -> list[str]:
    return [cls.names[h] for h in sorted(hs)]


def certificate(cls: FiniteClass, crit: Criterion, source: str | None,
                with_generator: bool | None = None) -> dict[str, Any]:
    """The criterion's certificate: `criterion-obstruction` or `criterion-witness`."""
    head = {"format": FORMAT, "notion": "proper-limit", "replay": True,
            "verdict": "generatable" if crit.generatable else "not-generatable",
            "class": class_block(cls, source)}
    if not crit.generatable:
        ob = crit.obstruction
        return {"kind": KIND_OBSTRUCTION, **head, "profile": _names(cls, ob.profile),
                "groups": {cls.names[j]: _names(cls, e) for j, e in enumerate(ob.groups)},
                "summary": f"criterion: profile {{{', '.join(_names(cls, ob.profile))}}} has no good first answer"}
    if with_generator is None:
        with_generator = cls.n <= GENERATOR_MAX_N
    choices = [{"profile": _names(cls, ch.profile), "answer": cls.names[ch.answer],
                "outputs": [{"group": _names(cls, e), "output": cls.names[h]} for e, h in ch.outputs]}
               for ch in crit.choices]
    gen = canonical_generator(cls, crit, source) if with_generator else None
    summary = f"criterion: a good first answer for each of {len(choices)} profiles"
    if gen is not None:
        summary += f"; canonical generator: {gen['summary'].split(': ', 1)[1]}"
    return {"kind": KIND_WITNESS, **head, "choices": choices, "generator": gen, "summary": summary}


def canonical_generator(cls: FiniteClass, crit: Criterion, source: str | None) -> dict[str, Any]:
    """The canonical Mealy machine run alongside the game's (O, A), as a `proper-limit-generator`
    certificate, so the game's own checker verifies it."""
    machine = CanonicalGenerator.of(cls.table, crit)
    n = cls.n
    sigs = [sum(1 << k for k in c.signature) for c in cls.table.cells]
    everyone = (1 << n) - 1
    labels = [_names(cls, c.signature) for c in cls.table.cells]
    ident = StateIds("s")
    start = (0, everyone, -1, None)
    ident(start)
    states = []
    for key in ident:
        if key == "dead":
            states.append({"id": "dead", "answers_so_far": [], "legal_for": [], "answer": cls.names[0],
                           "on": [{"cell": lab, "to": "dead"} for lab in labels]})
            continue
        o, a, ans, mstate = key
        on = []
        for lab, s in zip(labels, sigs):
            after = a & (everyone if s & o else s)
            if not after:
                on.append({"cell": lab, "to": ident("dead")})
                continue
            nxt, out = machine.step(mstate, s)
            on.append({"cell": lab, "to": ident((o | 1 << out, after, out, nxt))})
        states.append({"id": ident[key], "answers_so_far": [cls.names[h] for h in bits(o)],
                       "legal_for": [cls.names[h] for h in bits(a)],
                       "answer": cls.names[ans] if ans >= 0 else None, "on": on})
    machine_states = len({key[3] for key in ident.order if key != "dead"})
    return {"kind": KIND_GEN, "format": 1, "notion": "proper-limit", "replay": True, "verdict": "generatable",
            "class": class_block(cls, source), "start": "s0", "states": states,
            "summary": f"canonical generator (Li-Zhang sufficiency construction): {len(states)} states "
                       f"= {machine_states} Mealy states (j, C) (at most 1 + n*2^n = {1 + n * 2 ** n}) "
                       "run alongside the game's (answers so far, legal targets)"}
