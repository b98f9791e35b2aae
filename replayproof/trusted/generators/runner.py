"""Concrete, cached calls of a generator: the checker re-runs bundled ones here; the engines' runner builds on it."""
from __future__ import annotations

from ..errors import SolverUnknown
from .base import PROPER, Generator, GeneratorError
from ..classes.model import FiniteClass
from ..classes.stringclass import StringClass


class Runner:
    """Calls a generator on observed tuples and caches its answers (the engines' richer runner, with
    user code's answers type-checked and its kind decided by the first answer: generators/under_test.py).

    Answers are ints: the element (element-level) or the hypothesis index (proper). On a class
    of words, observed tuples arrive as shortlex ranks (as in the engines' generators/elements.py):
    the generator gets and returns words, the search sees ranks; `call` takes and gives words.
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

    def _convert(self, observed: tuple[int, ...], raw: object) -> int:
        """An answer as the search sees it: a hypothesis index (proper), a word's rank, or the integer.
        A bundled generator answers in its kind by construction; user code's answers are type-checked
        first by the engines' runner (generators/under_test.py)."""
        if self.kind == PROPER:
            return self.cls.names.index(raw)
        return self.words.rank(raw) if self.words else int(raw)

    def _error(self, observed: tuple[int, ...], problem: str) -> GeneratorError:
        return GeneratorError(f"generator {self.gen.spec!r} at round {len(observed)}, observed "
                              f"{tuple(map(self.real, observed))}: {problem}")
