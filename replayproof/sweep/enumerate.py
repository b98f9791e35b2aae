"""Every class of N hypotheses by cell cardinalities, one per isomorphism class (numpy, orderly).

A class is a vector of cardinalities indexed by the 2^N - 1 non-empty signatures. It is kept
iff its code is the least over all N! renamings of the hypotheses (so exactly one representative
per isomorphism class), it satisfies UUS, and its supports are pairwise distinct.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np

from ..classes import cells as C
from ..errors import InputError

MAX_RAW = 60_000_000   # raw vectors scanned per sweep (size 4 with 3 cardinalities is 14.3M)
CHUNK = 2_000_000


@dataclass(frozen=True)
class SweepClass:
    """One representative: its code (stable id), hypothesis count, and cell table."""

    code: int
    n: int
    table: C.CellTable

    @property
    def nonempty_cells(self) -> int:
        return len(self.table.cells)


def parse_cards(text: str) -> tuple[float, ...]:
    """'0,1,inf' -> (0, 1, INF): the cardinalities a cell may take."""
    cards: list[float] = []
    for part in text.split(","):
        part = part.strip().lower()
        if part in ("inf", "infinite"):
            cards.append(C.INF)
        elif part.isdigit() and int(part) <= 100:
            cards.append(int(part))
        else:
            raise InputError(f"--cards: {part!r} is not a cardinality (use integers 0..100 and inf, e.g. 0,1,inf)")
    if 0 not in cards or C.INF not in cards:
        raise InputError("--cards must include 0 (empty cells) and inf (UUS needs infinite cells)")
    return tuple(sorted(set(cards)))


def raw_count(n: int, cards: Sequence[float]) -> int:
    return len(cards) ** (2 ** n - 1)


def enumerate_classes(n: int, cards: Sequence[float]) -> Iterator[SweepClass]:
    """Yield one UUS class with distinct supports per isomorphism class, in code order."""
    if not 1 <= n <= 4:
        raise InputError(f"--size {n}: sweeps support 1 to 4 hypotheses (size 5 has {len(cards)}^31 raw classes)")
    total = raw_count(n, cards)
    if total > MAX_RAW:
        raise InputError(f"size {n} with cardinalities {_fmt(cards)} has {total} raw classes; at most {MAX_RAW} "
                         "are scanned (use fewer cardinalities or a smaller size)")
    k = len(cards)
    masks = np.arange(1, 2 ** n)
    m = len(masks)
    weights = k ** np.arange(m - 1, -1, -1, dtype=np.int64)  # digit of mask 1 is most significant
    perm_weights = []
    for perm in itertools.permutations(range(n)):
        image = [sum(1 << perm[b] for b in range(n) if mask >> b & 1) for mask in masks]
        perm_weights.append(weights[np.array(image) - 1])
    perm_weights = np.stack(perm_weights, axis=1)  # (m, n!)
    inf_digit = k - 1
    contains = np.array([[mask >> h & 1 for mask in masks] for h in range(n)], dtype=bool)  # (n, m)
    names = tuple(f"h{i + 1}" for i in range(n))
    for start in range(0, total, CHUNK):
        codes = np.arange(start, min(start + CHUNK, total), dtype=np.int64)
        digits = (codes[:, None] // weights[None, :]) % k  # (chunk, m)
        canonical = (digits @ perm_weights).min(axis=1) == codes
        uus = np.ones(len(codes), dtype=bool)
        for h in range(n):
            uus &= ((digits == inf_digit) & contains[h][None, :]).any(axis=1)
        distinct = np.ones(len(codes), dtype=bool)
        for h, g in itertools.combinations(range(n), 2):
            differ = contains[h] ^ contains[g]
            distinct &= ((digits > 0) & differ[None, :]).any(axis=1)
        for row in np.nonzero(canonical & uus & distinct)[0]:
            sizes = {frozenset(h for h in range(n) if masks[j] >> h & 1): cards[digits[row, j]] for j in range(m)}
            yield SweepClass(int(codes[row]), n, C.make_table(names, sizes))


def _fmt(cards: Sequence[float]) -> str:
    return "{" + ", ".join(C.format_size(c) for c in cards) + "}"
