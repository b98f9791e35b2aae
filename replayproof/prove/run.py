"""`prove` as data: the Coq file for a not-generatable class, and coqc's verdict on it."""
from __future__ import annotations

from dataclasses import dataclass

from ..classes.classfile import load
from ..classes.model import Hypothesis
from ..errors import EXIT_REFUTED, InputError, ReplayproofError
from ..game.criterion import find_obstruction
from .coqc import STANDARD_AXIOMS, axioms_used, coqc_binary, compile_with_development
from .coqfile import THEOREM, render
from .instance import build_instance, check_lia_size


class NothingToProve(ReplayproofError):
    """The class is properly generatable in the limit with replay: no obstruction, no Coq file."""

    exit_code = EXIT_REFUTED


@dataclass(frozen=True)
class Verdict:
    """What coqc said about a file: proved, or the first error as one line."""

    proved: bool
    message: str


def instance_text(path: str, timeout_ms: int = 20_000) -> str:
    """The Coq file proving the class in `path` not generatable; raises when there is none to write."""
    cls = load(path, timeout_ms=timeout_ms)
    if not all(isinstance(h, Hypothesis) for h in cls.hypotheses):
        raise InputError(f"{path}: prove handles classes over the integers (predicates on x); "
                         f"{cls.name!r} is a class of words")
    obstruction = find_obstruction(cls.table)
    if obstruction is None:
        raise NothingToProve(f"{path}: class {cls.name!r} is properly generatable in the limit with replay "
                             "(no obstruction): nothing to prove, no Coq file written")
    inst = build_instance(cls, obstruction)
    check_lia_size(cls, inst)
    return render(cls, inst, path)


def require_coqc() -> None:
    """Raise InputError when coqc is not installed."""
    if coqc_binary() is None:
        raise InputError("--check needs coqc, which is not installed (e.g. apt-get install coq)")


def check_text(text: str, name: str) -> Verdict:
    """Compile one file against the development; proved only if its theorem rests on standard axioms."""
    run = compile_with_development({name: text})
    if not run.ok:
        return Verdict(False, run.first_error())
    axioms = axioms_used(run.output)
    if axioms is None:
        return Verdict(False, f"{name}.v compiled but printed no 'Print Assumptions {THEOREM}' answer")
    extra = sorted(axioms - STANDARD_AXIOMS)
    if extra:
        return Verdict(False, f"{name}.v: the proof rests on non-standard axioms: {', '.join(extra)}")
    return Verdict(True, "proved")
