"""`decide` in plain words for a newcomer: what was asked, the answer, why, and what to try next.

At most four lines, derived from the certificates (the criterion's obstruction or witness table,
the game's generator), never written for one class. The words are those of docs/model.md.
"""
from __future__ import annotations

from typing import Any

from ..trusted.classes.model import FiniteClass

DOC = "docs/model.md#3-notions-of-generation"


def _or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sample(cls: FiniteClass, signature: list[str]) -> str:
    """An element (or word) whose hypotheses are exactly `signature`, as the user would write it."""
    sig = frozenset(cls.names.index(h) for h in signature)
    for x in cls.cell_elements(sig):
        return repr(x) if isinstance(x, str) else str(x)
    return "an element"


def _criterion(dec: Any) -> dict[str, Any] | None:
    for cert in (dec.certificate, dec.criterion_certificate):
        if cert is not None and cert["kind"].startswith("criterion"):
            return cert
    return None


def _obstruction(cls: FiniteClass, dec: Any) -> tuple[list[str], dict[str, list[str]]] | None:
    """(profile, first answer -> group) of the criterion's obstruction: from its certificate, or
    re-derived from the cells by the same pure criterion when only the game ran."""
    cert = _criterion(dec)
    if cert is not None and cert["kind"] == "criterion-obstruction":
        return list(cert["profile"]), {j: list(g) for j, g in cert["groups"].items()}
    from ..classes.criterion import find_obstruction
    ob = find_obstruction(cls.table)
    if ob is None:
        return None
    return ([cls.names[k] for k in sorted(ob.profile)],
            {cls.names[j]: [cls.names[k] for k in sorted(g)] for j, g in enumerate(ob.groups)})


def _why_not(cls: FiniteClass, profile: list[str], groups: dict[str, list[str]]) -> str:
    j = next(h for h in cls.names if h in groups)
    group = groups[j]
    others = [f"{h} -> {'/'.join(g)}" for h, g in groups.items() if h != j]
    likewise = f" (likewise {', '.join(others)})" if len(others) <= 3 else f" (likewise for the other {len(others)} first answers)"
    where = "every hypothesis" if len(profile) == len(cls.names) else _and(profile)
    both = "both" if len(group) == 2 else "all of them"
    return (f"why: the adversary shows {_sample(cls, profile)} (in {where}); if the generator first names {j}, it "
            f"replays elements of {j} and shows the rest of {_or(group)}{likewise}. The generator cannot tell which "
            f"is the target and no hypothesis lies inside {both}, so it is wrong infinitely often.")


def _why_witness(cls: FiniteClass, cert: dict[str, Any]) -> str:
    choice = max(cert["choices"], key=lambda c: max(len(o["group"]) for o in c["outputs"]))
    first = f"e.g. after {_sample(cls, choice['profile'])} it names {choice['answer']}"
    o = max(choice["outputs"], key=lambda o: len(o["group"]))
    if len(o["group"]) < 2:
        return (f"why: every first example has a safe first answer ({first}), and replays of it never hide which "
                "hypothesis is the target, so the generator narrows down to a hypothesis inside the target.")
    both = "both" if len(o["group"]) == 2 else "all of them"
    return (f"why: every first example has a safe first answer ({first}); replays of it may hide which of "
            f"{_and(o['group'])} is the target, but {o['output']} lies inside {both}, so naming it is never wrong.")


def _why_generator(cls: FiniteClass, cert: dict[str, Any], replay: bool) -> str:
    states = {s["id"]: s for s in cert["states"]}
    start = states[cert["start"]]
    example = ""
    if start["on"]:
        edge = start["on"][0]
        example = f" (after a first example {_sample(cls, edge['cell'])} it names {states[edge['to']]['answer']})"
    source = "without replay every example lies in the target; " if not replay else ""
    return (f"why: {source}a generator with {len(cert['states'])} states settles on a hypothesis inside the "
            f"target{example}, whatever the target and the enumeration (re-checked by the kernel).")


def in_short(cls: FiniteClass, dec: Any, file: str) -> list[str]:
    """Four lines: asked, answer, why, next command."""
    replay = ", mixed with replays of the generator's own answers" if dec.replay else " (no replays)"
    asked = (f"asked: a stream shows examples of a hidden target in {cls.name}{replay}; can a generator, from some "
             f"round on, name only hypotheses inside the target? ({DOC})")
    if dec.verdict == "not-generatable":
        answer = "answer: no generator can (one adversary strategy defeats them all)."
        ob = _obstruction(cls, dec) if dec.replay else None
        if ob is not None:
            why = _why_not(cls, *ob)
        else:
            cert = dec.certificate
            why = (f"why: one adversary strategy ({cert.get('summary', '').split(': ', 1)[-1]}) ends every play in a "
                   "loop that enumerates a target while every answer available is wrong for it.")
        nxt = (f"next: replayproof decide {file} --png strategy.png (the adversary as a picture); "
               f"replayproof prove {file} --coq proof.v --check (a Coq proof)")
        if not dec.replay:
            nxt = f"next: replayproof decide {file} --png strategy.png (the adversary as a picture)"
    else:
        answer = "answer: yes; one generator succeeds against every target and every stream."
        crit = _criterion(dec)
        if crit is not None and crit["kind"] == "criterion-witness":
            why = _why_witness(cls, crit)
        elif dec.certificate["kind"] == "proper-limit-generator":
            why = _why_generator(cls, dec.certificate, dec.replay)
        else:
            why = f"why: {dec.certificate.get('summary', '')}"
        flag = "" if dec.replay else " --no-replay"
        nxt = f"next: replayproof decide {file}{flag} --export g.json, then replayproof check g.json (re-verify it)"
        if dec.certificate["kind"] == "proper-limit-generator":
            nxt += f"; replayproof verify {file} --generator g.json{flag} --notion proper-limit"
    return [asked, answer, why, nxt]
