from __future__ import annotations

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ROOT / "encodings" / "classes"


@functools.lru_cache(maxsize=None)
def bundled(name: str):
    """A bundled class, loaded once per test session."""
    from replayproof import load
    return load(CLASSES / f"{name}.toml")


@pytest.fixture
def h4():
    return bundled("h4")
