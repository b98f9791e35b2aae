"""What a generator is to replayproof: a named, deterministic function of the observed tuple."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from ..errors import InputError

ELEMENT = "element"   # answers an integer (an element of X = Z)
PROPER = "proper"     # answers a hypothesis name

Answer = Union[int, str]
GeneratorFn = Callable[[tuple[int, ...]], Answer]


class GeneratorError(InputError):
    """A generator that cannot be loaded or misbehaved (exception, wrong type, unknown name)."""


@dataclass(frozen=True)
class Generator:
    """A generator as the attack sees it: its spec, its kind and the function to call."""

    spec: str
    kind: str            # ELEMENT, PROPER (or, for user code, generators/resolve.py's AUTO)
    fn: GeneratorFn
    bundled: bool = False  # the engines' generators/resolve.py adds an SMT recipe and user code's process
