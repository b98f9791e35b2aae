"""The attack's elements are integers: words of a string class enter it as their shortlex ranks.

The SMT encoding (encode.py, symbolic.py) compares elements as integers and orders candidates
nearest 0 first. For a class of words the search runs on a RankedView: word w is the integer
rank(w) (0 = the empty word, then shortlex), negative integers lie in no hypothesis. The map is
a bijection, so a stream is legal and an answer correct for the view exactly when they are for
the words; reported traces and certificates are mapped back and re-judged on the words.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Iterator

from ..trusted.classes import cells as C
from ..trusted.classes.model import FiniteClass
from ..trusted.classes.stringclass import StringClass


@dataclass(frozen=True)
class RankedView(FiniteClass):
    """A string class whose elements are shortlex ranks (ints); membership asks the words' DFAs."""

    base: StringClass | None = None

    def member(self, h: int, x: int) -> bool:
        return x >= 0 and self.base.member(h, self.base.unrank(x))

    def signature(self, x: int) -> frozenset[int]:
        return self.base.signature(self.base.unrank(x)) if x >= 0 else frozenset()

    def cell_elements(self, signature: frozenset[int]) -> Iterator[int]:
        return map(self.base.rank, self.base.cell_elements(signature))


def game_class(cls: FiniteClass) -> FiniteClass:
    """The class the search works on: a RankedView for words, the class itself for integers."""
    if not isinstance(cls, StringClass):
        return cls
    table = C.CellTable(cls.table.names, tuple(C.Cell(c.signature, c.size, tuple(map(cls.rank, c.elements)))
                                               for c in cls.table.cells))
    return RankedView(cls.name, cls.hypotheses, table, cls.description, cls.source, base=cls)


def real(cls: FiniteClass, x: int) -> Hashable:
    """An element of the search back in the class's own domain (the word of a rank)."""
    return cls.base.unrank(x) if isinstance(cls, RankedView) else x


def coded(cls: FiniteClass, x: Hashable) -> int:
    """An element of the class's domain as the search sees it (a word's rank)."""
    return cls.base.rank(x) if isinstance(cls, RankedView) else x
