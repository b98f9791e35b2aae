"""Self-consuming training loop on Boolean logic expressions (after Briesch, Sobania, Rothlauf,
arXiv 2311.16822), scaled down to a numpy n-gram language model.

Every piece the loop needs lives here: the expression grammar and its random generator, an
exact evaluator (the correctness oracle), a z3 cross-check of that oracle, the n-gram model,
the diversity metrics, and the data cycles. The mathematics and the choices are in
docs/collapse.md.
"""
from __future__ import annotations

from .jsonout import clean

import math
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Callable, Iterable, Protocol, Sequence

import numpy as np

# ---------------------------------------------------------------------------------------------
# Vocabulary and grammar
# ---------------------------------------------------------------------------------------------

#: The eight output tokens (seven symbols and the end marker), as in the paper's 8-token vocabulary.
TOKENS: tuple[str, ...] = ("(", ")", "True", "False", "and", "or", "not", "<eos>")
LP, RP, TRUE, FALSE, AND, OR, NOT, EOS = range(8)
BOS = 8  # context padding only; never emitted
VOCAB = len(TOKENS)

CYCLES: tuple[str, ...] = ("full", "balanced", "incremental", "expanding", "fresh")
#: Fraction of each generation's new training data that is model-generated (lambda), by cycle.
DEFAULT_SYNTHETIC_FRACTION: dict[str, float] = {
    "full": 1.0, "balanced": 0.5, "incremental": 0.5, "expanding": 0.75, "fresh": 0.0,
}

Expr = Any  # bool | ("not", Expr) | ("and"|"or", Expr, Expr)


def random_expression(rng: np.random.Generator, max_depth: int, leaf_prob: float = 0.3) -> Expr:
    """Draw a random expression tree; the root is never a bare leaf when max_depth > 0."""
    def draw(depth: int, root: bool) -> Expr:
        if depth == 0 or (not root and rng.random() < leaf_prob):
            return bool(rng.random() < 0.5)
        op = rng.integers(3)
        if op == 0:
            return ("not", draw(depth - 1, False))
        return ("and" if op == 1 else "or", draw(depth - 1, False), draw(depth - 1, False))
    return draw(max_depth, True)


def tree_value(tree: Expr) -> bool:
    """Value of an expression tree (the generator's own semantics)."""
    if isinstance(tree, bool):
        return tree
    if tree[0] == "not":
        return not tree_value(tree[1])
    if tree[0] == "and":
        return tree_value(tree[1]) and tree_value(tree[2])
    return tree_value(tree[1]) or tree_value(tree[2])


def to_tokens(tree: Expr) -> tuple[int, ...]:
    """Serialize a tree: every operator node is wrapped in one pair of parentheses."""
    out: list[int] = []

    def walk(t: Expr) -> None:
        if isinstance(t, bool):
            out.append(TRUE if t else FALSE)
        elif t[0] == "not":
            out.extend((LP, NOT))
            walk(t[1])
            out.append(RP)
        else:
            out.append(LP)
            walk(t[1])
            out.append(AND if t[0] == "and" else OR)
            walk(t[2])
            out.append(RP)
    walk(tree)
    return tuple(out)


def render(tokens: Sequence[int]) -> str:
    """Human-readable text of a token sequence (without the end marker)."""
    return " ".join(TOKENS[t] for t in tokens if t != EOS)


def real_expressions(rng: np.random.Generator, count: int, max_depth: int) -> list[tuple[int, ...]]:
    """The 'real' data: random expressions whose value is True (as in the paper's dataset)."""
    out: list[tuple[int, ...]] = []
    while len(out) < count:
        tree = random_expression(rng, max_depth)
        if tree_value(tree):
            out.append(to_tokens(tree))
    return out


# ---------------------------------------------------------------------------------------------
# Exact evaluator (the correctness oracle) and the z3 cross-check
# ---------------------------------------------------------------------------------------------

class ParseError(ValueError):
    """A token sequence that is not an expression of the grammar."""


