"""Generators to attack: the bundled library and user code (interface in docs/attack.md)."""
from __future__ import annotations

from ..trusted.generators.base import ELEMENT, PROPER, Generator, GeneratorError
from ..trusted.generators.library import BUNDLED, describe_bundled
from .resolve import resolve

__all__ = ["Generator", "GeneratorError", "ELEMENT", "PROPER", "BUNDLED", "describe_bundled", "resolve"]
