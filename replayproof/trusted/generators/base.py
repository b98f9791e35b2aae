"""What a generator is to replayproof: a named, deterministic function of the observed tuple."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from ..errors import InputError

ELEMENT = "element"   # answers an integer (an element of X = Z)
PROPER = "proper"     # answers a hypothesis name

GeneratorFn = Callable[[tuple[int, ...]], Union[int, str]]  # an element (int, or a word) or a hypothesis name


class GeneratorError(InputError):
    """A generator that cannot be loaded or misbehaved (exception, wrong type, unknown name)."""


@dataclass(frozen=True)
class Generator:
    """A generator as the checker re-runs it: its spec, its kind and the function to call (the engines'
    generators/resolve.py adds whether it is bundled, an SMT recipe and user code's process)."""

    spec: str
    kind: str            # ELEMENT, PROPER (or, for user code, generators/resolve.py's AUTO)
    fn: GeneratorFn