def parse(tokens: Sequence[int]) -> Expr:
    """Parse tokens into a tree; raise ParseError unless the whole sequence is one expression."""
    toks = list(tokens)
    if toks and toks[-1] == EOS:
        toks = toks[:-1]

    def expr(i: int) -> tuple[Expr, int]:
        if i >= len(toks):
            raise ParseError("unexpected end")
        t = toks[i]
        if t == TRUE or t == FALSE:
            return t == TRUE, i + 1
        if t != LP:
            raise ParseError(f"unexpected {TOKENS[t]!r} at {i}")
        if i + 1 < len(toks) and toks[i + 1] == NOT:
            inner, j = expr(i + 2)
            node: Expr = ("not", inner)
        else:
            left, j = expr(i + 1)
            if j >= len(toks) or toks[j] not in (AND, OR):
                raise ParseError(f"expected 'and'/'or' at {j}")
            op = "and" if toks[j] == AND else "or"
            right, j = expr(j + 1)
            node = (op, left, right)
        if j >= len(toks) or toks[j] != RP:
            raise ParseError(f"expected ')' at {j}")
        return node, j + 1

    tree, end = expr(0)
    if end != len(toks):
        raise ParseError(f"trailing tokens from {end}")
    return tree


def evaluate(tokens: Sequence[int]) -> bool | None:
    """Exact value of a token sequence, or None when it is not a well-formed expression."""
    try:
        return tree_value(parse(tokens))
    except ParseError:
        return None
    except RecursionError:  # pragma: no cover - lengths are capped far below the limit
        return None


def z3_agrees(tokens: Sequence[int], value: bool) -> bool:
    """Ask z3 to prove that the parsed expression equals `value` (unsat of their XOR)."""
    import z3

    def build(t: Expr) -> Any:
        if isinstance(t, bool):
            return z3.BoolVal(t)
        if t[0] == "not":
            return z3.Not(build(t[1]))
        fn = z3.And if t[0] == "and" else z3.Or
        return fn(build(t[1]), build(t[2]))

    solver = z3.Solver()
    solver.add(z3.Xor(build(parse(tokens)), z3.BoolVal(value)))
    return solver.check() == z3.unsat


# ---------------------------------------------------------------------------------------------
# The language model: a smoothed token n-gram model in numpy
# ---------------------------------------------------------------------------------------------

# Parser states of the innermost open frame (a pushdown recognizer of the grammar).
(_TOP_START, _TOP_DONE, _OPENED, _AFTER_NOT, _NOT_DONE, _LEFT_DONE, _AFTER_OP, _RIGHT_DONE,
 _ERROR) = range(9)
_N_FRAME_STATES = 9
_EXPECTS_OPERAND = {_TOP_START: _TOP_DONE, _OPENED: _LEFT_DONE, _AFTER_NOT: _NOT_DONE,
                    _AFTER_OP: _RIGHT_DONE}
CONTEXTS: tuple[str, ...] = ("plain", "depth", "parser")


def _advance(state: int, tok: int) -> tuple[int, int | None]:
    """One pushdown step: (new state of the current frame, state pushed for a new frame or None)."""
    if state == _ERROR:
        return _ERROR, None
    if tok in (TRUE, FALSE):
        return _EXPECTS_OPERAND.get(state, _ERROR), None
    if tok == LP:
        if state in _EXPECTS_OPERAND:
            return _EXPECTS_OPERAND[state], _OPENED
        return _ERROR, None
    if tok == NOT:
        return (_AFTER_NOT if state == _OPENED else _ERROR), None
    if tok in (AND, OR):
        return (_AFTER_OP if state == _LEFT_DONE else _ERROR), None
    return _ERROR, None  # ')' and EOS are handled by the caller


def _prefix_states(seq: Sequence[int], depth_levels: int, mode: str) -> np.ndarray:
    """The context state before each token of seq + EOS (see NGramModel)."""
    stack = [_TOP_START]
    out = []
    error = False
    for tok in list(seq) + [EOS]:
        depth = min(len(stack) - 1, depth_levels - 1)
        top = _ERROR if error else stack[-1]
        out.append(0 if mode == "plain" else depth if mode == "depth"
                   else depth * _N_FRAME_STATES + top)
        if error or tok == EOS:
            continue
        if tok == RP:
            if len(stack) > 1 and stack[-1] in (_NOT_DONE, _RIGHT_DONE):
                stack.pop()
            else:
                error = True
            continue
        new, push = _advance(stack[-1], tok)
        if new == _ERROR:
            error = True
            continue
        stack[-1] = new
        if push is not None:
            stack.append(push)
    return np.array(out, dtype=np.int64)


