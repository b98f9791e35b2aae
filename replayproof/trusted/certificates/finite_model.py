"""Which "finitely many" adversary model a decision or certificate is about (docs/variants.md §7), as data.

A limit is a number, or FINITE: finitely many, the number unknown in advance (the replay budget may
also be None, unbounded). The replay delay is 1: Lemma D's stalls are not free under finitely many.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kernel import FINITE, Mode
from .variant import words

Limit = int | str  # a number or FINITE


@dataclass(frozen=True)
class FiniteVariant:
    """Proper generation in the limit with replay, the adversary limited to `budget` replayed inputs
    (None: unbounded), `noise` inputs outside the target that need no licence and `omit` elements of the
    target left out; each limit a number or FINITE."""

    budget: int | None | str = None
    noise: Limit = 0
    omit: Limit = 0

    def __post_init__(self) -> None:
        for what, value in (("replay budget", self.budget), ("noise", self.noise), ("omissions", self.omit)):
            if value == FINITE or (value is None and what == "replay budget"):
                continue
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{what} {value!r} is not a number or \"finite\"")
            if value < 0:
                raise ValueError(f"{what} {value} is negative")

    @property
    def mode(self) -> Mode:
        """The kernel's rules for this model."""
        return Mode(replay=True, proper=True, budget=self.budget, delay=1, noise=self.noise, omit=self.omit)

    def words(self) -> str:
        """How messages name the model."""
        return words(self.budget, 1, self.noise, self.omit)

    def to_json(self) -> dict[str, Any]:
        return {"replay_budget": self.budget, "replay_delay": 1, "noise": self.noise, "omit": self.omit}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "FiniteVariant":
        """A certificate's "model" field (keys, types, delay 1: the schema's); ValueError names a bad value."""
        return cls(data["replay_budget"], data["noise"], data["omit"])


def parse_limit(text: str, what: str, unbounded: bool = False) -> int | None | str:
    """'3' -> 3, 'finite' -> FINITE (and 'unbounded' -> None when allowed); ValueError otherwise."""
    t = text.strip().lower()
    if t == FINITE:
        return FINITE
    if unbounded and t in ("unbounded", "inf", "none"):
        return None
    if t.isdigit():
        return int(t)
    raise ValueError(f"{what} {text!r}: give a number" + (", 'unbounded'" if unbounded else "") + " or 'finite'")
