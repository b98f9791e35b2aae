"""The closed-state arena of the proper-limit game (docs/game.md, "The reduced game").

Hypotheses are indices 0..n-1 and sets of them are bitmasks. A closed state is (O, A):
O the answers output so far, A the targets for which every input so far was legal.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..trusted.classes.cells import CellTable

if TYPE_CHECKING:
    import networkx as nx


def bits(mask: int) -> list[int]:
    """The indices set in a bitmask, ascending."""
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def mask(indices) -> int:
    """The bitmask of a collection of indices."""
    out = 0
    for i in indices:
        out |= 1 << i
    return out


@dataclass(frozen=True)
class Game:
    """A finite class's cells, read as the proper-limit game with or without replay."""

    table: CellTable
    replay: bool
    sigs: tuple[int, ...]        # signature bitmask per cell, in table order
    infinite: tuple[bool, ...]   # per cell
    below: tuple[int, ...]       # below[a] = targets h with supp(a) a subset of supp(h)

    @classmethod
    def of(cls, table: CellTable, replay: bool = True) -> "Game":
        """Read a cell table as a game."""
        sigs = tuple(mask(c.signature) for c in table.cells)
        n = table.n
        below = tuple(mask(h for h in range(n) if all(s >> h & 1 for s in sigs if s >> a & 1))
                      for a in range(n))
        return cls(table, replay, sigs, tuple(c.infinite for c in table.cells), below)

    @property
    def n(self) -> int:
        return self.table.n

    @property
    def everyone(self) -> int:
        return (1 << self.n) - 1

    def legal_for(self, cell: int, answers: int) -> int:
        """Targets for which presenting an element of `cell` is legal after answers `answers`."""
        sig = self.sigs[cell]
        return self.everyone if self.replay and sig & answers else sig

    def after(self, cell: int, answers: int, targets: int) -> int:
        """The targets still legal once `cell` is presented."""
        return targets & self.legal_for(cell, answers)

    def stable(self, answers: int, targets: int) -> list[int]:
        """L(O, A): the cells legal for every target in A (presenting them changes nothing)."""
        replay = self.replay
        return [c for c, s in enumerate(self.sigs) if (replay and s & answers) or not targets & ~s]

    def eligible(self, answers: int, targets: int) -> int:
        """Targets in A all of whose cells lie in L(O, A): those a stay-forever play enumerates."""
        replay, blocked = self.replay, 0
        for s in self.sigs:  # a target is blocked by any of its cells outside L(O, A)
            if not (replay and s & answers) and targets & ~s:
                blocked |= s
        return targets & ~blocked

    def leave_moves(self, answers: int, targets: int) -> dict[int, int]:
        """Distinct non-empty shrunk target sets A' reachable by one presentation, with a cell each."""
        moves: dict[int, int] = {}
        replay = self.replay
        for c, s in enumerate(self.sigs):
            if replay and s & answers:
                continue  # legal for everyone: keeps A
            shrunk = targets & s
            if shrunk and shrunk != targets and shrunk not in moves:
                moves[shrunk] = c
        return moves

    def first_moves(self) -> dict[int, int]:
        """Round 1: the target sets A = sig(c) of a genuine first input, with a cell each."""
        moves: dict[int, int] = {}
        for c, s in enumerate(self.sigs):
            moves.setdefault(s, c)
        return moves

    def graph(self) -> "nx.DiGraph":
        """The reduced arena: ("adv", O, A) and ("gen", O, A) positions reachable from the start."""
        import networkx as nx
        g = nx.DiGraph()
        start = ("adv", 0, self.everyone)
        todo = [start]
        g.add_node(start)
        while todo:
            node = todo.pop()
            side, o, a = node
            if side == "adv":
                succ = [("gen", 0, t) for t in self.first_moves()] if o == 0 else \
                    [("gen", o, a)] + [("gen", o, t) for t in self.leave_moves(o, a)]
            else:
                succ = [("adv", o | 1 << b, a) for b in range(self.n)]
            for s in succ:
                if s not in g:
                    todo.append(s)
                g.add_edge(node, s)
        return g