@dataclass(frozen=True)
class NGramModel:
    """Next-token probabilities given the previous `order - 1` tokens and a syntactic state.

    `context` says what the state holds: "plain" nothing (a classic token n-gram), "depth" the
    number of open parentheses (capped), "parser" that depth and the state of the innermost open
    parenthesis of a pushdown recognizer (what may legally come next). The state is computed from
    the prefix alone; the probabilities are still plain smoothed counts.
    """

    order: int
    context: str
    depth_levels: int
    probs: np.ndarray  # shape (n_states * 9 ** (order - 1), VOCAB), rows sum to 1

    @property
    def n_states(self) -> int:
        """Number of distinct syntactic states in the context."""
        return _n_states(self.context, self.depth_levels)

    @staticmethod
    def fit(data: Iterable[Sequence[int]], order: int, context: str = "parser",
            depth_levels: int = 6, prior: float = 0.5,
            state_cache: dict[tuple[int, ...], np.ndarray] | None = None) -> "NGramModel":
        """Count n-grams and smooth each order toward the next lower one (Dirichlet backoff)."""
        if order < 1 or depth_levels < 1 or context not in CONTEXTS:
            raise ValueError("bad n-gram settings")
        k = order - 1
        base = VOCAB + 1
        size = base ** k
        n_states = _n_states(context, depth_levels)
        cache = {} if state_cache is None else state_cache
        uniq: dict[tuple[int, ...], int] = {}
        for seq in data:
            key = tuple(seq)
            uniq[key] = uniq.get(key, 0) + 1
        flat_parts: list[np.ndarray] = []
        w_parts: list[np.ndarray] = []
        for seq, mult in uniq.items():
            flat = cache.get(seq)
            if flat is None:
                padded = np.array([BOS] * k + list(seq) + [EOS], dtype=np.int64)
                m = len(seq) + 1
                idx = np.zeros(m, dtype=np.int64)
                for i in range(1, k + 1):  # the token i places back is digit i - 1
                    idx += padded[k - i:k - i + m] * base ** (i - 1)
                states = _prefix_states(seq, depth_levels, context)
                flat = (states * size + idx) * VOCAB + padded[k:]
                cache[seq] = flat
            flat_parts.append(flat)
            w_parts.append(np.full(len(flat), float(mult)))
        total = n_states * size * VOCAB
        if flat_parts:
            counts = np.bincount(np.concatenate(flat_parts), weights=np.concatenate(w_parts),
                                 minlength=total)
        else:
            counts = np.zeros(total)
        counts = counts.reshape(n_states, size, VOCAB)
        # p_j(.|s, ctx) = (c(s, ctx, .) + prior * p_{j-1}(.|s, ctx minus its oldest token))
        #                 / (c(s, ctx) + prior); p_{-1} is uniform.
        probs = np.full((n_states, 1, VOCAB), 1.0 / VOCAB)
        for j in range(k + 1):
            cj = counts.reshape(n_states, base ** (k - j), base ** j, VOCAB).sum(axis=1)
            lower = probs[:, np.arange(base ** j) % base ** (j - 1)] if j else probs
            probs = (cj + prior * lower) / (cj.sum(axis=2, keepdims=True) + prior)
        return NGramModel(order=order, context=context, depth_levels=depth_levels,
                          probs=probs.reshape(n_states * size, VOCAB))

    def sample(self, rng: np.random.Generator, count: int, temperature: float,
               max_len: int) -> list[tuple[int, ...]]:
        """Draw `count` sequences at the given temperature; one cut at max_len ends in -1."""
        p = self.probs ** (1.0 / temperature)
        p /= p.sum(axis=1, keepdims=True)
        cum = np.cumsum(p, axis=1)
        cum[:, -1] = 1.0
        k = self.order - 1
        base = VOCAB + 1
        size = base ** k
        ctx = np.full(count, sum(BOS * base ** i for i in range(k)), dtype=np.int64)
        stack = np.full((count, max_len + 2), _TOP_START, dtype=np.int64)
        depth = np.zeros(count, dtype=np.int64)
        error = np.zeros(count, dtype=bool)
        out = np.full((count, max_len), EOS, dtype=np.int64)
        alive = np.ones(count, dtype=bool)
        lengths = np.full(count, max_len, dtype=np.int64)
        table = np.full((_N_FRAME_STATES, VOCAB, 2), _ERROR, dtype=np.int64)  # (new, pushed)
        for st in range(_N_FRAME_STATES):
            for tok in range(VOCAB):
                if tok not in (RP, EOS):
                    new, push = _advance(st, tok)
                    table[st, tok] = (new, -1 if push is None else push)
        for pos in range(max_len):
            idx = np.nonzero(alive)[0]
            if idx.size == 0:
                break
            d = depth[idx]
            top = np.where(error[idx], _ERROR, stack[idx, d])
            dc = np.minimum(d, self.depth_levels - 1)
            if self.context == "plain":
                state = np.zeros_like(d)
            elif self.context == "depth":
                state = dc
            else:
                state = dc * _N_FRAME_STATES + top
            u = rng.random(idx.size)
            tok = (cum[state * size + ctx[idx]] < u[:, None]).sum(axis=1)
            out[idx, pos] = tok
            if k:
                ctx[idx] = (ctx[idx] * base + tok) % size
            # pushdown bookkeeping (only needed for the parser context, cheap anyway)
            close = tok == RP
            ok_close = close & (d > 0) & ((top == _NOT_DONE) | (top == _RIGHT_DONE))
            other = ~close & (tok != EOS)
            new = table[top, tok, 0]
            pushed = table[top, tok, 1]
            bad = (close & ~ok_close) | (other & (new == _ERROR))
            error[idx[bad]] = True
            good = other & ~bad
            gi = idx[good]
            stack[gi, d[good]] = new[good]
            pg = good & (pushed >= 0)
            pi = idx[pg]
            stack[pi, d[pg] + 1] = pushed[pg]
            depth[pi] += 1
            depth[idx[ok_close]] -= 1
            ended = idx[tok == EOS]
            lengths[ended] = pos + 1
            alive[ended] = False
        seqs: list[tuple[int, ...]] = []
        for row, n in zip(out.tolist(), lengths.tolist()):
            seq = tuple(row[:n])
            seqs.append(seq[:-1] if seq and seq[-1] == EOS else seq + (-1,))
        return seqs


