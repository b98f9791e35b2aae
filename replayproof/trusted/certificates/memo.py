"""A class's membership and inclusion, cached for the kernel: checkers ask the same questions many times."""
from __future__ import annotations

from ..classes.model import FiniteClass


class Memo:
    """The kernel's `Rules` over a class: each element's signature is evaluated once, and the
    n x n support inclusion table is read off the cells once."""

    def __init__(self, cls: FiniteClass) -> None:
        self.cls = cls
        self.n = cls.n
        self._sig: dict[int, frozenset[int]] = {}
        self._subset = [[cls.subset(h, g) for g in range(cls.n)] for h in range(cls.n)]

    def signature(self, x: int) -> frozenset[int]:
        sig = self._sig.get(x)
        if sig is None:
            sig = self._sig[x] = self.cls.signature(x)
        return sig

    def member(self, h: int, x: int) -> bool:
        return h in self.signature(x)

    def subset(self, h: int, g: int) -> bool:
        return self._subset[h][g]
