"""Which adversary model a decision or certificate is about (docs/variants.md), as plain data."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kernel import FINITE, Mode


@dataclass(frozen=True)
class Variant:
    """Proper generation in the limit with replay, the adversary limited to `budget` replayed inputs per
    stream (None: unbounded, the paper's model) copied from answers at least `delay` rounds old, plus up
    to `noise` inputs outside the target that need no licence."""

    budget: int | None = None
    delay: int = 1
    noise: int = 0
    omit: int = 0

    def __post_init__(self) -> None:
        if self.budget is not None and self.budget < 0:
            raise ValueError(f"replay budget {self.budget} is negative")
        if self.delay < 1:
            raise ValueError(f"replay delay {self.delay} is below 1")
        if self.noise < 0:
            raise ValueError(f"noise budget {self.noise} is negative")
        if self.omit < 0:
            raise ValueError(f"omission budget {self.omit} is negative")

    @property
    def mode(self) -> Mode:
        """The kernel's rules for this model."""
        return Mode(replay=True, proper=True, budget=self.budget, delay=self.delay, noise=self.noise,
                    omit=self.omit)

    def words(self) -> str:
        """How messages name the model."""
        return words(self.budget, self.delay, self.noise, self.omit)

    def to_json(self) -> dict[str, Any]:
        return {"replay_budget": self.budget, "replay_delay": self.delay, "noise": self.noise, "omit": self.omit}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Variant":
        """A certificate's "model" field, whose keys and types its schema fixes; ValueError names a bad value."""
        return cls(data["replay_budget"], data["replay_delay"], data["noise"], data["omit"])


def words(budget: int | None | str, delay: int, noise: int | str, omit: int | str) -> str:
    """How messages name a model; a limit may be FINITE (finitely many) and the budget None (unbounded)."""
    def limit(value: int | str, finite: str, number: str) -> str:
        return "" if not value else (finite if value == FINITE else number)
    return ("unbounded replay" if budget is None else "finitely many replays" if budget == FINITE else
            "no replay (budget 0)" if budget == 0 else f"replay budget {budget}") + \
        ("" if delay == 1 else f", replay delay {delay}") + \
        limit(noise, ", finitely many noise inputs", f", noise {noise}") + \
        limit(omit, ", finitely many omissions", f", omissions {omit}")