def _n_states(context: str, depth_levels: int) -> int:
    """Number of syntactic states a context kind distinguishes."""
    return {"plain": 1, "depth": depth_levels, "parser": depth_levels * _N_FRAME_STATES}[context]


class LanguageModel(Protocol):
    """A fitted model: draws `count` token sequences (a cut one ends in -1) at a temperature."""

    def sample(self, rng: np.random.Generator, count: int, temperature: float,
               max_len: int) -> list[tuple[int, ...]]: ...


class ModelSpec(Protocol):
    """How a generation's model is made: `fit` trains one on a data set (the one interface the
    data cycles use; NGramSpec here, transformer.TransformerSpec for the optional network)."""

    name: str

    def fit(self, data: Sequence[Sequence[int]], max_depth: int, rng: np.random.Generator,
            max_len: int, cache: dict[Any, Any] | None = None) -> LanguageModel: ...

    def info(self, max_len: int) -> dict[str, Any]: ...


@dataclass(frozen=True)
class NGramSpec:
    """The count-based model: a smoothed `order`-gram with a syntactic context (NGramModel)."""

    order: int = 4
    context: str = "parser"

    name = "ngram"

    def fit(self, data: Sequence[Sequence[int]], max_depth: int, rng: np.random.Generator,
            max_len: int, cache: dict[Any, Any] | None = None) -> NGramModel:
        """Count the data (rng unused: counting is deterministic); `cache` keeps per-sequence
        context indices across generations."""
        return NGramModel.fit(data, self.order, self.context, max_depth + 2, state_cache=cache)

    def info(self, max_len: int) -> dict[str, Any]:
        """What the JSON reports about the model."""
        return {"model": self.name, "order": self.order, "context": self.context}


# ---------------------------------------------------------------------------------------------
# Diversity metrics
# ---------------------------------------------------------------------------------------------

def distinct_ratio(samples: Sequence[Sequence[int]]) -> float:
    """Number of distinct expressions divided by the number of samples (1 = all different)."""
    return len(set(map(tuple, samples))) / len(samples) if samples else 0.0


def ngram_entropy(samples: Sequence[Sequence[int]], n: int = 3) -> float:
    """Shannon entropy (bits) of the pooled token n-gram distribution, BOS/EOS padded."""
    counts: dict[tuple[int, ...], int] = {}
    for seq in samples:
        padded = [BOS] * (n - 1) + [t for t in seq if t >= 0] + [EOS]
        for i in range(len(padded) - n + 1):
            key = tuple(padded[i:i + n])
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return 0.0
    c = np.fromiter(counts.values(), dtype=float)
    q = c / c.sum()
    return float(-(q * np.log2(q)).sum())


