"""Re-running a bundled generator on a concrete play: `defeat-trace` and `verify-lasso` compare its answers
with the recorded ones (the engines run every generator form through generators/under_test.py instead)."""
from __future__ import annotations

from .base import PROPER, Generator, GeneratorError
from ..classes.model import FiniteClass


class Runner:
    """Calls a bundled generator on the class's own elements (words, for a class of words); it answers
    in its kind by construction, so nothing is type-checked."""

    def __init__(self, gen: Generator, cls: FiniteClass) -> None:
        self.gen, self.cls = gen, cls

    def call(self, observed: tuple) -> object:
        """G(observed): an element, or a hypothesis index for a proper generator; GeneratorError if it fails."""
        try:
            raw = self.gen.fn(tuple(observed))
        except Exception as exc:  # no fresh element within the scan, or a bug: never a verdict
            problem = str(exc) if isinstance(exc, GeneratorError) else f"raised {type(exc).__name__}: {exc}"
            raise GeneratorError(f"generator {self.gen.spec!r} at round {len(observed)}, observed "
                                 f"{tuple(observed)}: {problem}") from None
        return self.cls.names.index(raw) if self.gen.kind == PROPER else raw
