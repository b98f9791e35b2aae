"""Markovian generation chains: a memoryless model rewrites a text again and again.

The text space is finite, so the chain is a stochastic matrix P and everything about where the
iteration ends up can be computed exactly: communicating classes (strongly connected components
of the transition graph), the closed classes where the chain is eventually trapped, their
stationary distributions, the absorption probabilities and the expected number of steps until a
closed class is entered. `run_chain` does that and checks it against a seeded simulation. The
mathematics is in docs/collapse.md.
"""
from __future__ import annotations

import csv
import math
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import networkx as nx
import numpy as np

from ..trusted.errors import InputError
from ..classes.limits import MATRIX_FILE
from ..trusted.classes.limits import parse, read_text
from .jsonout import clean

#: Rows of a transition matrix must sum to 1 within this tolerance.
ROW_TOLERANCE = 1e-9
#: Largest user matrix accepted (states); the exact analysis is dense linear algebra.
MAX_STATES = 2000


# ---------------------------------------------------------------------------------------------
# Input: a user's matrix, or the seeded built-in rephrasing chain
# ---------------------------------------------------------------------------------------------

def validate_matrix(rows: Sequence[Sequence[Any]], source: str) -> np.ndarray:
    """Check that rows form a square, finite, non-negative stochastic matrix; one-line errors."""
    if not isinstance(rows, (list, tuple)):
        raise InputError(f"{source}: the matrix must be a list of rows")
    if not rows:
        raise InputError(f"{source}: the matrix is empty")
    n = len(rows)
    if n > MAX_STATES:
        raise InputError(f"{source}: {n} states, at most {MAX_STATES} are supported")
    out = np.empty((n, n))
    for i, row in enumerate(rows):
        if not isinstance(row, (list, tuple)):
            raise InputError(f"{source}: row {i} is not a list of numbers")
        if len(row) != n:
            raise InputError(f"{source}: row {i} has {len(row)} entries, expected {n} "
                             "(the matrix must be square)")
        for j, x in enumerate(row):
            if isinstance(x, bool) or not isinstance(x, (int, float)):
                raise InputError(f"{source}: row {i}, column {j}: {x!r} is not a number")
            if not math.isfinite(x):
                raise InputError(f"{source}: row {i}, column {j}: {x!r} is not finite")
            if x < 0:
                raise InputError(f"{source}: row {i}, column {j}: {x!r} is negative")
            out[i, j] = x
        total = math.fsum(out[i])
        if abs(total - 1.0) > ROW_TOLERANCE:
            raise InputError(f"{source}: row {i} sums to {total:.12g}, not 1 "
                             f"(tolerance {ROW_TOLERANCE:g})")
    return out


def load_matrix(path: str | Path) -> tuple[np.ndarray, tuple[str, ...]]:
    """Read a transition matrix from .json (list of rows, or {"states", "matrix"}) or .csv."""
    p = Path(path)
    source = str(path)
    text = read_text(p, MATRIX_FILE, "transition matrix")
    labels: list[str] | None = None
    if p.suffix.lower() == ".json":
        data = parse(text, source)
        if isinstance(data, dict):
            if "matrix" not in data:
                raise InputError(f"{source}: a JSON object needs a 'matrix' key")
            rows = data["matrix"]
            if "states" in data:
                labels = data["states"]
                if not isinstance(labels, list) or not all(isinstance(s, str) for s in labels):
                    raise InputError(f"{source}: 'states' must be a list of strings")
        else:
            rows = data
    elif p.suffix.lower() == ".csv":
        raw = [r for r in csv.reader(text.splitlines()) if any(c.strip() for c in r)]
        if raw and not _numeric(raw[0][0]):
            labels = [c.strip() for c in raw[0]]
            raw = raw[1:]
        rows = []
        for i, r in enumerate(raw):
            row = []
            for j, c in enumerate(r):
                if not _numeric(c):
                    raise InputError(f"{source}: row {i}, column {j}: {c.strip()!r} is not a "
                                     "number")
                row.append(float(c))
            rows.append(row)
    else:
        raise InputError(f"{source}: the matrix file must end in .json or .csv")
    matrix = validate_matrix(rows, source)
    if labels is None:
        labels = [str(i) for i in range(len(matrix))]
    if len(labels) != len(matrix):
        raise InputError(f"{source}: {len(labels)} state names for {len(matrix)} rows")
    if len(set(labels)) != len(labels):
        raise InputError(f"{source}: repeated state name")
    return matrix, tuple(labels)