def levenshtein_batch(a: Sequence[Sequence[int]], b: Sequence[Sequence[int]],
                      chunk: int = 256) -> np.ndarray:
    """Token-level edit distances between a[i] and b[i], vectorized over the pairs.

    Pairs are processed in chunks of similar length so a few long outliers do not widen every row.
    """
    m = len(a)
    if m > chunk:
        order = np.argsort([len(s) + len(t) for s, t in zip(a, b)], kind="stable")
        out = np.empty(m, dtype=np.int64)
        for k in range(0, m, chunk):
            idx = order[k:k + chunk]
            out[idx] = _levenshtein_rows([a[i] for i in idx], [b[i] for i in idx])
        return out
    return _levenshtein_rows(a, b)


def _levenshtein_rows(a: Sequence[Sequence[int]], b: Sequence[Sequence[int]]) -> np.ndarray:
    """Edit distances of one batch of pairs, one dynamic-programming row at a time."""
    m = len(a)
    la = np.array([len(s) for s in a])
    lb = np.array([len(s) for s in b])
    wa, wb = int(la.max(initial=0)), int(lb.max(initial=0))
    A = np.full((m, wa), -2, dtype=np.int64)
    B = np.full((m, wb), -3, dtype=np.int64)
    for i, (s, t) in enumerate(zip(a, b)):
        A[i, :len(s)] = s
        B[i, :len(t)] = t
    cols = np.arange(wb + 1)
    prev = np.tile(cols, (m, 1))
    result = np.where(la == 0, lb, 0)
    for i in range(1, wa + 1):
        # cur[j] = min(prev[j] + 1, prev[j-1] + sub, cur[j-1] + 1): the last term chains along
        # the row, so take t = the first two, then cur[j] = min_{k <= j} (t[k] + j - k)
        t = np.empty_like(prev)
        t[:, 0] = i
        sub = (A[:, i - 1:i] != B).astype(np.int64)
        t[:, 1:] = np.minimum(prev[:, 1:] + 1, prev[:, :-1] + sub)
        cur = np.minimum.accumulate(t - cols, axis=1) + cols
        done = la == i
        result[done] = cur[done, lb[done]]
        prev = cur
    return result


def levenshtein_diversity(samples: Sequence[Sequence[int]], rng: np.random.Generator,
                          pairs: int = 2000) -> float:
    """Mean token-level edit distance over random pairs, each divided by the longer length."""
    if len(samples) < 2:
        return 0.0
    i = rng.integers(0, len(samples), pairs)
    j = rng.integers(0, len(samples) - 1, pairs)
    j = np.where(j >= i, j + 1, j)  # distinct indices
    a = [[t for t in samples[k] if t >= 0] for k in i]
    b = [[t for t in samples[k] if t >= 0] for k in j]
    d = levenshtein_batch(a, b).astype(float)
    longest = np.maximum([len(s) for s in a], [len(s) for s in b]).astype(float)
    return float(np.mean(np.where(longest > 0, d / np.maximum(longest, 1), 0.0)))


# ---------------------------------------------------------------------------------------------
# The loop
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GenerationStats:
    """What one generation's model produced: correctness, diversity, and the z3 audit."""

    generation: int
    train_size: int
    real_share: float           # fraction of the training set that is real (not generated)
    valid: float                # fraction of samples that parse
    correct: float              # fraction that parse and evaluate to True
    distinct_ratio: float
    ngram_entropy: float        # bits, token trigrams
    levenshtein_diversity: float
    mean_length: float          # tokens
    z3_checked: int
    z3_agreed: int


@dataclass(frozen=True)
class Decline:
    """Decline of one diversity metric over seeds: 1 - (late mean / reference), with its CI.

    The reference D_ref is the diversity of each seed's own real training data (as the paper
    measures it), or generation 0's samples when no real baseline is given. `mean` averages
    each seed's 1 - mean(D_g, g in the last fifth) / D_ref; `ci` is a percentile bootstrap over
    seeds; `at_last` is the mean of 1 - D_last / D_ref (the paper's "at generation 50").
    `trend` is the seeds' mean least-squares slope of D_g / D_ref over the second half of the
    generations (per generation; negative = still falling), with its CI.
    """

    metric: str
    mean: float
    ci: tuple[float, float]
    per_seed: tuple[float, ...]
    trend: float
    trend_ci: tuple[float, float]
    at_last: float = math.nan
    reference: str = "generation 0"

    @property
    def excludes_zero(self) -> bool:
        """The bootstrap interval lies strictly above 0: a decline, not noise."""
        return self.ci[0] > 0.0


