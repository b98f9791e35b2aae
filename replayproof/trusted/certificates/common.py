"""What several checkers share, written once: the rejection, ids, the class block, memoised rules, graph questions,
a bundled generator's table entry and re-run."""
from __future__ import annotations

import unicodedata
from typing import Any, Iterable

import networkx as nx

from ..classes.model import FiniteClass
from ..generators.base import PROPER, Generator, GeneratorError
from ..generators.library import BUNDLED, BURN_IN, read_name, written
from .source import ClassMismatch, load_class


class Reject(Exception):
    """The first failing step of a check."""


def by_id(items: list[dict[str, Any]], what: str) -> dict[str, dict[str, Any]]:
    """Nodes or states by their id, each id used once."""
    out: dict[str, dict[str, Any]] = {}
    for it in items:
        if it["id"] in out:
            raise Reject(f"{what} id {it['id']!r} is used twice")
        out[it["id"]] = it
    return out


def load(block: dict[str, Any]) -> FiniteClass:
    """The class of a certificate's `class` object (name, path, hypotheses, cells), never by a solver."""
    try:
        return load_class(block["path"], block["cells"], block["hypotheses"], block["name"])
    except ClassMismatch as exc:
        raise Reject(str(exc)) from None


class Memo:
    """The kernel's `Rules` over a class: each element's signature is evaluated once, and the
    n x n support inclusion table is read off the cells once (checkers ask the same questions many times)."""

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


def _graph(succ: dict[Any, list[Any]], head=lambda e: e) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(succ)
    g.add_edges_from((u, head(e)) for u in succ for e in succ[u])
    return g


def cycle(children: dict[str, list[str]]) -> list[str]:
    """A cycle of the graph from its least node, or [] when it is acyclic."""
    try:
        found = [u for u, _ in nx.find_cycle(_graph(children))]
    except nx.NetworkXNoCycle:
        return []
    k = found.index(min(found))
    return found[k:] + found[:k]


def components(edges: dict[Any, list[tuple[Any, ...]]]) -> list[set[Any]]:
    """The strongly connected components of a graph given as node -> [(successor, label...)]."""
    return list(nx.strongly_connected_components(_graph(edges, lambda e: e[0])))


def settled(nodes: dict[str, Any], reached: Any, children: dict[str, list[str]]) -> None:
    """An adversary's DAG: every node reached from the root, and no cycle, so every play ends in a loop."""
    unreachable = sorted(set(nodes) - set(reached))
    if unreachable:
        raise Reject(f"node {unreachable[0]} is unreachable from the root")
    loop = cycle(children)
    if loop:
        raise Reject(f"nodes {' -> '.join(loop + [loop[0]])} form a cycle: a play could follow it forever "
                     "without settling in a loop")


def generator_name(spec: str, table: Iterable[str] = BUNDLED) -> tuple[bool, str]:
    """The certificate's generator name, read as the engines read a --generator value (library.read_name): it must
    be written as they write it, so that a bundled generator cannot pass for user code and escape its re-run. It
    must print as itself (no invisible or direction-changing character: "closure\u200b" prints as closure) and
    not look like a name of the package's `table` that it is not ("Closure", "sep51-ѕtandard" with a Cyrillic ѕ):
    such a name misses the table, so its play is taken as recorded, while the message reads as the bundled one's."""
    bad = next((ch for ch in spec if not ch.isprintable() and ch != " "), None)
    if bad is not None:
        raise Reject(f"generator {spec!r}: U+{ord(bad):04X} is not a printable character, so the name would print "
                     "as another")
    try:
        burn, inner = read_name(spec)
    except GeneratorError as exc:
        raise Reject(str(exc)) from None
    if spec != written(spec):
        raise Reject(f"generator {spec!r}: the package reads and writes this name as {written(spec)!r}")
    names = list(table)
    if inner not in names:
        like = next((full for nm in names for full in (nm, BURN_IN + nm) if _looks_like(spec, full)), None)
        if like is not None:
            raise Reject(f"generator {spec!r} looks like the package's {like!r} but is not that name, so it would "
                         "pass for it without being re-run")
    return burn, inner


_ASCII_ALIKE = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "_": "-", ".": "-", " ": "-"})


def _looks_like(spec: str, name: str) -> bool:
    """Whether `spec` prints like `name`: equal up to case, compatibility forms (NFKC), the ASCII look-alikes 0/o,
    1/l/i, 5/s and the separators - _ . and space, with any other non-ASCII character read as any character."""
    def fold(s: str) -> str:
        return unicodedata.normalize("NFKC", s).casefold().translate(_ASCII_ALIKE)
    a, b = fold(spec), fold(name)
    return len(a) == len(b) and all(x == y or not x.isascii() for x, y in zip(a, b))


def bundled_field(claimed: bool, found: bool, name: str) -> None:
    """The certificate's `bundled` field says what the package's table does (`found`: whether the checker found
    the generator `name` there); the table, never this field, decides whether the generator is re-run."""
    if claimed != found:
        raise Reject(f"bundled: the certificate says {str(claimed).lower()}, but {name} is "
                     f"{'' if found else 'not '}in the package's table of bundled generators")


def rerun_agrees(gen: Generator, cls: FiniteClass, inputs: list, recorded: list, label: str) -> None:
    """A bundled generator, re-run on every prefix of the stream on the class's own elements (words, for a class
    of words), gives the recorded answers (elements, or hypothesis indices for a proper generator). It answers in
    its kind by construction, so nothing is type-checked; user code runs only in the engines (under_test.py)."""
    again = []
    for t in range(1, len(inputs) + 1):
        observed = tuple(inputs[:t])
        try:
            raw = gen.fn(observed)
        except Exception as exc:  # no fresh element within the scan, or a bug: never a verdict
            problem = str(exc) if isinstance(exc, GeneratorError) else f"raised {type(exc).__name__}: {exc}"
            raise Reject(f"cannot re-run the bundled generator {gen.spec}: generator {gen.spec!r} at round {t}, "
                         f"observed {observed}: {problem}") from None
        again.append(cls.names.index(raw) if gen.kind == PROPER else raw)
    if again != recorded:
        shown = [cls.names[a] for a in again] if gen.kind == PROPER else again
        raise Reject(f"the bundled generator {label} answers {shown}, not the recorded answers")
