"""The bundled generators: closure, sep51-standard, tell-tale, and the burn-in conversion."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from ..classes.model import FiniteClass, near_key
from ..errors import ReplayproofError
from ..classes.stringclass import StringClass
from .base import ELEMENT, PROPER, Generator, GeneratorError, GeneratorFn


def order_key(cls: FiniteClass) -> Callable:
    """The order in which bundled generators pick fresh elements (that of cell_elements): near 0 first
    (near_key) for integers, the shortlex rank for words."""
    return cls.rank if isinstance(cls, StringClass) else near_key


def _signature_fn(cls: FiniteClass) -> Callable[[int], frozenset[int]]:
    return functools.lru_cache(maxsize=65536)(cls.signature)


def closure_order(sigs: list[frozenset[int]], consistent: frozenset[int]) -> list[list[int]]:
    """The cells (indices into `sigs`) closure draws a fresh element from, in order: those of <S> (every
    cell when no hypothesis is consistent), then, once <S> is exhausted, those of the first consistent
    hypothesis. Shared with its cell-level model (models.ClosureModel)."""
    if not consistent:
        return [list(range(len(sigs)))]
    h = min(consistent)
    return [[c for c, sig in enumerate(sigs) if consistent <= sig], [c for c, sig in enumerate(sigs) if h in sig]]


def closure(cls: FiniteClass) -> GeneratorFn:
    """Fresh element of <S>, the intersection of the hypotheses consistent with S (docs/attack.md)."""
    sig = _signature_fn(cls)
    sigs = [c.signature for c in cls.table.cells]
    pools = functools.lru_cache(maxsize=4096)(lambda consistent: closure_order(sigs, consistent))
    elements = [iter(cls.cell_elements(s)) for s in sigs]
    known: list[list] = [[] for _ in sigs]  # per cell, its elements drawn so far (in order_key order)

    def first_unseen(c: int, seen: set) -> object | None:
        """The first element of cell c not observed; None when c is finite and every element was observed."""
        for v in known[c]:
            if v not in seen:
                return v
        for v in elements[c]:
            known[c].append(v)
            if v not in seen:
                return v
        return None

    def answer(observed: tuple[int, ...]) -> int:
        seen = set(observed)
        consistent = frozenset.intersection(*(sig(x) for x in seen))
        for pool in pools(consistent):
            fresh = [v for v in (first_unseen(c, seen) for c in pool) if v is not None]
            if fresh:
                return min(fresh, key=order_key(cls))
        what = cls.names[min(consistent)] if consistent else "the union of the supports"
        raise GeneratorError(f"no fresh element of {what} is left (its cells are finite and fully observed)")

    return answer


def sep51_standard(cls: FiniteClass) -> GeneratorFn:
    """Theorem 5.1's standard generator: fresh positive until a negative is seen, then fresh negative."""
    if isinstance(cls, StringClass):
        raise GeneratorError("sep51-standard answers integers (Theorem 5.1's class); "
                             f"{cls.name} is a class of words")

    def answer(observed: tuple[int, ...]) -> int:
        seen = set(observed)
        step = -1 if any(x < 0 for x in seen) else 1
        v = step
        while v in seen:
            v += step
        return v

    return answer


def telltales(cls: FiniteClass) -> tuple[frozenset[int], ...]:
    """Angluin tell-tales: per h, one element of supp(h) minus supp(h') for each h' strictly inside h."""
    out = []
    for h in range(cls.n):
        tell: set[int] = set()
        for g in range(cls.n):
            if g != h and cls.subset(g, h) and not cls.subset(h, g):
                cell = next(c for c in cls.table.cells if h in c.signature and g not in c.signature)
                tell.add(next(iter(cls.cell_elements(cell.signature))))
        out.append(frozenset(tell))
    return tuple(out)


def telltale(cls: FiniteClass) -> GeneratorFn:
    """Identification by tell-tales: the first h in class order with T_h within S within supp(h)."""
    tells = telltales(cls)
    sig = _signature_fn(cls)

    def answer(observed: tuple[int, ...]) -> str:
        seen = set(observed)
        consistent = [h for h in range(cls.n) if all(h in sig(x) for x in seen)]
        chosen = next((h for h in consistent if tells[h] <= seen), consistent[0] if consistent else 0)
        return cls.names[chosen]

    return answer


def burn_in(inner: Generator, d: int) -> Generator:
    """Algorithm 1 of arXiv 2603.11784: answer x_1 until d distinct examples were seen, then `inner`."""
    if inner.kind == PROPER:
        raise GeneratorError(f"burn-in wraps element-level generators; {inner.spec!r} is proper")
    fn = inner.fn

    def answer(observed: tuple[int, ...]):
        return observed[0] if len(set(observed)) < d else fn(observed)

    return Generator(f"burn-in:{inner.spec}", inner.kind, answer)


@dataclass(frozen=True)
class Bundled:
    name: str
    kind: str
    make: Callable[[FiniteClass], GeneratorFn]


BUNDLED: dict[str, Bundled] = {b.name: b for b in (  # described for users in generators/__init__.py
    Bundled("closure", ELEMENT, closure), Bundled("sep51-standard", ELEMENT, sep51_standard),
    Bundled("telltale", PROPER, telltale),
)}

BURN_IN = "burn-in:"


def read_name(spec: str) -> tuple[bool, str]:
    """A generator name as the package reads it: whether it is burn-in:<inner>, and the inner name, with the
    spaces around either dropped. GeneratorError for a blank name and for burn-in of a burn-in."""
    spec = spec.strip()
    burn = spec.startswith(BURN_IN)
    inner = spec[len(BURN_IN):].strip() if burn else spec
    if not inner:
        raise GeneratorError(f"generator {spec!r}: the name is blank")
    if burn and inner.startswith(BURN_IN):
        raise GeneratorError(f"generator {spec!r}: burn-in applies once (burn-in:<spec> with a bundled name or "
                             "user code); burn-in of a burn-in is not supported")
    return burn, inner


def written(spec: str) -> str:
    """The name as the package writes it in a certificate and as a checker expects it: read_name's reading."""
    burn, inner = read_name(spec)
    return BURN_IN + inner if burn else inner


def registered(spec: str, cls: FiniteClass, d: int | None) -> Generator | None:
    """The package's own generator of that name (bundled, or burn-in of a bundled one), else None.

    Looked up in the table only: a certificate's name never reaches the user-code loader. The
    checkers' version; `resolve` builds bundled names through it too (one construction)."""
    burn, inner = read_name(spec)
    b = BUNDLED.get(inner)
    if b is None:
        return None
    g = Generator(b.name, b.kind, b.make(cls))
    if not burn:
        return g
    if d is None:
        raise ReplayproofError(f"{spec} needs burn_in_threshold (its d)")
    return burn_in(g, d)