@dataclass(frozen=True)
class CycleRun:
    """One data cycle followed for all generations (first seed), plus the other seeds' runs."""

    cycle: str
    synthetic_fraction: float
    generations: tuple[GenerationStats, ...]
    replicates: tuple[tuple[GenerationStats, ...], ...] = ()   # seeds seed+1, seed+2, ...
    declines: tuple[Decline, ...] = ()
    real: tuple[GenerationStats, ...] = ()   # each seed's own real training data, measured

    def fitted(self, metric: str) -> Decline:
        """The over-seeds decline of a metric (see Decline)."""
        for d in self.declines:
            if d.metric == metric:
                return d
        raise KeyError(metric)

    def decline(self, metric: str) -> float:
        """Relative drop of a metric from generation 0 to the last (0.25 = 25% lower)."""
        first = getattr(self.generations[0], metric)
        last = getattr(self.generations[-1], metric)
        return (first - last) / first if first else 0.0


@dataclass(frozen=True)
class LogicResult:
    """A self-consuming-loop experiment: parameters, the real data's own metrics, each cycle."""

    generations: int
    n: int
    order: int
    temperature: float
    max_depth: int
    context: str
    filter_correct: bool
    z3_sample: int
    seed: int
    real: GenerationStats
    cycles: tuple[CycleRun, ...]
    seeds: int = 1
    model: dict[str, Any] = field(default_factory=lambda: {"model": "ngram"})

    def cycle(self, name: str) -> CycleRun:
        """The run of one data cycle."""
        for c in self.cycles:
            if c.cycle == name:
                return c
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (floats rounded to 6 significant digits)."""
        d = asdict(self)
        for c, run in zip(d["cycles"], self.cycles):
            c["decline"] = {m: run.decline(m) for m in
                            ("distinct_ratio", "ngram_entropy", "levenshtein_diversity")}
            c["declines"] = {x["metric"]: {k: v for k, v in x.items() if k != "metric"}
                             for x in c["declines"]}
        return {"experiment": "logic", **clean(d)}


DECLINE_METRICS: tuple[str, ...] = ("levenshtein_diversity", "distinct_ratio", "ngram_entropy",
                                     "mean_length")


def _bootstrap_ci(values: np.ndarray, rng: np.random.Generator, resamples: int = 2000,
                  level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean over seeds (NaN with fewer than 2 seeds)."""
    if len(values) < 2:
        return (math.nan, math.nan)
    means = values[rng.integers(0, len(values), (resamples, len(values)))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def fit_decline(series: np.ndarray, metric: str, seed: int,
                baseline: np.ndarray | None = None) -> Decline:
    """Decline and late trend of a (seeds x generations) metric array, bootstrapped over seeds.

    `baseline` (one value per seed, e.g. the real data's diversity) is the reference; without
    it, generation 0.
    """
    base = series[:, :1] if baseline is None else np.asarray(baseline, dtype=float)[:, None]
    rel = series / np.where(base == 0, np.nan, base)
    g_last = series.shape[1] - 1
    tail = max(1, round(g_last / 5))
    per_seed = 1.0 - rel[:, -tail:].mean(axis=1)
    half = np.arange(g_last // 2, g_last + 1)
    x = half - half.mean()
    slopes = (rel[:, half] - rel[:, half].mean(axis=1, keepdims=True)) @ x / (x @ x) \
        if len(half) > 1 else np.zeros(len(series))
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1234, DECLINE_METRICS.index(metric)]))
    return Decline(metric=metric, mean=float(per_seed.mean()), ci=_bootstrap_ci(per_seed, rng),
                   per_seed=tuple(float(v) for v in per_seed), trend=float(slopes.mean()),
                   trend_ci=_bootstrap_ci(slopes, rng), at_last=float(1.0 - rel[:, -1].mean()),
                   reference="generation 0" if baseline is None else "real data")