def _numeric(cell: str) -> bool:
    """Whether a CSV cell parses as a float."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def builtin_chain(states: int = 30, seed: int = 0) -> tuple[np.ndarray, tuple[str, ...]]:
    """A seeded random 'rephrasing' chain: transient texts drain into a few small closed classes.

    A third of the texts (at least 3) form 2-4 closed classes; inside each, every text is rephrased
    into the next one on a cycle or kept (so the class is irreducible and aperiodic), plus random
    shortcuts. Every other text is rephrased into 1-3 random texts and always has one edge to a
    text earlier in a random order that ends in a closed class, so it is transient.
    """
    if states < 4:
        raise InputError(f"the built-in chain needs at least 4 states, got {states}")
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    n_closed_states = max(3, states // 3)
    n_classes = int(min(n_closed_states, rng.integers(2, 5)))
    cuts = np.sort(rng.choice(np.arange(1, n_closed_states), n_classes - 1, replace=False))
    sizes = np.diff(np.concatenate(([0], cuts, [n_closed_states]))).tolist()
    perm = rng.permutation(states)
    P = np.zeros((states, states))
    start = 0
    for size in sizes:
        members = perm[start:start + size]
        start += size
        for k, s in enumerate(members):
            w = np.zeros(states)
            w[members[(k + 1) % size]] += rng.uniform(0.5, 1.5)
            w[s] += rng.uniform(0.1, 1.0)                      # aperiodic
            extra = rng.choice(members, size=min(size, 2), replace=False)
            w[extra] += rng.uniform(0.0, 0.5, size=len(extra))
            P[s] = w / w.sum()
    transient = perm[n_closed_states:]
    for k, s in enumerate(transient):
        w = np.zeros(states)
        earlier = perm[:n_closed_states + k]                      # closed texts and earlier ones
        w[rng.choice(earlier)] += rng.uniform(0.5, 1.5)
        others = rng.choice(states, size=int(rng.integers(0, 3)), replace=False)
        w[others] += rng.uniform(0.1, 1.0, size=len(others))
        P[s] = w / w.sum()
    return P, tuple(f"t{i:02d}" for i in range(states))


# ---------------------------------------------------------------------------------------------
# Exact analysis
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CommunicatingClass:
    """A strongly connected set of states; closed if no transition leaves it."""

    states: tuple[int, ...]
    closed: bool
    period: int
    stationary: tuple[float, ...] | None   # over `states`, for closed classes only


@dataclass(frozen=True)
class ChainAnalysis:
    """Exact long-run behaviour of a finite Markov chain started from a given distribution."""

    n_states: int
    classes: tuple[CommunicatingClass, ...]
    closed: tuple[int, ...]                  # indices into classes
    transient_states: tuple[int, ...]
    absorption: tuple[tuple[float, ...], ...]    # transient state x closed class
    expected_steps: tuple[float, ...]            # per transient state, to enter a closed class
    start: tuple[float, ...]
    class_probability: tuple[float, ...]         # P(end in closed class k) from the start
    expected_steps_from_start: float
    limit: tuple[float, ...]                     # Cesaro limit of start P^t
    limit_support: int                           # states in the closed classes reached

    def closed_sizes(self) -> tuple[int, ...]:
        """Sizes of the closed classes, in class order."""
        return tuple(len(self.classes[k].states) for k in self.closed)


def _period(graph: nx.DiGraph, nodes: Sequence[int]) -> int:
    """Period of an irreducible class: gcd of level differences along its edges (BFS levels)."""
    sub = graph.subgraph(nodes)
    root = nodes[0]
    level = nx.single_source_shortest_path_length(sub, root)
    g = 0
    for u, v in sub.edges():
        g = math.gcd(g, level[u] + 1 - level[v])
    return g or 1


def stationary_distribution(P: np.ndarray) -> np.ndarray:
    """The unique stationary distribution of an irreducible stochastic matrix (pi P = pi)."""
    import scipy.linalg
    n = len(P)
    A = np.vstack([(P - np.eye(n)).T, np.ones((1, n))])
    b = np.zeros(n + 1)
    b[-1] = 1.0
    pi, *_ = scipy.linalg.lstsq(A, b)
    pi = np.clip(pi, 0.0, None)
    return pi / pi.sum()


def analyse_chain(P: np.ndarray, start: np.ndarray | None = None) -> ChainAnalysis:
    """Communicating and closed classes, stationary laws, absorption, and the limit from start."""
    import scipy.linalg
    n = len(P)
    mu0 = np.full(n, 1.0 / n) if start is None else np.asarray(start, dtype=float)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(*np.nonzero(P)))
    comps = [tuple(sorted(int(s) for s in c)) for c in nx.strongly_connected_components(graph)]
    comps.sort()
    owner = np.empty(n, dtype=int)
    for k, c in enumerate(comps):
        owner[list(c)] = k
    classes: list[CommunicatingClass] = []
    closed: list[int] = []
    for k, c in enumerate(comps):
        leaves = any(owner[v] != k for u in c for v in graph.successors(u))
        period = _period(graph, c)
        pi = None
        if not leaves:
            closed.append(k)
            pi = tuple(float(x) for x in stationary_distribution(P[np.ix_(c, c)]))
        classes.append(CommunicatingClass(states=c, closed=not leaves, period=period,
                                          stationary=pi))
    transient = tuple(s for k, c in enumerate(comps) if k not in closed for s in c)
    T = list(transient)
    # Fundamental matrix N = (I - Q)^-1; absorption B = N R; expected steps t = N 1.
    R = np.array([[P[s, list(classes[k].states)].sum() for k in closed] for s in T]).reshape(
        len(T), len(closed))
    if T:
        IQ = np.eye(len(T)) - P[np.ix_(T, T)]
        B = scipy.linalg.solve(IQ, R)
        steps = scipy.linalg.solve(IQ, np.ones(len(T)))
    else:
        B = np.zeros((0, len(closed)))
        steps = np.zeros(0)
    in_class = np.array([mu0[list(classes[k].states)].sum() for k in closed])
    class_prob = in_class + (mu0[T] @ B if T else 0.0)
    limit = np.zeros(n)
    for w, k in zip(class_prob, closed):
        limit[list(classes[k].states)] += w * np.array(classes[k].stationary)
    support = sum(len(classes[k].states) for w, k in zip(class_prob, closed) if w > 1e-12)
    return ChainAnalysis(
        n_states=n, classes=tuple(classes), closed=tuple(closed), transient_states=transient,
        absorption=tuple(tuple(float(x) for x in row) for row in B),
        expected_steps=tuple(float(x) for x in steps), start=tuple(float(x) for x in mu0),
        class_probability=tuple(float(x) for x in class_prob),
        expected_steps_from_start=float(mu0[T] @ steps) if T else 0.0,
        limit=tuple(float(x) for x in limit), limit_support=int(support))


def distribution_path(P: np.ndarray, start: np.ndarray, steps: int) -> np.ndarray:
    """Exact state distributions start P^t for t = 0..steps (rows)."""
    out = np.empty((steps + 1, len(P)))
    out[0] = start
    for t in range(steps):
        out[t + 1] = out[t] @ P
    return out


def expected_distinct(dist: np.ndarray, walkers: int) -> np.ndarray:
    """Expected number of distinct states among `walkers` independent draws from each row."""
    return (1.0 - (1.0 - np.clip(dist, 0.0, 1.0)) ** walkers).sum(axis=-1)


# ---------------------------------------------------------------------------------------------
# Simulation and the comparison with the exact figures
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StateCheck:
    """One state's simulated frequency at the last step against the exact probability."""

    state: int
    exact: float
    simulated: float
    ci_low: float
    ci_high: float
    inside: bool


