"""Which adversary model a decision or certificate is about (docs/variants.md), as plain data."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kernel import Mode


@dataclass(frozen=True)
class Variant:
    """Proper generation in the limit with replay, the adversary limited to `budget` replayed inputs per
    stream (None: unbounded, the paper's model) copied from answers at least `delay` rounds old."""

    budget: int | None = None
    delay: int = 1

    def __post_init__(self) -> None:
        if self.budget is not None and self.budget < 0:
            raise ValueError(f"replay budget {self.budget} is negative")
        if self.delay < 1:
            raise ValueError(f"replay delay {self.delay} is below 1")

    @property
    def mode(self) -> Mode:
        """The kernel's rules for this model."""
        return Mode(replay=True, proper=True, budget=self.budget, delay=self.delay)

    def words(self) -> str:
        """How messages name the model."""
        budget = "unbounded replay" if self.budget is None else \
            ("no replay (budget 0)" if self.budget == 0 else f"replay budget {self.budget}")
        return budget + ("" if self.delay == 1 else f", replay delay {self.delay}")

    def to_json(self) -> dict[str, Any]:
        return {"replay_budget": self.budget, "replay_delay": self.delay}

    @classmethod
    def from_json(cls, data: Any) -> "Variant":
        """Parse a certificate's "model" field; ValueError names what is wrong."""
        if not isinstance(data, dict) or set(data) != {"replay_budget", "replay_delay"}:
            raise ValueError("\"model\" must be an object with exactly replay_budget and replay_delay")
        budget, delay = data["replay_budget"], data["replay_delay"]
        if not (budget is None or (isinstance(budget, int) and not isinstance(budget, bool))):
            raise ValueError(f"replay_budget {budget!r} is not null or an integer")
        if not isinstance(delay, int) or isinstance(delay, bool):
            raise ValueError(f"replay_delay {delay!r} is not an integer")
        return cls(budget, delay)