def _measure(samples: list[tuple[int, ...]], generation: int, train_size: int, real_share: float,
             rng: np.random.Generator, z3_sample: int,
             cache: dict[tuple[int, ...], bool | None]) -> GenerationStats:
    """Score one generation's samples: exact correctness, diversity, and the z3 audit."""
    values = []
    for s in samples:
        if s not in cache:
            cache[s] = None if (s and s[-1] == -1) else evaluate(s)
        values.append(cache[s])
    valid_idx = [i for i, v in enumerate(values) if v is not None]
    checked = agreed = 0
    if z3_sample and valid_idx:
        pick = rng.choice(len(valid_idx), size=min(z3_sample, len(valid_idx)), replace=False)
        for p in pick:
            i = valid_idx[int(p)]
            checked += 1
            agreed += bool(z3_agrees(samples[i], bool(values[i])))
    n = len(samples)
    return GenerationStats(
        generation=generation, train_size=train_size, real_share=real_share,
        valid=len(valid_idx) / n,
        correct=sum(1 for v in values if v is True) / n,
        distinct_ratio=distinct_ratio(samples),
        ngram_entropy=ngram_entropy(samples),
        levenshtein_diversity=levenshtein_diversity(samples, rng, pairs=min(2000, 4 * n)),
        mean_length=float(np.mean([len([t for t in s if t >= 0]) for s in samples])),
        z3_checked=checked, z3_agreed=agreed,
    )


def _run_cycle(cycle: str, lam: float, generations: int, n: int, model: ModelSpec,
               temperature: float, max_depth: int, filter_correct: bool, z3_sample: int,
               seed: int, cache: dict[tuple[int, ...], bool | None],
               tick: Callable[[], None] | None = None) -> CycleRun:
    """Follow one data cycle for all generations (seeded by the seed and the cycle's name)."""
    ss = np.random.SeedSequence([seed, CYCLES.index(cycle)])
    # the fourth stream seeds training (the n-gram's counting uses none); spawn(4)[:3] is spawn(3)
    rng_data, rng_model, rng_metric, rng_fit = (np.random.default_rng(s) for s in ss.spawn(4))
    max_len = max_len_for(max_depth)

    def fresh(count: int) -> list[tuple[tuple[int, ...], bool]]:
        return [(e, True) for e in real_expressions(rng_data, count, max_depth)]

    state_cache: dict[Any, Any] = {}
    original = fresh(n)                      # (expression, is_real)
    train = list(original)
    real_rng = np.random.default_rng(np.random.SeedSequence([seed, CYCLES.index(cycle), 7]))
    real = _measure([e for e, _ in original], 0, n, 1.0, real_rng, 0, cache)
    stats: list[GenerationStats] = []
    for g in range(generations + 1):
        fitted = model.fit([e for e, _ in train], max_depth, rng_fit, max_len, state_cache)
        samples = fitted.sample(rng_model, n, temperature, max_len)
        real_share = sum(1 for _, r in train if r) / len(train)
        stats.append(_measure(samples, g, len(train), real_share, rng_metric, z3_sample, cache))
        if tick:
            tick()
        if g == generations:
            break
        pool = [s for s in samples if not (s and s[-1] == -1)]
        if filter_correct:
            pool = [s for s in pool if cache.get(s) is True]
        if not pool:  # nothing usable came out: keep training on what we had
            pool = [e for e, _ in train]
        synth = [(pool[i], False) for i in rng_data.integers(0, len(pool), n)]
        k = int(round(lam * n))
        if cycle == "fresh":
            train = fresh(n)
        elif cycle == "full":
            train = synth
        elif cycle == "balanced":
            keep = rng_data.choice(n, size=n - k, replace=False)
            train = [original[i] for i in keep] + synth[:k]
        elif cycle == "incremental":
            replace = set(int(i) for i in rng_data.choice(len(train), size=k, replace=False))
            fill = iter(synth)
            train = [next(fill) if i in replace else item for i, item in enumerate(train)]
        elif cycle == "expanding":
            train = train + synth[:k] + fresh(n - k)
        else:  # pragma: no cover - validated by run_logic
            raise ValueError(cycle)
    return CycleRun(cycle=cycle, synthetic_fraction=lam, generations=tuple(stats), real=(real,))


def max_len_for(max_depth: int) -> int:
    """Sampling length cap: 4 x 2^(max_depth + 1) tokens, far above any real expression's."""
    return 4 * (2 ** (max_depth + 1))


#: Default sampling temperature: the paper's 0.8 (no knob fitted to any of its figures).
DEFAULT_TEMPERATURE = 0.8
#: Default nesting depth of the real expressions: the paper's generator draws depths 1 to 5.
DEFAULT_MAX_DEPTH = 5


