"""The no-replay criteria of criterion.py vectorised over a sweep batch (numpy): what `sweep --model
noise:K|omit:I|noise:finite|omit:finite` runs. Signature q (a bitmask of hypotheses) is column q - 1, as
in sweep/enumerate.py; tests/test_variant_criterion.py compares every function with its per-class twin."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations
from typing import Sequence

import numpy as np


@dataclass(frozen=True)
class Cells:
    """A batch of classes as arrays of shape (classes, 2^n - 1), column q - 1 the cell of signature q."""

    n: int
    nonempty: np.ndarray     # bool
    infinite: np.ndarray     # bool
    size: np.ndarray         # int64: the cardinality of a finite cell, 0 when empty or infinite


def cells_of(n: int, digits: np.ndarray, cards: Sequence[float]) -> Cells:
    """The arrays of a batch's digit vectors (an index into `cards` per signature)."""
    sizes = np.asarray(cards, dtype=float)[np.asarray(digits, dtype=np.int64)]
    infinite = np.isinf(sizes)
    return Cells(n, sizes > 0, infinite, np.where(infinite, 0, sizes).astype(np.int64))


def _columns(n: int, keep) -> list[int]:
    return [q - 1 for q in range(1, 2 ** n) if keep(q)]


def _none(a: np.ndarray, cols: list[int]) -> np.ndarray:
    return ~a[:, cols].any(axis=1) if cols else np.ones(len(a), dtype=bool)


def _bits(m: int) -> list[int]:
    return [h for h in range(m.bit_length()) if m >> h & 1]


def inside(c: Cells) -> np.ndarray:
    """Column W (a non-empty set of hypotheses): some hypothesis lies inside every member of W."""
    out = np.zeros((len(c.nonempty), 2 ** c.n), dtype=bool)
    for w in range(1, 2 ** c.n):
        for g in range(c.n):
            out[:, w] |= _none(c.nonempty, _columns(c.n, lambda q: q >> g & 1 and q & w != w))
    return out


def bounded_defeats(c: Cells, noise: int, omit: int | np.ndarray) -> np.ndarray:
    """noise k or omissions i without replay (one of the two zero; `omit` may differ per class): some targets
    with the same infinite cells and no hypothesis inside all, presentable within the limits (§7c)."""
    if noise and np.any(omit):
        raise ValueError("the vectorised criterion takes noise or omissions, not both (criterion.py takes both)")
    ins, win = inside(c), np.zeros(len(c.nonempty), dtype=bool)
    for t in range(1, 2 ** c.n):
        if t & (t - 1) == 0:
            continue          # one target: it lies inside itself
        mixed = _columns(c.n, lambda q: q & t and q & t != t)
        ok = _none(c.infinite, mixed) & ~ins[:, t]
        for h in _bits(t):
            if noise:     # no omission: every mixed cell presented whole, noise for the targets outside it
                ok &= c.size[:, [q for q in mixed if not (q + 1) >> h & 1]].sum(axis=1) <= noise
            else:         # no noise: no mixed cell presented, omissions for the targets inside it
                ok &= c.size[:, [q for q in mixed if (q + 1) >> h & 1]].sum(axis=1) <= omit
        win |= ok
    return win


def finite_noise_defeats(c: Cells) -> np.ndarray:
    """Finitely many noise inputs: targets orderable so that each one's infinite cells lie in every later one,
    with no hypothesis inside all of them (§7c)."""
    ins, win = inside(c), np.zeros(len(c.nonempty), dtype=bool)
    reach = {(h, g): _none(c.infinite, _columns(c.n, lambda q: q >> h & 1 and not q >> g & 1))
             for h in range(c.n) for g in range(c.n) if h != g}
    for w in range(1, 2 ** c.n):
        if w & (w - 1) == 0:
            continue
        cover = np.zeros(len(win), dtype=bool)
        for order in permutations(_bits(w)):
            ok = np.ones(len(win), dtype=bool)
            for i, h in enumerate(order):
                for g in order[i + 1:]:
                    ok &= reach[h, g]
            cover |= ok
        win |= cover & ~ins[:, w]
    return win


def finite_omit_defeats(c: Cells) -> np.ndarray:
    """Finitely many omissions: a reachable candidate set (all of H, or the hypotheses containing every
    presented cell) whose members with the fewest infinite cells have no hypothesis inside all (§7c)."""
    ins, win = inside(c), np.zeros(len(c.nonempty), dtype=bool)
    full, rows = 2 ** c.n - 1, np.arange(len(win))
    for cand in range(1, full + 1):
        reached = np.ones(len(win), dtype=bool)
        if cand != full:      # the non-empty cells containing cand meet in cand exactly
            for h in range(c.n):
                if not cand >> h & 1:
                    reached &= ~_none(c.nonempty, _columns(c.n, lambda q: q & cand == cand and not q >> h & 1))
        eligible = np.zeros(len(win), dtype=np.int64)
        for h in _bits(cand):
            eligible |= _none(c.infinite, _columns(c.n, lambda q: q >> h & 1 and q & cand != cand)).astype(np.int64) << h
        win |= reached & (eligible != 0) & ~ins[rows, eligible]
    return win
