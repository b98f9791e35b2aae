"""Does a .v file state the class and the claim prove would state? The first difference, as one line.

The comparison is textual and only gives the reader a precise message; the binding check is Coq's:
the audit file (coqfile.audit_text) restates the class and requires the file's theorem to have that type.
"""
from __future__ import annotations

import re

from ..trusted.classes.model import FiniteClass
from .coqfile import Claim, class_line, family_definition, predicate_definitions, theorem_lines

_CLASS = re.compile(r"^\(\*\* Class (.*): (\d+) hypotheses\. \*\)$", re.MULTILINE)
_N = re.compile(r"^Definition N : nat := (.*?)\.$", re.MULTILINE)
_H = re.compile(r"^Definition h_(\d+) \(x : Z\) : bool := (.*?)\.$", re.MULTILINE)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _theorem(text: str, name: str) -> str | None:
    """The statement of `Theorem name : ... .` in the file, whitespace squashed, or None."""
    m = re.search(rf"^Theorem {re.escape(name)}\s*:(.*?)\.\s*$", text, re.MULTILINE | re.DOTALL)
    return _squash(m.group(1)) if m else None


def first_difference(text: str, cls: FiniteClass, claim: Claim, where: str) -> str | None:
    """None when the file states this class and this claim; else one line saying what differs."""
    about = f"class {cls.name!r} ({cls.source or cls.name})"
    found = _CLASS.search(text)
    if found is None:
        return f"{where}: no '(** Class NAME: N hypotheses. *)' line: not a file `replayproof prove` writes"
    if found.group(0) != class_line(cls):
        return f"{where} is about class {found.group(1)!r} ({found.group(2)} hypotheses), not {about}"
    ns = _N.findall(text)
    if len(ns) != 1:
        return f"{where}: {len(ns)} definitions of N; the file must define N once, as {cls.n}"
    if ns[0].strip() != str(cls.n):
        return f"{where}: N := {ns[0].strip()}, but {about} has {cls.n} hypotheses"
    defs = _H.findall(text)
    stated = {int(i): body for i, body in defs}
    if len(defs) != len(stated) or sorted(stated) != list(range(cls.n)):
        return (f"{where}: defines h_{', h_'.join(str(i) for i, _ in defs)}; {about} needs exactly "
                f"h_0 .. h_{cls.n - 1}, once each")
    for i, line in enumerate(predicate_definitions(cls)[1::2]):
        want = _H.search(line).group(2)
        if _squash(stated[i]) != _squash(want):
            h = cls.hypotheses[i]
            return (f"{where}: h_{i} is {_squash(stated[i])}, but hypothesis {i} ({h.name}) of {about} "
                    f"is '{h.text}', i.e. {want}")
    family = "\n".join(family_definition(cls.n)[2:])
    if _squash(family) not in _squash(text):
        return f"{where}: L is not defined as the match of i to h_0 .. h_{cls.n - 1} that {about} needs"
    want = _squash(" ".join(theorem_lines(claim))[len(f"Theorem {claim.name} :"):].rstrip("."))
    got = _theorem(text, claim.name)
    if got is None:
        return f"{where}: no theorem {claim.name!r} ({claim.words}), the claim prove makes about {about}"
    if got != want:
        return f"{where}: theorem {claim.name} states {got}, but the claim about {about} is {want}"
    return None
