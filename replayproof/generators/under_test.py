"""The generator under test: one entry point over its five forms, for every engine.

A `--generator` value is a bundled name, `burn-in:<spec>` (d given separately), user code
(`file.py:f` or `module:f`, run in its own process: process.py), or a machine file (.json/.toml,
or a bundled machine's name); the fifth form, a machine learned from user code, is what
`verify` makes of user code (verify/learn.py) through `runner`. Engines ask here for what they
need of it: `runner` answers the next input given the play so far, on concrete elements
(cached, type-checked: runner.py); `model` is its exact cell-level model when it has one
(models.py); `form` names the form. `check` uses the table lookup `library.registered` only.
"""
from __future__ import annotations

import numbers
from pathlib import Path

from ..trusted.classes.bundled import names
from ..trusted.classes.model import FiniteClass
from ..trusted.generators.base import ELEMENT, PROPER
from ..trusted.generators.library import BUNDLED, BURN_IN
from ..trusted.generators.runner import Runner
from .machine import MACHINE_SUFFIXES
from .resolve import AUTO

FORMS = ("bundled", "burn-in", "user", "machine", "unknown")


def form(spec: str) -> str:
    """Which of the forms `spec` names (no file is read, no code run); `unknown` for anything else."""
    spec = spec.strip()
    if spec.startswith(BURN_IN):
        return "burn-in"
    if spec in BUNDLED:
        return "bundled"
    if spec.endswith(MACHINE_SUFFIXES) and Path(spec).suffix in MACHINE_SUFFIXES:
        return "machine"
    machine = names("generators").get(spec)
    if machine is not None and machine.suffix in MACHINE_SUFFIXES:
        return "machine"
    return "user" if ":" in spec else "unknown"


def learned(spec: str) -> bool:
    """Whether `verify` learns a machine for `spec` (the fifth form): user code, and any `x:y` that
    is neither burn-in nor a machine file (verify/learn.py; an exact model is used otherwise)."""
    return ":" in spec and spec.rsplit(":", 1)[0].endswith(".py") or (
        ":" in spec and not spec.startswith(BURN_IN) and not spec.endswith(MACHINE_SUFFIXES))


class UnderTest(Runner):
    """A running generator as the engines use it: the checker's Runner (trusted/generators/runner.py)
    plus what only user code and reports need: answers type-checked, a kind decided by the first
    answer, a call count, answers shown as the user wrote them."""

    @property
    def calls(self) -> int:
        return len(self.cache)

    def resolve_kind(self, probe: tuple[int, ...]) -> str:
        """The generator's kind; user code that did not declare one is probed once."""
        if self.kind == AUTO:
            self.answer(probe)
        return self.kind

    def show(self, value: int) -> str:
        """An answer as the user wrote it: the element, or the hypothesis name."""
        return self.cls.names[value] if self.kind == PROPER else str(self.real(value))

    def _convert(self, observed: tuple[int, ...], raw: object) -> int:
        """User code of undeclared kind: a hypothesis name makes it proper, an element element-level
        (on a class of words, a word is an element unless it is only a hypothesis name). Then the
        answer's type is checked (GeneratorError naming the round) before the Runner converts it."""
        if self.kind == AUTO and isinstance(raw, str):
            words = self.words
            self.kind = ELEMENT if words and (words.is_element(raw) or raw not in self.cls.names) else PROPER
        elif self.kind == AUTO and not self.words and isinstance(raw, numbers.Integral) and not isinstance(raw, bool):
            self.kind = ELEMENT
        (self._check_word if self.words else self._check)(observed, raw)
        return super()._convert(observed, raw)

    def _check(self, observed: tuple[int, ...], raw: object) -> None:
        if self.kind == PROPER:
            if not isinstance(raw, str):
                raise self._error(observed, f"returned {raw!r} ({type(raw).__name__}); a proper generator "
                                            "returns a hypothesis name (str)")
            if raw not in self.cls.names:
                raise self._error(observed, f"returned unknown hypothesis name {raw!r} "
                                            f"(known: {', '.join(self.cls.names)})")
        elif not isinstance(raw, numbers.Integral) or isinstance(raw, bool):
            raise self._error(observed, f"returned {raw!r} ({type(raw).__name__}); an element-level generator "
                                        "returns an int (a proper one a hypothesis name)")

    def _check_word(self, observed: tuple[int, ...], raw: object) -> None:
        """On a class of words: a word is an element (ranked), another hypothesis name is proper."""
        words = self.words
        if self.kind == PROPER:
            if raw not in self.cls.names:
                raise self._error(observed, f"returned {raw!r}; a proper generator returns a hypothesis name "
                                            f"(known: {', '.join(self.cls.names)})")
        elif not isinstance(raw, str) or not words.is_element(raw):
            raise self._error(observed, f"returned {raw!r} ({type(raw).__name__}); on this class an element-level "
                                        f"generator returns a word over the alphabet {words.alphabet!r} (a str)")


def runner(spec: str, cls: FiniteClass, d: int | None = None, *, deadline: float | None = None) -> UnderTest:
    """The generator named by `spec`, ready to answer plays on `cls` (d: burn-in's threshold;
    deadline: time.monotonic() after which user code still running raises SolverUnknown)."""
    from .resolve import resolve
    return UnderTest(resolve(spec, cls, d, deadline=deadline), cls)


def model(spec: str, cls: FiniteClass, d: int | None = None):
    """Its exact cell-level model (a machine file, a bundled generator, burn-in of one); InputError
    for a form without one (user code: `verify` learns a machine instead)."""
    from ..trusted.generators.models import make_model
    from .machine import machine_model
    return make_model(spec, cls, d, machine_model)
