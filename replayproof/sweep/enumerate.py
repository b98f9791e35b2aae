"""Every class of N hypotheses by cell cardinalities, one per isomorphism class, streamed (numpy, orderly).

A class is a vector of cardinalities indexed by the 2^N - 1 non-empty signatures, read as a number
in base |cards| (the signature {h1} is the most significant digit). A vector is canonical iff its code
is the GREATEST over all N! renamings of the hypotheses. Clearing the least significant non-zero digit of
a canonical vector gives a canonical vector (docs/sweep.md), so every canonical vector is reached exactly
once from the empty one by setting ever less significant digits, keeping only canonical children: Read's
orderly generation, level by level, in chunks. Yielded: the canonical vectors that satisfy UUS and have
pairwise distinct supports.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np

from ..trusted.classes import cells as C
from ..trusted.errors import InputError

MAX_CLASSES = 60_000_000  # estimated isomorphism classes (raw / N!) a sweep may visit
CHUNK = 100_000           # children tested for canonicity at once
PARENTS = 20_000          # parents per task (a task is one unit of parallel work)


@dataclass(frozen=True)
class SweepClass:
    """One representative: its code (stable id), hypothesis count, and cell table."""

    code: int
    n: int
    table: C.CellTable

    @property
    def nonempty_cells(self) -> int:
        return len(self.table.cells)


@dataclass(frozen=True)
class Batch:
    """A chunk of kept classes: codes and their digit vectors (index into cards per signature)."""

    codes: np.ndarray    # int64, shape (b,)
    digits: np.ndarray   # int8, shape (b, 2^n - 1); column q is the signature q + 1 (a bitmask)


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


def estimated_classes(n: int, cards: Sequence[float]) -> int:
    """Raw vectors / N!: about the number of isomorphism classes (before the filters)."""
    return raw_count(n, cards) // math.factorial(n)


def check_size(n: int, cards: Sequence[float]) -> None:
    """Refuse sweeps too large to finish (one-line input errors)."""
    if not 1 <= n <= 5:
        raise InputError(f"--size {n}: sweeps support 1 to 5 hypotheses")
    if estimated_classes(n, cards) > MAX_CLASSES or raw_count(n, cards) >= 2 ** 53:
        raise InputError(f"size {n} with cardinalities {_fmt(cards)} has {raw_count(n, cards)} raw classes, about "
                         f"{estimated_classes(n, cards)} up to renaming; at most {MAX_CLASSES} are visited "
                         "(use fewer cardinalities, e.g. --cards 0,inf, or a smaller size)")


def _renamings(n: int, weights: np.ndarray) -> np.ndarray:
    """(m, n!) float64: column p maps a digit vector to the code of its renaming p; transpositions first."""
    perms = sorted(itertools.permutations(range(n)),
                   key=lambda p: (sum(1 for i in range(n) if p[i] != i) != 2, p))
    cols = []
    for perm in perms:
        image = [sum(1 << perm[b] for b in range(n) if mask >> b & 1) for mask in range(1, 2 ** n)]
        cols.append(weights[np.array(image) - 1])
    return np.stack(cols, axis=1).astype(np.float64)


@dataclass(frozen=True)
class Space:
    """What expanding a level needs, computed once per sweep (small numpy arrays; picklable)."""

    n: int
    k: int
    weights: np.ndarray     # int64 (m,): position q (signature q + 1) has weight k^(m-1-q)
    renamings: np.ndarray   # float64 (m, n!), transpositions first
    split: int              # number of transpositions (tested first: they reject most children)
    inf_digit: int
    contains: np.ndarray    # bool (n, m)
    pairs: np.ndarray       # bool (n(n-1)/2, m): signatures separating each pair of hypotheses

    @classmethod
    def of(cls, n: int, cards: Sequence[float]) -> "Space":
        check_size(n, cards)
        k, m = len(cards), 2 ** n - 1
        weights = k ** np.arange(m - 1, -1, -1, dtype=np.int64)
        renamings = _renamings(n, weights)
        contains = np.array([[(q + 1) >> h & 1 for q in range(m)] for h in range(n)], dtype=bool)
        pairs = np.array([contains[h] ^ contains[g] for h, g in itertools.combinations(range(n), 2)],
                         dtype=bool).reshape(-1, m)
        return cls(n, k, weights, renamings, min(renamings.shape[1], max(1, n * (n - 1) // 2)),
                   list(cards).index(C.INF), contains, pairs)

    def digits(self, codes: np.ndarray) -> np.ndarray:
        if self.k == 2:
            shifts = np.arange(len(self.weights) - 1, -1, -1, dtype=np.int64)
            return (codes[:, None] >> shifts[None, :]) & 1
        return (codes[:, None] // self.weights[None, :]) % self.k


def expand(space: Space, codes: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray, Batch]:
    """One level step for some parents: their canonical children (the next level) and those kept."""
    out_c, out_l, kept_c, kept_d = [], [], [], []
    for kids, kid_last in _children(codes, last, space.weights, space.k, len(space.weights)):
        digits = space.digits(kids)
        dig = digits.astype(np.float64)
        code_f = kids.astype(np.float64)
        keep = (dig @ space.renamings[:, :space.split]).max(axis=1) <= code_f
        if space.split < space.renamings.shape[1] and keep.any():
            idx = np.nonzero(keep)[0]
            keep[idx] = (dig[idx] @ space.renamings[:, space.split:]).max(axis=1) <= code_f[idx]
        kids, kid_last, digits = kids[keep], kid_last[keep], digits[keep]
        out_c.append(kids)
        out_l.append(kid_last)
        ok = np.ones(len(kids), dtype=bool)
        infinite = digits == space.inf_digit
        for h in range(space.n):
            ok &= (infinite & space.contains[h][None, :]).any(axis=1)
        nonempty = digits > 0
        for differ in space.pairs:
            ok &= (nonempty & differ[None, :]).any(axis=1)
        kept_c.append(kids[ok])
        kept_d.append(digits[ok].astype(np.int8))
    m = len(space.weights)
    cat = (lambda xs, dt, shape: np.concatenate(xs) if xs else np.zeros(shape, dtype=dt))
    return (cat(out_c, np.int64, 0), cat(out_l, np.int64, 0),
            Batch(cat(kept_c, np.int64, 0), cat(kept_d, np.int8, (0, m))))


def levels(space: Space) -> tuple[np.ndarray, np.ndarray]:
    """The first level's parents: the empty vector (canonical, not a class), least digit at -1."""
    return np.zeros(1, dtype=np.int64), np.full(1, -1, dtype=np.int64)


