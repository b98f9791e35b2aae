"""Concrete, cached, checked calls of a generator: the only place user code runs during a search."""
from __future__ import annotations

import numbers

from ..errors import SolverUnknown
from .base import PROPER, Generator, GeneratorError
from ..classes.model import FiniteClass
from ..classes.stringclass import StringClass


class Runner:
    """Calls a generator on observed tuples, caches answers, checks their type (the engines' richer
    runner, user code's kind decided by its first answer included: generators/under_test.py).

    Answers are ints: the element (element-level) or the hypothesis index (proper). On a class
    of words, observed tuples arrive as shortlex ranks (trusted/generators/elements.py): the generator gets
    and returns words, the search sees ranks.
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
        if self.words:
            return self._convert_word(observed, raw)
        if self.kind == PROPER:
            if not isinstance(raw, str):
                raise self._error(observed, f"returned {raw!r} ({type(raw).__name__}); a proper generator "
                                            "returns a hypothesis name (str)")
            if raw not in self.cls.names:
                raise self._error(observed, f"returned unknown hypothesis name {raw!r} "
                                            f"(known: {', '.join(self.cls.names)})")
            return self.cls.names.index(raw)
        if not isinstance(raw, numbers.Integral) or isinstance(raw, bool):
            raise self._error(observed, f"returned {raw!r} ({type(raw).__name__}); an element-level generator "
                                        "returns an int (a proper one a hypothesis name)")
        return int(raw)

    def _convert_word(self, observed: tuple[int, ...], raw: object) -> int:
        """On a class of words: a word is an element (ranked), another hypothesis name is proper."""
        words = self.words
        if self.kind == PROPER:
            if raw not in self.cls.names:
                raise self._error(observed, f"returned {raw!r}; a proper generator returns a hypothesis name "
                                            f"(known: {', '.join(self.cls.names)})")
            return self.cls.names.index(raw)
        if not isinstance(raw, str) or not words.is_element(raw):
            raise self._error(observed, f"returned {raw!r} ({type(raw).__name__}); on this class an element-level "
                                        f"generator returns a word over the alphabet {words.alphabet!r} (a str)")
        return words.rank(raw)

    def _error(self, observed: tuple[int, ...], problem: str) -> GeneratorError:
        return GeneratorError(f"generator {self.gen.spec!r} at round {len(observed)}, observed "
                              f"{tuple(map(self.real, observed))}: {problem}")
