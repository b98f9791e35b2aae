"""What a generator is to replayproof: a named, deterministic function of the observed tuple."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Union

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
    bundled: bool = False
    recipe: tuple = ()   # how attack/symbolic.py encodes a bundled generator in SMT; () for user code
    process: Any = None  # user code: its generators.process.UserProcess (output, disagreements)