def parent_chunks(codes: np.ndarray, last: np.ndarray, size: int = PARENTS):
    """A level's parents split into tasks."""
    for start in range(0, len(codes), size):
        yield codes[start:start + size], last[start:start + size]


def enumerate_batches(n: int, cards: Sequence[float]) -> Iterator[Batch]:
    """Yield the kept canonical classes in chunks, level by level (number of non-empty cells)."""
    space = Space.of(n, cards)
    codes, last = levels(space)
    while len(codes):
        next_codes, next_last = [], []
        for pc, pl in parent_chunks(codes, last):
            kids, kid_last, batch = expand(space, pc, pl)
            next_codes.append(kids)
            next_last.append(kid_last)
            if len(batch.codes):
                yield batch
        codes, last = np.concatenate(next_codes), np.concatenate(next_last)


def _children(codes: np.ndarray, last: np.ndarray, weights: np.ndarray, k: int,
              m: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every vector with one more non-zero digit, below the least significant one, in chunks."""
    buf_c: list[np.ndarray] = []
    buf_l: list[np.ndarray] = []
    size = 0
    for q in range(m):
        parents = codes[last < q]
        for v in range(1, k):
            for start in range(0, len(parents), CHUNK):
                part = parents[start:start + CHUNK] + v * weights[q]
                buf_c.append(part)
                buf_l.append(np.full(len(part), q, dtype=np.int64))
                size += len(part)
                if size >= CHUNK:
                    yield np.concatenate(buf_c), np.concatenate(buf_l)
                    buf_c, buf_l, size = [], [], 0
    if size:
        yield np.concatenate(buf_c), np.concatenate(buf_l)


def table_of(n: int, cards: Sequence[float], digits: Sequence[int]) -> C.CellTable:
    """The cell table of one digit vector."""
    names = tuple(f"h{i + 1}" for i in range(n))
    sizes = {frozenset(h for h in range(n) if (q + 1) >> h & 1): cards[int(d)] for q, d in enumerate(digits)}
    return C.make_table(names, sizes)


def enumerate_classes(n: int, cards: Sequence[float]) -> Iterator[SweepClass]:
    """Yield one UUS class with distinct supports per isomorphism class (level order)."""
    for batch in enumerate_batches(n, cards):
        for code, digits in zip(batch.codes, batch.digits):
            yield SweepClass(int(code), n, table_of(n, cards, digits))


def _fmt(cards: Sequence[float]) -> str:
    return "{" + ", ".join(C.format_size(c) for c in cards) + "}"
