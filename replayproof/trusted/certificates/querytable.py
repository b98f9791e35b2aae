"""The membership table F(i, j) of Theorem 7.1's construction as rules the kernel can judge: three column kinds
by j mod 3, rows reference, trap or default, exact supports and inclusion (docs/paper.md, "The table")."""
from __future__ import annotations

from dataclasses import dataclass

UNIVERSAL, REFERENCE, SPOILER = 0, 1, 2


def column_kind(j: int) -> int:
    """UNIVERSAL, REFERENCE or SPOILER: which rule decides F(., j)."""
    return j % 3


def nth_column(kind: int, k: int) -> int:
    """The k-th column (0-based) of a kind."""
    return 3 * k + kind


def branch_of(answers: tuple[int, ...] | list[int]) -> str:
    """The half of the dichotomy a finite run shows: "reference" while non-reference answers still
    come in the last quarter of the run, else "trap" (only the reference was answered there)."""
    k = len(answers)
    return "reference" if any(g != 0 and 4 * t > 3 * k for t, g in enumerate(answers, 1)) else "trap"


@dataclass(frozen=True)
class TableRow:
    """One hypothesis: its kind, the reference columns it holds (traps only), its spoiler columns."""

    kind: str                          # "reference" | "trap" | "default"
    reference_columns: frozenset[int] = frozenset()
    spoilers: frozenset[int] = frozenset()

    def __post_init__(self) -> None:  # kind: by the schema; traps' columns and spoilers' rows: by query.py
        if self.kind != "trap" and self.reference_columns:
            raise ValueError(f"a {self.kind} row holds no listed reference columns")
        if any(column_kind(j) != SPOILER for j in self.spoilers):
            raise ValueError("spoiler columns are j mod 3 = 2")

    def member(self, j: int) -> bool:
        kind = column_kind(j)
        if kind == UNIVERSAL:
            return j >= 0
        if kind == REFERENCE:
            return self.kind == "reference" or j in self.reference_columns
        return j in self.spoilers


@dataclass(frozen=True)
class QueryTable:
    """A finite prefix (rows 0..n-1) of F with the kernel's `Rules` interface (member, subset).

    Rows not listed in `special` are default rows without spoilers (universal columns only)."""

    n: int
    special: tuple[tuple[int, TableRow], ...]

    def __post_init__(self) -> None:
        rows = dict(self.special)  # each row once: the checker (query.py) rejects a row listed twice
        if [i for i, r in rows.items() if r.kind == "reference"] != [0]:
            raise ValueError("row 0, and only row 0, must be the reference row")
        if any(not 0 <= i < self.n for i in rows):
            raise ValueError(f"a listed row lies outside 0..{self.n - 1}")
        object.__setattr__(self, "_rows", rows)

    def row(self, h: int) -> TableRow:
        return self._rows.get(h, _DEFAULT)  # type: ignore[attr-defined]

    def member(self, h: int, x: int) -> bool:
        return isinstance(x, int) and not isinstance(x, bool) and x >= 0 and self.row(h).member(x)

    def subset(self, h: int, g: int) -> bool:
        """supp(h) inside supp(g), exactly: universal columns are shared, the reference row's reference
        columns are infinite, every other row's are finite."""
        a, b = self.row(h), self.row(g)
        if not a.spoilers <= b.spoilers:
            return False
        if a.kind == "reference":
            return b.kind == "reference"
        return b.kind == "reference" or a.reference_columns <= b.reference_columns


_DEFAULT = TableRow("default")
