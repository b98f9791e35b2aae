"""Which adversary model a decision or certificate is about (docs/variants.md), as plain data."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kernel import Mode


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
        budget = "unbounded replay" if self.budget is None else \
            ("no replay (budget 0)" if self.budget == 0 else f"replay budget {self.budget}")
        return budget + ("" if self.delay == 1 else f", replay delay {self.delay}") + \
            ("" if not self.noise else f", noise {self.noise}") + ("" if not self.omit else f", omissions {self.omit}")

    def to_json(self) -> dict[str, Any]:
        return {"replay_budget": self.budget, "replay_delay": self.delay, "noise": self.noise, "omit": self.omit}

    @classmethod
    def from_json(cls, data: Any) -> "Variant":
        """Parse a certificate's "model" field; ValueError names what is wrong."""
        if not isinstance(data, dict) or set(data) != {"replay_budget", "replay_delay", "noise", "omit"}:
            raise ValueError("\"model\" must be an object with exactly replay_budget, replay_delay, noise and omit")
        budget, delay, noise, omit = data["replay_budget"], data["replay_delay"], data["noise"], data["omit"]
        if not (budget is None or (isinstance(budget, int) and not isinstance(budget, bool))):
            raise ValueError(f"replay_budget {budget!r} is not null or an integer")
        if not isinstance(delay, int) or isinstance(delay, bool):
            raise ValueError(f"replay_delay {delay!r} is not an integer")
        if not isinstance(noise, int) or isinstance(noise, bool):
            raise ValueError(f"noise {noise!r} is not an integer")
        if not isinstance(omit, int) or isinstance(omit, bool):
            raise ValueError(f"omit {omit!r} is not an integer")
        return cls(budget, delay, noise, omit)
