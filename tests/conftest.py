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


def pytest_collection_modifyitems(config, items):
    """Skip tests marked `coq` when coqc is not installed."""
    import shutil
    if shutil.which("coqc") and shutil.which("coqchk"):
        return
    skip = pytest.mark.skip(reason="coqc or coqchk not found: install Coq (apt-get install coq) to run the Coq checks")
    for item in items:
        if "coq" in item.keywords:
            item.add_marker(skip)
