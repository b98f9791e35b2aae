"""The exact next-token distribution of the real logic-expression data, for calibration.

The real data are the generator's trees conditioned on evaluating to True, so the ideal language
model (what a large, well-trained network approaches) has next-token probabilities

    p*(t | prefix) = F(prefix + t) / F(prefix),   F(x) = P_gen(x is a prefix) * P(True | x),

and F is computable exactly: unfinished subtrees are independent draws of the generator whose
probability of being True depends only on their remaining depth. Sampling p* at temperature T
shows how much one generation of a near-perfect model sharpens the data; docs/collapse.md uses
it to calibrate the n-gram's temperature.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np

from .logic import AND, EOS, FALSE, LP, NOT, OR, RP, TRUE, VOCAB

LEAF_PROB = 0.3   # as in random_expression


@lru_cache(maxsize=None)
def q_true(depth: int) -> float:
    """P(a non-root subtree drawn with `depth` levels left is True)."""
    if depth == 0:
        return 0.5
    return LEAF_PROB * 0.5 + (1 - LEAF_PROB) * b_true(depth)


@lru_cache(maxsize=None)
def b_true(depth: int) -> float:
    """P(an operator node (after its '(') with `depth` levels left is True)."""
    q = q_true(depth - 1)
    return (1 - q) / 3 + q * q / 3 + (1 - (1 - q) ** 2) / 3


def _operand(toks: Sequence[int], i: int, depth: int, root: bool) -> tuple[float, float, int, bool]:
    """Parse one (possibly unfinished) operand: (generator probability, P(True), end, complete)."""
    if i == len(toks):
        return 1.0, (b_true(depth) if root else q_true(depth)), i, False
    t = toks[i]
    if t in (TRUE, FALSE):
        p_leaf = 1.0 if depth == 0 else (0.0 if root else LEAF_PROB)
        return p_leaf * 0.5, float(t == TRUE), i + 1, True
    if t != LP or depth == 0:
        return 0.0, 0.0, i + 1, True
    prob = 1.0 if root else 1 - LEAF_PROB
    i += 1
    if i == len(toks):
        return prob, b_true(depth), i, False
    if toks[i] == NOT:
        pc, vc, i, done = _operand(toks, i + 1, depth - 1, False)
        prob *= pc / 3
        value = 1 - vc
    else:
        pl, vl, i, done = _operand(toks, i, depth - 1, False)
        prob *= 2 * pl / 3
        q = q_true(depth - 1)
        if i == len(toks) or not done or prob == 0:
            value = 0.5 * vl * q + 0.5 * (1 - (1 - vl) * (1 - q))
            return prob, value, i, False
        op = toks[i]
        if op not in (AND, OR):
            return 0.0, 0.0, i + 1, True
        pr, vr, i, done = _operand(toks, i + 1, depth - 1, False)
        prob *= pr / 2
        value = vl * vr if op == AND else 1 - (1 - vl) * (1 - vr)
    if i == len(toks) or not done or prob == 0:
        return prob, value, i, False
    if toks[i] != RP:
        return 0.0, 0.0, i + 1, True
    return prob, value, i + 1, True


def prefix_weight(prefix: Sequence[int], max_depth: int) -> float:
    """F(prefix) = P_gen(prefix) * P(True | prefix); a trailing <eos> needs a finished root."""
    toks = list(prefix)
    eos = bool(toks) and toks[-1] == EOS
    if eos:
        toks = toks[:-1]
    prob, value, end, done = _operand(toks, 0, max_depth, True)
    if end != len(toks) or (eos and not done) or (done and not eos and end < len(prefix)):
        return 0.0
    if done and not eos:
        return prob * value          # the only continuation is <eos>, with probability 1
    return prob * value


def next_token_probs(prefix: Sequence[int], max_depth: int) -> np.ndarray:
    """p*(t | prefix) for the 8 tokens (the ideal model of the real data)."""
    base = prefix_weight(prefix, max_depth)
    if base == 0:
        raise ValueError("prefix impossible under the real data")
    w = np.array([prefix_weight(list(prefix) + [t], max_depth) for t in range(VOCAB)])
    return w / base


def exact_sample(rng: np.random.Generator, count: int, temperature: float,
                 max_depth: int) -> list[tuple[int, ...]]:
    """Draw expressions from p* with every next-token distribution at the given temperature."""
    out = []
    for _ in range(count):
        seq: list[int] = []
        while True:
            p = next_token_probs(seq, max_depth)
            p = p ** (1.0 / temperature)
            p /= p.sum()
            t = int(rng.choice(VOCAB, p=p))
            if t == EOS:
                break
            seq.append(t)
        out.append(tuple(seq))
    return out
