"""The generator under test: one entry point over its five forms, for every engine.

A `--generator` value is a bundled name, `burn-in:<spec>` (d given separately), user code
(`file.py:f` or `module:f`, run in its own process: process.py), or a machine file (.json/.toml,
or a bundled machine's name); the fifth form, a machine learned from user code, is what
`verify` makes of user code (verify/learn.py) through `runner`. Engines ask here for what they
need of it: `runner` answers the next input given the play so far, on concrete elements
(cached, type-checked: `UnderTest`); `model` is its exact cell-level model when it has one
(models.py); `form` names the form. `check` uses the table lookup `library.registered` only.
"""
from __future__ import annotations

import numbers
from pathlib import Path

from ..trusted.classes.bundled import names
from ..trusted.classes.model import FiniteClass
from ..trusted.classes.stringclass import StringClass
from ..trusted.errors import SolverUnknown
from ..trusted.generators.base import ELEMENT, PROPER, Generator, GeneratorError
from ..trusted.generators.library import BUNDLED, BURN_IN
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
    spec = spec.strip()
    return ":" in spec and spec.rsplit(":", 1)[0].endswith(".py") or (
        ":" in spec and not spec.startswith(BURN_IN) and not spec.endswith(MACHINE_SUFFIXES))


class UnderTest:
    """A running generator as the engines use it: calls it on observed tuples and caches its answers,
    type-checks user code's answers, decides an undeclared kind by the first answer, counts calls and
    shows answers as the user wrote them (the checker re-runs bundled generators with the plain
    trusted/certificates/common.py's `rerun_agrees` instead).

    Answers are ints: the element (element-level) or the hypothesis index (proper). On a class
    of words, observed tuples arrive as shortlex ranks (as in generators/elements.py): the
    generator gets and returns words, the search sees ranks; `call` takes and gives words.
    """

    def __init__(self, gen: Generator, cls: FiniteClass) -> None:
        self.gen, self.cls = gen, cls
        self.kind = gen.kind
        self.cache: dict[tuple[int, ...], int] = {}
        self.words = cls if isinstance(cls, StringClass) else None

    def answer(self, observed: tuple[int, ...]) -> int:
        """G(observed), as an element or a hypothesis index; GeneratorError on misbehaviour."""
        hit = self.cache.get(observed)
        if hit is not None:
            return hit
        try:
            raw = self.gen.fn(tuple(map(self.words.unrank, observed)) if self.words else observed)
        except GeneratorError as exc:
            raise self._error(observed, str(exc)) from None
        except SolverUnknown:  # user code still running when the budget ran out: no verdict
            raise
        except Exception as exc:  # user code: report it, never a verdict
            raise self._error(observed, f"raised {type(exc).__name__}: {exc}") from None
        value = self._convert(observed, raw)
        self.cache[observed] = value
        return value

    def call(self, observed: tuple) -> object:
        """G on elements of the class's own domain (words for a class of words); the answer likewise
        (an element, or a hypothesis index for a proper generator)."""
        a = self.answer(tuple(map(self.words.rank, observed)) if self.words else tuple(observed))
        return a if self.kind == PROPER else self.real(a)

    def real(self, value: int):
        """An element of the search in the class's domain (the word of a rank on a class of words)."""
        return self.words.unrank(value) if self.words else value

    def _error(self, observed: tuple[int, ...], problem: str) -> GeneratorError:
        return GeneratorError(f"generator {self.gen.spec!r} at round {len(observed)}, observed "
                              f"{tuple(map(self.real, observed))}: {problem}")

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
        answer's type is checked (GeneratorError naming the round), then it is converted as the search
        sees it: a hypothesis index (proper), a word's rank, or the integer."""
        if self.kind == AUTO and isinstance(raw, str):
            words = self.words
            self.kind = ELEMENT if words and (words.is_element(raw) or raw not in self.cls.names) else PROPER
        elif self.kind == AUTO and not self.words and isinstance(raw, numbers.Integral) and not isinstance(raw, bool):
            self.kind = ELEMENT
        (self._check_word if self.words else self._check)(observed, raw)
        if self.kind == PROPER:
            return self.cls.names.index(raw)
        return self.words.rank(raw) if self.words else int(raw)

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
    if form(spec) in ("bundled", "burn-in"):
        return make_model(spec, cls, d)
    return machine_model(spec.strip(), cls)