@dataclass(frozen=True)
class ChainResult:
    """Exact analysis, a seeded simulation of `walkers` independent texts, and their agreement."""

    source: str
    seed: int
    labels: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    analysis: ChainAnalysis
    walkers: int
    steps: int
    confidence: float
    distinct_simulated: tuple[int, ...]          # distinct states among the walkers, t = 0..steps
    distinct_exact: tuple[float, ...]            # its exact expectation
    distinct_limit: float                        # exact expectation in the (Cesaro) limit
    states_at_end: tuple[StateCheck, ...]
    class_exact: tuple[float, ...]               # exact P(in closed class k) at the last step
    class_simulated: tuple[float, ...]           # fraction of walkers in each closed class at end
    class_ci: tuple[tuple[float, float], ...]   # around the exact P(in class k at the last step)
    transient_left: float                        # exact mass still outside closed classes then
    entry_steps_mean: float                      # simulated mean steps to enter a closed class
    entry_steps_ci: tuple[float, float]
    entered_all: bool                            # every walker reached a closed class in time
    temperature: float = 1.0                     # rows were P^(1/T) renormalized (0 = greedy)
    visited_mean: tuple[float, ...] = ()         # distinct texts along ONE walker's own path,
                                                 # steps 0..t, mean over walkers

    @property
    def all_inside(self) -> bool:
        """Every simulated figure lies within its confidence interval of the exact value."""
        cls = all(lo - 1e-12 <= p <= hi + 1e-12
                  for p, (lo, hi) in zip(self.class_simulated, self.class_ci))
        lo, hi = self.entry_steps_ci
        steps_ok = (not self.entered_all) or lo <= self.analysis.expected_steps_from_start <= hi
        return all(c.inside for c in self.states_at_end) and cls and steps_ok

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (floats rounded to 6 significant digits)."""
        a = self.analysis
        lab = self.labels

        def names(states: Sequence[int]) -> list[str]:
            return [lab[s] for s in states]
        classes = [{"states": names(c.states), "size": len(c.states), "closed": c.closed,
                    "period": c.period,
                    **({"stationary": dict(zip(names(c.states), c.stationary))}
                       if c.stationary is not None else {})} for c in a.classes]
        closed = [{"states": names(a.classes[k].states), "size": len(a.classes[k].states),
                   "probability_limit": p, "probability_at_last_step": pe,
                   "simulated_at_last_step": ps, "interval_at_last_step": list(ci)}
                  for k, p, pe, ps, ci in zip(a.closed, a.class_probability, self.class_exact,
                                              self.class_simulated, self.class_ci)]
        return clean({
            "experiment": "chain", "source": self.source, "seed": self.seed,
            "temperature": self.temperature,
            "states": list(lab), "n_states": a.n_states,
            "matrix": [list(r) for r in self.matrix],
            "exact": {
                "communicating_classes": classes,
                "closed_classes": closed,
                "closed_class_sizes": list(a.closed_sizes()),
                "transient_states": names(a.transient_states),
                "absorption_probabilities": {lab[s]: list(row) for s, row in
                                             zip(a.transient_states, a.absorption)},
                "expected_steps_to_closed_class": dict(zip(names(a.transient_states),
                                                           a.expected_steps)),
                "start": list(a.start),
                "expected_steps_from_start": a.expected_steps_from_start,
                "limit_distribution": dict(zip(lab, a.limit)),
                "limit_support_size": a.limit_support,
                "expected_distinct_limit": self.distinct_limit,
            },
            "simulation": {
                "walkers": self.walkers, "steps": self.steps, "confidence": self.confidence,
                "distinct_simulated": list(self.distinct_simulated),
                "distinct_exact": list(self.distinct_exact),
                "visited_along_one_path": list(self.visited_mean),
                "states_at_end": [{"state": lab[c.state], "exact": c.exact,
                                   "simulated": c.simulated, "ci": [c.ci_low, c.ci_high],
                                   "inside": c.inside} for c in self.states_at_end],
                "entry_steps_mean": self.entry_steps_mean,
                "entry_steps_ci": list(self.entry_steps_ci),
                "entered_all": self.entered_all,
                "transient_mass_left": self.transient_left,
                "all_inside": self.all_inside,
            },
        })


def _alpha(confidence: float, tests: int) -> float:
    """Per-interval error rate for `tests` simultaneous intervals (Bonferroni)."""
    return (1.0 - confidence) / max(tests, 1)


def _binomial_interval(p: float, m: int, alpha: float) -> tuple[float, float]:
    """Exact acceptance interval of the frequency of an event of probability p in m trials.

    The central binomial quantiles: the simulated frequency falls outside with probability at
    most alpha when p is the true probability. The pmf is summed over mean +- 12 sd (+ 12),
    outside which the binomial mass is far below any alpha used here.
    """
    p = min(max(p, 0.0), 1.0)
    if p in (0.0, 1.0):
        return p, p
    sd = math.sqrt(m * p * (1 - p))
    k0 = max(0, int(m * p - 12 * sd - 12))
    k1 = min(m, int(m * p + 12 * sd + 12))
    k = np.arange(k0, k1 + 1)
    log_pmf = (math.lgamma(m + 1) - np.array([math.lgamma(i + 1) + math.lgamma(m - i + 1)
                                              for i in k])
               + k * math.log(p) + (m - k) * math.log1p(-p))
    cdf = np.cumsum(np.exp(log_pmf))
    lo = int(k[np.searchsorted(cdf, alpha / 2)])                   # P(X <= lo) >= alpha / 2
    hi = int(k[min(np.searchsorted(cdf, 1 - alpha / 2), len(k) - 1)])  # P(X <= hi) >= 1 - a/2
    return lo / m, hi / m


def sharpen(P: np.ndarray, temperature: float) -> np.ndarray:
    """Rows of P at a sampling temperature: P^(1/T) renormalized; T = 0 is greedy decoding
    (all mass on each row's most likely text, ties to the lowest index)."""
    if temperature < 0:
        raise InputError(f"temperature must be >= 0, got {temperature}")
    if temperature == 1.0:
        return P
    if temperature == 0.0:
        out = np.zeros_like(P)
        out[np.arange(len(P)), np.argmax(P, axis=1)] = 1.0
        return out
    logp = np.where(P > 0, np.log(np.where(P > 0, P, 1.0)) / temperature, -np.inf)
    logp -= logp.max(axis=1, keepdims=True)
    q = np.exp(logp)
    return q / q.sum(axis=1, keepdims=True)


def visited_along_paths(path: np.ndarray, n: int) -> np.ndarray:
    """Mean over walkers of the number of distinct states on each walker's path up to step t."""
    steps1, walkers = path.shape
    seen = np.zeros((walkers, n), dtype=bool)
    cols = np.arange(walkers)
    count = np.zeros(walkers)
    out = np.empty(steps1)
    for t in range(steps1):
        new = ~seen[cols, path[t]]
        count += new
        seen[cols, path[t]] = True
        out[t] = count.mean()
    return out


def simulate(P: np.ndarray, start: np.ndarray, walkers: int, steps: int,
             rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Run independent walkers; return the state matrix (steps+1, walkers)."""
    n = len(P)
    cum = np.cumsum(P, axis=1)
    cum[:, -1] = 1.0
    flat = (cum + np.arange(n)[:, None]).ravel()      # row r's thresholds shifted by r
    states = np.empty((steps + 1, walkers), dtype=np.int64)
    states[0] = rng.choice(n, size=walkers, p=start)
    for t in range(steps):
        u = rng.random(walkers)
        idx = np.searchsorted(flat, states[t] + u, side="right")
        states[t + 1] = np.minimum(idx - states[t] * n, n - 1)
    return states, cum


def run_chain(matrix: np.ndarray | None = None, labels: Sequence[str] | None = None,
              source: str = "built-in", states: int = 30, start: int | None = None,
              walkers: int = 2000, steps: int = 30, confidence: float = 0.99,
              seed: int = 0, temperature: float = 1.0) -> ChainResult:
    """Analyse a chain exactly, simulate `walkers` texts for `steps` rewrites, and compare.

    `temperature` rescales every row first (P^(1/T), renormalized; 0 = greedy decoding)."""
    if matrix is None:
        matrix, labels = builtin_chain(states, seed)
    P = sharpen(np.asarray(matrix, dtype=float), temperature)
    n = len(P)
    labels = tuple(labels) if labels is not None else tuple(str(i) for i in range(n))
    if walkers < 10:
        raise InputError(f"walkers must be >= 10, got {walkers}")
    if steps < 1:
        raise InputError(f"steps must be >= 1, got {steps}")
    if not 0.5 < confidence < 1.0:
        raise InputError(f"confidence must be in (0.5, 1), got {confidence}")
    mu0 = np.full(n, 1.0 / n)
    if start is not None:
        if not 0 <= start < n:
            raise InputError(f"start state {start} is not in 0..{n - 1}")
        mu0 = np.zeros(n)
        mu0[start] = 1.0
    analysis = analyse_chain(P, mu0)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 11]))
    path, _ = simulate(P, mu0, walkers, steps, rng)
    exact_path = distribution_path(P, mu0, steps)
    distinct_sim = tuple(int(len(np.unique(row))) for row in path)
    distinct_exact = tuple(float(x) for x in expected_distinct(exact_path, walkers))
    distinct_limit = float(expected_distinct(np.array(analysis.limit), walkers))
    # state frequencies at the last step: one Wilson interval per state, Bonferroni over states
    # and closed classes (and one for the entry time), so all_inside holds with prob >= confidence
    n_tests = n + len(analysis.closed) + 1
    alpha = _alpha(confidence, n_tests)
    final = np.bincount(path[-1], minlength=n) / walkers
    checks = []
    for s in range(n):
        p = float(exact_path[-1, s])
        lo, hi = _binomial_interval(p, walkers, alpha)
        checks.append(StateCheck(state=s, exact=p, simulated=float(final[s]), ci_low=lo,
                                 ci_high=hi, inside=bool(lo - 1e-12 <= final[s] <= hi + 1e-12)))
    # closed-class membership at the end against the exact P(in class k at step T); this equals
    # the absorption probability up to the transient mass still left at step T (reported)
    class_exact, class_sim, class_ci = [], [], []
    for k in analysis.closed:
        members = list(analysis.classes[k].states)
        class_exact.append(float(exact_path[-1, members].sum()))
        class_sim.append(float(np.isin(path[-1], members).mean()))
        class_ci.append(_binomial_interval(class_exact[-1], walkers, alpha))
    # steps until each walker first stands in a closed class
    closed_mask = np.zeros(n, dtype=bool)
    for k in analysis.closed:
        closed_mask[list(analysis.classes[k].states)] = True
    inside = closed_mask[path]
    entered = inside.any(axis=0)
    first = np.where(entered, inside.argmax(axis=0), steps + 1).astype(float)
    mean = float(first.mean())
    sd = float(first.std(ddof=1)) if walkers > 1 else 0.0
    z = statistics.NormalDist().inv_cdf(1 - alpha / 2)
    half = z * sd / math.sqrt(walkers)                              # CLT interval of the mean
    return ChainResult(
        source=source, seed=seed, labels=labels,
        matrix=tuple(tuple(float(x) for x in row) for row in P), analysis=analysis,
        walkers=walkers, steps=steps, confidence=confidence,
        distinct_simulated=distinct_sim, distinct_exact=distinct_exact,
        distinct_limit=distinct_limit, states_at_end=tuple(checks),
        class_exact=tuple(class_exact), class_simulated=tuple(class_sim),
        class_ci=tuple(class_ci),
        transient_left=float(exact_path[-1, list(analysis.transient_states)].sum())
        if analysis.transient_states else 0.0,
        entry_steps_mean=mean, entry_steps_ci=(mean - half, mean + half),
        entered_all=bool(entered.all()), temperature=float(temperature),
        visited_mean=tuple(float(v) for v in visited_along_paths(path, n)))


# ---------------------------------------------------------------------------------------------
# A second built-in: the logic-expression rewriter
# ---------------------------------------------------------------------------------------------

def _expressions(depth: int) -> list[Any]:
    """Every expression tree of depth <= depth, leaves first, then by depth (deterministic)."""
    levels: list[list[Any]] = [[True, False]]
    for _ in range(depth):
        below = [t for lvl in levels for t in lvl]
        new = [("not", a) for a in below] + [(op, a, b) for op in ("and", "or")
                                              for a in below for b in below]
        seen = set(below)
        levels.append([t for t in new if t not in seen])
    return [t for lvl in levels for t in lvl]


def _depth(tree: Any) -> int:
    """Depth of a tree (a leaf has depth 0)."""
    return 0 if isinstance(tree, bool) else 1 + max(_depth(c) for c in tree[1:])


def _positions(tree: Any, path: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    """Paths to every node, root first."""
    out = [path]
    if not isinstance(tree, bool):
        for i, c in enumerate(tree[1:], start=1):
            out += _positions(c, path + (i,))
    return out


def _get(tree: Any, path: tuple[int, ...]) -> Any:
    for i in path:
        tree = tree[i]
    return tree


def _put(tree: Any, path: tuple[int, ...], new: Any) -> Any:
    if not path:
        return new
    parts = list(tree)
    parts[path[0]] = _put(tree[path[0]], path[1:], new)
    return tuple(parts)


def logic_rewrite_chain(max_depth: int = 2, simplify: float = 0.5
                        ) -> tuple[np.ndarray, tuple[str, ...]]:
    """A memoryless rewriter of Boolean expressions of depth <= max_depth, as a Markov chain.

    One rewrite picks a node uniformly. An operator node is, with probability `simplify`,
    replaced by the leaf of its value; a leaf is, with probability 1 - `simplify`, expanded into
    a uniformly chosen depth-1 expression of the same value (if the depth bound allows);
    otherwise the text is kept. Both moves preserve the value, so True and False texts never
    mix; with 0 < simplify < 1 each value is one closed class, with simplify = 1 the leaves
    True and False are absorbing.
    """
    from .logic import render, to_tokens, tree_value
    if max_depth not in (1, 2):
        raise InputError(f"the logic chain supports depth 1 or 2, got {max_depth}")
    if not 0.0 <= simplify <= 1.0:
        raise InputError(f"simplify must be in [0, 1], got {simplify}")
    trees = _expressions(max_depth)
    index = {t: i for i, t in enumerate(trees)}
    small = {v: [t for t in _expressions(1) if not isinstance(t, bool) and tree_value(t) == v]
             for v in (True, False)}
    P = np.zeros((len(trees), len(trees)))
    for i, t in enumerate(trees):
        nodes = _positions(t)
        for path in nodes:
            node = _get(t, path)
            w = 1.0 / len(nodes)
            if isinstance(node, bool):
                room = len(path) + 1 <= max_depth
                if room and simplify < 1.0:
                    for e in small[node]:
                        P[i, index[_put(t, path, e)]] += w * (1 - simplify) / len(small[node])
                    P[i, i] += w * simplify
                else:
                    P[i, i] += w
            else:
                P[i, index[_put(t, path, tree_value(node))]] += w * simplify
                P[i, i] += w * (1 - simplify)
    labels = tuple(render(to_tokens(t)) for t in trees)
    return P, labels