def run_logic(cycles: Sequence[str] = ("full",), generations: int = 20, n: int = 1000,
              order: int = 4, temperature: float = DEFAULT_TEMPERATURE,
              max_depth: int = DEFAULT_MAX_DEPTH,
              synthetic_fraction: float | None = None, context: str = "parser",
              filter_correct: bool = False, z3_sample: int = 25, seed: int = 0,
              seeds: int = 1, jobs: int = 1,
              progress: Callable[[int, int, str], None] | None = None,
              model: ModelSpec | None = None) -> LogicResult:
    """Run the self-consuming loop for each data cycle and measure correctness and diversity.

    `model` makes each generation's model (default: NGramSpec(order, context), the count model).

    Replicate r uses seed + r (so replicate 0 is the single-seed run); z3 audits replicate 0.
    `jobs` (1 or 2) runs replicates in that many processes; results do not depend on it.
    Declines are measured against each replicate's own real training data.
    `progress(done, total, label)` is called after every generation (every run with jobs=2).
    """
    if not cycles:
        raise ValueError("at least one cycle is needed")
    for c in cycles:
        if c not in CYCLES:
            raise ValueError(f"unknown cycle {c!r}; choose from {', '.join(CYCLES)}")
    if generations < 1:
        raise ValueError("generations must be >= 1")
    if n < 10:
        raise ValueError("n must be >= 10")
    if order < 1 or order > 5:
        raise ValueError("order must be between 1 and 5")
    if context not in CONTEXTS:
        raise ValueError(f"unknown context {context!r}; choose from {', '.join(CONTEXTS)}")
    if not (0.05 <= temperature <= 5.0):
        raise ValueError("temperature must be in [0.05, 5]")
    if not (1 <= max_depth <= 8):
        raise ValueError("max-depth must be between 1 and 8")
    if synthetic_fraction is not None and not (0.0 <= synthetic_fraction <= 1.0):
        raise ValueError("synthetic fraction must be in [0, 1]")
    if z3_sample < 0:
        raise ValueError("z3 sample must be >= 0")
    if seeds < 1:
        raise ValueError("seeds must be >= 1")
    if jobs not in (1, 2):
        raise ValueError("jobs must be 1 or 2")
    spec: ModelSpec = NGramSpec(order, context) if model is None else model
    cache: dict[tuple[int, ...], bool | None] = {}
    real_rng = np.random.default_rng(np.random.SeedSequence([seed, 99]))
    real_samples = real_expressions(real_rng, n, max_depth)
    real = _measure(real_samples, 0, n, 1.0, real_rng, z3_sample, cache)
    tasks = []
    for c in cycles:
        lam = DEFAULT_SYNTHETIC_FRACTION[c]
        if synthetic_fraction is not None and c in ("balanced", "incremental", "expanding"):
            lam = synthetic_fraction
        for r in range(seeds):
            tasks.append((c, lam, generations, n, spec, temperature, max_depth,
                          filter_correct, z3_sample if r == 0 else 0, seed + r))
    total = len(tasks) * (generations + 1)
    count = [0]

    def tick(step: int = 1, label: str = "") -> None:
        count[0] += step
        if progress:
            progress(count[0], total, label)
    if jobs == 2 and len(tasks) > 1:
        done = []
        with ProcessPoolExecutor(max_workers=2) as pool:
            for t, run in zip(tasks, pool.map(_run_task, tasks)):
                done.append(run)
                tick(generations + 1, f"{t[0]} seed {t[-1]}")
    else:
        done = [_run_cycle(*t, cache, tick=lambda t=t: tick(1, f"{t[0]} seed {t[-1]}"))
                for t in tasks]
    runs = []
    for i, c in enumerate(cycles):
        reps = done[i * seeds:(i + 1) * seeds]
        declines = tuple(
            fit_decline(np.array([[getattr(g, m) for g in rep.generations] for rep in reps]),
                        m, seed, baseline=np.array([getattr(rep.real[0], m) for rep in reps]))
            for m in DECLINE_METRICS)
        runs.append(replace(reps[0], replicates=tuple(rep.generations for rep in reps[1:]),
                            declines=declines, real=tuple(rep.real[0] for rep in reps)))
    return LogicResult(generations=generations, n=n, order=order, temperature=temperature,
                       max_depth=max_depth, context=context,
                       filter_correct=filter_correct, z3_sample=z3_sample,
                       seed=seed, real=real, cycles=tuple(runs), seeds=seeds,
                       model=spec.info(max_len_for(max_depth)))


def _run_task(task: tuple[Any, ...]) -> CycleRun:
    """One (cycle, seed) run in a worker process, with its own evaluation cache."""
    return _run_cycle(*task, {})
