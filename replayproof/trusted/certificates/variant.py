"""Which adversary model a decision or certificate is about (docs/variants.md), as plain data: a fixed
model (`Variant`) or a "finitely many" one (`FiniteVariant`, §7), one parser and one namer for both."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kernel import FINITE, Mode


@dataclass(frozen=True)
class Variant:
    """Proper generation in the limit with replay, the adversary limited to `budget` replayed inputs per
    stream (None: unbounded, the paper's model) copied from answers at least `delay` rounds old, plus up
    to `noise` inputs outside the target that need no licence and `omit` elements of the target left out.
    A limit may be FINITE (finitely many, the number unknown in advance): the engines make such models
    `FiniteVariant`s, and the fixed kinds' schemas allow numbers only."""

    budget: int | None | str = None
    delay: int = 1
    noise: int | str = 0
    omit: int | str = 0

    def __post_init__(self) -> None:
        if self.delay < 1:
            raise ValueError(f"replay delay {self.delay} is below 1")
        for what, value in (("replay budget", self.budget), ("noise budget", self.noise),
                            ("omission budget", self.omit)):
            if value == FINITE or (value is None and what == "replay budget"):
                continue
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{what} {value!r} is not a number or \"finite\"")
            if value < 0:
                raise ValueError(f"{what} {value} is negative")

    @property
    def mode(self) -> Mode:
        """The kernel's rules for this model."""
        return Mode(replay=True, proper=True, budget=self.budget, delay=self.delay, noise=self.noise,
                    omit=self.omit)

    def words(self) -> str:
        """How messages name the model; a limit may be FINITE (finitely many) and the budget None (unbounded)."""
        def limit(value: int | str, finite: str, number: str) -> str:
            return "" if not value else (finite if value == FINITE else number)
        budget = self.budget
        return ("unbounded replay" if budget is None else "finitely many replays" if budget == FINITE else
                "no replay (budget 0)" if budget == 0 else f"replay budget {budget}") + \
            ("" if self.delay == 1 else f", replay delay {self.delay}") + \
            limit(self.noise, ", finitely many noise inputs", f", noise {self.noise}") + \
            limit(self.omit, ", finitely many omissions", f", omissions {self.omit}")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Variant":
        """A certificate's "model" field, whose keys and types its schema fixes; ValueError names a bad value."""
        return cls(data["replay_budget"], data["replay_delay"], data["noise"], data["omit"])


class FiniteVariant(Variant):
    """A "finitely many" model (docs/variants.md §7): each limit a number or FINITE (the replay budget may
    also be None, unbounded); the replay delay is 1: Lemma D's stalls are not free under finitely many."""

    def __init__(self, budget: int | None | str = None, noise: int | str = 0, omit: int | str = 0) -> None:
        super().__init__(budget, 1, noise, omit)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "FiniteVariant":
        """A certificate's "model" field (keys, types, delay 1: the schema's); ValueError names a bad value."""
        return cls(data["replay_budget"], data["noise"], data["omit"])
